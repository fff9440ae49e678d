/**
 * /api/v2/keyring: operator-only key management (a global `write:orgs` permission, as the
 * operator token from setup holds).
 *   GET  /api/v2/keyring          data-key terms per org (never key material)
 *   POST /api/v2/keyring/rotate   a new data-key term for every org
 *   POST /api/v2/keyring/rewrap   {"currentMasterKey","newMasterKey"} (base64): re-wrap every data key
 */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.js';
import { decodeMasterKey } from '../../crypto/master-key.js';
import { requireOperator } from '../../crypto/rotation.js';
import { invalid } from '../../errors.js';
import { decodeObject } from '../body.js';
import { principalOf } from '../context.js';
import { sendJson } from '../respond.js';

function masterKeyField(body: Record<string, unknown>, field: string): Buffer {
  const v = body[field];
  if (typeof v !== 'string') throw invalid(`${field} is required: the base64 encoding of a 32-byte key`);
  try {
    return decodeMasterKey(v, field);
  } catch (e) {
    throw invalid((e as Error).message);
  }
}

export async function keyringRoutes(app: FastifyInstance, s: Services): Promise<void> {
  const tags = ['Keyring'];
  app.get('/api/v2/keyring', { schema: { tags, summary: 'Data-key terms per org (operators only; never key material)' } }, async (req, reply) =>
    sendJson(reply, 200, await s.keyring.status(principalOf(req))));
  app.post('/api/v2/keyring/rotate', { schema: { tags, summary: 'Add a data-key term to every org; new writes use it (operators only)' } }, async (req, reply) =>
    sendJson(reply, 200, await s.keyring.rotate(principalOf(req))));
  app.post('/api/v2/keyring/rewrap', {
    schema: {
      tags, summary: 'Re-wrap every data key under a new master key (operators only); the next start needs the new key',
      body: { type: 'object', required: ['currentMasterKey', 'newMasterKey'], properties: { currentMasterKey: { type: 'string' }, newMasterKey: { type: 'string' } } },
    },
  }, async (req, reply) => {
    const p = principalOf(req);
    requireOperator(p);
    const body = decodeObject(req.body);
    return sendJson(reply, 200, await s.keyring.rewrap(p, masterKeyField(body, 'currentMasterKey'), masterKeyField(body, 'newMasterKey')));
  });
}
