/** First-run setup: GET tells whether it is allowed, POST performs it once. */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.js';
import { orgView, userView } from '../../orgs/views.js';
import { decodeObject } from '../body.js';
import { sendJson } from '../respond.js';
import { authorizationView } from './authorizations.js';

export async function setupRoutes(app: FastifyInstance, s: Services): Promise<void> {
  app.get('/api/v2/setup', { config: { public: true }, schema: { tags: ['Setup'], summary: 'Whether first-run setup is allowed' } }, async (_req, reply) =>
    sendJson(reply, 200, { allowed: await s.setup.allowed() }));
  app.post('/api/v2/setup', {
    config: { public: true },
    schema: {
      tags: ['Setup'], summary: 'Create the first user, org and operator token',
      body: { type: 'object', required: ['username', 'password', 'org'], properties: { username: { type: 'string' }, password: { type: 'string' }, org: { type: 'string' }, bucket: { type: 'string' }, token: { type: 'string' }, retentionPeriodSeconds: { type: 'integer' } } },
    },
  }, async (req, reply) => {
    const input = decodeObject(req.body);
    const r = await s.setup.setup(input);
    return sendJson(reply, 201, {
      user: userView(r.user),
      org: orgView(r.org),
      // Strongroom keeps no time series; the bucket is echoed so InfluxDB clients are satisfied.
      bucket: typeof input.bucket === 'string' ? { id: r.org.id, name: input.bucket, orgID: r.org.id, type: 'user', retentionRules: [] } : undefined,
      auth: authorizationView(r.auth, { orgName: r.org.name, userName: r.user.name, token: r.token }),
    });
  });
}
