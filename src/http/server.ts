/**
 * The HTTP edge: decodes requests, hands each to one service call, and answers in InfluxDB's
 * shapes. No business rules live here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import type { Socket } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions } from 'fastify';
import type { Services } from '../app.js';
import { StrongroomError, notFound } from '../errors.js';
import { newId } from '../ids.js';
import { answerForDatabaseError } from '../services.js';
import { authenticateHook } from './authenticate.js';
import { JSON_TYPE, encodeJson, errorBody, fromFrameworkError, sendError } from './respond.js';
import { auditRoutes } from './routes/audit.js';
import { authorizationRoutes } from './routes/authorizations.js';
import { orgRoutes } from './routes/orgs.js';
import { secretRoutes } from './routes/secrets.js';
import { sessionRoutes } from './routes/session.js';
import { setupRoutes } from './routes/setup.js';
import { VERSION, systemRoutes } from './routes/system.js';
import { userRoutes } from './routes/users.js';

export const WEB_DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');

/** No inline scripts or styles, no framing, nothing loaded from elsewhere. */
export const CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Headers of the web UI's pages and files. */
const PAGE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy': CONTENT_SECURITY_POLICY,
};

/**
 * Headers of API responses (OWASP's REST set): JSON is never a page, so its policy allows
 * nothing at all, and nothing of it is kept by caches. Fewer and shorter than the pages' headers:
 * every API request pays for writing and validating each one.
 */
export const API_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cache-control': 'no-store',
};

function firstValues(query: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  if (query.length === 0) return out;
  for (const [k, v] of new URLSearchParams(query)) if (!(k in out)) out[k] = v;
  return out;
}

