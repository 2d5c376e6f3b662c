// Typed reading of a layer's config object (snake_case keys as TF.js and Keras write them). A value of the wrong
// type is reported on its exact JSON path and the reader falls back to undefined, so a rule can stop cleanly.
import type { JsonPath, Severity } from '../ir';

export type Reporter = (severity: Severity, message: string, at?: string | JsonPath) => void;

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

  /** An integer ≥ min; `fallback` when absent (undefined fallback: required). */
  int(key: string, fallback?: number, min = 0): number | undefined {
    const value = this.raw[key];
    if (value === undefined || value === null) {
      if (fallback === undefined) this.report('error', `missing required config "${key}"`, key);
      return fallback;
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      this.report('error', `"${key}" must be an integer ≥ ${min}, got ${JSON.stringify(value)}`, key);
      return undefined;
    }
    return value;
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

  /** An integer or a list of `n` integers (Keras accepts both for kernel_size, strides...), each ≥ min. */
  intTuple(key: string, n: number, fallback?: number | number[], min = 1): number[] | undefined {
    let value = this.raw[key];
    if (value === undefined || value === null) {
      if (fallback === undefined) {
        this.report('error', `missing required config "${key}"`, key);
        return undefined;
      }
      value = fallback;
    }
    const list = typeof value === 'number' ? Array.from({ length: n }, () => value as number) : value;
    if (!Array.isArray(list) || list.length !== n) {
      this.report('error', `"${key}" must be an integer or a list of ${n} integers, got ${JSON.stringify(value)}`, key);
      return undefined;
    }
    for (let i = 0; i < n; i++) {
      const v: unknown = list[i];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
        this.report('error', `"${key}"[${i}] must be an integer ≥ ${min}, got ${JSON.stringify(v)}`, [key, i]);
        return undefined;
      }
    }
    return list as number[];
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
