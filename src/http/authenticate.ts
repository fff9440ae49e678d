/**
 * Authentication, first in InfluxDB's processing order (before the body is even read):
 * `Authorization: Token <t>` or `Bearer <t>` (scheme case-insensitive), or the session cookie.
 * Failures answer InfluxDB's compact 401 body.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Authenticator } from '../auth/authenticator.js';
import { StrongroomError, unauthorized } from '../errors.js';
import { sendError } from './respond.js';

export const SESSION_COOKIE = 'strongroom_session';

export function credentialsOf(req: FastifyRequest): { token?: string; session?: string } {
  const header = req.headers.authorization;
  if (typeof header === 'string') {
    const m = /^(token|bearer) (.+)$/i.exec(header.trim());
    return m ? { token: m[2]!.trim() } : {};
  }
  const session = req.cookies?.[SESSION_COOKIE];
  return session ? { session } : {};
}

export function authenticateHook(authenticator: Authenticator) {
  return async function authenticate(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (req.routeOptions.config?.public) return;
    if (!req.url.startsWith('/api/')) return;
    const creds = credentialsOf(req);
    try {
      if (creds.token !== undefined) req.principal = await authenticator.fromToken(creds.token);
      else if (creds.session !== undefined) req.principal = await authenticator.fromSession(creds.session);
      else throw unauthorized();
    } catch (e) {
      if (e instanceof StrongroomError) {
        await sendError(reply, e, true);
        return;
      }
      throw e;
    }
  };
}
