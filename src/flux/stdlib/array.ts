/** `array`: from (array of records -> one table), concat, map, filter. */
import type { RecordValue, Value } from '../interpreter/values.js';
import { array, stream } from '../interpreter/values.js';
import { tableFromRecords } from '../interpreter/table.js';
import { FluxError, typeError } from '../interpreter/errors.js';
import type { FluxPackage } from './builtin.js';
import { builtin } from './builtin.js';

export const arrayPackage: FluxPackage = {
  path: 'array',
  members: [
    builtin('from', '(<-rows: [A]) => stream[A]', (a) => {
      const rows = a.get('rows', 'array');
      if (rows.items.length === 0) throw new FluxError('invalid', 'rows must be non-empty');
      const records = rows.items.map((r) => {
        if (r.kind !== 'record') throw new FluxError('invalid', 'row data must be an array of records');
        return r;
      });
      const labels = [...records[0]!.fields.keys()].join(',');
      for (const r of records) {
        if ([...r.fields.keys()].sort().join(',') !== labels.split(',').sort().join(',')) {
          throw typeError('array.from: every record must have the same labels');
        }
      }
      a.run.addRows(records.length);
      return stream([tableFromRecords(records as RecordValue[], [])]);
    }),
    builtin('concat', '(<-arr: [A], v: [A]) => [A]', (a) => {
      const out = [...a.get('arr', 'array').items, ...a.get('v', 'array').items];
      a.run.addRows(out.length);
      return array(out);
    }),
    builtin('map', '(<-arr: [A], fn: (x: A) => B) => [B]', async (a) => {
      const fn = a.get('fn', 'function');
      const out: Value[] = [];
      for (const x of a.get('arr', 'array').items) out.push(await a.call(fn, { x }));
      a.run.addRows(out.length);
      return array(out);
    }),
    builtin('filter', '(<-arr: [A], fn: (x: A) => bool) => [A]', async (a) => {
      const fn = a.get('fn', 'function');
      const out: Value[] = [];
      for (const x of a.get('arr', 'array').items) {
        const keep = await a.call(fn, { x });
        if (keep.kind !== 'bool') throw typeError(`array.filter: fn must return a bool, got ${keep.kind}`);
        if (keep.v) out.push(x);
      }
      return array(out);
    }),
  ],
};
