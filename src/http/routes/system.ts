/** Health, readiness, ping and the generated OpenAPI document. */
import type { FastifyInstance } from 'fastify';
import { sendJson } from '../respond.js';

export const VERSION = '0.1.0';

export async function systemRoutes(app: FastifyInstance): Promise<void> {
  const pub = { config: { public: true } };
  app.get('/health', { ...pub, schema: { tags: ['System'], summary: 'Health of the server' } }, async (_req, reply) =>
    sendJson(reply, 200, { name: 'strongroom', message: 'ready for queries and writes', status: 'pass', checks: [], version: VERSION, commit: 'dev' }));
  app.get('/ready', { ...pub, schema: { tags: ['System'] } }, async (_req, reply) =>
    sendJson(reply, 200, { status: 'ready', started: STARTED, up: `${Math.round((Date.now() - Date.parse(STARTED)) / 1000)}s` }));
  for (const path of ['/ping', '/api/v2/ping']) {
    app.get(path, { ...pub, schema: { tags: ['System'] } }, async (_req, reply) => reply.code(204).header('X-Influxdb-Version', 'v2.7.0-strongroom').header('X-Influxdb-Build', 'OSS').send());
  }
  app.get('/api/v2/openapi.json', { ...pub, schema: { hide: true } }, async (_req, reply) => sendJson(reply, 200, app.swagger()));
  app.get('/api/v2', { ...pub, schema: { tags: ['System'] } }, async (_req, reply) => sendJson(reply, 200, {
    authorizations: '/api/v2/authorizations', me: '/api/v2/me', orgs: '/api/v2/orgs', query: { self: '/api/v2/query', ast: '/api/v2/query/ast', analyze: '/api/v2/query/analyze' },
    setup: '/api/v2/setup', signin: '/api/v2/signin', signout: '/api/v2/signout', tasks: '/api/v2/tasks', users: '/api/v2/users', scripts: '/api/v2/scripts',
  }));
}

const STARTED = new Date().toISOString();
