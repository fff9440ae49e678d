/**
 * How deep and how big a parsed tree is, measured without recursion. The parser bounds nesting
 * inside brackets, but chains it builds iteratively (`1 + 1 + ...`, `a.b.c...`, `f()()...`,
 * `x |> f() |> ...`) still nest one level per link; every recursive consumer (the evaluator, the
 * AST walkers, JSON encoding of /api/v2/query/ast) would exhaust the JS stack on a long one.
 */

/** Deepest nesting of expressions and statements a script may have; far above real scripts. */
export const MAX_TREE_DEPTH = 1000;

export const NESTED_TOO_DEEP_MESSAGE = `Program is nested too deep (more than ${MAX_TREE_DEPTH} levels of expressions)`;

/** Depth (in AST nodes, the root being 1) and node count of a data-only AST. */
export function measureTree(root: unknown): { depth: number; nodes: number } {
  let depth = 0;
  let nodes = 0;
  // Two parallel stacks instead of a tuple per entry: this walk runs on every query.
  const values: unknown[] = [root];
  const levels: number[] = [0];
  while (values.length > 0) {
    const value = values.pop();
    const level = levels.pop()!;
    if (Array.isArray(value)) {
      for (const v of value) {
        if (v !== null && typeof v === 'object') { values.push(v); levels.push(level); }
      }
      continue;
    }
    const node = value as Record<string, unknown>;
    const isNode = typeof node.type === 'string';
    const here = isNode ? level + 1 : level;
    if (isNode) {
      nodes++;
      if (here > depth) depth = here;
    }
    for (const k in node) {
      if (k === 'location' || k === 'errors' || k === 'comments') continue;
      const v = node[k];
      if (v !== null && typeof v === 'object') { values.push(v); levels.push(here); }
    }
  }
  return { depth, nodes };
}
