/** A generic pre-order walk over the data-only AST: every object with a `type` or `location`. */
export function walk(node: unknown, visit: (node: { type?: string } & Record<string, unknown>) => void): void {
  if (Array.isArray(node)) {
    for (const n of node) walk(n, visit);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const obj = node as { type?: string } & Record<string, unknown>;
  visit(obj);
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'location' || k === 'comments' || k === 'errors') continue;
    if (v && typeof v === 'object') walk(v, visit);
  }
}
