/** /api/v2/users. */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.js';
import { parseId } from '../../ids.js';
import { userView } from '../../orgs/views.js';
import { decodeObject } from '../body.js';
import { principalOf } from '../context.js';
import { sendJson } from '../respond.js';

export async function userRoutes(app: FastifyInstance, s: Services): Promise<void> {
  app.get('/api/v2/users', { schema: { tags: ['Users'], querystring: { type: 'object', properties: { name: { type: 'string' }, id: { type: 'string' } } } } }, async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    const users = await s.users.list(principalOf(req), { ...(q.name !== undefined ? { name: q.name } : {}), ...(q.id !== undefined ? { id: parseId(q.id) } : {}) });
    return sendJson(reply, 200, { links: { self: '/api/v2/users' }, users: users.map(userView) });
  });
  app.post('/api/v2/users', { schema: { tags: ['Users'], body: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, password: { type: 'string' }, status: { type: 'string', enum: ['active', 'inactive'] } } } } }, async (req, reply) => {
    const body = decodeObject(req.body);
    return sendJson(reply, 201, userView(await s.users.create(principalOf(req), { name: body.name, password: body.password, status: body.status })));
  });
  app.get('/api/v2/users/:userID', { schema: { tags: ['Users'] } }, async (req, reply) =>
    sendJson(reply, 200, userView(await s.users.get(principalOf(req), parseId((req.params as Record<string, string>).userID!)))));
}
