// Runtime validation for messages that cross a process or frame boundary (host ⇄ trainer, host ⇄ webview).
// Validators are small composable functions whose TypeScript result type is checked against the protocol's
// declared interfaces, so a type and its validator cannot drift apart silently.
// Hand-written rather than a schema library: the protocol is small, the webview bundle stays small, and the
// error message names the exact path of the offending value ("batch.loss: expected a finite number").

export class ProtocolError extends Error {
  constructor(readonly path: string, readonly expected: string, readonly actual: unknown) {
    super(`${path || 'message'}: expected ${expected}, got ${describe(actual)}`);
    this.name = 'ProtocolError';
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `array(${v.length})`;
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return typeof v;
}

/** Returns the value typed as T or throws a ProtocolError naming the path. */
export type Validator<T> = (value: unknown, path: string) => T;

export type Infer<V> = V extends Validator<infer T> ? T : never;

const at = (path: string, key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);

export const str: Validator<string> = (v, p) => {
  if (typeof v !== 'string') throw new ProtocolError(p, 'a string', v);
  return v;
};

export const bool: Validator<boolean> = (v, p) => {
  if (typeof v !== 'boolean') throw new ProtocolError(p, 'a boolean', v);
  return v;
};

/** A finite number (NaN and ±Infinity do not survive JSON anyway, and are never meaningful here). */
export const num: Validator<number> = (v, p) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ProtocolError(p, 'a finite number', v);
  return v;
};

export const int: Validator<number> = (v, p) => {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new ProtocolError(p, 'an integer', v);
  return v;
};

export const nonNegInt: Validator<number> = (v, p) => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new ProtocolError(p, 'a non-negative integer', v);
  return v;
};

/** A number in [0, 1] (accuracies, fractions). */
export const fraction: Validator<number> = (v, p) => {
  if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new ProtocolError(p, 'a number in [0, 1]', v);
  return v;
};

export const unknownValue: Validator<unknown> = (v) => v;

export function literal<const L extends string | number | boolean>(...values: L[]): Validator<L> {
  return (v, p) => {
    if (!values.includes(v as L)) throw new ProtocolError(p, values.map((x) => JSON.stringify(x)).join(' | '), v);
    return v as L;
  };
}

export function nullable<T>(inner: Validator<T>): Validator<T | null> {
  return (v, p) => (v === null ? null : inner(v, p));
}

export function arrayOf<T>(inner: Validator<T>, opts: { length?: number } = {}): Validator<T[]> {
  return (v, p) => {
    if (!Array.isArray(v)) throw new ProtocolError(p, 'an array', v);
    if (opts.length !== undefined && v.length !== opts.length) throw new ProtocolError(p, `an array of length ${opts.length}`, v);
    return v.map((x, i) => inner(x, at(p, i)));
  };
}

export function record<T>(inner: Validator<T>): Validator<Record<string, T>> {
  return (v, p) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ProtocolError(p, 'an object', v);
    const out: Record<string, T> = {};
    // defineProperty, not `out[k] =`: a key "__proto__" (a layer may be named so) must stay an own entry instead of
    // setting the prototype of the result, as JSON.parse keeps it.
    for (const [k, x] of Object.entries(v)) Object.defineProperty(out, k, { value: inner(x, at(p, k)), enumerable: true, writable: true, configurable: true });
    return out;
  };
}

/** Marks an object field as optional (may be absent or undefined). */
export interface OptionalValidator<T> {
  optional: Validator<T>;
}
export function optional<T>(inner: Validator<T>): OptionalValidator<T> {
  return { optional: inner };
}

type Shape = Record<string, Validator<unknown> | OptionalValidator<unknown>>;
type RequiredKeys<S extends Shape> = { [K in keyof S]: S[K] extends OptionalValidator<unknown> ? never : K }[keyof S];
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends OptionalValidator<unknown> ? K : never }[keyof S];
type ObjectOf<S extends Shape> = { [K in RequiredKeys<S>]: S[K] extends Validator<infer T> ? T : never } & {
  [K in OptionalKeys<S>]?: S[K] extends OptionalValidator<infer T> ? T : never;
};
type Flatten<T> = { [K in keyof T]: T[K] };

/** An object with exactly the listed fields checked; unknown extra fields are dropped (forward compatible). */
export function object<S extends Shape>(shape: S): Validator<Flatten<ObjectOf<S>>> {
  return (v, p) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ProtocolError(p, 'an object', v);
    const src = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [key, spec] of Object.entries(shape)) {
      // Only the message's own fields count: an inherited one (Object.prototype's "constructor", …) is absent.
      const value = Object.hasOwn(src, key) ? src[key] : undefined;
      if ('optional' in spec) {
        if (value !== undefined) out[key] = spec.optional(value, at(p, key));
      } else {
        out[key] = spec(value, at(p, key));
      }
    }
    return out as Flatten<ObjectOf<S>>;
  };
}

/**
 * The validators of every field of T: a required field's validator, `optional(...)` for an optional one. Used with
 * `objectOf<T>()`, a field added to T and not validated is a compile error (`object()` alone would silently drop it,
 * since an object with fewer optional fields still satisfies T).
 */
export type FieldsOf<T> = {
  [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? OptionalValidator<Exclude<T[K], undefined>> : Validator<T[K]>;
};

/** `object()` for a declared interface T that must list every one of T's fields. */
export function objectOf<T>(fields: FieldsOf<T>): Validator<T> {
  return object(fields as Shape) as Validator<T>;
}

/**
 * A discriminated union on `type`: picks the validator by the discriminant so that the error names the
 * member's field rather than "none of 12 alternatives matched".
 */
export function taggedUnion<T extends { type: string }>(members: { [K in T['type']]: Validator<Extract<T, { type: K }>> }): Validator<T> {
  const table = members as Record<string, Validator<T>>;
  return (v, p) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ProtocolError(p, 'a message object', v);
    const tag = (v as { type?: unknown }).type;
    if (typeof tag !== 'string' || !Object.prototype.hasOwnProperty.call(table, tag)) {
      throw new ProtocolError(at(p, 'type'), `one of ${Object.keys(table).join(', ')}`, tag);
    }
    return table[tag](v, p);
  };
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Runs a validator without throwing: what the receiving side of every channel calls. */
export function parseWith<T>(validator: Validator<T>, value: unknown): ParseResult<T> {
  try {
    return { ok: true, value: validator(value, '') };
  } catch (e) {
    if (e instanceof ProtocolError) return { ok: false, error: e.message };
    throw e;
  }
}
