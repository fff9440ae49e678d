/** `json`: encode(v) => bytes, following Go's encoding/json over Flux values (keys sorted). */
import type { Value } from '../interpreter/values.js';
import { bytes, containsSecret } from '../interpreter/values.js';
import { FluxError, typeError } from '../interpreter/errors.js';
import { formatDuration, formatTimeRFC3339Nano } from '../interpreter/time.js';
import { display, formatFloat } from '../interpreter/format.js';
import type { FluxPackage } from './builtin.js';
import { builtin } from './builtin.js';

/** JSON text of a Flux value. Taint is handled by the caller (the whole output is tainted). */
export function toJson(v: Value): string {
  switch (v.kind) {
    case 'null': return 'null';
    case 'string': return JSON.stringify(v.v);
    case 'int': case 'uint': return v.v.toString();
    case 'float':
      if (!Number.isFinite(v.v)) throw typeError('json: unsupported value: NaN or Inf');
      return formatFloat(v.v);
    case 'bool': return v.v ? 'true' : 'false';
    case 'time': return JSON.stringify(formatTimeRFC3339Nano(v.v));
    case 'duration': return JSON.stringify(formatDuration(v));
    case 'regexp': return JSON.stringify(v.source);
    case 'bytes': return JSON.stringify(Buffer.from(v.v).toString('base64'));
    case 'array': return `[${v.items.map(toJson).join(',')}]`;
    case 'record': {
      const keys = [...v.fields.keys()].sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${toJson(v.fields.get(k)!)}`).join(',')}}`;
    }
    case 'dict': {
      const pairs = [...v.entries.values()].map(([k, x]) => [display(k), x] as const).sort((p, q) => (p[0] < q[0] ? -1 : 1));
      return `{${pairs.map(([k, x]) => `${JSON.stringify(k)}:${toJson(x)}`).join(',')}}`;
    }
    case 'function': throw new FluxError('invalid', 'cannot encode a function value');
    case 'stream':
      throw new FluxError('invalid', 'got table stream instead of array. Try using tableFind() or findRecord() to extract data from stream');
  }
}

export const jsonPackage: FluxPackage = {
  path: 'json',
  members: [
    builtin('encode', '(v: A) => bytes', (a) => {
      const v = a.value('v');
      return bytes(new Uint8Array(Buffer.from(toJson(v), 'utf8')), containsSecret(v));
    }),
  ],
};
