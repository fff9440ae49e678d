/**
 * Flux regular expressions use Go's RE2 syntax. JavaScript's engine accepts most of it; this
 * translates the parts that differ (leading `(?flags)`, `(?P<name>`, `\z`) and rejects the rest.
 */
import type { RegexpValue } from './values.js';
import { typeError } from './errors.js';

export function compileRegexp(source: string): RegexpValue {
  // RE2 has no lookaround and no backreferences; refusing them keeps Flux's meaning and rules
  // out the patterns most prone to catastrophic backtracking in JavaScript's engine.
  if (/\(\?(=|!|<=|<!)/.test(source)) throw typeError(`regexp lookaround is not supported (RE2 syntax): ${source}`);
  if (/(^|[^\\])\\[1-9]/.test(source)) throw typeError(`regexp backreferences are not supported (RE2 syntax): ${source}`);
  let pattern = source;
  let flags = '';
  const lead = /^\(\?([imsU]+)\)/.exec(pattern);
  if (lead) {
    for (const f of lead[1]!) {
      if (f === 'U') throw typeError(`regexp flag U is not supported: ${source}`);
      if (!flags.includes(f)) flags += f;
    }
    pattern = pattern.slice(lead[0].length);
  }
  pattern = pattern.replace(/\(\?P</g, '(?<').replace(/\\z/g, '$(?![\\s\\S])');
  try {
    return { kind: 'regexp', v: new RegExp(pattern, flags), source };
  } catch (e) {
    throw typeError(`invalid regular expression ${JSON.stringify(source)}: ${(e as Error).message}`);
  }
}
