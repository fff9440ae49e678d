/**
 * Flux parse benchmark (not run by tests): `node --import tsx bench/flux-parse.ts [rounds]`.
 *
 * Parses every script of the oracle corpus (test/flux/corpus) plus one large generated pipeline
 * script with our parser and with the official parser (WASM, @influxdata/flux-lsp-browser), in
 * the same process, and prints the time per round of each and the ratio. The official number
 * includes serialising its AST to JSON and building the JS object, which is what callers pay.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "../src/flux/parser.js";
import { loadFluxOracle } from "../test/flux/oracle.js";

const corpusDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "../test/flux/corpus");
// The one script the official parser panics on is left out (see parser-oracle.test.ts).
const corpus = readdirSync(corpusDir)
  .filter((f) => f.endsWith(".flux") && f !== "bad-param-literal.flux")
  .map((f) => readFileSync(path.join(corpusDir, f), "utf8"));

const pipeline =
  'from(bucket: "b") |> range(start: -1h) |> filter(fn: (r) => r._measurement == "cpu" and r.host =~ /web-\\d+/)' +
  ' |> map(fn: (r) => ({r with v: r._value * 2.0, s: "x${r.host}"}))\n';
const large = pipeline.repeat(2000);

function timePerRound(rounds: number, inputs: readonly string[], parseOne: (source: string) => unknown): number {
  for (const source of inputs) parseOne(source); // warm-up
  const start = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) for (const source of inputs) parseOne(source);
  return Number(process.hrtime.bigint() - start) / 1e6 / rounds;
}

const rounds = Number(process.argv[2] ?? 5);
const oracle = await loadFluxOracle();
const suites: Array<[string, readonly string[]]> = [
  [`corpus (${corpus.length} scripts, ${(corpus.join("").length / 1024).toFixed(0)} KB)`, corpus],
  [`pipeline (2000 statements, ${(large.length / 1024).toFixed(0)} KB)`, [large]],
];
for (const [name, inputs] of suites) {
  const ours = timePerRound(rounds, inputs, parse);
  const official = timePerRound(rounds, inputs, (s) => oracle.parse(s));
  console.log(
    `${name}: ours ${ours.toFixed(1)} ms, official ${official.toFixed(1)} ms, ours/official ${(ours / official).toFixed(2)}`,
  );
}
