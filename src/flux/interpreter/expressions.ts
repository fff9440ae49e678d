/**
 * Expressions that make no function call, evaluated synchronously. Most per-row work (a
 * filter's predicate, a map's record) is such an expression; evaluating it without a promise
 * per node is what makes a table pipeline cheap. The evaluator sends every call-free node here
 * and keeps its own async path for nodes that contain calls; both use the steps below, so an
 * operator means the same thing on either path.
 */
import type {
  ArrayExpression, Block, DateTimeLiteral, DurationLiteral, Expression, FloatLiteral, FunctionBody, FunctionExpression,
  IndexExpression, IntegerLiteral, InterpolatedPart, LogicalExpression, MemberExpression, ObjectExpression,
  SourceLocation, StringLiteral, UnaryExpression, UnsignedIntegerLiteral,
} from '../ast.js';
import type { FunctionValue, RecordValue, Value } from './values.js';
import { NULL, array, bool, dict, float, int, isSecret, record, str, time, uint } from './values.js';
import type { RunContext } from './context.js';
import { atLocation, typeError } from './errors.js';
import type { Scope } from './scope.js';
import { binaryOp, logicalNot, unaryMinus, unaryPlus } from './operators.js';
import { stringify } from './format.js';
import { durationFromParts, parseTime } from './time.js';
import { compileRegexp } from './regexp.js';
import { propertyName } from './functions.js';

const callFreeNodes = new WeakMap<object, boolean>();

/**
 * True when evaluating `node` calls no function (creating one is fine). Composite nodes are
 * cached: a callback's body is asked once per row. Leaves and calls are answered by their type,
 * so a script's top-level calls fill no cache.
 */
export function isCallFree(node: Expression): boolean {
  switch (node.type) {
    case 'CallExpression': case 'PipeExpression': return false;
    case 'Identifier': case 'StringLiteral': case 'IntegerLiteral': case 'FloatLiteral': case 'BooleanLiteral':
    case 'FunctionExpression':
      return true;
  }
  let known = callFreeNodes.get(node);
  if (known === undefined) {
    known = computeCallFree(node);
    callFreeNodes.set(node, known);
  }
  return known;
}

function computeCallFree(node: Expression): boolean {
  switch (node.type) {
    case 'ParenExpression': return isCallFree(node.expression);
    case 'StringExpression': return node.parts.every((p) => p.type === 'TextPart' || isCallFree(p.expression));
    case 'ArrayExpression': return node.elements.every(isCallFree);
    case 'DictExpression': return node.elements.every((e) => isCallFree(e.key) && isCallFree(e.val));
    case 'ObjectExpression': return node.properties.every((p) => p.value === null || isCallFree(p.value));
    case 'MemberExpression': return isCallFree(node.object);
    case 'IndexExpression': return isCallFree(node.array) && isCallFree(node.index);
    case 'BinaryExpression': case 'LogicalExpression': return isCallFree(node.left) && isCallFree(node.right);
    case 'UnaryExpression': return isCallFree(node.argument);
    case 'ConditionalExpression': return isCallFree(node.test) && isCallFree(node.consequent) && isCallFree(node.alternate);
    default: return true; // literals, identifiers, function literals, and nodes that only throw
  }
}

/**
 * A function body that can run synchronously: a call-free expression, or a block of
 * assignments and returns of call-free expressions.
 */
export function isCallFreeBody(body: FunctionBody): boolean {
  if (body.type !== 'Block') return isCallFree(body);
  return body.body.every((s) => (s.type === 'VariableAssignment' && isCallFree(s.init)) || (s.type === 'ReturnStatement' && isCallFree(s.argument)));
}

// Steps shared with the async path, one per operation that follows evaluating the operands.

export function lookupIdentifier(scope: Scope, name: string, location: SourceLocation | undefined): Value {
  const v = scope.lookup(name);
  if (v === undefined) throw atLocation(typeError(`undefined identifier "${name}"`), location);
  return v;
}

export function appendPart(out: string, part: InterpolatedPart, v: Value): string {
  try { return out + stringify(v); } catch (e) { throw atLocation(e, part.location); }
}

