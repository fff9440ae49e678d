/**
 * Flux runtime values. Every value is a small tagged object so the evaluator can switch on
 * `kind`. Scalars may carry `secret: true`: the value was read with `secrets.get` or built from
 * one, and must be masked wherever it leaves the run (see mask.ts). Composite values are never
 * tainted themselves; taint lives on their scalar leaves.
 */
import type { Table } from './table.js';

export interface Taint { secret?: boolean }

export interface NullValue { kind: 'null' }
export interface IntValue extends Taint { kind: 'int'; v: bigint }
export interface UintValue extends Taint { kind: 'uint'; v: bigint }
export interface FloatValue extends Taint { kind: 'float'; v: number }
export interface StringValue extends Taint { kind: 'string'; v: string }
export interface BoolValue extends Taint { kind: 'bool'; v: boolean }
/** Nanoseconds since the Unix epoch, UTC. */
export interface TimeValue extends Taint { kind: 'time'; v: bigint }
/** Flux durations keep months apart from nanoseconds because a month has no fixed length. */
export interface DurationValue extends Taint { kind: 'duration'; months: bigint; nanos: bigint; negative: boolean }
export interface BytesValue extends Taint { kind: 'bytes'; v: Uint8Array }
export interface RegexpValue { kind: 'regexp'; v: RegExp; source: string }
/**
 * `open` records come from table rows: a missing label reads as null instead of failing.
 * `pkg` is set on the record an import binds, for messages about missing members.
 */
export interface RecordValue { kind: 'record'; fields: Map<string, Value>; open?: boolean; pkg?: string }
export interface ArrayValue { kind: 'array'; items: Value[] }
/** Keys are basic values; `entries` is keyed by `dictKey(key)` to give value equality. */
export interface DictValue { kind: 'dict'; entries: Map<string, [Value, Value]> }
export interface FunctionValue { kind: 'function'; fn: FluxFunction }
export interface StreamValue { kind: 'stream'; tables: Table[] }

export type ScalarValue =
  | IntValue | UintValue | FloatValue | StringValue | BoolValue | TimeValue | DurationValue | BytesValue;

export type Value =
  | NullValue | ScalarValue | RegexpValue | RecordValue | ArrayValue | DictValue | FunctionValue | StreamValue;

export type ValueKind = Value['kind'];

/** A parameter of a callable; `pipe` marks the `<-` parameter. */
export interface ParamSpec { name: string; required: boolean; pipe: boolean }

/**
 * Anything callable from Flux. `call` receives the arguments already bound by name (pipe value
 * included under its parameter name); the evaluator checks them against `params` first.
 */
export interface FluxFunction {
  name: string;
  params: ParamSpec[];
  /** Side-effect functions (http.post, sql.to, yield) run even when their value is unused. */
  sideEffect?: boolean;
  /** The Flux signature of a builtin, e.g. `(key: string) => string`. */
  signature?: string;
  /** Accept any arguments (stubs for unsupported functions report their own error). */
  anyArguments?: boolean;
  call(args: Map<string, Value>, callCtx: import('./context.js').CallSite): Promise<Value>;
  /** The same call without a promise, for Flux functions that call nothing (see expressions.ts). */
  callSync?(args: Map<string, Value>): Value;
}

export const NULL: NullValue = { kind: 'null' };
export const TRUE: BoolValue = { kind: 'bool', v: true };
export const FALSE: BoolValue = { kind: 'bool', v: false };

// Built without spreading a taint object: these run once per table cell.
export const int = (v: bigint, secret?: boolean): IntValue =>
  (secret ? { kind: 'int', v: BigInt.asIntN(64, v), secret: true } : { kind: 'int', v: BigInt.asIntN(64, v) });
export const uint = (v: bigint, secret?: boolean): UintValue =>
  (secret ? { kind: 'uint', v: BigInt.asUintN(64, v), secret: true } : { kind: 'uint', v: BigInt.asUintN(64, v) });
export const float = (v: number, secret?: boolean): FloatValue => (secret ? { kind: 'float', v, secret: true } : { kind: 'float', v });
export const str = (v: string, secret?: boolean): StringValue => (secret ? { kind: 'string', v, secret: true } : { kind: 'string', v });
export const bool = (v: boolean, secret?: boolean): BoolValue =>
  secret ? { kind: 'bool', v, secret: true } : v ? TRUE : FALSE;
export const time = (v: bigint, secret?: boolean): TimeValue =>
  (secret ? { kind: 'time', v: BigInt.asIntN(64, v), secret: true } : { kind: 'time', v: BigInt.asIntN(64, v) });
export const bytes = (v: Uint8Array, secret?: boolean): BytesValue => (secret ? { kind: 'bytes', v, secret: true } : { kind: 'bytes', v });
export const duration = (months: bigint, nanos: bigint, negative: boolean, secret?: boolean): DurationValue => {
  const d: DurationValue = { kind: 'duration', months, nanos, negative: negative && (months !== 0n || nanos !== 0n) };
  if (secret) d.secret = true;
  return d;
};
export const record = (fields: Map<string, Value> | Iterable<[string, Value]>, open?: boolean): RecordValue => {
  const map = fields instanceof Map ? fields : new Map(fields);
  return open ? { kind: 'record', fields: map, open: true } : { kind: 'record', fields: map };
};
export const array = (items: Value[]): ArrayValue => ({ kind: 'array', items });
export const fnValue = (fn: FluxFunction): FunctionValue => ({ kind: 'function', fn });
export const stream = (tables: Table[]): StreamValue => ({ kind: 'stream', tables });

export function isScalar(v: Value): v is ScalarValue {
  switch (v.kind) {
    case 'int': case 'uint': case 'float': case 'string': case 'bool': case 'time': case 'duration': case 'bytes':
      return true;
    default:
      return false;
  }
}

export function isSecret(v: Value): boolean {
  return isScalar(v) && v.secret === true;
}

/** True when `v` or anything inside it is tainted. */
export function containsSecret(v: Value): boolean {
  switch (v.kind) {
    case 'record': for (const f of v.fields.values()) if (containsSecret(f)) return true; return false;
    case 'array': return v.items.some(containsSecret);
    case 'dict': for (const [k, x] of v.entries.values()) if (containsSecret(k) || containsSecret(x)) return true; return false;
    default: return isSecret(v);
  }
}

/** Flux's name for a value's type, as used in error messages. */
export function typeName(v: Value): string {
  switch (v.kind) {
    case 'stream': return 'stream[record]';
    default: return v.kind;
  }
}

/** Identity of a dict key: kind plus canonical text, so `1` and `1.0` stay distinct. */
export function dictKey(k: Value): string {
  switch (k.kind) {
    case 'int': case 'uint': case 'time': return `${k.kind}:${k.v}`;
    case 'float': return `float:${k.v}`;
    case 'string': return `string:${k.v}`;
    case 'bool': return `bool:${k.v}`;
    case 'duration': return `duration:${k.negative ? '-' : ''}${k.months}:${k.nanos}`;
    case 'null': return 'null';
    default: return `${k.kind}:?`;
  }
}

export function dict(pairs: Iterable<[Value, Value]>): DictValue {
  const entries = new Map<string, [Value, Value]>();
  for (const [k, v] of pairs) entries.set(dictKey(k), [k, v]);
  return { kind: 'dict', entries };
}
