/**
 * The tree-walking evaluator: one `evalExpr` switch over expression node types, statements run
 * in chained scopes. Every call goes through `invoke`, which binds arguments, bounds the call
 * depth, checks the time budget and wraps failures as Flux does
 * (`error calling function "get" @3:8-3:35: ...`).
 */
import type {
  Block, CallExpression, Expression, File, FunctionExpression, ObjectExpression, PipeExpression,
  SourceLocation, Statement,
} from '../ast.js';
import type { FunctionValue, RecordValue, StreamValue, Value } from './values.js';
import {
  NULL, array, bool, dict, float, fnValue, int, isSecret, record, str, time, uint,
} from './values.js';
import type { RunContext } from './context.js';
import { atLocation, callError, typeError } from './errors.js';
import { Scope } from './scope.js';
import { binaryOp, logicalNot, unaryMinus, unaryPlus } from './operators.js';
import { stringify } from './format.js';
import { durationFromParts, parseTime } from './time.js';
import { compileRegexp } from './regexp.js';
import { bindArguments, paramsOf, propertyName } from './functions.js';

/** Resolves an import path to the package's members; throws for unsupported packages. */
export type PackageLoader = (path: string, run: RunContext) => RecordValue;

/** Marks a `return` reached inside a function body block. */
class Return {
  constructor(readonly value: Value) {}
}

export interface FileOutcome {
  /** The value of the last top-level expression statement that produced a stream. */
  lastStream?: StreamValue;
}

export class Evaluator {
  /** Import alias -> package path, for `option pkg.name = ...`. */
  private readonly importPaths = new Map<string, string>();

  constructor(private readonly run: RunContext, private readonly loadPackage: PackageLoader) {
    // Callbacks from builtins (filter's fn, ...) are not wrapped again: the builtin's own call
    // already names the position, and errors inside the callback carry theirs.
    run.callFunction = (fn, args, location) => this.invoke(fn, args, undefined, location, fn.fn.name, false);
  }

  async evalFile(file: File, universe: Scope): Promise<FileOutcome> {
    const scope = universe.child();
    for (const imp of file.imports) {
      const path = imp.path.value;
      const alias = imp.as?.name ?? path.split('/').pop()!;
      try {
        scope.define(alias, this.loadPackage(path, this.run));
      } catch (e) {
        throw atLocation(e, imp.location);
      }
      this.importPaths.set(alias, path);
    }
    // Flux initialises options before anything else, wherever they are written.
    for (const stmt of file.body) if (stmt.type === 'OptionStatement') await this.evalOption(stmt, scope);
    const outcome: FileOutcome = {};
    for (const stmt of file.body) {
      if (stmt.type === 'OptionStatement') continue;
      if (stmt.type === 'ExpressionStatement') {
        const v = await this.evalExpr(stmt.expression, scope);
        if (v.kind === 'stream') outcome.lastStream = v;
        continue;
      }
      await this.evalStatement(stmt, scope);
    }
    return outcome;
  }

  private async evalOption(stmt: Extract<Statement, { type: 'OptionStatement' }>, scope: Scope): Promise<void> {
    const a = stmt.assignment;
    const value = await this.evalExpr(a.init, scope);
    if (a.type === 'VariableAssignment') {
      this.run.options.set(a.id.name, value);
      scope.set(a.id.name, value);
      return;
    }
    const obj = a.member.object;
    const path = obj.type === 'Identifier' ? this.importPaths.get(obj.name) : undefined;
    if (!path) throw atLocation(typeError('option assignment must name an imported package, e.g. option requests.defaultConfig = {...}'), a.location);
    this.run.options.set(`${path}.${propertyName(a.member.property)}`, value);
  }

  /** Runs one statement; a ReturnStatement answers a Return marker. */
  private async evalStatement(stmt: Statement, scope: Scope): Promise<Return | undefined> {
    this.run.checkpoint();
    switch (stmt.type) {
      case 'VariableAssignment': {
        const v = await this.evalExpr(stmt.init, scope);
        try { scope.define(stmt.id.name, v); } catch (e) { throw atLocation(e, stmt.location); }
        return undefined;
      }
      case 'ExpressionStatement':
        await this.evalExpr(stmt.expression, scope);
        return undefined;
      case 'ReturnStatement':
        return new Return(await this.evalExpr(stmt.argument, scope));
      case 'OptionStatement':
        throw atLocation(typeError('options may only be set at the top level of a script'), stmt.location);
      case 'BuiltinStatement':
      case 'TestCaseStatement':
        throw atLocation(typeError(`${stmt.type === 'BuiltinStatement' ? 'builtin' : 'testcase'} statements are not supported in scripts`), stmt.location);
      case 'BadStatement':
        throw atLocation(typeError(`invalid statement: ${stmt.text}`), stmt.location);
    }
  }

