/**
 * Function values: binding named arguments to parameters (shared by builtins and functions
 * written in Flux), and building closures from FunctionExpression nodes.
 */
import type { FunctionExpression, PropertyKey } from '../ast.js';
import type { FluxFunction, ParamSpec, Value } from './values.js';
import { typeError } from './errors.js';

export function propertyName(key: PropertyKey): string {
  return key.type === 'Identifier' ? key.name : key.value;
}

export function paramsOf(node: FunctionExpression): ParamSpec[] {
  return node.params.map((p) => ({
    name: propertyName(p.key),
    pipe: p.value?.type === 'PipeLiteral',
    required: p.value === null || p.value.type === 'PipeLiteral',
  }));
}

/**
 * Checks call arguments against a function's parameters and places the piped value. Messages
 * follow Flux's type checker ("missing required argument b", "found unexpected argument c").
 */
export function bindArguments(fn: FluxFunction, args: Map<string, Value>, piped: Value | undefined): Map<string, Value> {
  if (fn.anyArguments) return args;
  // Runs once per call (per row in a filter): when every argument names a parameter (the
  // count says so), nothing is allocated; otherwise find the first stray one for the message.
  let known = 0;
  for (let i = 0; i < fn.params.length; i++) {
    const name = fn.params[i]!.name;
    if (args.has(name) && !hasParam(fn.params, name, i)) known++; // a name listed twice counts once
  }
  if (known !== args.size) {
    for (const name of args.keys()) {
      if (!hasParam(fn.params, name)) {
        const expected = fn.params.filter((p) => !args.has(p.name) && !p.pipe).map((p) => `\`${p.name}\``);
        throw typeError(`found unexpected argument ${name}` + (expected.length ? ` (expected ${expected.join(', ')})` : ''));
      }
    }
  }
  let bound = args;
  if (piped !== undefined) {
    const pipeParam = fn.params.find((p) => p.pipe);
    if (!pipeParam) throw typeError(`function "${fn.name}" does not take a pipe argument`);
    // The caller's map is left as it was.
    if (!args.has(pipeParam.name)) bound = new Map(args).set(pipeParam.name, piped);
  }
  for (const p of fn.params) {
    if (p.required && !bound.has(p.name)) {
      throw typeError(p.pipe ? `missing pipe argument (parameter ${p.name})` : `missing required argument ${p.name}`);
    }
  }
  return bound;
}

/** Whether one of the first `end` parameters is called `name`. */
function hasParam(params: ParamSpec[], name: string, end = params.length): boolean {
  for (let i = 0; i < end; i++) if (params[i]!.name === name) return true;
  return false;
}

/**
 * Parses a builtin's signature, e.g. `(<-tables: stream[A], ?name: string) => stream[A]`, into
 * parameter specs. The signature string is kept as documentation; only names, `?` (optional) and
 * `<-` (pipe) matter to the binder. Types are checked by the implementation.
 */
export function paramsFromSignature(signature: string): ParamSpec[] {
  const open = signature.indexOf('(');
  let depth = 0;
  let close = -1;
  for (let i = open; i < signature.length; i++) {
    const c = signature[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') { depth--; if (depth === 0) { close = i; break; } }
  }
  const inner = signature.slice(open + 1, close);
  const parts: string[] = [];
  let start = 0;
  depth = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) { parts.push(inner.slice(start, i)); start = i + 1; }
  }
  if (inner.trim()) parts.push(inner.slice(start));
  return parts.map((raw) => {
    const p = raw.trim();
    const pipe = p.startsWith('<-');
    const optional = p.startsWith('?') || (pipe && p.slice(2).startsWith('?'));
    const name = p.replace(/^<-/, '').replace(/^\?/, '').split(':')[0]!.trim();
    return { name, pipe, required: !optional };
  });
}
