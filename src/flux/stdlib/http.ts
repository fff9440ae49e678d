/** `http`: post (headers as a record, data as bytes), basicAuth, pathEscape. */
import { int, str } from '../interpreter/values.js';
import { FluxError } from '../interpreter/errors.js';
import type { FluxPackage } from './builtin.js';
import { builtin } from './builtin.js';
import { sendRequest } from './http-client.js';

/** Go's url.PathEscape: everything but unreserved characters and a few sub-delims is %-encoded. */
export function pathEscape(s: string): string {
  return Array.from(Buffer.from(s, 'utf8'))
    .map((b) => {
      const c = String.fromCharCode(b);
      return /[A-Za-z0-9\-._~!$&'()*+,;=:@]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

export const httpPackage: FluxPackage = {
  path: 'http',
  members: [
    builtin('post', '(url: string, ?headers: A, ?data: bytes) => int', async (a) => {
      const headers: [string, string][] = [];
      for (const [k, v] of a.opt('headers', 'record')?.fields ?? []) {
        if (v.kind !== 'string') throw new FluxError('invalid', `header value "${k}" must be a string`);
        headers.push([k, v.v]);
      }
      const res = await sendRequest(a.run, {
        method: 'POST',
        url: a.secretText('url'),
        headers,
        body: a.opt('data', 'bytes')?.v,
        timeoutMs: 0,
      });
      return int(BigInt(res.status));
    }, { sideEffect: true }),
    builtin('basicAuth', '(u: string, p: string) => string', (a) => {
      const u = a.get('u', 'string');
      const p = a.get('p', 'string');
      return str(`Basic ${Buffer.from(`${u.v}:${p.v}`, 'utf8').toString('base64')}`, u.secret || p.secret);
    }),
    builtin('pathEscape', '(inputString: string) => string', (a) => {
      const s = a.get('inputString', 'string');
      return str(pathEscape(s.v), s.secret);
    }),
  ],
};
