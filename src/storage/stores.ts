/** The store implementations, one per domain contract, shared by both dialects. */
import type { Stores } from './contracts.js';
import { authorizationStore, sessionStore, settingsStore, signinThrottleStore } from './kysely/auth.js';
import { auditStore, keyringStore, secretStore } from './kysely/secrets.js';
import { scriptStore, secretReferenceStore } from './kysely/scripts.js';
import { runStore, taskStore } from './kysely/tasks.js';
import { orgStore, userStore } from './kysely/tenancy.js';

export const stores: Stores = {
  orgs: orgStore,
  users: userStore,
  authorizations: authorizationStore,
  sessions: sessionStore,
  signinThrottle: signinThrottleStore,
  settings: settingsStore,
  keyring: keyringStore,
  secrets: secretStore,
  audit: auditStore,
  tasks: taskStore,
  runs: runStore,
  scripts: scriptStore,
  secretReferences: secretReferenceStore,
};