export function finishArray(node: ArrayExpression, items: Value[], run: RunContext): Value {
  const first = items.find((v) => v.kind !== 'null');
  const odd = first && items.find((v) => v.kind !== 'null' && v.kind !== first.kind);
  if (first && odd) throw atLocation(typeError(`expected ${first.kind} but found ${odd.kind} (array elements must have one type)`), node.location);
  run.addRows(items.length);
  return array(items);
}

export function memberOf(node: MemberExpression, obj: Value): Value {
  const label = propertyName(node.property);
  if (obj.kind === 'null') return NULL;
  if (obj.kind !== 'record') throw atLocation(typeError(`cannot access property "${label}" of ${obj.kind}`), node.location);
  const v = obj.fields.get(label);
  if (v !== undefined) return v;
  if (obj.open) return NULL;
  if (obj.pkg) throw atLocation(typeError(`package "${obj.pkg}" has no member "${label}" in Strongroom`), node.location);
  throw atLocation(typeError(`record is missing label ${label}`), node.location);
}

export function elementOf(node: IndexExpression, arr: Value, idx: Value): Value {
  if (arr.kind !== 'array') throw atLocation(typeError(`cannot index into ${arr.kind}`), node.location);
  if (idx.kind !== 'int') throw atLocation(typeError(`array index must be int, got ${idx.kind}`), node.location);
  const i = Number(idx.v);
  if (i < 0 || i >= arr.items.length) {
    const shown = isSecret(idx) ? '***' : String(i);
    throw atLocation(typeError(`cannot access element ${shown} of array of length ${arr.items.length}`), node.location);
  }
  return arr.items[i]!;
}

export function unary(node: UnaryExpression, v: Value): Value {
  try {
    switch (node.operator) {
      case '-': return unaryMinus(v);
      case '+': return unaryPlus(v);
      case 'not': return logicalNot(v);
      case 'exists': return bool(v.kind !== 'null');
    }
  } catch (e) { throw atLocation(e, node.location); }
  throw atLocation(typeError(`unsupported expression ${node.type}`), node.location);
}

export function checkLogicalOperand(v: Value, at: SourceLocation | undefined): void {
  if (v.kind !== 'bool' && v.kind !== 'null') throw atLocation(typeError(`expected bool but found ${v.kind}`), at);
}

/** Three-valued logic with short-circuit: false and _ = false, true or _ = true. */
export function logicalShortCircuits(node: LogicalExpression, a: Value): boolean {
  checkLogicalOperand(a, node.left.location);
  return a.kind === 'bool' && a.v === (node.operator === 'or');
}

export function logicalResult(node: LogicalExpression, a: Value, b: Value): Value {
  checkLogicalOperand(b, node.right.location);
  if (b.kind === 'bool' && b.v === (node.operator === 'or')) return b;
  if (a.kind === 'null' || b.kind === 'null') return NULL;
  return b;
}

export function conditionHolds(test: Value, node: Expression): boolean {
  if (test.kind !== 'null' && test.kind !== 'bool') throw atLocation(typeError(`expected bool but found ${test.kind}`), node.location);
  return test.kind === 'bool' && test.v;
}

/** The record a `with` literal extends; undefined for a literal without `with`. */
export function recordBase(node: ObjectExpression, scope: Scope): RecordValue | undefined {
  if (!node.with) return undefined;
  const base = scope.lookup(node.with.name);
  if (base === undefined) throw atLocation(typeError(`undefined identifier "${node.with.name}"`), node.with.location);
  if (base.kind !== 'record') throw atLocation(typeError(`cannot extend ${base.kind} with "with": a record is required`), node.with.location);
  return base;
}

/** The fields a record literal starts from: a copy of its `with` record's, or none. */
export function baseFields(base: RecordValue | undefined): Map<string, Value> {
  return base ? new Map(base.fields) : new Map();
}

/** Evaluates call-free expressions; `closure` builds function values for function literals. */
export class CallFreeEvaluator {
  private readonly literals = new Map<Expression, Value>();

  constructor(private readonly run: RunContext, private readonly closure: (node: FunctionExpression, scope: Scope) => FunctionValue) {}

