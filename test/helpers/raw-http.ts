/**
 * Raw HTTP requests over a keep-alive agent: any method, any header value Node lets through,
 * bodies as bytes (so invalid UTF-8 and odd encodings reach the server as sent), with or
 * without Content-Length (chunked). For fuzzing and matrices of thousands of requests.
 */
import http from 'node:http';

export interface RawRequest {
  method: string;
  /** Path and query, already encoded as it should go on the wire. */
  path: string;
  headers?: Record<string, string>;
  body?: Buffer;
  /** Send the body chunked instead of with a Content-Length. */
  chunked?: boolean;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
  json: any;
}

export function keepAliveAgent(maxSockets = 8): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets });
}

export function rawRequest(baseUrl: string, agent: http.Agent, req: RawRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const headers: Record<string, string> = { ...(req.headers ?? {}) };
  // Node frames a body without Content-Length only for some methods; say chunked explicitly.
  if (req.body !== undefined) {
    if (req.chunked) headers['Transfer-Encoding'] = 'chunked';
    else headers['Content-Length'] = String(req.body.length);
  }
  return new Promise((resolve, reject) => {
    const r = http.request({ host: url.hostname, port: url.port, method: req.method, path: req.path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        const text = body.toString('utf8');
        let json: any;
        try { json = text === '' ? undefined : JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text, json });
      });
    });
    r.on('error', reject);
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

/** Runs `tasks` with at most `concurrency` in flight; resolves with results in order. */
export async function pooled<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out = new Array<T>(count);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) {
      const i = next++;
      out[i] = await task(i);
    }
  }));
  return out;
}
