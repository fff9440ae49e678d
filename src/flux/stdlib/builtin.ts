/**
 * How standard-library functions are declared: each builtin has its Flux signature (kept as
 * documentation and used to bind arguments) and an implementation that reads its arguments
 * through `Args`, which checks their types with uniform messages.
 */
import type {
  ArrayValue, BoolValue, BytesValue, DictValue, DurationValue, FloatValue, FunctionValue, IntValue,
  RecordValue, StreamValue, StringValue, TimeValue, Value,
} from '../interpreter/values.js';
import { fnValue, record } from '../interpreter/values.js';
import type { CallSite, RunContext } from '../interpreter/context.js';
import { paramsFromSignature } from '../interpreter/functions.js';
import { FluxError, typeError } from '../interpreter/errors.js';

type KindMap = {
  string: StringValue; int: IntValue; float: FloatValue; bool: BoolValue; time: TimeValue;
  duration: DurationValue; bytes: BytesValue; record: RecordValue; array: ArrayValue; dict: DictValue;
  function: FunctionValue; stream: StreamValue;
};

export class Args {
  constructor(private readonly values: Map<string, Value>, readonly site: CallSite) {}

  get run(): RunContext {
    return this.site.run;
  }

  has(name: string): boolean {
    const v = this.values.get(name);
    return v !== undefined && v.kind !== 'null';
  }

  value(name: string): Value {
    const v = this.values.get(name);
    if (v === undefined) throw typeError(`missing required argument ${name}`);
    return v;
  }

  optValue(name: string): Value | undefined {
    const v = this.values.get(name);
    return v === undefined || v.kind === 'null' ? undefined : v;
  }

  get<K extends keyof KindMap>(name: string, kind: K): KindMap[K] {
    const v = this.value(name);
    if (v.kind !== kind) throw typeError(`argument "${name}" must be of type ${kind === 'stream' ? 'stream[record]' : kind}, got ${v.kind}`);
    return v as KindMap[K];
  }

  opt<K extends keyof KindMap>(name: string, kind: K): KindMap[K] | undefined {
    return this.has(name) ? this.get(name, kind) : undefined;
  }

  /**
   * A string argument that names something (a column, a result, a driver, a mode). Names are
   * printed in results and error messages, so a secret may not become one.
   */
  text(name: string, fallback?: string): string {
    if (fallback !== undefined && !this.has(name)) return fallback;
    const v = this.get(name, 'string');
    if (v.secret) throw secretAsName(name);
    return v.v;
  }

  /** A string argument that may carry a secret because it only travels to a server (URLs). */
  secretText(name: string): string {
    return this.get(name, 'string').v;
  }

  /** An array of strings (column lists); like text(), no element may be a secret. */
  strings(name: string, fallback?: string[]): string[] {
    if (fallback !== undefined && !this.has(name)) return fallback;
    return this.get(name, 'array').items.map((v, i) => {
      if (v.kind !== 'string') throw typeError(`argument "${name}" must be an array of strings, element ${i} is ${v.kind}`);
      if (v.secret) throw secretAsName(name);
      return v.v;
    });
  }

  integer(name: string, fallback?: number): number {
    if (fallback !== undefined && !this.has(name)) return fallback;
    return Number(this.get(name, 'int').v);
  }

  boolean(name: string, fallback?: boolean): boolean {
    if (fallback !== undefined && !this.has(name)) return fallback;
    return this.get(name, 'bool').v;
  }

  /** Calls a function argument with named arguments; a plain value when it ran synchronously. */
  call(fn: FunctionValue, args: Record<string, Value>): Value | Promise<Value> {
    // A synchronous callee has read its arguments when it returns, so the per-row callers
    // (filter, map) can hand every call the same map, overwriting the same names (clearing a
    // Map allocates); anything else gets its own.
    let named = this.scratch;
    if (!fn.fn.callSync || named === undefined || !sameNames(named, args)) {
      named = new Map<string, Value>();
      if (fn.fn.callSync) this.scratch = named;
    }
    for (const name in args) named.set(name, args[name]!);
    return this.run.callFunction(fn, named, this.site.location);
  }

  private scratch: Map<string, Value> | undefined;
}

function sameNames(map: Map<string, Value>, args: Record<string, Value>): boolean {
  let n = 0;
  for (const name in args) {
    if (!map.has(name)) return false;
    n++;
  }
  return n === map.size;
}

/** The error for a secret used where a name is expected. */
export function secretAsName(what: string): FluxError {
  return typeError(`argument "${what}" must not be derived from a secret: it would be shown in results or errors`);
}

export interface BuiltinOptions { sideEffect?: boolean }

/** Declares one builtin: `builtin('toUpper', '(v: string) => string', (a) => ...)`. */
export function builtin(
  name: string,
  signature: string,
  impl: (a: Args) => Value | Promise<Value>,
  options: BuiltinOptions = {},
): [string, FunctionValue] {
  const params = paramsFromSignature(signature);
  return [name, fnValue({
    name,
    params,
    signature,
    sideEffect: options.sideEffect,
    call: async (args, site) => impl(new Args(args, site)),
  })];
}

/** A Flux package: its import path and members (functions, constants, option defaults). */
export interface FluxPackage {
  path: string;
  members: [string, Value][];
}

export function packageRecord(pkg: FluxPackage): RecordValue {
  return { ...record(pkg.members), pkg: pkg.path };
}

/** A member that exists in Flux but not in Strongroom: calling it fails with a clear message. */
export function unsupported(name: string, why = 'is not supported by Strongroom'): [string, FunctionValue] {
  return [name, fnValue({
    name,
    params: [],
    anyArguments: true,
    call: async () => { throw new FluxError('invalid', `function "${name}" ${why}`); },
  })];
}
