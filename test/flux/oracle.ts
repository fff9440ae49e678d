/**
 * The official Flux parser as a test oracle: `@influxdata/flux-lsp-browser@0.8.40` (Flux v0.193,
 * MIT) compiled to WebAssembly. Dev/test only — never imported from src/.
 *
 * The package is a wasm-bindgen "bundler" build: its glue module does
 * `import * as wasm from './x_bg.wasm'`, which Node cannot import, and the wasm in turn imports
 * functions from the glue (a cycle). We break the cycle by rewriting that import into a
 * late-bound variable, loading the glue from a data: URL, instantiating the wasm with the glue's
 * exports as its imports, and then handing the instance back to the glue.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/** The subset of the package's exports the tests use. */
export interface FluxOracle {
  /** Parses Flux source into the official JSON AST; never throws (errors sit on nodes). */
  parse(source: string): unknown;
}

const WASM_IMPORT = /^import \* as wasm from ['"][^'"]+['"];?[ \t]*$/m;
// Newer glue caches typed-array views of wasm memory at module top level, which would run
// before the instance exists; those lines are moved into the bind function.
const EAGER_MEMORY_VIEW = /^(cached\w+Memory0 = new \w+\(wasm\.memory\.buffer\);)[ \t]*$/gm;

/** The few WebAssembly APIs used (the project's `lib` setting does not declare them). */
interface WasmApi {
  compile(bytes: Uint8Array): Promise<object>;
  Module: { imports(module: object): Array<{ module: string; name: string }> };
  instantiate(module: object, imports: Record<string, Record<string, unknown>>): Promise<{ exports: object }>;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

async function loadBindgenModule(gluePath: string, wasmPath: string): Promise<Record<string, unknown>> {
  let glue = readFileSync(gluePath, "utf8");
  if (!WASM_IMPORT.test(glue)) throw new Error(`no wasm import found in ${gluePath}`);
  const deferred: string[] = [];
  glue = glue.replace(EAGER_MEMORY_VIEW, (line) => {
    deferred.push(line);
    return "";
  });
  glue = glue.replace(WASM_IMPORT, "let wasm;");
  glue += `\nexport function __bindWasm(instanceExports) {\n  wasm = instanceExports;\n  ${deferred.join("\n  ")}\n}\n`;

  const url = `data:text/javascript;base64,${Buffer.from(glue).toString("base64")}`;
  const glueModule = (await import(url)) as Record<string, unknown>;
  const wasmModule = await wasmApi.compile(readFileSync(wasmPath));
  const imports: Record<string, Record<string, unknown>> = {};
  for (const imp of wasmApi.Module.imports(wasmModule)) {
    const fn = glueModule[imp.name];
    if (typeof fn !== "function") throw new Error(`glue lacks wasm import ${imp.name}`);
    (imports[imp.module] ??= {})[imp.name] = fn;
  }
  const instance = await wasmApi.instantiate(wasmModule, imports);
  (glueModule.__bindWasm as (e: object) => void)(instance.exports);
  return glueModule;
}

/**
 * A new, independent instance of the official parser (~50 ms). Use one for inputs that make it
 * panic: a wasm trap can leave an instance unusable.
 */
export async function createFluxOracle(): Promise<FluxOracle> {
  const require = createRequire(import.meta.url);
  const pkgDir = path.dirname(require.resolve("@influxdata/flux-lsp-browser/package.json"));
  const mod = await loadBindgenModule(
    path.join(pkgDir, "flux-lsp-browser_bg.js"),
    path.join(pkgDir, "flux-lsp-browser_bg.wasm"),
  );
  const parse = mod.parse as (source: string) => unknown;
  return { parse: (source) => parse(source) };
}

let shared: Promise<FluxOracle> | undefined;

/** The process-wide shared instance, loaded on first use. */
export function loadFluxOracle(): Promise<FluxOracle> {
  shared ??= createFluxOracle();
  return shared;
}

const NON_STRUCTURAL_KEYS = new Set(["location", "comments", "metadata"]);

/**
 * Drops `location`, `comments` and `metadata` so trees compare structurally — exactly what the
 * spec's oracle does. Other comment lists (`lparen`, `comma`, ...) are kept, as there.
 */
export function normalizeAst(ast: unknown): unknown {
  return JSON.parse(JSON.stringify(ast, (key, value: unknown) => (NON_STRUCTURAL_KEYS.has(key) ? undefined : value)));
}

/**
 * Whether a tree (ours or the official one) records a syntax error: an `errors` list anywhere,
 * or a BadStatement / BadExpression node (the official parser does not always add an error
 * message next to those).
 */
export function hasSyntaxError(ast: unknown): boolean {
  let found = false;
  JSON.stringify(ast, (key, value: unknown) => {
    if (key === "errors" && Array.isArray(value) && value.length > 0) found = true;
    if (key === "type" && (value === "BadStatement" || value === "BadExpression")) found = true;
    return value;
  });
  return found;
}

/** Every `errors[].msg` in the tree, in document order. */
export function collectErrorMessages(ast: unknown): string[] {
  const messages: string[] = [];
  JSON.stringify(ast, (key, value: unknown) => {
    if (key === "errors" && Array.isArray(value)) {
      for (const e of value) messages.push((e as { msg: string }).msg);
    }
    return value;
  });
  return messages;
}
