/**
 * Eager results: the value itself when it is already in memory, a promise otherwise.
 *
 * Every API request authenticates, and the most frequent one then lists an org's keys; with the
 * read cache warm, everything they read is in memory, yet each `await` still costs a trip through
 * the microtask queue and a promise per async function. The hot path chains eager results
 * instead, and runs start to end in one tick when nothing has to be loaded. Everyone else awaits
 * as usual: `await` accepts either form.
 *
 * A promise is known to be settled only when it was made here, by `settled` (the read cache does
 * so for what it hands out), the way React tracks thenables it has seen resolve.
 */
export type Eager<T> = T | Promise<T>;

const values = new WeakMap<Promise<unknown>, unknown>();

/** A fulfilled promise of `value`, whose value `andThen` can read without waiting. */
export function settled<T>(value: T): Promise<T> {
  const p = Promise.resolve(value);
  values.set(p, value);
  return p;
}

/**
 * `f` applied to `x`'s value: at once when `x` is a value or a promise made by `settled`, else
 * when `x` resolves. A throw from `f` is thrown at once in the first case and rejects in the other,
 * so callers of an Eager function handle both (Fastify's handlers and hooks do).
 */
export function andThen<T, U>(x: Eager<T>, f: (value: T) => Eager<U>): Eager<U> {
  if (!(x instanceof Promise)) return f(x);
  if (values.has(x)) return f(values.get(x) as T);
  return x.then(f);
}

/** `p`'s value when `p` was made by `settled`, else `p`. */
export function eager<T>(p: Promise<T>): Eager<T> {
  return values.has(p) ? (values.get(p) as T) : p;
}
