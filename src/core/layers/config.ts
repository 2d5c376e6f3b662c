// Typed reading of a layer's config object (snake_case keys as TF.js and Keras write them). A value of the wrong
// type is reported on its exact JSON path and the reader falls back to undefined, so a rule can stop cleanly.
import type { JsonPath, Severity } from '../ir';

export type Reporter = (severity: Severity, message: string, at?: string | JsonPath) => void;

/**
 * The largest size (units, filters, a kernel, a shape dimension, elements of a sample) a model may have: 2^53 − 1,
 * the largest integer a JSON number holds exactly. A tensor that long holds 32 PiB in float32, more than any
 * framework can allocate; beyond it counts are rounded and products overflow to Infinity.
 */
export const MAX_SIZE = Number.MAX_SAFE_INTEGER;

/** A value from the file as a diagnostic shows it (JSON.stringify would print Infinity, read from 1e400, as null). */
export function describeValue(value: unknown): string {
  return typeof value === 'number' ? String(value) : JSON.stringify(value) ?? String(value);
}

/**
 * What is wrong with `value` as a size ≥ min, as the end of a sentence starting with the key ("must be an integer
 * ≥ 1, got 1.5"); undefined when it is one. Every integer the layer rules read from a config passes through here.
 */
export function sizeProblem(value: unknown, min = 0): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    return `must be an integer ≥ ${min}, got ${describeValue(value)}`;
  }
  if (value > MAX_SIZE) {
    return `is ${describeValue(value)}, which exceeds 2^53 − 1 = ${MAX_SIZE}: beyond any tensor a framework can allocate, and not exact as a JSON number`;
  }
  return undefined;
}

export class LayerConfig {
  constructor(
    readonly raw: Record<string, unknown>,
    private readonly report: Reporter,
  ) {}

  has(key: string): boolean {
    return this.raw[key] !== undefined && this.raw[key] !== null;
  }

  get(key: string): unknown {
    return this.raw[key];
  }

  /** An integer in [min, MAX_SIZE]; `fallback` when absent (undefined fallback: required). */
  int(key: string, fallback?: number, min = 0): number | undefined {
    const value = this.raw[key];
    if (value === undefined || value === null) {
      if (fallback === undefined) this.report('error', `missing required config "${key}"`, key);
      return fallback;
    }
    const problem = sizeProblem(value, min);
    if (problem !== undefined) {
      this.report('error', `"${key}" ${problem}`, key);
      return undefined;
    }
    return value as number;
  }

  number(key: string, fallback?: number): number | undefined {
    const value = this.raw[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.report('error', `"${key}" must be a number, got ${JSON.stringify(value)}`, key);
      return undefined;
    }
    return value;
  }

  /** An integer or a list of `n` integers (Keras accepts both for kernel_size, strides...), each in [min, MAX_SIZE]. */
  intTuple(key: string, n: number, fallback?: number | number[], min = 1): number[] | undefined {
    let value = this.raw[key];
    if (value === undefined || value === null) {
      if (fallback === undefined) {
        this.report('error', `missing required config "${key}"`, key);
        return undefined;
      }
      value = fallback;
    }
    if (typeof value === 'number') {
      const problem = sizeProblem(value, min);
      if (problem !== undefined) {
        this.report('error', `"${key}" ${problem}`, key);
        return undefined;
      }
      return Array.from({ length: n }, () => value as number);
    }
    if (!Array.isArray(value) || value.length !== n) {
      this.report('error', `"${key}" must be an integer or a list of ${n} integers, got ${describeValue(value)}`, key);
      return undefined;
    }
    for (let i = 0; i < n; i++) {
      const problem = sizeProblem(value[i], min);
      if (problem !== undefined) {
        this.report('error', `"${key}"[${i}] ${problem}`, [key, i]);
        return undefined;
      }
    }
    return value as number[];
  }

  bool(key: string, fallback: boolean): boolean {
    const value = this.raw[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean') {
      this.report('warning', `"${key}" should be true or false, got ${JSON.stringify(value)}; using ${fallback}`, key);
      return fallback;
    }
    return value;
  }

  /** A string from an allowed set (compared case-insensitively; TF.js and Keras both lower-case these). */
  choice<T extends string>(key: string, allowed: readonly T[], fallback: T): T | undefined {
    const value = this.raw[key];
    if (value === undefined || value === null) return fallback;
    const lowered = typeof value === 'string' ? value.toLowerCase() : value;
    if (typeof lowered !== 'string' || !(allowed as readonly string[]).includes(lowered)) {
      this.report('error', `"${key}" must be one of ${allowed.map((a) => `"${a}"`).join(', ')}, got ${JSON.stringify(value)}`, key);
      return undefined;
    }
    return lowered as T;
  }

  string(key: string): string | undefined {
    const value = this.raw[key];
    return typeof value === 'string' ? value : undefined;
  }

  /** `channels_last` (the default) or `channels_first`. */
  dataFormat(): 'channels_last' | 'channels_first' | undefined {
    return this.choice('data_format', ['channels_last', 'channels_first'] as const, 'channels_last');
  }
}
