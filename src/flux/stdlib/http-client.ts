/**
 * The one place the Flux runtime makes HTTP requests (http.post and http/requests). Requests are
 * bounded by the run's deadline and cancellation signal; the response body is capped at 100 MB
 * as in InfluxDB. Error messages never quote the URL or headers: they may hold secrets.
 */
import type { RunContext } from '../interpreter/context.js';
import { FluxError } from '../interpreter/errors.js';

export interface OutgoingRequest {
  method: string;
  url: string;
  headers: [string, string][];
  body?: Uint8Array;
  /** 0 = no timeout beyond the run's own deadline. */
  timeoutMs: number;
}

export interface IncomingResponse {
  status: number;
  headers: [string, string][];
  body: Uint8Array;
  durationNs: bigint;
}

const MAX_BODY = 100 * 1024 * 1024;

export function checkHttpUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new FluxError('invalid', 'invalid URL: it must be an absolute http:// or https:// URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new FluxError('invalid', `unsupported URL scheme "${parsed.protocol.replace(':', '')}": use http or https`);
  }
  return parsed;
}

export async function sendRequest(run: RunContext, req: OutgoingRequest): Promise<IncomingResponse> {
  const url = checkHttpUrl(req.url);
  const remaining = Math.max(1, run.limits.deadline - Date.now());
  const signals = [AbortSignal.timeout(req.timeoutMs > 0 ? Math.min(req.timeoutMs, remaining) : remaining)];
  if (run.signal) signals.push(run.signal);
  const started = process.hrtime.bigint();
  let res: Response;
  try {
    res = await fetch(url, {
      method: req.method,
      headers: req.headers,
      body: req.body && req.body.length > 0 ? req.body : undefined,
      signal: AbortSignal.any(signals),
      redirect: 'follow',
    });
  } catch (e) {
    throw new FluxError('unavailable', `${req.method} request failed: ${describeFetchError(e)}`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (res.body) {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > MAX_BODY) { chunks.push(chunk.subarray(0, chunk.length - (size - MAX_BODY))); break; }
      chunks.push(chunk);
    }
  }
  return {
    status: res.status,
    headers: [...res.headers.entries()],
    body: new Uint8Array(Buffer.concat(chunks)),
    durationNs: process.hrtime.bigint() - started,
  };
}

/** The cause of a fetch failure without the URL (undici puts the code on `cause`). */
function describeFetchError(e: unknown): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'request timed out or was canceled';
  if (err.cause?.code) return err.cause.code;
  return err.cause?.message ?? err.message ?? 'unknown error';
}
