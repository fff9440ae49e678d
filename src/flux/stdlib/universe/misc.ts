/** Universe helpers that are not transformations: length, contains, display, die, now, from. */
import type { Value } from '../../interpreter/values.js';
import { FALSE, TRUE, bool, int, isSecret, str, time } from '../../interpreter/values.js';
import type { RunContext } from '../../interpreter/context.js';
import { FluxError, typeError } from '../../interpreter/errors.js';
import { valuesEqual } from '../../interpreter/compare.js';
import { MASK, display } from '../../interpreter/format.js';
import { builtin } from '../builtin.js';

/** The run's `now`: `option now = () => ...` if the script set it, else the run's start time. */
export async function currentTime(run: RunContext): Promise<bigint> {
  const opt = run.options.get('now');
  if (opt?.kind === 'function') {
    const t = await run.callFunction(opt, new Map());
    if (t.kind !== 'time') throw typeError(`option now must return a time, got ${t.kind}`);
    return t.v;
  }
  return run.fallbackNow;
}

export const miscellaneous: [string, Value][] = [
  ['true', TRUE],
  ['false', FALSE],
  builtin('length', '(<-arr: [A]) => int', (a) => int(BigInt(a.get('arr', 'array').items.length))),
  builtin('contains', '(value: A, set: [A]) => bool', (a) => {
    const v = a.value('value');
    return bool(a.get('set', 'array').items.some((x) => valuesEqual(x, v)));
  }),
  builtin('display', '(v: A) => string', (a) => {
    // display() output is for people: secrets are masked here, and the line goes to the run log.
    const text = display(a.value('v'));
    a.run.log(text);
    return str(text);
  }),
  builtin('die', '(msg: string) => A', (a) => {
    const msg = a.get('msg', 'string');
    throw new FluxError('invalid', isSecret(msg) ? MASK : msg.v);
  }),
  builtin('now', '() => time', async (a) => time(await currentTime(a.run))),
  builtin('from', '(?bucket: string, ?bucketID: string, ?org: string, ?orgID: string, ?host: string, ?token: string) => stream[A]', () => {
    throw new FluxError('invalid',
      'Strongroom stores no time series, so there is no bucket to read from; read data with sql.from(), array.from() or requests.get()');
  }),
];
