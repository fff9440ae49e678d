/**
 * Lexical scopes: one per file, block and function call, chained to the enclosing one. A name
 * cannot be bound twice in the same scope (`variable "x" reassigned`) but may be shadowed.
 *
 * A function call's scope usually binds one name (a callback's `r`), once per row: the first
 * binding is held inline and a Map is made only for a second.
 */
import type { Value } from './values.js';
import { typeError } from './errors.js';

export class Scope {
  private firstName: string | undefined;
  private firstValue: Value | undefined;
  private vars: Map<string, Value> | undefined;
  constructor(private readonly parent?: Scope) {}

  lookup(name: string): Value | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const v = s.own(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  define(name: string, v: Value): void {
    if (this.hasOwn(name)) throw typeError(`variable "${name}" reassigned`);
    this.set(name, v);
  }

  /** Options may be set again (an `option` statement overrides the package default). */
  set(name: string, v: Value): void {
    if (this.firstName === undefined || this.firstName === name) {
      this.firstName = name;
      this.firstValue = v;
      return;
    }
    (this.vars ??= new Map()).set(name, v);
  }

  hasOwn(name: string): boolean {
    return this.firstName === name || this.vars?.has(name) === true;
  }

  child(): Scope {
    return new Scope(this);
  }

  private own(name: string): Value | undefined {
    if (this.firstName === name) return this.firstValue;
    return this.vars?.get(name);
  }
}
