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
  const found: FluxSyntaxError[] = [];
  // Iterative walk: trees from hostile input can be deep.
  const stack: unknown[] = [file];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push(value[i]);
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    const node = value as Record<string, unknown>;
    const start = (node.location as { start?: { line: number; column: number } } | undefined)?.start;
    const at = { line: start?.line ?? 0, column: start?.column ?? 0 };
    if (node.type === "BadStatement" || (node.type === "BadExpression" && node.text !== "")) {
      found.push({ ...at, message: describeBadNode(node) });
    }
    for (const e of (node.errors as { msg: string }[] | undefined) ?? []) {
      // The official parser's only empty message: `{a b: 1}`, where `with` was expected.
      found.push({ ...at, message: e.msg === "" ? 'expected "with" after the record to extend' : e.msg });
    }
    const children = Object.entries(node).filter(([k]) => k !== "location" && k !== "errors" && k !== "comments");
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]![1]);
  }
  return found;
}

function describeBadNode(node: Record<string, unknown>): string {
  const text = String(node.text ?? "");
  if (node.type === "BadStatement") {
    return text.includes(" ") ? text : `invalid statement: ${text}`;
  }
  return text.includes(" ") ? text : `invalid expression: ${text}`;
}
