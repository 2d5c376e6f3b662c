// Python's name lookup as model code needs it: a function's locals, then the enclosing functions', then the
// module's globals, then builtins (builtins.ts is consulted by the interpreter when every scope misses).
import type { PyValue } from './values';

export class Scope {
  private readonly vars = new Map<string, PyValue>();

  constructor(readonly parent?: Scope) {}

  lookup(name: string): PyValue | undefined {
    const v = this.vars.get(name);
    if (v !== undefined || this.vars.has(name)) return v;
    return this.parent?.lookup(name);
  }

  has(name: string): boolean {
    return this.vars.has(name) || (this.parent?.has(name) ?? false);
  }

  set(name: string, value: PyValue): void {
    this.vars.set(name, value);
  }

  /** Names bound directly in this scope, in binding order. */
  entries(): IterableIterator<[string, PyValue]> {
    return this.vars.entries();
  }
}
