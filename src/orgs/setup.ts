/**
 * First-run setup (POST /api/v2/setup): the first user, their org and an operator token, in one
 * transaction. A unique settings row makes a second or racing setup fail with 422 `conflict`.
 */
import { OPERATOR_SETTING } from '../auth/authenticator.js';
import { hashPassword } from '../auth/passwords.js';
import { operatorPermissions } from '../auth/permissions.js';
import { hashToken, newToken } from '../auth/tokens.js';
import { StrongroomError, conflict, invalid } from '../errors.js';
import { newId } from '../ids.js';
import { type ServiceDeps, nowIso, write } from '../services.js';
import type { AuthorizationRecord, OrgRecord, UserRecord } from '../storage/contracts.js';
import { checkName } from './names.js';
import type { OrgService } from './service.js';
import { checkPassword } from './users.js';

const SETUP_SETTING = 'setup_completed_at';

export interface SetupInput { username?: unknown; password?: unknown; org?: unknown; bucket?: unknown; token?: unknown; retentionPeriodSeconds?: unknown }
export interface SetupResult { user: UserRecord; org: OrgRecord; auth: AuthorizationRecord; token: string }

export class SetupService {
  constructor(private readonly deps: ServiceDeps, private readonly orgs: OrgService) {}

  async allowed(): Promise<boolean> {
    return (await this.deps.stores.settings.get(this.deps.storage.db, SETUP_SETTING)) === undefined;
  }

  async setup(input: SetupInput): Promise<SetupResult> {
    if (!(await this.allowed())) throw conflict('onboarding has already been completed');
    const username = checkName('user', input.username);
    const password = checkPassword(input.password);
    const orgName = checkName('org', input.org);
    if (input.token !== undefined && (typeof input.token !== 'string' || input.token.length < 16)) {
      throw invalid('token must be a string of at least 16 characters');
    }
    if (input.bucket !== undefined && typeof input.bucket !== 'string') throw invalid('bucket must be a string');
    const token = typeof input.token === 'string' ? input.token : newToken();
    const now = nowIso(this.deps);
    const user: UserRecord = { id: newId(), name: username, status: 'active', passwordHash: await hashPassword(password), createdAt: now, updatedAt: now };
    const org: OrgRecord = { id: newId(), name: orgName, description: '', createdAt: now, updatedAt: now };
    const auth: AuthorizationRecord = {
      id: newId(), tokenHash: hashToken(token), status: 'active', description: `${username}'s Token`, orgId: org.id, userId: user.id,
      permissions: operatorPermissions(), createdAt: now, updatedAt: now,
    };
    await write(this.deps, async (tx) => {
      if (!(await this.deps.stores.settings.insertOnce(tx, SETUP_SETTING, now))) throw new StrongroomError('conflict', 'onboarding has already been completed');
      await this.deps.stores.users.insert(tx, user);
      await this.orgs.insertOrg(tx, org);
      await this.deps.stores.users.addMember(tx, { orgId: org.id, userId: user.id, role: 'owner' }, now);
      await this.deps.stores.settings.insertOnce(tx, OPERATOR_SETTING, user.id);
      await this.deps.stores.authorizations.insert(tx, auth);
    });
    return { user, org, auth, token };
  }
}
