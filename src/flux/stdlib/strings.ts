/**
 * `strings`: Go's strings package over UTF-8. Results that are text (string or [string]) carry
 * the taint of any tainted input, so `strings.toUpper(v: secret)` is still a secret. Results that
 * are counts, indexes or predicates are plain: scripts branch on them.
 */
import type { StringValue, Value } from '../interpreter/values.js';
import { array, bool, int, str } from '../interpreter/values.js';
import { typeError } from '../interpreter/errors.js';
import type { Args, FluxPackage } from './builtin.js';
import { builtin } from './builtin.js';

const MAX_RESULT = 64 * 1024 * 1024;

/** Text result of `fn`, tainted when any string argument was. */
function textFn(name: string, signature: string, fn: (a: Args, s: (n: string) => string) => string): [string, Value] {
  return builtin(name, signature, (a) => {
    let secret = false;
    const text = (n: string) => { const v = a.get(n, 'string') as StringValue; secret ||= v.secret === true; return v.v; };
    const out = fn(a, text);
    if (out.length > MAX_RESULT) throw typeError(`strings.${name}: result longer than ${MAX_RESULT} characters`);
    return str(out, secret);
  });
}

function listFn(name: string, signature: string, fn: (a: Args, s: (n: string) => string) => string[]): [string, Value] {
  return builtin(name, signature, (a) => {
    let secret = false;
    const text = (n: string) => { const v = a.get(n, 'string') as StringValue; secret ||= v.secret === true; return v.v; };
    const out = fn(a, text);
    a.run.addRows(out.length);
    return array(out.map((s) => str(s, secret)));
  });
}

const plain = (a: Args, n: string) => a.get(n, 'string').v;
const intFn = (name: string, signature: string, fn: (a: Args) => number) =>
  builtin(name, signature, (a) => int(BigInt(fn(a))));
const boolFn = (name: string, signature: string, fn: (a: Args) => boolean) =>
  builtin(name, signature, (a) => bool(fn(a)));

const runes = (s: string) => Array.from(s);
const bytesBefore = (s: string, i: number) => (i < 0 ? -1 : Buffer.byteLength(s.slice(0, i), 'utf8'));

function trimSet(s: string, cutset: string, left: boolean, right: boolean): string {
  const set = new Set(runes(cutset));
  const r = runes(s);
  let start = 0;
  let end = r.length;
  if (left) while (start < end && set.has(r[start]!)) start++;
  if (right) while (end > start && set.has(r[end - 1]!)) end--;
  return r.slice(start, end).join('');
}

/** Go's strings.SplitN / SplitAfterN: n < 0 means all, 0 means none, else at most n parts. */
function split(s: string, sep: string, n: number, after: boolean): string[] {
  if (n === 0) return [];
  if (sep === '') {
    const r = runes(s);
    if (n < 0 || n >= r.length) return r;
    return [...r.slice(0, n - 1), r.slice(n - 1).join('')];
  }
  const out: string[] = [];
  let rest = s;
  while (n < 0 || out.length < n - 1) {
    const i = rest.indexOf(sep);
    if (i < 0) break;
    out.push(rest.slice(0, after ? i + sep.length : i));
    rest = rest.slice(i + sep.length);
  }
  out.push(rest);
  return out;
}

