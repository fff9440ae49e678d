/**
 * Our parser against the official one (`@influxdata/flux-lsp-browser@0.8.40`, Flux v0.193) on
 * every script in `corpus/`: the trees must be identical once locations, comments and metadata
 * are stripped (the oracle's own normalisation), and both must agree on whether the script has
 * syntax errors. Error messages are part of the trees, so they are compared too. A second,
 * stricter comparison keeps locations and comments.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { parse, syntaxErrors } from "../../src/flux/parser.js";
import { createFluxOracle, type FluxOracle, hasSyntaxError, loadFluxOracle, normalizeAst } from "./oracle.js";

const corpusDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "corpus");
const corpus = readdirSync(corpusDir)
  .filter((f) => f.endsWith(".flux"))
  .sort();

/**
 * Scripts where we deliberately do not match the official parser. Each entry says why and
 * what we check instead; the test also verifies the official parser still behaves as described,
 * so a stale entry fails.
 */
const KNOWN_DIFFERENCES: ReadonlyArray<{ file: string; reason: string }> = [
  {
    file: "bad-param-literal.flux",
    reason:
      "the official parser panics (wasm `unreachable`) on a literal where a parameter name belongs, " +
      "`(a, 1) => a`; we record a syntax error and go on",
  },
];
const knownDifference = new Map(KNOWN_DIFFERENCES.map((d) => [d.file, d.reason]));

describe("Flux parser matches the official parser on the corpus", () => {
  let oracle: FluxOracle;
  before(async () => {
    oracle = await loadFluxOracle();
  });

  it("has a corpus of at least 200 scripts", () => {
    assert.ok(corpus.length >= 200, `only ${corpus.length} scripts in ${corpusDir}`);
  });

  for (const file of corpus) {
    const reason = knownDifference.get(file);
    if (reason !== undefined) {
      it(`${file} (known difference: ${reason})`, async () => {
        const source = readFileSync(path.join(corpusDir, file), "utf8");
        // A fresh instance, since a panic can leave the shared one unusable.
        const isolated = await createFluxOracle();
        assert.throws(() => isolated.parse(source), /unreachable/, "the official parser no longer panics: remove this entry");
        assert.ok(syntaxErrors(parse(source)).length > 0, "we should report a syntax error");
      });
      continue;
    }
    it(file, () => {
      const source = readFileSync(path.join(corpusDir, file), "utf8");
      const official = oracle.parse(source);
      const ours = parse(source);
      assert.deepStrictEqual(normalizeAst(ours), normalizeAst(official));
      // Stricter: positions and comment placement match too (we do not copy `source` text).
      assert.deepStrictEqual(withoutSourceText(ours), withoutSourceText(official), "locations or comments differ");
      const officialRejects = hasSyntaxError(official);
      assert.equal(syntaxErrors(ours).length > 0, officialRejects, officialRejects ? "official parser rejects it" : "official parser accepts it");
    });
  }
});

/**
 * The tree as JSON data without `location.source` (our parser does not copy source text into
 * every node) and `metadata`. An empty file has no location in the official output.
 */
function withoutSourceText(ast: unknown): unknown {
  const data = JSON.parse(JSON.stringify(ast, (key, value: unknown) => (key === "source" || key === "metadata" ? undefined : value)));
  const file = data as { body: unknown[]; imports: unknown[]; package: unknown; location?: unknown };
  if (file.body.length === 0 && file.imports.length === 0 && file.package === null) delete file.location;
  return data;
}
