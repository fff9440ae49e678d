/** Secret keys are listed in UTF-8 byte order (InfluxDB's bolt order) without encoding them. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { compareUtf8 } from '../../src/storage/kysely/secrets.js';

test('compareUtf8 orders any two strings as Buffer.compare orders their UTF-8 bytes', () => {
  // Whole code points, weighted toward the ranges where UTF-16 and UTF-8 order differ.
  const codePoint = fc.oneof(
    fc.integer({ min: 0x20, max: 0x7e }),
    fc.integer({ min: 0x80, max: 0xd7ff }),
    fc.integer({ min: 0xe000, max: 0xffff }),
    fc.integer({ min: 0x10000, max: 0x10ffff }),
  ).map((c) => String.fromCodePoint(c));
  const str = fc.array(codePoint, { maxLength: 6 }).map((cs) => cs.join(''));
  fc.assert(fc.property(str, str, (a, b) => {
    assert.equal(Math.sign(compareUtf8(a, b)), Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))), JSON.stringify([a, b]));
  }), { numRuns: 20_000 });
});

test('compareUtf8 puts U+FFFF before U+10000, unlike JavaScript string order', () => {
  assert.ok('\u{10000}' < '\uffff');
  assert.ok(compareUtf8('\uffff', '\u{10000}') < 0);
  assert.ok(compareUtf8('ab', 'abc') < 0);
  assert.equal(compareUtf8('same', 'same'), 0);
});