function title(s: string): string {
  return s.replace(/(^|[^\p{L}\p{N}_'])(\p{L})/gu, (_, pre: string, ch: string) => pre + ch.toUpperCase());
}

function oneRune(a: Args, fnName: string): string {
  const r = runes(plain(a, 'v'));
  if (r.length !== 1) throw typeError(`strings.${fnName}: v must be a single character`);
  return r[0]!;
}

export const stringsPackage: FluxPackage = {
  path: 'strings',
  members: [
    textFn('toUpper', '(v: string) => string', (_, s) => s('v').toUpperCase()),
    textFn('toLower', '(v: string) => string', (_, s) => s('v').toLowerCase()),
    textFn('toTitle', '(v: string) => string', (_, s) => s('v').toUpperCase()),
    textFn('title', '(v: string) => string', (_, s) => title(s('v'))),
    textFn('trimSpace', '(v: string) => string', (_, s) => s('v').replace(/^\s+|\s+$/gu, '')),
    textFn('trim', '(v: string, cutset: string) => string', (_, s) => trimSet(s('v'), s('cutset'), true, true)),
    textFn('trimLeft', '(v: string, cutset: string) => string', (_, s) => trimSet(s('v'), s('cutset'), true, false)),
    textFn('trimRight', '(v: string, cutset: string) => string', (_, s) => trimSet(s('v'), s('cutset'), false, true)),
    textFn('trimPrefix', '(v: string, prefix: string) => string', (_, s) => {
      const v = s('v'); const p = s('prefix');
      return p && v.startsWith(p) ? v.slice(p.length) : v;
    }),
    textFn('trimSuffix', '(v: string, suffix: string) => string', (_, s) => {
      const v = s('v'); const p = s('suffix');
      return p && v.endsWith(p) ? v.slice(0, v.length - p.length) : v;
    }),
    textFn('repeat', '(v: string, i: int) => string', (a, s) => {
      const v = s('v'); const i = a.integer('i');
      if (i < 0) throw typeError('strings.repeat: negative repeat count');
      if (v.length * i > MAX_RESULT) throw typeError(`strings.repeat: result longer than ${MAX_RESULT} characters`);
      return v.repeat(i);
    }),
    textFn('replace', '(v: string, t: string, u: string, i: int) => string', (a, s) => {
      const v = s('v'); const t = s('t'); const u = s('u'); const n = a.integer('i');
      if (n < 0) return v.split(t).join(u);
      const parts = split(v, t, n + 1, false);
      return parts.join(u);
    }),
    textFn('replaceAll', '(v: string, t: string, u: string) => string', (_, s) => {
      const v = s('v'); const t = s('t'); const u = s('u');
      return t === '' ? split(v, '', -1, false).join(u).replace(/^/, u) + u : v.split(t).join(u);
    }),
    textFn('substring', '(v: string, start: int, end: int) => string', (a, s) => {
      const r = runes(s('v'));
      const start = Math.max(0, a.integer('start'));
      const end = Math.min(r.length, a.integer('end'));
      return end <= start ? '' : r.slice(start, end).join('');
    }),
    builtin('joinStr', '(arr: [string], v: string) => string', (a) => {
      const sep = a.get('v', 'string');
      let secret = sep.secret === true;
      const parts = a.get('arr', 'array').items.map((x) => {
        if (x.kind !== 'string') throw typeError('strings.joinStr: arr must be an array of strings');
        secret ||= x.secret === true;
        return x.v;
      });
      return str(parts.join(sep.v), secret);
    }),
    listFn('split', '(v: string, t: string) => [string]', (_, s) => split(s('v'), s('t'), -1, false)),
    listFn('splitAfter', '(v: string, t: string) => [string]', (_, s) => split(s('v'), s('t'), -1, true)),
    listFn('splitN', '(v: string, t: string, i: int) => [string]', (a, s) => split(s('v'), s('t'), a.integer('i'), false)),
    listFn('splitAfterN', '(v: string, t: string, i: int) => [string]', (a, s) => split(s('v'), s('t'), a.integer('i'), true)),
    boolFn('hasPrefix', '(v: string, prefix: string) => bool', (a) => plain(a, 'v').startsWith(plain(a, 'prefix'))),
    boolFn('hasSuffix', '(v: string, suffix: string) => bool', (a) => plain(a, 'v').endsWith(plain(a, 'suffix'))),
    boolFn('containsStr', '(v: string, substr: string) => bool', (a) => plain(a, 'v').includes(plain(a, 'substr'))),
    boolFn('containsAny', '(v: string, chars: string) => bool', (a) => {
      const set = new Set(runes(plain(a, 'chars')));
      return runes(plain(a, 'v')).some((c) => set.has(c));
    }),
    boolFn('equalFold', '(v: string, t: string) => bool', (a) => plain(a, 'v').toLowerCase() === plain(a, 't').toLowerCase()),
    boolFn('isDigit', '(v: string) => bool', (a) => /^\p{Nd}$/u.test(oneRune(a, 'isDigit'))),
    boolFn('isLetter', '(v: string) => bool', (a) => /^\p{L}$/u.test(oneRune(a, 'isLetter'))),
    boolFn('isLower', '(v: string) => bool', (a) => /^\p{Ll}$/u.test(oneRune(a, 'isLower'))),
    boolFn('isUpper', '(v: string) => bool', (a) => /^\p{Lu}$/u.test(oneRune(a, 'isUpper'))),
    intFn('compare', '(v: string, t: string) => int', (a) => {
      const v = Buffer.from(plain(a, 'v')); const t = Buffer.from(plain(a, 't'));
      return Buffer.compare(v, t);
    }),
    intFn('countStr', '(v: string, substr: string) => int', (a) => {
      const v = plain(a, 'v'); const sub = plain(a, 'substr');
      return sub === '' ? runes(v).length + 1 : v.split(sub).length - 1;
    }),
    intFn('strlen', '(v: string) => int', (a) => runes(plain(a, 'v')).length),
    intFn('index', '(v: string, substr: string) => int', (a) => { const v = plain(a, 'v'); return bytesBefore(v, v.indexOf(plain(a, 'substr'))); }),
    intFn('lastIndex', '(v: string, substr: string) => int', (a) => { const v = plain(a, 'v'); return bytesBefore(v, v.lastIndexOf(plain(a, 'substr'))); }),
    intFn('indexAny', '(v: string, chars: string) => int', (a) => {
      const v = plain(a, 'v'); const set = new Set(runes(plain(a, 'chars')));
      let i = 0;
      for (const c of v) { if (set.has(c)) return Buffer.byteLength(v.slice(0, i)); i += c.length; }
      return -1;
    }),
    intFn('lastIndexAny', '(v: string, chars: string) => int', (a) => {
      const v = plain(a, 'v'); const set = new Set(runes(plain(a, 'chars')));
      let found = -1; let i = 0;
      for (const c of v) { if (set.has(c)) found = Buffer.byteLength(v.slice(0, i)); i += c.length; }
      return found;
    }),
  ],
};
