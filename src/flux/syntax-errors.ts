import type { File } from "./ast.js";

/** One syntax error with the 1-based position of the node it was recorded on. */
export interface FluxSyntaxError {
  line: number;
  column: number;
  message: string;
}

/**
 * Every syntax error in a parsed file, in document order: the `errors` recorded on nodes, plus
 * BadStatement / BadExpression nodes (which stand for text that could not be parsed). An empty
 * list means the file is syntactically valid.
 */
export function syntaxErrors(file: File): FluxSyntaxError[] {
  return syntaxErrorsAndDepth(file).errors;
}

/**
 * syntaxErrors, and the tree's depth as measureTree (analysis/depth.ts) counts it, in one walk:
 * every run asks both of its script.
 */
export function syntaxErrorsAndDepth(file: File): { errors: FluxSyntaxError[]; depth: number } {
  const found: FluxSyntaxError[] = [];
  let depth = 0;
  // Iterative walk: trees from hostile input can be deep. Two parallel stacks (value, and the
  // depth of the node holding it) rather than a tuple per entry.
  const stack: unknown[] = [file];
  const levels: number[] = [0];
  while (stack.length > 0) {
    const value = stack.pop();
    const level = levels.pop()!;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) { stack.push(value[i]); levels.push(level); }
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    const node = value as Record<string, unknown>;
    const here = typeof node.type === "string" ? level + 1 : level;
    if (here > depth) depth = here;
    const bad = node.type === "BadStatement" || (node.type === "BadExpression" && node.text !== "");
    const errors = node.errors as { msg: string }[] | undefined;
    if (bad || (errors !== undefined && errors.length > 0)) {
      const start = (node.location as { start?: { line: number; column: number } } | undefined)?.start;
      const at = { line: start?.line ?? 0, column: start?.column ?? 0 };
      if (bad) found.push({ ...at, message: describeBadNode(node) });
      for (const e of errors ?? []) {
        // The official parser's only empty message: `{a b: 1}`, where `with` was expected.
        found.push({ ...at, message: e.msg === "" ? 'expected "with" after the record to extend' : e.msg });
      }
    }
    // Children in reverse so errors come out in document order; this walk runs on every query,
    // so it visits only object-valued fields and allocates nothing per node.
    const keys = Object.keys(node);
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i]!;
      if (k === "location" || k === "errors" || k === "comments") continue;
      const child = node[k];
      if (child !== null && typeof child === "object") { stack.push(child); levels.push(here); }
    }
  }
  return { errors: found, depth };
}

function describeBadNode(node: Record<string, unknown>): string {
  const text = String(node.text ?? "");
  if (node.type === "BadStatement") {
    return text.includes(" ") ? text : `invalid statement: ${text}`;
  }
  return text.includes(" ") ? text : `invalid expression: ${text}`;
}
