/**
 * /api/v2/scripts, as InfluxDB Cloud's invokable scripts: create, list, get, update, delete, and
 * `POST /api/v2/scripts/{id}/invoke` with `params`, answered in annotated CSV as /api/v2/query.
 * Additive: `warnings` (and the X-Strongroom-Warning header) for secrets referenced but missing.
 */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.js';
import { invalid } from '../../errors.js';
import { encodeAnnotatedCsv } from '../../flux/csv.js';
import type { ScriptRecord } from '../../storage/contracts.js';
import { decodeObject } from '../body.js';
import { metaOf, principalOf } from '../context.js';
import { sendJson } from '../respond.js';
import { abortOnDisconnect } from './query.js';
import { limitOf, sendWarnings } from './tasks.js';

type P = Record<string, string>;
type Q = Record<string, string | undefined>;

export function scriptView(s: ScriptRecord) {
  return {
    id: s.id, name: s.name, description: s.description, orgID: s.orgId, script: s.script, language: s.language,
    url: `/api/v2/scripts/${s.id}/invoke`, labels: [], createdAt: s.createdAt, updatedAt: s.updatedAt,
  };
}

const withWarnings = (view: object, warnings: string[]) => (warnings.length > 0 ? { ...view, warnings } : view);

export async function scriptRoutes(app: FastifyInstance, s: Services): Promise<void> {
  const tags = ['Invokable Scripts'];

  app.get('/api/v2/scripts', { schema: { tags, summary: 'List saved scripts', querystring: { type: 'object', properties: { limit: { type: 'integer' }, offset: { type: 'integer' }, name: { type: 'string' }, org: { type: 'string' }, orgID: { type: 'string' } } } } }, async (req, reply) => {
    const q = req.query as Q;
    const offset = q.offset === undefined ? 0 : Number(q.offset);
    if (!Number.isInteger(offset) || offset < 0) throw invalid(`offset must be a non-negative integer, got ${JSON.stringify(q.offset)}`);
    const scripts = await s.scripts.list(principalOf(req), {
      limit: limitOf(q.limit), offset,
      ...(q.orgID !== undefined ? { orgID: q.orgID } : {}), ...(q.org !== undefined ? { org: q.org } : {}), ...(q.name !== undefined ? { name: q.name } : {}),
    });
    return sendJson(reply, 200, { scripts: scripts.map(scriptView) });
  });

  app.post('/api/v2/scripts', { schema: { tags, summary: 'Save a script', body: { type: 'object', required: ['name', 'script'], properties: { name: { type: 'string' }, description: { type: 'string' }, script: { type: 'string' }, language: { type: 'string', enum: ['flux'] }, orgID: { type: 'string' } } } } }, async (req, reply) => {
    const { script, warnings } = await s.scripts.create(principalOf(req), decodeObject(req.body, 'influxdb.ScriptCreateRequest'));
    sendWarnings(reply, warnings);
    return sendJson(reply, 201, withWarnings(scriptView(script), warnings));
  });

  app.get('/api/v2/scripts/:scriptID', { schema: { tags, summary: 'One saved script' } }, async (req, reply) => {
    return sendJson(reply, 200, scriptView(await s.scripts.get(principalOf(req), (req.params as P).scriptID!)));
  });

  app.patch('/api/v2/scripts/:scriptID', { schema: { tags, summary: 'Update a saved script', body: { type: 'object', properties: { name: { type: 'string' }, description: { type: 'string' }, script: { type: 'string' } } } } }, async (req, reply) => {
    const { script, warnings } = await s.scripts.update(principalOf(req), (req.params as P).scriptID!, decodeObject(req.body, 'influxdb.ScriptUpdateRequest'));
    sendWarnings(reply, warnings);
    return sendJson(reply, 200, withWarnings(scriptView(script), warnings));
  });

  app.delete('/api/v2/scripts/:scriptID', { schema: { tags, summary: 'Delete a saved script' } }, async (req, reply) => {
    await s.scripts.delete(principalOf(req), (req.params as P).scriptID!);
    return reply.code(204).send();
  });

  app.post('/api/v2/scripts/:scriptID/invoke', { schema: { tags, summary: 'Run a saved script with params; results as annotated CSV', body: { type: 'object', properties: { params: { type: 'object' } } } } }, async (req, reply) => {
    const p = principalOf(req);
    const id = (req.params as P).scriptID!;
    await s.scripts.get(p, id);
    const body = typeof req.body === 'string' && req.body.trim() !== '' ? decodeObject(req.body, 'influxdb.ScriptInvocationParams') : {};
    const params = body.params ?? {};
    if (typeof params !== 'object' || params === null || Array.isArray(params)) throw invalid('params must be an object');
    const results = await s.scripts.invoke(p, metaOf(req), id, params as Record<string, unknown>, abortOnDisconnect(reply));
    return reply.code(200).type('text/csv; charset=utf-8').send(encodeAnnotatedCsv(results, { annotations: ['datatype', 'group', 'default'] }));
  });
}