  private async evalBlock(block: Block, scope: Scope): Promise<Value> {
    const inner = scope.child();
    for (const stmt of block.body) {
      const r = await this.evalStatement(stmt, inner);
      if (r) return r.value;
    }
    throw atLocation(typeError('function body block has no return statement'), block.location);
  }

  async evalExpr(node: Expression, scope: Scope): Promise<Value> {
    switch (node.type) {
      case 'IntegerLiteral': return int(BigInt(node.value));
      case 'UnsignedIntegerLiteral': return uint(BigInt(node.value));
      case 'FloatLiteral': return float(node.value);
      case 'StringLiteral': return str(node.value);
      case 'BooleanLiteral': return bool(node.value);
      case 'DurationLiteral': return durationFromParts(node.values);
      case 'DateTimeLiteral': {
        const t = parseTime(node.value);
        if (t === null) throw atLocation(typeError(`invalid date time literal ${node.value}`), node.location);
        return time(t);
      }
      case 'RegexpLiteral':
        try { return compileRegexp(node.value); } catch (e) { throw atLocation(e, node.location); }
      case 'PipeLiteral':
        throw atLocation(typeError('<- may only be used as a parameter default'), node.location);
      case 'Identifier': {
        const v = scope.lookup(node.name);
        if (v === undefined) throw atLocation(typeError(`undefined identifier "${node.name}"`), node.location);
        return v;
      }
      case 'ParenExpression': return this.evalExpr(node.expression, scope);
      case 'StringExpression': {
        let out = '';
        let secret = false;
        for (const part of node.parts) {
          if (part.type === 'TextPart') { out += part.value; continue; }
          const v = await this.evalExpr(part.expression, scope);
          try { out += stringify(v); } catch (e) { throw atLocation(e, part.location); }
          secret ||= isSecret(v);
        }
        return str(out, secret);
      }
      case 'ArrayExpression': {
        const items: Value[] = [];
        for (const el of node.elements) items.push(await this.evalExpr(el, scope));
        const first = items.find((v) => v.kind !== 'null');
        const odd = first && items.find((v) => v.kind !== 'null' && v.kind !== first.kind);
        if (first && odd) throw atLocation(typeError(`expected ${first.kind} but found ${odd.kind} (array elements must have one type)`), node.location);
        this.run.addRows(items.length);
        return array(items);
      }
      case 'DictExpression': {
        const pairs: [Value, Value][] = [];
        for (const el of node.elements) pairs.push([await this.evalExpr(el.key, scope), await this.evalExpr(el.val, scope)]);
        return dict(pairs);
      }
      case 'ObjectExpression': return this.evalRecord(node, scope);
      case 'MemberExpression': {
        const obj = await this.evalExpr(node.object, scope);
        const label = propertyName(node.property);
        if (obj.kind === 'null') return NULL;
        if (obj.kind !== 'record') throw atLocation(typeError(`cannot access property "${label}" of ${obj.kind}`), node.location);
        const v = obj.fields.get(label);
        if (v !== undefined) return v;
        if (obj.open) return NULL;
        if (obj.pkg) throw atLocation(typeError(`package "${obj.pkg}" has no member "${label}" in Strongroom`), node.location);
        throw atLocation(typeError(`record is missing label ${label}`), node.location);
      }
      case 'IndexExpression': {
        const arr = await this.evalExpr(node.array, scope);
        const idx = await this.evalExpr(node.index, scope);
        if (arr.kind !== 'array') throw atLocation(typeError(`cannot index into ${arr.kind}`), node.location);
        if (idx.kind !== 'int') throw atLocation(typeError(`array index must be int, got ${idx.kind}`), node.location);
        const i = Number(idx.v);
        if (i < 0 || i >= arr.items.length) {
          const shown = isSecret(idx) ? '***' : String(i);
          throw atLocation(typeError(`cannot access element ${shown} of array of length ${arr.items.length}`), node.location);
        }
        return arr.items[i]!;
      }
      case 'BinaryExpression': {
        const a = await this.evalExpr(node.left, scope);
        const b = await this.evalExpr(node.right, scope);
        try { return binaryOp(node.operator, a, b); } catch (e) { throw atLocation(e, node.location); }
      }
      case 'UnaryExpression': {
        const v = await this.evalExpr(node.argument, scope);
        try {
          switch (node.operator) {
            case '-': return unaryMinus(v);
            case '+': return unaryPlus(v);
            case 'not': return logicalNot(v);
            case 'exists': return bool(v.kind !== 'null');
          }
        } catch (e) { throw atLocation(e, node.location); }
        break;
      }
      case 'LogicalExpression': return this.evalLogical(node, scope);
      case 'ConditionalExpression': {
        const test = await this.evalExpr(node.test, scope);
        if (test.kind !== 'null' && test.kind !== 'bool') throw atLocation(typeError(`expected bool but found ${test.kind}`), node.test.location);
        return this.evalExpr(test.kind === 'bool' && test.v ? node.consequent : node.alternate, scope);
      }
      case 'FunctionExpression': return this.makeClosure(node, scope);
      case 'CallExpression': return this.evalCall(node, scope, undefined);
      case 'PipeExpression': return this.evalPipe(node, scope);
      case 'BadExpression':
        throw atLocation(typeError(`invalid expression: ${node.text}`), node.location);
    }
    throw atLocation(typeError(`unsupported expression ${(node as { type: string }).type}`), (node as Expression).location);
  }

