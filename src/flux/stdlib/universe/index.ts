/** The universe package: everything a script can use without an import. */
import type { Value } from '../../interpreter/values.js';
import type { FluxPackage } from '../builtin.js';
import { unsupported } from '../builtin.js';
import { transformations } from './transform.js';
import { aggregates } from './aggregate.js';
import { extractors } from './extract.js';
import { conversions } from './conversions.js';
import { miscellaneous } from './misc.js';

/**
 * Universe functions InfluxDB has but Strongroom does not implement. Each is registered so a
 * script that uses one fails with a clear message instead of "undefined identifier".
 */
const NOT_IMPLEMENTED = [
  'range', 'pivot', 'window', 'aggregateWindow', 'join', 'fill', 'duplicate', 'columns', 'keys', 'keyValues',
  'to', 'buckets', 'timeShift', 'truncateTimeColumn', 'derivative', 'difference', 'cumulativeSum', 'elapsed',
  'integral', 'median', 'quantile', 'mode', 'spread', 'stddev', 'skew', 'histogram', 'top', 'bottom',
  'unique', 'sample', 'movingAverage', 'exponentialMovingAverage', 'stateCount', 'stateDuration', 'increase',
  'highestMax', 'lowestMin', 'tail', 'hourSelection', 'chandeMomentumOscillator', 'holtWinters',
  'kaufmansAMA', 'relativeStrengthIndex', 'timedMovingAverage', 'doubleEMA', 'tripleEMA', 'tripleExponentialDerivative',
  'pearsonr', 'cov', 'covariance', 'lowestAverage', 'highestAverage', 'lowestCurrent', 'highestCurrent',
  'toString', 'toInt', 'toUInt', 'toFloat', 'toBool', 'toTime', 'sleep',
];

export const universe: FluxPackage = {
  path: 'universe',
  members: [
    ...transformations,
    ...aggregates,
    ...extractors,
    ...conversions,
    ...miscellaneous,
    ...NOT_IMPLEMENTED.map((n) => unsupported(n)),
  ] as [string, Value][],
};
