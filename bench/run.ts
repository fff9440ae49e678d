/**
 * `npm run bench [-- NAME...]`: runs every bench/*.bench.ts (or the named ones: list, patch,
 * query, scale, and the scheduler / flux benchmarks owned by other parts of the project when
 * their files exist), each in its own process, one after the other. Prints a summary and
 * writes bench/results/summary.md (the tables of this run; committed) next to each
 * benchmark's JSON.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIR, type BenchResult, RESULTS_DIR, ROOT, machine, markdownTable } from './lib.js';

/** Benchmarks written elsewhere in the project, run as they are if present. */
const FOREIGN = ['scheduler.ts', 'flux-parse.ts', 'flux-runtime.ts'];

interface Entry { name: string; file: string; own: boolean }

const own: Entry[] = readdirSync(BENCH_DIR).filter((f) => f.endsWith('.bench.ts')).sort().map((f) => ({ name: f.replace(/\.bench\.ts$/, ''), file: f, own: true }));
const foreign: Entry[] = FOREIGN.filter((f) => existsSync(join(BENCH_DIR, f))).map((f) => ({ name: f.replace(/\.ts$/, ''), file: f, own: false }));
const wanted = process.argv.slice(2);
const all = [...own, ...foreign];
const unknown = wanted.filter((w) => !all.some((e) => e.name === w));
if (unknown.length) {
  process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}; available: ${all.map((e) => e.name).join(', ')}\n`);
  process.exit(2);
}
const selected = wanted.length ? all.filter((e) => wanted.includes(e.name)) : all;

function runChild(file: string): Promise<{ code: number | null; output: string; seconds: number }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(BENCH_DIR, file)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let output = '';
    child.stdout.on('data', (d: Buffer) => { output += d.toString(); process.stdout.write(d); });
    child.stderr.on('data', (d: Buffer) => { output += d.toString(); process.stderr.write(d); });
    child.on('exit', (code) => resolve({ code, output, seconds: (Date.now() - t0) / 1000 }));
  });
}

const startedAt = new Date().toISOString();
const summary: { name: string; ok: boolean; seconds: number; goals: string }[] = [];
const sections: string[] = [];
for (const e of selected) {
  process.stdout.write(`\n=== ${e.name} (bench/${e.file}) ===\n`);
  const { code, output, seconds } = await runChild(e.file);
  const jsonFile = join(RESULTS_DIR, `${e.name}.json`);
  if (e.own && code === 0 && existsSync(jsonFile)) {
    const result = JSON.parse(readFileSync(jsonFile, 'utf8')) as BenchResult;
    const withGoal = result.rows.filter((r) => r.pass !== undefined);
    summary.push({ name: e.name, ok: true, seconds, goals: `${withGoal.filter((r) => r.pass).length}/${withGoal.length} met` });
    sections.push(markdownTable(result));
  } else if (!e.own && code === 0) {
    summary.push({ name: e.name, ok: true, seconds, goals: 'see its output' });
    sections.push(`### ${e.name} (bench/${e.file}, owned elsewhere)\n\n\`\`\`\n${output.trim().split('\n').slice(-40).join('\n')}\n\`\`\`\n`);
  } else {
    summary.push({ name: e.name, ok: false, seconds, goals: `exit ${code}` });
    sections.push(`### ${e.name}: FAILED (exit ${code})\n\n\`\`\`\n${output.trim().split('\n').slice(-20).join('\n')}\n\`\`\`\n`);
  }
}

const m = machine();
const table = ['| benchmark | result | goals | time |', '|---|---|---|---|', ...summary.map((s) => `| ${s.name} | ${s.ok ? 'ok' : '**failed**'} | ${s.goals} | ${Math.round(s.seconds)} s |`)].join('\n');
const command = `npm run bench${wanted.length ? ` -- ${wanted.join(' ')}` : ''}`;
mkdirSync(RESULTS_DIR, { recursive: true });
writeFileSync(join(RESULTS_DIR, 'summary.md'), `# Benchmark results\n\n\`${command}\` — started ${startedAt} on ${m.cpus} CPUs (${m.cpuModel}), Node ${m.node}\n\n${table}\n\n${sections.join('\n')}`);
process.stdout.write(`\n${table}\n\nwrote ${join('bench', 'results', 'summary.md')}\n`);
process.exit(summary.every((s) => s.ok) ? 0 : 1);
