/** GET /api/v2/orgs/{orgID}/audit: the org's audit trail, for owners and operators. */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.js';
import { parseId } from '../../ids.js';
import { principalOf } from '../context.js';
import { sendJson } from '../respond.js';

export async function auditRoutes(app: FastifyInstance, s: Services): Promise<void> {
  app.get('/api/v2/orgs/:orgID/audit', {
    schema: { tags: ['Audit'], summary: 'Audit events, newest first', querystring: { type: 'object', properties: { key: { type: 'string' }, actor: { type: 'string' }, action: { type: 'string' }, after: { type: 'string' }, limit: { type: 'integer' } } } },
  }, async (req, reply) => {
    const orgId = parseId((req.params as Record<string, string>).orgID!);
    const events = await s.audit.query(principalOf(req), orgId, req.query as Record<string, string | undefined>);
    return sendJson(reply, 200, {
      links: { self: `/api/v2/orgs/${orgId}/audit` },
      events: events.map((e) => ({ id: e.id, time: e.time, orgID: e.orgId, actor: e.actor, action: e.action, key: e.key, version: e.version, requestID: e.requestId, remoteAddress: e.remoteAddress })),
    });
  });
}
