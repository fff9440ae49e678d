/** Password sign-in to a session cookie, sign-out, and the current user. */
import { stringifySetCookie } from 'cookie';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.js';
import { StrongroomError, unauthorized } from '../../errors.js';
import { userView } from '../../orgs/views.js';
import { SESSION_COOKIE, sessionCookieOf } from '../authenticate.js';
import { decodeObject } from '../body.js';
import { principalOf } from '../context.js';
import { sendJson } from '../respond.js';

function basicCredentials(header: unknown): { username: string; password: string } {
  if (typeof header !== 'string') throw unauthorized('Unauthorized');
  const m = /^basic\s+(.+)$/i.exec(header.trim());
  if (!m) throw unauthorized('Unauthorized');
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw unauthorized('Unauthorized');
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export async function sessionRoutes(app: FastifyInstance, s: Services, opts: { secureCookies: boolean }): Promise<void> {
  app.post('/api/v2/signin', { config: { public: true }, schema: { tags: ['Signin'], summary: 'Exchange basic auth for a session cookie' } }, async (req, reply) => {
    const { username, password } = basicCredentials(req.headers.authorization);
    const { sessionId, expiresAt } = await s.signin.signin(username, password, req.ip);
    reply.header('Set-Cookie', stringifySetCookie({ name: SESSION_COOKIE, value: sessionId, path: '/', httpOnly: true, sameSite: 'strict', secure: opts.secureCookies, expires: expiresAt }));
    return reply.code(204).send();
  });
  app.post('/api/v2/signout', { config: { public: true }, schema: { tags: ['Signout'] } }, async (req, reply) => {
    const sid = sessionCookieOf(req);
    if (sid) await s.signin.signout(sid);
    reply.header('Set-Cookie', stringifySetCookie({ name: SESSION_COOKIE, value: '', path: '/', expires: new Date(0) }));
    return reply.code(204).send();
  });
  app.get('/api/v2/me', { schema: { tags: ['Users'], summary: 'The signed-in user' } }, async (req, reply) => sendJson(reply, 200, userView(await s.users.me(principalOf(req)))));
  app.put('/api/v2/me/password', { schema: { tags: ['Users'], body: { type: 'object', properties: { password: { type: 'string' } } } } }, async (req, reply) => {
    const p = principalOf(req);
    const body = decodeObject(req.body);
    if (!('password' in body)) throw new StrongroomError('invalid', 'password is required');
    await s.users.changeOwnPassword(p, body.password);
    return reply.code(204).send();
  });
}
