/**
 * The tree-walking evaluator: `evalExpr` switches over expression node types (call-free ones in
 * expressions.ts, synchronously), statements run in chained scopes. Every call goes through `invoke`, which binds arguments, bounds the call
 * depth, checks the time budget and wraps failures as Flux does
 * (`error calling function "get" @3:8-3:35: ...`).
 */
import type { Block, CallExpression, Expression, File, FunctionExpression, PipeExpression, SourceLocation, Statement } from '../ast.js';
import type { FluxFunction, FunctionValue, RecordValue, StreamValue, Value } from './values.js';
import { NULL, dict, fnValue, isSecret, record, str } from './values.js';
import type { RunContext } from './context.js';
import { atLocation, callError, typeError } from './errors.js';
import { Scope } from './scope.js';
import { binaryOp } from './operators.js';
import { bindArguments, paramsOf, propertyName } from './functions.js';
import {
  CallFreeEvaluator, appendPart, baseFields, conditionHolds, elementOf, finishArray, isCallFree, isCallFreeBody, logicalResult,
  logicalShortCircuits, lookupIdentifier, memberOf, recordBase, unary,
} from './expressions.js';

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
  private readonly callFree: CallFreeEvaluator;

  constructor(private readonly run: RunContext, private readonly loadPackage: PackageLoader) {
    this.callFree = new CallFreeEvaluator(run, (node, scope) => this.makeClosure(node, scope));
    // Callbacks from builtins (filter's fn, ...) are not wrapped again: the builtin's own call
    // already names the position, and errors inside the callback carry theirs.
    run.callFunction = (fn, args, location) => this.callback(fn, args, location);
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

  /** A call-free expression is evaluated synchronously; one with calls answers a promise. */
  evalExpr(node: Expression, scope: Scope): Value | Promise<Value> {
    return isCallFree(node) ? this.callFree.eval(node, scope) : this.evalWithCalls(node, scope);
  }

  /** Nodes that contain calls; each step after the operands is shared with CallFreeEvaluator. */
  private async evalWithCalls(node: Expression, scope: Scope): Promise<Value> {
    switch (node.type) {
      case 'ParenExpression': return this.evalExpr(node.expression, scope);
      case 'StringExpression': {
        let out = '';
        let secret = false;
        for (const part of node.parts) {
          if (part.type === 'TextPart') { out += part.value; continue; }
          const v = await this.evalExpr(part.expression, scope);
          out = appendPart(out, part, v);
          secret ||= isSecret(v);
        }
        return str(out, secret);
      }
      case 'ArrayExpression': {
        const items: Value[] = [];
        for (const el of node.elements) items.push(await this.evalExpr(el, scope));
        return finishArray(node, items, this.run);
      }
      case 'DictExpression': {
        const pairs: [Value, Value][] = [];
        for (const el of node.elements) pairs.push([await this.evalExpr(el.key, scope), await this.evalExpr(el.val, scope)]);
        return dict(pairs);
      }
      case 'ObjectExpression': {
        const base = recordBase(node, scope);
        const fields = baseFields(base);
        for (const p of node.properties) {
          const name = propertyName(p.key);
          fields.set(name, p.value === null ? lookupIdentifier(scope, name, p.key.location) : await this.evalExpr(p.value, scope));
        }
        return record(fields, base?.open === true);
      }
      case 'MemberExpression': return memberOf(node, await this.evalExpr(node.object, scope));
      case 'IndexExpression': {
        const arr = await this.evalExpr(node.array, scope);
        return elementOf(node, arr, await this.evalExpr(node.index, scope));
      }
      case 'BinaryExpression': {
        const a = await this.evalExpr(node.left, scope);
        const b = await this.evalExpr(node.right, scope);
        try { return binaryOp(node.operator, a, b); } catch (e) { throw atLocation(e, node.location); }
      }
      case 'UnaryExpression': return unary(node, await this.evalExpr(node.argument, scope));
      case 'LogicalExpression': {
        const a = await this.evalExpr(node.left, scope);
        if (logicalShortCircuits(node, a)) return a;
        return logicalResult(node, a, await this.evalExpr(node.right, scope));
      }
      case 'ConditionalExpression': {
        const test = await this.evalExpr(node.test, scope);
        return this.evalExpr(conditionHolds(test, node.test) ? node.consequent : node.alternate, scope);
      }
      case 'CallExpression': return this.evalCall(node, scope, undefined);
      case 'PipeExpression': return this.evalPipe(node, scope);
      default: return this.callFree.eval(node, scope);
    }
  }

  private makeClosure(node: FunctionExpression, closure: Scope): FunctionValue {
    const evaluator = this;
    const fn: FluxFunction = {
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
    };
    // Builtins call back once per row: a body without calls runs without a promise per node.
    if (isCallFreeBody(node.body) && node.params.every((p) => p.value === null || isCallFree(p.value))) {
      const names = fn.params.map((p) => p.name);
      fn.callSync = (args) => {
        const scope = closure.child();
        for (let i = 0; i < names.length; i++) {
          const name = names[i]!;
          let v = args.get(name);
          const dflt = node.params[i]!.value;
          if (v === undefined && dflt && dflt.type !== 'PipeLiteral') v = evaluator.callFree.eval(dflt, scope);
          scope.define(name, v ?? NULL);
        }
        return evaluator.callFree.body(node.body, scope);
      };
    }
    return fnValue(fn);
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
        args.set(name, p.value === null ? lookupIdentifier(scope, name, p.key.location) : await this.evalExpr(p.value, scope));
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

  /** A builtin calling back (filter's fn...): invoke unwrapped, synchronous when the function can be. */
  private callback(callee: FunctionValue, args: Map<string, Value>, location: SourceLocation | undefined): Value | Promise<Value> {
    const sync = callee.fn.callSync;
    if (!sync) return this.invoke(callee, args, undefined, location, callee.fn.name, false);
    this.run.checkpoint();
    this.run.enter();
    try {
      return sync(bindArguments(callee.fn, args, undefined));
    } finally {
      this.run.leave();
    }
  }
}
