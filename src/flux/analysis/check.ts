/**
 * The compile step before evaluation: finds identifiers that are never defined, so a script
 * with a typo fails as a whole (`compilation failed: error at @1:5-1:9: undefined identifier
 * "nope"`) instead of after its first side effects. Top-level statements see only names defined
 * above them (options are hoisted, as in Flux); function bodies may use any name of an enclosing
 * scope, because they run later.
 */
import type { Block, Expression, File, FunctionExpression, Statement } from '../ast.js';
import { formatLocation } from '../interpreter/errors.js';

interface Problem { at: string; message: string }

class Names {
  private readonly names = new Set<string>();
  constructor(private readonly parent?: Names) {}
  add(name: string): void { this.names.add(name); }
  has(name: string): boolean { return this.names.has(name) || (this.parent?.has(name) ?? false); }
  child(): Names { return new Names(this); }
}

export function undefinedIdentifiers(file: File, predefined: Iterable<string>): Problem[] {
  const problems: Problem[] = [];
  const universe = new Names();
  for (const n of predefined) universe.add(n);
  const top = universe.child();
  for (const imp of file.imports) top.add(imp.as?.name ?? imp.path.value.split('/').pop()!);
  for (const s of file.body) {
    if (s.type === 'OptionStatement' && s.assignment.type === 'VariableAssignment') top.add(s.assignment.id.name);
  }
  // Names assigned anywhere at the top level, for references from inside function bodies.
  const later = top.child();
  for (const s of file.body) if (s.type === 'VariableAssignment') later.add(s.id.name);

  const ref = (name: string, names: Names, node: { location: Parameters<typeof formatLocation>[0] }) => {
    if (!names.has(name)) problems.push({ at: formatLocation(node.location), message: `undefined identifier "${name}"` });
  };

  function expr(e: Expression | null | undefined, names: Names, inFunction: boolean): void {
    if (!e) return;
    switch (e.type) {
      case 'Identifier': ref(e.name, names, e); return;
      case 'ArrayExpression': e.elements.forEach((x) => expr(x, names, inFunction)); return;
      case 'DictExpression': e.elements.forEach((x) => { expr(x.key, names, inFunction); expr(x.val, names, inFunction); }); return;
      case 'FunctionExpression': fn(e, names); return;
      case 'LogicalExpression': case 'BinaryExpression': expr(e.left, names, inFunction); expr(e.right, names, inFunction); return;
      case 'ObjectExpression':
        if (e.with) ref(e.with.name, names, e.with);
        for (const p of e.properties) {
          if (p.value === null) { if (p.key.type === 'Identifier') ref(p.key.name, names, p.key); } else expr(p.value, names, inFunction);
        }
        return;
      case 'MemberExpression': expr(e.object, names, inFunction); return;
      case 'IndexExpression': expr(e.array, names, inFunction); expr(e.index, names, inFunction); return;
      case 'UnaryExpression': expr(e.argument, names, inFunction); return;
      case 'PipeExpression': expr(e.argument, names, inFunction); call(e.call, names, inFunction); return;
      case 'CallExpression': call(e, names, inFunction); return;
      case 'ConditionalExpression': expr(e.test, names, inFunction); expr(e.consequent, names, inFunction); expr(e.alternate, names, inFunction); return;
      case 'StringExpression': for (const p of e.parts) if (p.type === 'InterpolatedPart') expr(p.expression, names, inFunction); return;
      case 'ParenExpression': expr(e.expression, names, inFunction); return;
      case 'BadExpression': expr(e.expression, names, inFunction); return;
      default: return;
    }
  }

  function call(c: { callee: Expression; arguments?: Expression[] }, names: Names, inFunction: boolean): void {
    expr(c.callee, names, inFunction);
    for (const a of c.arguments ?? []) expr(a, names, inFunction);
  }

  function fn(f: FunctionExpression, outer: Names): void {
    // A body runs after the whole file is evaluated, so later top-level names are visible.
    const names = (outer === top ? later : outer).child();
    for (const p of f.params) {
      if (p.value && p.value.type !== 'PipeLiteral') expr(p.value, names, true);
      if (p.key.type === 'Identifier') names.add(p.key.name);
    }
    if (f.body.type === 'Block') block(f.body, names);
    else expr(f.body, names, true);
  }

  function block(b: Block, outer: Names): void {
    const names = outer.child();
    for (const s of b.body) statement(s, names, true);
  }

  function statement(s: Statement, names: Names, inFunction: boolean): void {
    switch (s.type) {
      case 'VariableAssignment': expr(s.init, names, inFunction); names.add(s.id.name); return;
      case 'ExpressionStatement': expr(s.expression, names, inFunction); return;
      case 'ReturnStatement': expr(s.argument, names, inFunction); return;
      case 'OptionStatement':
        if (s.assignment.type === 'VariableAssignment') expr(s.assignment.init, names, inFunction);
        else { expr(s.assignment.member.object, names, inFunction); expr(s.assignment.init, names, inFunction); }
        return;
      default: return;
    }
  }

  for (const s of file.body) statement(s, top, false);
  return problems;
}

/** `compilation failed: error at @1:5-1:9: undefined identifier "nope"; ...`, or undefined. */
export function compileErrorMessage(file: File, predefined: Iterable<string>): string | undefined {
  const problems = undefinedIdentifiers(file, predefined);
  if (problems.length === 0) return undefined;
  return `compilation failed: ${problems.map((p) => `error at @${p.at}: ${p.message}`).join('; ')}`;
}
