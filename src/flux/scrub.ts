/**
 * Defence in depth for secret values: replaces every occurrence of the values a run read (and
 * their base64, URL-encoded and JSON-escaped forms) in text that leaves the run - result cells,
 * error messages, log lines. Taint tracking masks secrets on purpose; this catches what it
 * cannot see, such as a database driver echoing its DSN in an error.
 */
import { MASK } from './interpreter/format.js';

/** Values shorter than this are not scrubbed: masking every "a" in a result helps no one. */
export const MIN_SCRUB_LENGTH = 4;

export type Scrubber = (text: string) => string;

function base64Forms(value: string): string[] {
  const raw = Buffer.from(value, 'utf8');
  const out: string[] = [];
  // A secret embedded in a longer text (e.g. "user:secret" in basic auth) is encoded at one of
  // three byte alignments; keep only the characters that depend on the secret alone.
  for (let shift = 0; shift < 3; shift++) {
    const padded = Buffer.concat([Buffer.alloc(shift), raw]);
    const full = Math.floor(padded.length / 3) * 4;
    const text = padded.toString('base64').slice(0, full);
    const start = shift === 0 ? 0 : shift === 1 ? 2 : 3;
    const core = text.slice(start);
    if (core.length >= MIN_SCRUB_LENGTH) {
      out.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  const whole = raw.toString('base64');
  out.push(whole, whole.replace(/=+$/, ''), raw.toString('base64url'));
  return out;
}

/** Every text form of `value` worth removing. */
export function secretForms(value: string): string[] {
  if (value.length < MIN_SCRUB_LENGTH) return [];
  const forms = new Set<string>([
    value,
    encodeURIComponent(value),
    encodeURIComponent(value).replace(/%20/g, '+'),
    escape(value),
    JSON.stringify(value).slice(1, -1),
    JSON.stringify(JSON.stringify(value).slice(1, -1)).slice(1, -1),
    Buffer.from(value, 'utf8').toString('hex'),
    ...base64Forms(value),
  ]);
  return [...forms].filter((f) => f.length >= MIN_SCRUB_LENGTH);
}

/** A scrubber for a set of secret values; longest forms are replaced first. */
export function createScrubber(values: Iterable<string>): Scrubber {
  const forms = [...new Set([...values].flatMap(secretForms))].sort((a, b) => b.length - a.length);
  if (forms.length === 0) return (text) => text;
  const pattern = new RegExp(forms.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
  // One search for every form. A text shorter than the shortest form cannot hold one (a
  // case-insensitive match is as long as its form), and most result cells are short.
  const shortest = forms[forms.length - 1]!.length;
  return (text) => (text.length < shortest ? text : text.replace(pattern, MASK));
}