  private async evalLogical(node: Extract<Expression, { type: 'LogicalExpression' }>, scope: Scope): Promise<Value> {
    const a = await this.evalExpr(node.left, scope);
    const check = (v: Value, at: SourceLocation) => {
      if (v.kind !== 'bool' && v.kind !== 'null') throw atLocation(typeError(`expected bool but found ${v.kind}`), at);
    };
    check(a, node.left.location);
    // Three-valued logic with short-circuit: false and _ = false, true or _ = true.
    if (a.kind === 'bool' && a.v === (node.operator === 'or')) return a;
    const b = await this.evalExpr(node.right, scope);
    check(b, node.right.location);
    if (b.kind === 'bool' && b.v === (node.operator === 'or')) return b;
    if (a.kind === 'null' || b.kind === 'null') return NULL;
    return b;
  }

  private async evalRecord(node: ObjectExpression, scope: Scope): Promise<RecordValue> {
    const fields = new Map<string, Value>();
    let open = false;
    if (node.with) {
      const base = scope.lookup(node.with.name);
      if (base === undefined) throw atLocation(typeError(`undefined identifier "${node.with.name}"`), node.with.location);
      if (base.kind !== 'record') throw atLocation(typeError(`cannot extend ${base.kind} with "with": a record is required`), node.with.location);
      for (const [k, v] of base.fields) fields.set(k, v);
      open = base.open === true;
    }
    for (const p of node.properties) {
      const name = propertyName(p.key);
      const value = p.value === null ? await this.evalExpr({ type: 'Identifier', name, location: p.key.location }, scope)
        : await this.evalExpr(p.value, scope);
      fields.set(name, value);
    }
    return record(fields, open);
  }

  private makeClosure(node: FunctionExpression, closure: Scope): FunctionValue {
    const evaluator = this;
    return fnValue({
      name: 'anonymous',
      params: paramsOf(node),
      async call(args) {
        const scope = closure.child();
        for (const p of node.params) {
          const name = propertyName(p.key);
          let v = args.get(name);
          if (v === undefined && p.value && p.value.type !== 'PipeLiteral') v = await evaluator.evalExpr(p.value, scope);
          scope.define(name, v ?? NULL);
        }
        return node.body.type === 'Block' ? evaluator.evalBlock(node.body, scope) : evaluator.evalExpr(node.body, scope);
      },
    });
  }

  private async evalPipe(node: PipeExpression, scope: Scope): Promise<Value> {
    const piped = await this.evalExpr(node.argument, scope);
    return this.evalCall({ ...node.call, type: 'CallExpression' }, scope, piped);
  }

  private async evalCall(node: CallExpression, scope: Scope, piped: Value | undefined): Promise<Value> {
    const callee = await this.evalExpr(node.callee, scope);
    const fname = node.callee.type === 'Identifier' ? node.callee.name
      : node.callee.type === 'MemberExpression' ? propertyName(node.callee.property) : 'anonymous';
    if (callee.kind !== 'function') throw atLocation(typeError(`cannot call ${callee.kind} "${fname}": not a function`), node.location);
    const args = new Map<string, Value>();
    const obj = node.arguments?.[0];
    if (obj) {
      if (obj.type !== 'ObjectExpression' || obj.with) throw atLocation(typeError('function arguments must be named, e.g. f(a: 1)'), obj.location);
      const shorthand = obj.properties.filter((p) => p.value === null).length;
      if (shorthand > 0 && shorthand < obj.properties.length) {
        throw atLocation(typeError('cannot mix implicit and explicit properties'), obj.location);
      }
      for (const p of obj.properties) {
        const name = propertyName(p.key);
        if (args.has(name)) throw atLocation(typeError(`duplicate keyword parameter specified: "${name}"`), p.location);
        args.set(name, p.value === null ? await this.evalExpr({ type: 'Identifier', name, location: p.key.location }, scope)
          : await this.evalExpr(p.value, scope));
      }
    }
    return this.invoke(callee, args, piped, node.location, fname);
  }

  /** Binds, bounds and runs one call; errors come back wrapped with the call's position. */
  async invoke(
    callee: FunctionValue, args: Map<string, Value>, piped: Value | undefined, location: SourceLocation | undefined,
    fname: string, wrapErrors = true,
  ): Promise<Value> {
    this.run.checkpoint();
    this.run.enter();
    try {
      const bound = bindArguments(callee.fn, args, piped);
      return await callee.fn.call(bound, { run: this.run, location });
    } catch (e) {
      throw wrapErrors ? callError(fname, location, e) : e;
    } finally {
      this.run.leave();
    }
  }
}

