/** Schedule arithmetic and task options, as pure functions on fixed times. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTaskScript, rewriteTaskOption } from '../../src/tasks/options.js';
import { MAX_CATCH_UP_RUNS, catchUpStart, checkCron, dueAt, durationMs, nextAfter, scheduleOf } from '../../src/tasks/schedule.js';

const d = (s: string) => new Date(s);
const iso = (x: Date) => x.toISOString();

test('every is aligned to the wall clock: saved at 2:30 with every 1h, it first runs at 3:00', () => {
  const s = scheduleOf({ every: '1h', cron: null, offset: null });
  assert.equal(iso(nextAfter(s, d('2026-03-01T02:30:00Z'))), '2026-03-01T03:00:00.000Z');
  assert.equal(iso(nextAfter(s, d('2026-03-01T03:00:00Z'))), '2026-03-01T04:00:00.000Z', 'strictly after');
  const tenS = scheduleOf({ every: '10s', cron: null, offset: null });
  assert.equal(iso(nextAfter(tenS, d('2026-03-01T00:00:09.999Z'))), '2026-03-01T00:00:10.000Z');
  assert.equal(iso(nextAfter(scheduleOf({ every: '1h30m', cron: null, offset: null }), d('2026-03-01T00:00:00Z'))), '2026-03-01T01:30:00.000Z');
});

test('cron is evaluated in UTC, with 5 fields or 6 (seconds first)', () => {
  const hourly = scheduleOf({ every: null, cron: '0 * * * *', offset: null });
  assert.equal(iso(nextAfter(hourly, d('2026-03-01T02:30:00Z'))), '2026-03-01T03:00:00.000Z');
  const daily = scheduleOf({ every: null, cron: '30 4 * * *', offset: null });
  assert.equal(iso(nextAfter(daily, d('2026-03-01T05:00:00Z'))), '2026-03-02T04:30:00.000Z');
  const secs = scheduleOf({ every: null, cron: '*/15 * * * * *', offset: null });
  assert.equal(iso(nextAfter(secs, d('2026-03-01T00:00:15Z'))), '2026-03-01T00:00:30.000Z');
});

test('offset delays the start, not the scheduled time', () => {
  const s = scheduleOf({ every: '1m', cron: null, offset: '10s' });
  const at = nextAfter(s, d('2026-03-01T00:00:30Z'));
  assert.equal(iso(at), '2026-03-01T00:01:00.000Z');
  assert.equal(iso(dueAt(s, at)), '2026-03-01T00:01:10.000Z');
  assert.equal(scheduleOf({ every: '1m', cron: null, offset: '-5s' }).offsetMs, -5000);
});

test('catching up after downtime is bounded to the newest MAX_CATCH_UP_RUNS runs', () => {
  const s = scheduleOf({ every: '1s', cron: null, offset: null });
  const next = d('2026-03-01T00:00:00Z');
  assert.equal(iso(catchUpStart(s, next, d('2026-03-01T00:00:50Z'))), iso(next), 'under the bound: every missed run');
  assert.equal(iso(catchUpStart(s, next, d('2026-03-01T01:00:00.500Z'))), iso(new Date(Date.parse('2026-03-01T01:00:00Z') - (MAX_CATCH_UP_RUNS - 1) * 1000)));
  const cron = scheduleOf({ every: null, cron: '*/10 * * * * *', offset: null });
  assert.equal(iso(catchUpStart(cron, next, d('2026-03-01T01:00:00Z'), 3)), '2026-03-01T00:59:40.000Z');
  assert.equal(iso(catchUpStart(cron, next, d('2026-03-01T00:00:20Z'), 3)), iso(next));
});

test('durations and cron expressions are checked with clear messages', () => {
  assert.equal(durationMs('1h30m'), 5_400_000);
  assert.equal(durationMs('-10s'), -10_000);
  assert.throws(() => durationMs('1x'), /invalid duration "1x"/);
  assert.throws(() => checkCron('* * *'), /must have 5 fields/);
  assert.throws(() => checkCron('61 * * * *'), /cron expression "61 \* \* \* \*" is invalid/);
  checkCron('0 0 * * *');
  checkCron('*/5 * * * * *');
});

test('task options: InfluxDB validation, read from the AST without running', () => {
  const bad: [string, RegExp][] = [
    ['x = 1', /no task options defined/],
    ['option task = {every: 1h}', /invalid options: name required/],
    ['option task = {name: "a", every: 1h, cron: "0 * * * *"}', /exactly one of either cron or every/],
    ['option task = {name: "a"}', /exactly one of either cron or every/],
    ['option task = {name: "a", every: 500ms}', /every option must be at least 1 second/],
    ['option task = {name: "a", every: 1500ms}', /every option must be expressible as whole seconds/],
    ['option task = {name: "a", cron: "nope"}', /cron expression "nope"/],
    ['option task = {name: "a", every: 1h', /compilation failed/],
  ];
  for (const [flux, re] of bad) assert.throws(() => parseTaskScript(flux), (e: Error & { code?: string }) => re.test(e.message) && e.code === 'invalid', flux);
  const ok = parseTaskScript('option task = {name: "a", every: 1h, offset: 10m}\nx = sideEffect()');
  assert.deepEqual([ok.options.name, ok.options.every, ok.options.offset], ['a', '1h', '10m']);
});

test('PATCH fields rewrite option task in place, keeping the rest of the script', () => {
  const flux = 'import "array"\n// héllo\noption task = {name: "a", every: 1h, retry: 2}\narray.from(rows: [{x: 1}])\n';
  assert.equal(rewriteTaskOption(flux, { cron: '0 * * * *', offset: '5m', name: 'b' }),
    'import "array"\n// héllo\noption task = {name: "b", retry: 2, cron: "0 * * * *", offset: 5m}\narray.from(rows: [{x: 1}])\n');
  assert.equal(rewriteTaskOption('option task = {name: "a", cron: "0 * * * *", offset: 5m}', { every: '2h', offset: '' }), 'option task = {name: "a", every: 2h}');
  assert.throws(() => rewriteTaskOption(flux, { every: 'soon' }), /every "soon" is not a duration/);
  assert.throws(() => rewriteTaskOption(flux, { every: '100ms' }), /at least 1 second/);
});
