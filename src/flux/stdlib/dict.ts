/** `dict`: get, fromList, insert, remove over dictionaries (e.g. response headers). */
import type { Value } from '../interpreter/values.js';
import { dict, dictKey } from '../interpreter/values.js';
import { typeError } from '../interpreter/errors.js';
import type { FluxPackage } from './builtin.js';
import { builtin } from './builtin.js';

export const dictPackage: FluxPackage = {
  path: 'dict',
  members: [
    builtin('get', '(dict: [K:V], key: K, default: V) => V', (a) => {
      const hit = a.get('dict', 'dict').entries.get(dictKey(a.value('key')));
      return hit ? hit[1] : a.value('default');
    }),
    builtin('fromList', '(pairs: [{key: K, value: V}]) => [K:V]', (a) => dict(a.get('pairs', 'array').items.map((p): [Value, Value] => {
      if (p.kind !== 'record' || !p.fields.has('key') || !p.fields.has('value')) throw typeError('dict.fromList: pairs must be records {key, value}');
      return [p.fields.get('key')!, p.fields.get('value')!];
    }))),
    builtin('insert', '(dict: [K:V], key: K, value: V) => [K:V]', (a) => {
      const d = a.get('dict', 'dict');
      return dict([...d.entries.values(), [a.value('key'), a.value('value')]]);
    }),
    builtin('remove', '(dict: [K:V], key: K) => [K:V]', (a) => {
      const d = a.get('dict', 'dict');
      const k = dictKey(a.value('key'));
      return dict([...d.entries].filter(([id]) => id !== k).map(([, pair]) => pair));
    }),
  ],
};