  eval(node: Expression, scope: Scope): Value {
    switch (node.type) {
      case 'IntegerLiteral': case 'UnsignedIntegerLiteral': case 'FloatLiteral': case 'StringLiteral':
      case 'DurationLiteral': case 'DateTimeLiteral': {
        // Values are immutable: a literal in a callback is built once per run, not once per row.
        let v = this.literals.get(node);
        if (v === undefined) this.literals.set(node, (v = this.literal(node)));
        return v;
      }
      case 'BooleanLiteral': return bool(node.value);
      case 'RegexpLiteral':
        try { return compileRegexp(node.value); } catch (e) { throw atLocation(e, node.location); }
      case 'PipeLiteral':
        throw atLocation(typeError('<- may only be used as a parameter default'), node.location);
      case 'Identifier': return lookupIdentifier(scope, node.name, node.location);
      case 'ParenExpression': return this.eval(node.expression, scope);
      case 'StringExpression': {
        let out = '';
        let secret = false;
        for (const part of node.parts) {
          if (part.type === 'TextPart') { out += part.value; continue; }
          const v = this.eval(part.expression, scope);
          out = appendPart(out, part, v);
          secret ||= isSecret(v);
        }
        return str(out, secret);
      }
      case 'ArrayExpression': return finishArray(node, node.elements.map((el) => this.eval(el, scope)), this.run);
      case 'DictExpression': return dict(node.elements.map((el) => [this.eval(el.key, scope), this.eval(el.val, scope)] as [Value, Value]));
      case 'ObjectExpression': return this.record(node, scope);
      case 'MemberExpression': return memberOf(node, this.eval(node.object, scope));
      case 'IndexExpression': {
        const arr = this.eval(node.array, scope);
        return elementOf(node, arr, this.eval(node.index, scope));
      }
      case 'BinaryExpression': {
        const a = this.eval(node.left, scope);
        const b = this.eval(node.right, scope);
        try { return binaryOp(node.operator, a, b); } catch (e) { throw atLocation(e, node.location); }
      }
      case 'UnaryExpression': return unary(node, this.eval(node.argument, scope));
      case 'LogicalExpression': {
        const a = this.eval(node.left, scope);
        if (logicalShortCircuits(node, a)) return a;
        return logicalResult(node, a, this.eval(node.right, scope));
      }
      case 'ConditionalExpression':
        return this.eval(conditionHolds(this.eval(node.test, scope), node.test) ? node.consequent : node.alternate, scope);
      case 'FunctionExpression': return this.closure(node, scope);
      case 'BadExpression':
        throw atLocation(typeError(`invalid expression: ${node.text}`), node.location);
    }
    throw atLocation(typeError(`unsupported expression ${(node as { type: string }).type}`), (node as Expression).location);
  }

  private literal(node: IntegerLiteral | UnsignedIntegerLiteral | FloatLiteral | StringLiteral | DurationLiteral | DateTimeLiteral): Value {
    switch (node.type) {
      case 'IntegerLiteral': return int(BigInt(node.value));
      case 'UnsignedIntegerLiteral': return uint(BigInt(node.value));
      case 'FloatLiteral': return float(node.value);
      case 'StringLiteral': return str(node.value);
      case 'DurationLiteral': return durationFromParts(node.values);
      case 'DateTimeLiteral': {
        const t = parseTime(node.value);
        if (t === null) throw atLocation(typeError(`invalid date time literal ${node.value}`), node.location);
        return time(t);
      }
    }
  }

  private record(node: ObjectExpression, scope: Scope): RecordValue {
    const base = recordBase(node, scope);
    const fields = baseFields(base);
    for (const p of node.properties) {
      const name = propertyName(p.key);
      fields.set(name, p.value === null ? lookupIdentifier(scope, name, p.key.location) : this.eval(p.value, scope));
    }
    return record(fields, base?.open === true);
  }

  /** A function body that passed isCallFreeBody, in `scope` (already holding the arguments). */
  body(body: FunctionBody, scope: Scope): Value {
    if (body.type !== 'Block') return this.eval(body, scope);
    return this.block(body, scope.child());
  }

  private block(block: Block, inner: Scope): Value {
    for (const stmt of block.body) {
      this.run.checkpoint();
      if (stmt.type === 'ReturnStatement') return this.eval(stmt.argument, inner);
      if (stmt.type === 'VariableAssignment') {
        const v = this.eval(stmt.init, inner);
        try { inner.define(stmt.id.name, v); } catch (e) { throw atLocation(e, stmt.location); }
      }
    }
    throw atLocation(typeError('function body block has no return statement'), block.location);
  }
}
