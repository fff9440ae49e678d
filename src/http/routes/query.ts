/**
 * /api/v2/query (annotated CSV), /api/v2/query/ast and /api/v2/query/analyze, as InfluxDB.
 * Syntax and compile errors answer 400 JSON before any CSV; a missing secret 404; a missing
 * permission 401. A client that disconnects cancels its query.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../app.js';
import { invalid } from '../../errors.js';
import { type CsvAnnotation, type CsvDialect, encodeAnnotatedCsv } from '../../flux/csv.js';
import { parse, syntaxErrors } from '../../flux/parser.js';
import { MAX_TREE_DEPTH, NESTED_TOO_DEEP_MESSAGE, measureTree } from '../../flux/analysis/depth.js';
import { parseId } from '../../ids.js';
import { decodeObject, rawBody } from '../body.js';
import { metaOf, principalOf } from '../context.js';
import { JSON_TYPE, encodeJson, sendJson } from '../respond.js';

const ANNOTATIONS: CsvAnnotation[] = ['datatype', 'group', 'default'];
/** Largest syntax tree /api/v2/query/ast encodes (a real script has a few thousand nodes). */
const MAX_AST_NODES = 200_000;
/** Largest /api/v2/query/ast answer, in characters (a 100 KB script's tree is ~35 MB). */
const MAX_AST_JSON_CHARS = 64 * 1024 * 1024;
/** Most syntax errors /api/v2/query/analyze returns. */
const MAX_ANALYZE_ERRORS = 1000;

export interface QueryBody { query: string; dialect: CsvDialect; now?: Date; params?: Record<string, unknown> }

/** Reads a Query body: JSON `{query, type, dialect, now, params}` or a raw `application/vnd.flux` script. */
export function decodeQueryBody(req: FastifyRequest): QueryBody {
  const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/vnd.flux') return { query: rawBody(req.body), dialect: {} };
  const body = decodeObject(req.body, 'influxdb.QueryRequest');
  if (typeof body.query !== 'string') throw invalid('query must be a string');
  if (body.type !== undefined && body.type !== 'flux') throw invalid(`unsupported query type ${JSON.stringify(body.type)}; Strongroom runs "flux"`);
  const dialect: CsvDialect = {};
  if (body.dialect !== undefined && body.dialect !== null) {
    if (typeof body.dialect !== 'object' || Array.isArray(body.dialect)) throw invalid('dialect must be an object');
    const d = body.dialect as Record<string, unknown>;
    if (d.header !== undefined) {
      if (typeof d.header !== 'boolean') throw invalid('dialect.header must be a boolean');
      dialect.header = d.header;
    }
    if (d.delimiter !== undefined) {
      if (typeof d.delimiter !== 'string' || [...d.delimiter].length !== 1) throw invalid('dialect.delimiter must be exactly one character');
      dialect.delimiter = d.delimiter;
    }
    if (d.annotations !== undefined) {
      if (!Array.isArray(d.annotations) || d.annotations.some((a) => !ANNOTATIONS.includes(a as CsvAnnotation))) {
        throw invalid(`dialect.annotations must be a subset of ${ANNOTATIONS.join(', ')}`);
      }
      dialect.annotations = d.annotations as CsvAnnotation[];
    }
    if (d.commentPrefix !== undefined && (typeof d.commentPrefix !== 'string' || [...d.commentPrefix].length > 1)) throw invalid('dialect.commentPrefix must be at most one character');
    if (d.dateTimeFormat !== undefined && d.dateTimeFormat !== 'RFC3339' && d.dateTimeFormat !== 'RFC3339Nano') throw invalid('dialect.dateTimeFormat must be RFC3339 or RFC3339Nano');
  }
  let now: Date | undefined;
  if (body.now !== undefined && body.now !== null) {
    if (typeof body.now !== 'string' || Number.isNaN(Date.parse(body.now))) throw invalid('now must be an RFC 3339 time');
    now = new Date(body.now);
  }
  if (body.params !== undefined && (typeof body.params !== 'object' || body.params === null || Array.isArray(body.params))) throw invalid('params must be an object');
  return { query: body.query, dialect, ...(now ? { now } : {}), ...(body.params ? { params: body.params as Record<string, unknown> } : {}) };
}

