/**
 * `http/requests`: do/get/post with dict headers and params, returning
 * {statusCode, body, headers, duration}; peek turns a response into a one-row table.
 * Per-run overrides come from `option requests.defaultConfig = {...}`.
 */
import type { DictValue, RecordValue, Value } from '../interpreter/values.js';
import { bytes, dict, duration, int, record, str, stream } from '../interpreter/values.js';
import { FluxError, typeError } from '../interpreter/errors.js';
import { MASK, display } from '../interpreter/format.js';
import { tableFromRecords } from '../interpreter/table.js';
import type { Args, FluxPackage } from './builtin.js';
import { builtin } from './builtin.js';
import { checkHttpUrl, sendRequest } from './http-client.js';
import { durationNanos } from '../interpreter/time.js';

const PATH = 'http/requests';
const METHODS = new Set(['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT']);

const defaultConfig: RecordValue = record([
  ['timeout', duration(0n, 0n, false)],
  ['insecureSkipVerify', { kind: 'bool', v: false }],
]);

/** Dict entries as [text key, value]; `shown` is the key as an error may print it. */
function stringPairs(d: DictValue | undefined, what: string): [string, Value, string][] {
  const out: [string, Value, string][] = [];
  for (const [k, v] of d?.entries.values() ?? []) {
    if (k.kind !== 'string') throw typeError(`${what} keys must be strings`);
    out.push([k.v, v, k.secret ? MASK : k.v]);
  }
  return out;
}

async function doRequest(a: Args, method: string): Promise<Value> {
  if (!METHODS.has(method)) throw new FluxError('invalid', `unsupported HTTP method "${method}"`);
  const url = checkHttpUrl(a.secretText('url'));
  for (const [k, v] of stringPairs(a.opt('params', 'dict'), 'params')) {
    if (v.kind !== 'array') throw typeError('params values must be arrays of strings');
    for (const x of v.items) {
      if (x.kind !== 'string') throw typeError('params values must be arrays of strings');
      url.searchParams.append(k, x.v);
    }
  }
  const headers = stringPairs(a.opt('headers', 'dict'), 'headers').map(([k, v, shown]): [string, string] => {
    if (v.kind !== 'string') throw new FluxError('invalid', `header value "${shown}" must be a string`);
    return [k, v.v];
  });
  const config = a.opt('config', 'record') ?? (a.run.options.get(`${PATH}.defaultConfig`) as RecordValue | undefined) ?? defaultConfig;
  const timeout = config.fields.get('timeout');
  if (config.fields.get('insecureSkipVerify')?.kind === 'bool' && (config.fields.get('insecureSkipVerify') as { v: boolean }).v) {
    throw new FluxError('invalid', 'insecureSkipVerify is not supported by Strongroom');
  }
  const timeoutMs = timeout?.kind === 'duration' ? Number(durationNanos(timeout) / 1_000_000n) : 0;
  const res = await sendRequest(a.run, { method, url: url.toString(), headers, body: a.opt('body', 'bytes')?.v, timeoutMs });
  return record([
    ['statusCode', int(BigInt(res.status))],
    ['body', bytes(res.body)],
    ['headers', dict(res.headers.map(([k, v]) => [str(k), str(v)] as [Value, Value]))],
    ['duration', duration(0n, res.durationNs, false)],
  ]);
}

const SIG = '(url: string, ?params: [string:[string]], ?headers: [string:string], ?body: bytes, ?config: {timeout: duration, insecureSkipVerify: bool}) => {statusCode: int, body: bytes, headers: [string:string], duration: duration}';

export const requestsPackage: FluxPackage = {
  path: PATH,
  members: [
    ['defaultConfig', defaultConfig],
    builtin('do', SIG.replace('(url', '(method: string, url'), (a) => doRequest(a, a.text('method').toUpperCase()), { sideEffect: true }),
    builtin('get', SIG, (a) => doRequest(a, 'GET'), { sideEffect: true }),
    builtin('post', SIG, (a) => doRequest(a, 'POST'), { sideEffect: true }),
    builtin('peek', '(response: {statusCode: int, body: bytes, headers: [string:string], duration: duration}) => stream[A]', (a) => {
      const r = a.get('response', 'record');
      const field = (k: string) => {
        const v = r.fields.get(k);
        if (!v) throw typeError(`response is missing ${k}`);
        return v;
      };
      const body = field('body');
      const dur = field('duration');
      return stream([tableFromRecords([record([
        ['statusCode', field('statusCode')],
        ['body', body.kind === 'bytes' ? str(Buffer.from(body.v).toString('utf8'), body.secret) : body],
        ['headers', str(display(field('headers')))],
        ['duration', dur.kind === 'duration' ? int(durationNanos(dur)) : dur],
      ])], [])]);
    }),
  ],
};
