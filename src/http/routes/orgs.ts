/** /api/v2/orgs and members, in InfluxDB's shapes. */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.js';
import { invalid } from '../../errors.js';
import { parseId } from '../../ids.js';
import { orgView, userView } from '../../orgs/views.js';
import { decodeObject } from '../body.js';
import { principalOf } from '../context.js';
import { sendJson } from '../respond.js';

type Q = Record<string, string | undefined>;
type P = Record<string, string>;
const orgBody = { type: 'object', properties: { name: { type: 'string' }, description: { type: 'string' } } };

export async function orgRoutes(app: FastifyInstance, s: Services): Promise<void> {
  app.get('/api/v2/orgs', { schema: { tags: ['Organizations'], querystring: { type: 'object', properties: { org: { type: 'string' }, orgID: { type: 'string' }, userID: { type: 'string' } } } } }, async (req, reply) => {
    const q = req.query as Q;
    const orgs = await s.orgs.list(principalOf(req), { ...(q.org !== undefined ? { name: q.org } : {}), ...(q.orgID !== undefined ? { id: parseId(q.orgID) } : {}) });
    return sendJson(reply, 200, { links: { self: '/api/v2/orgs' }, orgs: orgs.map(orgView) });
  });
  app.post('/api/v2/orgs', { schema: { tags: ['Organizations'], body: orgBody } }, async (req, reply) => {
    const body = decodeObject(req.body);
    return sendJson(reply, 201, orgView(await s.orgs.create(principalOf(req), { name: body.name, description: body.description })));
  });
  app.get('/api/v2/orgs/:orgID', { schema: { tags: ['Organizations'] } }, async (req, reply) =>
    sendJson(reply, 200, orgView(await s.orgs.findReadable(principalOf(req), parseId((req.params as P).orgID!)))));
  app.patch('/api/v2/orgs/:orgID', { schema: { tags: ['Organizations'], body: orgBody } }, async (req, reply) => {
    const orgId = parseId((req.params as P).orgID!);
    await s.orgs.findReadable(principalOf(req), orgId);
    const body = decodeObject(req.body);
    return sendJson(reply, 200, orgView(await s.orgs.update(principalOf(req), orgId, { name: body.name, description: body.description })));
  });
  app.delete('/api/v2/orgs/:orgID', { schema: { tags: ['Organizations'] } }, async (req, reply) => {
    await s.orgs.delete(principalOf(req), parseId((req.params as P).orgID!));
    return reply.code(204).send();
  });

  for (const role of ['member', 'owner'] as const) {
    const path = role === 'member' ? 'members' : 'owners';
    app.get(`/api/v2/orgs/:orgID/${path}`, { schema: { tags: ['Organizations'] } }, async (req, reply) => {
      const orgId = parseId((req.params as P).orgID!);
      const members = await s.orgs.members(principalOf(req), orgId, role === 'owner' ? 'owner' : undefined);
      return sendJson(reply, 200, {
        links: { self: `/api/v2/orgs/${orgId}/${path}` },
        users: members.map((m) => ({ ...userView({ id: m.userId, name: m.name, status: m.status === 'inactive' ? 'inactive' : 'active' }), role: m.role })),
      });
    });
    app.post(`/api/v2/orgs/:orgID/${path}`, { schema: { tags: ['Organizations'], body: { type: 'object', required: ['id'], properties: { id: { type: 'string' }, name: { type: 'string' } } } } }, async (req, reply) => {
      const orgId = parseId((req.params as P).orgID!);
      await s.orgs.findReadable(principalOf(req), orgId);
      const body = decodeObject(req.body);
      if (typeof body.id !== 'string') throw invalid('id is required');
      const user = await s.orgs.addMember(principalOf(req), orgId, parseId(body.id), role);
      return sendJson(reply, 201, { ...userView(user), role });
    });
    app.delete(`/api/v2/orgs/:orgID/${path}/:userID`, { schema: { tags: ['Organizations'] } }, async (req, reply) => {
      const params = req.params as P;
      await s.orgs.removeMember(principalOf(req), parseId(params.orgID!), parseId(params.userID!));
      return reply.code(204).send();
    });
  }
}
