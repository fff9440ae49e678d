/**
 * Binary and unary operators. Flux has no implicit numeric widening for arithmetic (`1 + 1.0`
 * is a type error) but compares numbers across kinds. Arithmetic on a tainted operand gives a
 * tainted result, so a secret cannot be laundered through `+ ""` or `+ 0`.
 */
import type { BinaryOperator } from '../ast.js';
import type { Value } from './values.js';
import { NULL, bool, float, int, isSecret, str, uint, duration } from './values.js';
import { FluxError, typeError } from './errors.js';
import { compareValues, valuesEqual } from './compare.js';

const I64_MIN = -(2n ** 63n);

function mismatch(op: string, a: Value, b: Value): FluxError {
  if (a.kind !== b.kind) return typeError(`expected ${a.kind} but found ${b.kind} for operator ${op}`);
  return typeError(`${a.kind} does not support operator ${op}`);
}

export function binaryOp(op: BinaryOperator, a: Value, b: Value): Value {
  switch (op) {
    case '==': case '!=': {
      if (a.kind === 'null' || b.kind === 'null') return NULL;
      const eq = valuesEqual(a, b);
      return bool(op === '==' ? eq : !eq);
    }
    case '<': case '<=': case '>': case '>=': {
      if (a.kind === 'null' || b.kind === 'null') return NULL;
      const c = compareValues(a, b);
      if (c === undefined) {
        if (Number.isNaN((a as { v: unknown }).v) || Number.isNaN((b as { v: unknown }).v)) return bool(false);
        throw typeError(`cannot compare ${a.kind} with ${b.kind}`);
      }
      return bool(op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0);
    }
    case '=~': case '!~': {
      if (a.kind === 'null' || b.kind === 'null') return NULL;
      if (a.kind !== 'string' || b.kind !== 'regexp') throw typeError(`operator ${op} needs a string on the left and a regexp on the right`);
      b.v.lastIndex = 0;
      const m = b.v.test(a.v);
      return bool(op === '=~' ? m : !m);
    }
    case '+': case '-': case '*': case '/': case '%': case '^':
      return arithmetic(op, a, b);
    default:
      throw typeError(`invalid operator ${op}`);
  }
}

function arithmetic(op: '+' | '-' | '*' | '/' | '%' | '^', a: Value, b: Value): Value {
  if (a.kind === 'null' || b.kind === 'null') return NULL;
  const secret = isSecret(a) || isSecret(b);
  if (a.kind !== b.kind) throw mismatch(op, a, b);
  switch (a.kind) {
    case 'string':
      if (op !== '+') throw mismatch(op, a, b);
      return str(a.v + (b as typeof a).v, secret);
    case 'int': case 'uint': {
      const x = a.v;
      const y = (b as typeof a).v;
      const make = a.kind === 'int' ? int : uint;
      switch (op) {
        case '+': return make(x + y, secret);
        case '-': return make(x - y, secret);
        case '*': return make(x * y, secret);
        case '/':
          if (y === 0n) throw typeError('cannot divide by zero');
          if (a.kind === 'int' && x === I64_MIN && y === -1n) return int(x, secret);
          return make(x / y, secret);
        case '%':
          if (y === 0n) throw typeError('cannot modulo by zero');
          return make(x % y, secret);
        case '^': return float(Number(x) ** Number(y), secret);
      }
      break;
    }
    case 'float': {
      const x = a.v;
      const y = (b as typeof a).v;
      switch (op) {
        case '+': return float(x + y, secret);
        case '-': return float(x - y, secret);
        case '*': return float(x * y, secret);
        case '/': return float(x / y, secret);
        case '%': return float(x % y, secret);
        case '^': return float(x ** y, secret);
      }
      break;
    }
    default:
      break;
  }
  throw typeError(`${a.kind} is not ${op === '+' ? 'Addable' : 'a number'} (operator ${op})`);
}

export function unaryMinus(v: Value): Value {
  switch (v.kind) {
    case 'null': return NULL;
    case 'int': return int(-v.v, v.secret);
    case 'float': return float(-v.v, v.secret);
    case 'duration': return duration(v.months, v.nanos, !v.negative, v.secret);
    default: throw typeError(`${v.kind} cannot be negated`);
  }
}

export function unaryPlus(v: Value): Value {
  if (v.kind === 'int' || v.kind === 'float' || v.kind === 'uint' || v.kind === 'duration' || v.kind === 'null') return v;
  throw typeError(`unary + is not defined for ${v.kind}`);
}

export function logicalNot(v: Value): Value {
  if (v.kind === 'null') return NULL;
  if (v.kind !== 'bool') throw typeError(`expected bool but found ${v.kind}`);
  return bool(!v.v);
}
