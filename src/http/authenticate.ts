/**
 * Authentication, first in InfluxDB's processing order (before the body is even read):
 * `Authorization: Token <t>` or `Bearer <t>` (scheme case-insensitive), or the session cookie.
 * Failures answer InfluxDB's compact 401 body.
 */
import { parseCookie } from 'cookie';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { Authenticator } from '../auth/authenticator.js';
import type { Principal } from '../auth/principal.js';
import type { Eager } from '../eager.js';
import { StrongroomError, unauthorized } from '../errors.js';
import { sendError } from './respond.js';

export const SESSION_COOKIE = 'strongroom_session';

const SCHEME = /^(token|bearer) (.+)$/i;

/** The session ID the browser sent, if any. Cookies are parsed only where a session is looked for. */
export function sessionCookieOf(req: FastifyRequest): string | undefined {
  const header = req.headers.cookie;
  return header ? parseCookie(header)[SESSION_COOKIE] || undefined : undefined;
}

export function credentialsOf(req: FastifyRequest): { token?: string; session?: string } {
  const header = req.headers.authorization;
  if (typeof header === 'string') {
    const m = SCHEME.exec(header.trim());
    return m ? { token: m[2]!.trim() } : {};
  }
  const session = sessionCookieOf(req);
  return session ? { session } : {};
}

/**
 * The onRequest hook of every API route but the public ones (see server.ts). A callback hook
 * rather than an async one: it runs on nearly every request, and Fastify's promise handling of
 * async hooks cost more than the (cached) lookup behind it.
 */
export function authenticateHook(authenticator: Authenticator) {
  function refuse(reply: FastifyReply, done: HookHandlerDoneFunction, e: unknown): void {
    // Answering from the hook without calling done() ends the request here.
    if (e instanceof StrongroomError) sendError(reply, e, true);
    else done(e as Error);
  }
  return function authenticate(req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
    const creds = credentialsOf(req);
    let found: Eager<Principal>;
    try {
      if (creds.token !== undefined) found = authenticator.fromTokenEager(creds.token);
      else if (creds.session !== undefined) found = authenticator.fromSession(creds.session);
      else return refuse(reply, done, unauthorized());
    } catch (e) {
      return refuse(reply, done, e);
    }
    if (found instanceof Promise) {
      found.then((p) => {
        req.principal = p;
        done();
      }, (e: unknown) => refuse(reply, done, e));
    } else {
      // A cached token: the request goes on in this very tick.
      req.principal = found;
      done();
    }
  };
}