/**
 * Cancels the run when the client goes away before the response is written. The listener is on
 * this request's response (not the keep-alive socket), so it goes away with the response.
 */
export function abortOnDisconnect(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => { if (!reply.raw.writableFinished) controller.abort(); });
  return controller.signal;
}

export async function queryRoutes(app: FastifyInstance, s: Services): Promise<void> {
  const tags = ['Query'];

  app.post('/api/v2/query', {
    schema: {
      tags, summary: 'Run a Flux script; results as annotated CSV',
      querystring: { type: 'object', properties: { org: { type: 'string' }, orgID: { type: 'string' } } },
      body: { type: 'object', required: ['query'], properties: { query: { type: 'string' }, type: { type: 'string', enum: ['flux'] }, now: { type: 'string' }, params: { type: 'object' }, dialect: { type: 'object' } } },
    },
  }, async (req, reply) => {
    const p = principalOf(req);
    const q = req.query as Record<string, string | undefined>;
    const org = await s.orgs.resolve(p, { ...(q.orgID !== undefined ? { orgID: parseId(q.orgID) } : {}), ...(q.org !== undefined ? { org: q.org } : {}) });
    const body = decodeQueryBody(req);
    const outcome = await s.queries.run(p, metaOf(req), {
      orgId: org.id, source: body.query, signal: abortOnDisconnect(reply),
      ...(body.now ? { now: body.now } : {}), ...(body.params ? { params: body.params } : {}),
    });
    if (String(req.headers.prefer ?? '').includes('return-no-content')) return reply.code(204).send();
    return reply.code(200).type('text/csv; charset=utf-8').send(encodeAnnotatedCsv(outcome.results, body.dialect));
  });

  app.post('/api/v2/query/ast', { schema: { tags, summary: 'The AST of a Flux script', body: { type: 'object', properties: { query: { type: 'string' } } } } }, async (req, reply) => {
    const body = decodeObject(req.body);
    if (typeof body.query !== 'string') throw invalid('query must be a string');
    const file = parse(body.query);
    // Encoding is recursive and its output grows with depth (tabs): refuse trees that cannot be returned.
    const { depth, nodes } = measureTree(file);
    if (depth > MAX_TREE_DEPTH) throw invalid(NESTED_TOO_DEEP_MESSAGE);
    if (nodes > MAX_AST_NODES) throw invalid(`the syntax tree has ${nodes} nodes; /api/v2/query/ast returns at most ${MAX_AST_NODES}`);
    // Every node carries its source text, so the JSON is ~350× the script; bound what one answer may hold.
    let json: string;
    try {
      json = encodeJson({ ast: { type: 'Package', package: 'main', files: [file] } });
    } catch (e) {
      if (e instanceof RangeError) throw invalid(`the syntax tree is too large to return (more than ${MAX_AST_JSON_CHARS} characters of JSON)`);
      throw e;
    }
    if (json.length > MAX_AST_JSON_CHARS) throw invalid(`the syntax tree is ${json.length} characters of JSON; /api/v2/query/ast returns at most ${MAX_AST_JSON_CHARS}`);
    return reply.code(200).type(JSON_TYPE).send(json);
  });

  app.post('/api/v2/query/analyze', { schema: { tags, summary: 'Syntax errors of a Flux script, for editors', body: { type: 'object', properties: { query: { type: 'string' } } } } }, async (req, reply) => {
    const body = decodeObject(req.body);
    if (typeof body.query !== 'string') throw invalid('query must be a string');
    const file = parse(body.query);
    // Editors show the first errors; hostile input can hold hundreds of thousands (a 90 MB answer).
    const errors = syntaxErrors(file).slice(0, MAX_ANALYZE_ERRORS).map((e) => ({ line: e.line, column: e.column, character: e.column, message: e.message }));
    if (errors.length === 0 && measureTree(file).depth > MAX_TREE_DEPTH) errors.push({ line: 1, column: 1, character: 1, message: NESTED_TOO_DEEP_MESSAGE });
    return sendJson(reply, 200, { errors });
  });
}
