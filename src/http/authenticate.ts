/**
 * Authentication, first in InfluxDB's processing order (before the body is even read):
 * `Authorization: Token <t>` or `Bearer <t>` (scheme case-insensitive), or the session cookie.
 * Failures answer InfluxDB's compact 401 body.
 */
import { parseCookie } from 'cookie';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { Authenticator } from '../auth/authenticator.js';
import type { Principal } from '../auth/principal.js';
import { type TokenDigest, tokenDigest } from '../auth/tokens.js';
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
  /**
   * The last token each keep-alive connection presented, with its digest. Clients send the same
   * `Authorization` header on every request of a connection, and parsing it and hashing the
   * token were a sixth of the CPU of a cached list request. Only the SHA-256 is skipped: the
   * digest is still looked up and compared on every request, so a revoked token is refused by the
   * very next one. An entry lives as long as its connection (weakly held), so no token outlives
   * the connection that carries it; a request with another header hashes it again.
   */
  const lastToken = new WeakMap<object, { header: string; digest: TokenDigest }>();

  function tokenOf(req: FastifyRequest, header: string | undefined): TokenDigest | undefined {
    if (header === undefined) return undefined;
    const last = lastToken.get(req.socket);
    if (last !== undefined && last.header === header) return last.digest;
    const token = credentialsOf(req).token;
    if (token === undefined) return undefined;
    const digest = tokenDigest(token);
    lastToken.set(req.socket, { header, digest });
    return digest;
  }

  return function authenticate(req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
    let found: Eager<Principal>;
    try {
      const header = req.headers.authorization;
      const digest = tokenOf(req, header);
      if (digest !== undefined) found = authenticator.fromDigestEager(digest);
      else if (header !== undefined) return refuse(reply, done, unauthorized());
      else {
        const session = sessionCookieOf(req);
        if (session === undefined) return refuse(reply, done, unauthorized());
        found = authenticator.fromSession(session);
      }
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
