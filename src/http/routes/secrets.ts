/**
 * /api/v2/orgs/{orgID}/secrets, in InfluxDB's processing order: authentication (hook) → org ID
 * parse (400) → org readable (404 `404 page not found`) → body decode (400) → permission (401,
 * in the service) → store. Values go in; no response ever carries one.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../app.js';
import { andThen } from '../../eager.js';
import { invalid } from '../../errors.js';
import { parseId } from '../../ids.js';
import { ORG_PAGE_NOT_FOUND } from '../../secrets/service.js';
import type { SecretMetadataRecord } from '../../storage/contracts.js';
import { type SecretUser, describeUsage } from '../../secrets/usage.js';
import { decodeObject, decodeStringMap } from '../body.js';
import { metaOf, principalOf } from '../context.js';
import { JSON_TYPE, encodeJson, sendJson } from '../respond.js';

export const USAGE_WARNING_HEADER = 'X-Strongroom-Warning';

type P = Record<string, string>;

/** HTTP header values must be Latin-1; key names may not be, so escape the rest. */
const headerSafe = (s: string) => s.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

function warnAboutUsers(reply: FastifyReply, users: Map<string, SecretUser[]>): void {
  const text = describeUsage(users);
  if (text) reply.header(USAGE_WARNING_HEADER, headerSafe(text));
}

function metadataView(orgId: string, m: SecretMetadataRecord) {
  const self = `/api/v2/orgs/${orgId}/secrets/${encodeURIComponent(m.key)}`;
  return { key: m.key, createdAt: m.createdAt, updatedAt: m.updatedAt, updatedBy: m.updatedBy, version: m.currentVersion, links: { self, versions: `${self}/versions`, org: `/api/v2/orgs/${orgId}` } };
}

export async function secretRoutes(app: FastifyInstance, s: Services): Promise<void> {
  /** Response bodies of key lists, by the list (one org's; see the list route). */
  const encodedLists = new WeakMap<readonly string[], Buffer>();
  /** Steps 2 and 3 of the processing order; returns the canonical org ID. */
  async function readableOrg(req: FastifyRequest): Promise<string> {
    const orgId = parseId((req.params as P).orgID!);
    await s.orgs.findReadableEager(principalOf(req), orgId, ORG_PAGE_NOT_FOUND);
    return orgId;
  }
  /**
   * Routes without a body skip the early org check: the service's own check (same message,
   * before the permission check) comes first anyway, so the order holds with one lookup less.
   */
  const orgIdOf = (req: FastifyRequest) => parseId((req.params as P).orgID!);
  const tags = ['Secrets'];

  /** The list's body; the store hands out the same frozen list until the org's keys change, so it is encoded once. */
  function sendKeys(reply: FastifyReply, orgId: string, keys: readonly string[]): undefined {
    let body = encodedLists.get(keys);
    if (body === undefined) {
      body = Buffer.from(encodeJson({ links: { org: `/api/v2/orgs/${orgId}`, self: `/api/v2/orgs/${orgId}/secrets` }, secrets: keys }));
      encodedLists.set(keys, body);
    }
    reply.code(200).type(JSON_TYPE).send(body);
    return undefined;
  }

  // Not an async handler: with the org and its keys cached, the request is answered in the tick
  // it arrived in (src/eager.ts); otherwise it returns the promise of its answer.
  app.get('/api/v2/orgs/:orgID/secrets', { schema: { tags, summary: 'List the keys of an org\'s secrets (never values)', querystring: { type: 'object', properties: { details: { type: 'boolean' } } } } }, (req, reply) => {
    const orgId = orgIdOf(req);
    if ((req.query as Record<string, string | undefined>).details === 'true') {
      return s.secrets.listDetails(principalOf(req), orgId).then((details) => {
        const links = { org: `/api/v2/orgs/${orgId}`, self: `/api/v2/orgs/${orgId}/secrets` };
        return sendJson(reply, 200, { links, secrets: details.map((d) => d.key), details: details.map((d) => ({ ...metadataView(orgId, d), usedBy: d.usedBy })) });
      });
    }
    return andThen(s.secrets.listKeysEager(principalOf(req), orgId), (keys) => sendKeys(reply, orgId, keys));
  });

  app.patch('/api/v2/orgs/:orgID/secrets', { schema: { tags, summary: 'Add or replace secrets (merge)', body: { type: 'object', additionalProperties: { type: 'string' } } } }, async (req, reply) => {
    const orgId = await readableOrg(req);
    const pairs = decodeStringMap(req.body);
    warnAboutUsers(reply, await s.secrets.patch(principalOf(req), metaOf(req), orgId, pairs));
    return reply.code(204).send();
  });

  app.post('/api/v2/orgs/:orgID/secrets/delete', { schema: { tags, deprecated: true, summary: 'Delete secrets (deprecated; use DELETE)', body: { type: 'object', properties: { secrets: { type: 'array', items: { type: 'string' } } } } } }, async (req, reply) => {
    const orgId = await readableOrg(req);
    const body = decodeObject(req.body, 'struct { Secrets []string "json:\\"secrets\\"" }');
    const keys = body.secrets ?? [];
    if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string')) {
      throw invalid(`failed to unmarshal json: json: cannot unmarshal ${Array.isArray(keys) ? 'number' : typeof keys} into Go struct field secretsDeleteBody.secrets of type []string`);
    }
    warnAboutUsers(reply, await s.secrets.delete(principalOf(req), metaOf(req), orgId, keys as string[]));
    return reply.code(204).send();
  });

  app.delete('/api/v2/orgs/:orgID/secrets/:secretID', { schema: { tags, summary: 'Delete one secret (a missing key is not an error)' } }, async (req, reply) => {
    const orgId = orgIdOf(req);
    warnAboutUsers(reply, await s.secrets.delete(principalOf(req), metaOf(req), orgId, [(req.params as P).secretID!]));
    return reply.code(204).send();
  });

  app.get('/api/v2/orgs/:orgID/secrets/:secretID', { schema: { tags, summary: 'Metadata of one secret (never its value)' } }, async (req, reply) => {
    const orgId = orgIdOf(req);
    const m = await s.secrets.metadata(principalOf(req), orgId, (req.params as P).secretID!);
    return sendJson(reply, 200, { ...metadataView(orgId, m), usedBy: m.usedBy });
  });

  app.get('/api/v2/orgs/:orgID/secrets/:secretID/versions', { schema: { tags, summary: 'Kept versions of a secret (never values)' } }, async (req, reply) => {
    const orgId = orgIdOf(req);
    const versions = await s.secrets.versions(principalOf(req), orgId, (req.params as P).secretID!);
    return sendJson(reply, 200, versions.map((v) => ({ version: v.version, createdAt: v.createdAt, createdBy: v.createdBy, current: v.current })));
  });

  app.post('/api/v2/orgs/:orgID/secrets/:secretID/versions/:version/restore', { schema: { tags, summary: 'Make a kept version current again' } }, async (req, reply) => {
    const orgId = await readableOrg(req);
    const raw = (req.params as P).version!;
    const version = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(version) || version < 1) throw invalid(`version ${JSON.stringify(raw)} must be a positive integer`);
    const m = await s.secrets.restore(principalOf(req), metaOf(req), orgId, (req.params as P).secretID!, version);
    return sendJson(reply, 200, metadataView(orgId, m));
  });
}
