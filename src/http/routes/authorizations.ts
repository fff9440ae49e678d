/** /api/v2/authorizations: API tokens. The token string appears only in the create response. */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.js';
import { parseId } from '../../ids.js';
import type { AuthorizationRecord } from '../../storage/contracts.js';
import { decodeObject } from '../body.js';
import { principalOf } from '../context.js';
import { sendJson } from '../respond.js';

export function authorizationView(a: AuthorizationRecord, extra: { orgName?: string; userName?: string; token?: string } = {}) {
  return {
    id: a.id,
    ...(extra.token !== undefined ? { token: extra.token } : {}),
    status: a.status,
    description: a.description,
    orgID: a.orgId,
    org: extra.orgName ?? '',
    userID: a.userId,
    user: extra.userName ?? '',
    permissions: a.permissions,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    links: { self: `/api/v2/authorizations/${a.id}`, user: `/api/v2/users/${a.userId}` },
  };
}

const permissionSchema = {
  type: 'object', required: ['action', 'resource'],
  properties: { action: { type: 'string', enum: ['read', 'write'] }, resource: { type: 'object', properties: { type: { type: 'string' }, id: { type: 'string' }, orgID: { type: 'string' } } } },
};

export async function authorizationRoutes(app: FastifyInstance, s: Services): Promise<void> {
  const { db } = s.deps.storage;
  const names = async (list: AuthorizationRecord[]) => {
    const orgs = new Map((await s.deps.stores.orgs.list(db, { ids: [...new Set(list.map((a) => a.orgId))] })).map((o) => [o.id, o.name]));
    const users = new Map<string, string>();
    for (const id of new Set(list.map((a) => a.userId))) users.set(id, (await s.deps.stores.users.findById(db, id))?.name ?? '');
    return (a: AuthorizationRecord, token?: string) => authorizationView(a, { orgName: orgs.get(a.orgId) ?? '', userName: users.get(a.userId) ?? '', ...(token !== undefined ? { token } : {}) });
  };

  app.get('/api/v2/authorizations', { schema: { tags: ['Authorizations'], querystring: { type: 'object', properties: { orgID: { type: 'string' }, org: { type: 'string' }, userID: { type: 'string' }, user: { type: 'string' } } } } }, async (req, reply) => {
    const p = principalOf(req);
    const q = req.query as Record<string, string | undefined>;
    let orgId = q.orgID !== undefined ? parseId(q.orgID) : undefined;
    if (orgId === undefined && q.org !== undefined) orgId = (await s.orgs.resolve(p, { org: q.org })).id;
    let userId = q.userID !== undefined ? parseId(q.userID) : undefined;
    if (userId === undefined && q.user !== undefined) userId = (await s.deps.stores.users.findByName(db, q.user))?.id ?? '0000000000000000';
    const list = await s.authorizations.list(p, { ...(orgId !== undefined ? { orgId } : {}), ...(userId !== undefined ? { userId } : {}) });
    const view = await names(list);
    return sendJson(reply, 200, { links: { self: '/api/v2/authorizations' }, authorizations: list.map((a) => view(a)) });
  });
  app.post('/api/v2/authorizations', {
    schema: { tags: ['Authorizations'], body: { type: 'object', required: ['orgID', 'permissions'], properties: { orgID: { type: 'string' }, userID: { type: 'string' }, description: { type: 'string' }, status: { type: 'string', enum: ['active', 'inactive'] }, permissions: { type: 'array', items: permissionSchema } } } },
  }, async (req, reply) => {
    const { auth, token } = await s.authorizations.create(principalOf(req), decodeObject(req.body));
    return sendJson(reply, 201, (await names([auth]))(auth, token));
  });
  app.get('/api/v2/authorizations/:authID', { schema: { tags: ['Authorizations'] } }, async (req, reply) => {
    const a = await s.authorizations.get(principalOf(req), parseId((req.params as Record<string, string>).authID!));
    return sendJson(reply, 200, (await names([a]))(a));
  });
  app.patch('/api/v2/authorizations/:authID', { schema: { tags: ['Authorizations'], body: { type: 'object', properties: { status: { type: 'string', enum: ['active', 'inactive'] }, description: { type: 'string' } } } } }, async (req, reply) => {
    const id = parseId((req.params as Record<string, string>).authID!);
    await s.authorizations.get(principalOf(req), id);
    const body = decodeObject(req.body);
    const a = await s.authorizations.update(principalOf(req), id, { status: body.status, description: body.description });
    return sendJson(reply, 200, (await names([a]))(a));
  });
  app.delete('/api/v2/authorizations/:authID', { schema: { tags: ['Authorizations'] } }, async (req, reply) => {
    await s.authorizations.delete(principalOf(req), parseId((req.params as Record<string, string>).authID!));
    return reply.code(204).send();
  });
}
