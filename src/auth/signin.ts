/**
 * Password sign-in to a session, with failed attempts slowed down per user name and per
 * address: past a number of free failures, each further attempt must wait an exponentially
 * growing time (429 with Retry-After). An address gets more free failures than a user name, as
 * many users may share one (NAT). The counters live in the database, so every instance sees them.
 */
import { StrongroomError, unauthorized } from '../errors.js';
import { type ServiceDeps, write } from '../services.js';
import type { Tx } from '../storage/contracts.js';
import { verifyPassword } from './passwords.js';
import { hashToken, newToken } from './tokens.js';

const FREE_FAILURES_PER_USER = 5;
const FREE_FAILURES_PER_ADDRESS = 20;
const MAX_BLOCK_SECONDS = 15 * 60;
/** Failures older than this are forgotten. */
const FORGET_AFTER_MS = 15 * 60 * 1000;
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export class SigninService {
  constructor(private readonly deps: ServiceDeps) {}

  /** Returns a new session ID (to be set as an HttpOnly cookie) or throws 401/429. */
  async signin(username: string, password: string, remoteAddress: string): Promise<{ sessionId: string; expiresAt: Date }> {
    const subjects = [`user:${username}`, `addr:${remoteAddress}`];
    await this.refuseIfBlocked(subjects);
    const user = await this.deps.stores.users.findByName(this.deps.storage.db, username);
    const ok = await verifyPassword(password, user?.passwordHash ?? null);
    if (!ok || !user) {
      await write(this.deps, async (tx) => { for (const s of subjects) await this.recordFailure(tx, s); });
      throw unauthorized('Unauthorized');
    }
    if (user.status !== 'active') throw new StrongroomError('forbidden', 'User is inactive');
    const sessionId = newToken();
    const now = this.deps.clock();
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    await write(this.deps, async (tx) => {
      await this.deps.stores.signinThrottle.clear(tx, subjects[0]!);
      await this.deps.stores.sessions.insert(tx, { idHash: hashToken(sessionId), userId: user.id, createdAt: now.toISOString(), expiresAt: expiresAt.toISOString() });
    });
    return { sessionId, expiresAt };
  }

  async signout(sessionId: string): Promise<void> {
    await write(this.deps, (tx) => this.deps.stores.sessions.delete(tx, hashToken(sessionId)));
  }

  private async refuseIfBlocked(subjects: string[]): Promise<void> {
    const now = this.deps.clock().getTime();
    let waitMs = 0;
    for (const s of subjects) {
      const f = await this.deps.stores.signinThrottle.get(this.deps.storage.db, s);
      if (f) waitMs = Math.max(waitMs, new Date(f.blockedUntil).getTime() - now);
    }
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new StrongroomError('too many requests', `too many failed sign-in attempts; try again in ${seconds} s`, { headers: { 'Retry-After': String(seconds) } });
    }
  }

  private async recordFailure(tx: Tx, subject: string): Promise<void> {
    const now = this.deps.clock().getTime();
    const prev = await this.deps.stores.signinThrottle.get(tx, subject);
    const stale = !prev || now - new Date(prev.lastFailureAt).getTime() > FORGET_AFTER_MS;
    const failures = stale ? 1 : prev.failures + 1;
    const free = subject.startsWith('addr:') ? FREE_FAILURES_PER_ADDRESS : FREE_FAILURES_PER_USER;
    const blockSeconds = failures >= free ? Math.min(2 ** (failures - free), MAX_BLOCK_SECONDS) : 0;
    await this.deps.stores.signinThrottle.put(tx, subject, {
      failures,
      lastFailureAt: new Date(now).toISOString(),
      blockedUntil: new Date(now + blockSeconds * 1000).toISOString(),
    });
  }
}
