/** Per-request facts the hooks attach: who is calling, and what the audit trail records. */
import type { FastifyRequest } from 'fastify';
import type { Principal, RequestMeta } from '../auth/principal.js';
import { unauthorized } from '../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** Routes reachable without credentials. */
    public?: boolean;
  }
}

export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw unauthorized();
  return req.principal;
}

export function metaOf(req: FastifyRequest): RequestMeta {
  return { requestId: String(req.id), remoteAddress: req.ip };
}
