/**
 * `influxdata/influxdb/secrets`: reads the org's secret store. The value comes back tainted so
 * it is masked wherever it would leave the run, and is remembered for the output scrubber.
 */
import { str } from '../interpreter/values.js';
import type { FluxPackage } from './builtin.js';
import { builtin } from './builtin.js';

export const secretsPackage: FluxPackage = {
  path: 'influxdata/influxdb/secrets',
  members: [
    builtin('get', '(key: string) => string', async (a) => {
      const key = a.text('key');
      a.run.checkNow();
      // The store's errors ("secret not found", "... is unauthorized") keep their codes.
      const value = await a.run.secrets.get(key);
      a.run.secretKeysRead.add(key);
      if (value !== '') a.run.secretValues.add(value);
      return str(value, true);
    }),
  ],
};
