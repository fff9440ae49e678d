/**
 * Lexical scopes: one per file, block and function call, chained to the enclosing one. A name
 * cannot be bound twice in the same scope (`variable "x" reassigned`) but may be shadowed.
 */
import type { Value } from './values.js';
import { typeError } from './errors.js';

export class Scope {
  private readonly vars = new Map<string, Value>();
  constructor(private readonly parent?: Scope) {}

  lookup(name: string): Value | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  define(name: string, v: Value): void {
    if (this.vars.has(name)) throw typeError(`variable "${name}" reassigned`);
    this.vars.set(name, v);
  }

  /** Options may be set again (an `option` statement overrides the package default). */
  set(name: string, v: Value): void {
    this.vars.set(name, v);
  }

  hasOwn(name: string): boolean {
    return this.vars.has(name);
  }

  child(): Scope {
    return new Scope(this);
  }
}