/** Requests the HTTP parser rejects (bad framing, oversized headers, timeouts) never reach a route. */
function answerMalformedHttp(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, code, message] = err.code === 'HPE_HEADER_OVERFLOW'
    ? [431, 'Request Header Fields Too Large', 'request too large' as const, 'request headers are larger than the server accepts']
    : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'Request Timeout', 'unavailable' as const, 'the request was not received in time']
      : [400, 'Bad Request', 'invalid' as const, 'malformed HTTP request'];
  const body = errorBody(code, message, true);
  // The request may already have its answer (a 401 sent before its malformed body was read):
  // then the connection just closes, instead of carrying a second answer to one request.
  const answered = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
  if (socket.writable && !answered) {
    socket.write(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: ${JSON_TYPE}\r\nX-Platform-Error-Code: ${code}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(err);
}

/** An error as logs may show it: its class, code and stack frames, never its message, which could quote input. */
function errorClass(err: unknown): { type: string; code?: string; stack?: string } {
  const e = err as Error & { code?: string };
  return { type: e?.name ?? typeof err, ...(e?.code !== undefined ? { code: String(e.code) } : {}), ...(e?.stack ? { stack: e.stack.split('\n').slice(1).join('\n') } : {}) };
}

export interface HttpOptions {
  logger?: FastifyServerOptions['logger'];
  https?: { cert: Buffer; key: Buffer };
  /** Extra route plugins (query, tasks, scripts) registered by later domains. */
  plugins?: ((app: FastifyInstance, s: Services) => Promise<void>)[];
  webDist?: string;
}

export async function buildHttpServer(s: Services, opts: HttpOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: s.config.maxBodyBytes,
    genReqId: () => newId(),
    requestIdHeader: false,
    trustProxy: false,
    // A repeated query parameter (?org=a&org=b) is its first value, as Go's URL.Query().Get.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1024, querystringParser: firstValues },
    ...(opts.https ? { https: opts.https } : {}),
    // Errors Fastify raises before routing (bad percent-encoding, an over-long path parameter)
    // and malformed HTTP still answer with InfluxDB's error body.
    frameworkErrors: (err: Error & { code?: string; statusCode?: number }, _req: unknown, reply: FastifyReply) =>
      sendError(reply, fromFrameworkError(err) ?? new StrongroomError('invalid', err.message)),
    clientErrorHandler: answerMalformedHttp,
  } as FastifyServerOptions) as unknown as FastifyInstance;

  // Bodies stay raw text until the handler decodes them, after the org checks (InfluxDB's order).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  // Schemas document the API (OpenAPI); handlers decode and check input with InfluxDB's messages.
  app.setValidatorCompiler(() => () => true);
  app.setSerializerCompiler(() => (data) => encodeJson(data));

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Strongroom API', version: VERSION, description: 'InfluxDB v2 compatible API of Strongroom, a write-only secrets store for data scripts.' },
      components: { securitySchemes: { TokenAuthentication: { type: 'apiKey', name: 'Authorization', in: 'header', description: 'Use the scheme "Token" or "Bearer", e.g. `Token YOUR_API_TOKEN`' } } },
      security: [{ TokenAuthentication: [] }],
    },
  });

  const authenticate = authenticateHook(s.authenticator);
  // A callback hook, not an async one: it runs on every request and has nothing to wait for.
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    if (!req.url.startsWith('/api/')) {
      reply.headers(PAGE_HEADERS);
      return done();
    }
    reply.headers(API_HEADERS);
    // An unknown API path asks for credentials first, as InfluxDB's (authenticate, then route).
    if (req.is404) return authenticate(req, reply, done);
    done();
  });
  // Every API route but the public ones authenticates first, before its body is read. The hook
  // is attached per route, so no request pays for deciding whether its route needs it.
  app.addHook('onRoute', (route) => {
    if (route.config?.public || !route.url.startsWith('/api/')) return;
    const hooks = route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
    // HEAD routes are made from their GET route's options, hook included.
    if (!hooks.includes(authenticate)) route.onRequest = [authenticate, ...hooks];
  });

  app.setErrorHandler(async (err, req, reply) => {
    if (err instanceof StrongroomError) {
      // A 503 from a failing store (the audit trail refused a record): operators need the cause,
      // by its class and code only, as for internal errors below.
      if (err.code === 'unavailable' && err.cause !== undefined) req.log.error({ cause: errorClass(err.cause) }, 'service unavailable');
      return sendError(reply, err);
    }
    const mapped = fromFrameworkError(err as { code?: string; statusCode?: number; message: string }) ?? answerForDatabaseError(err);
    if (mapped) return sendError(reply, mapped);
    // Unexpected: log the error class and stack frames without the message, which could quote input.
    req.log.error({ err: errorClass(err) }, 'internal error');
    return sendError(reply, new StrongroomError('internal error', 'an internal error has occurred'));
  });

  const webDist = opts.webDist ?? WEB_DIST;
  const indexHtml = existsSync(join(webDist, 'index.html')) ? readFileSync(join(webDist, 'index.html')) : undefined;
  app.setNotFoundHandler(async (req, reply) => {
    if (!req.url.startsWith('/api/') && (req.method === 'GET' || req.method === 'HEAD') && indexHtml) {
      // Client-side routes (/signin, /orgs/:id/...) are served the single-page app.
      return reply.code(200).type('text/html; charset=utf-8').header('Cache-Control', 'no-cache').send(indexHtml);
    }
    return sendError(reply, notFound('404 page not found'));
  });
  if (indexHtml) {
    await app.register(fastifyStatic, { root: webDist, prefix: '/', wildcard: false, index: false, schemaHide: true });
    app.get('/', { config: { public: true }, schema: { hide: true } }, async (_req, reply) => reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-cache').send(indexHtml));
  }

  await systemRoutes(app);
  await setupRoutes(app, s);
  await sessionRoutes(app, s, { secureCookies: opts.https !== undefined });
  await orgRoutes(app, s);
  await userRoutes(app, s);
  await authorizationRoutes(app, s);
  await secretRoutes(app, s);
  await auditRoutes(app, s);
  for (const plugin of opts.plugins ?? []) await plugin(app, s);
  return app;
}
