// Small helpers over shapes and counts that may be unknown (null). Everything here is pure arithmetic: a null
// operand gives a null result, so an unknown dimension can never turn into a made-up number.
import type { Shape } from '../ir';

/** A count that may be unknown. */
export type Count = number | null;

/**
 * A shape in the derivation's and diagnostics' tuple notation, batch included: `[null, 28, 28, 1]` → `(?, 28, 28, 1)`;
 * a wholly unknown shape → `unknown`. (core/format.ts writes shapes for the faces: the paper's, Keras's, TF.js's.)
 */
export function shapeTuple(shape: Shape | null | undefined): string {
  if (!shape) return 'unknown';
  return `(${shape.map(formatDim).join(', ')})`;
}

export function formatDim(dim: number | null | undefined): string {
  return dim === null || dim === undefined ? '?' : String(dim);
}

/** Product of counts; null when any factor is unknown. Results above 2^53 stay approximate and are flagged by the caller. */
export function product(values: readonly Count[]): Count {
  let result = 1;
  for (const v of values) {
    if (v === null) return null;
    result *= v;
  }
  return result;
}

export function sum(values: readonly Count[]): Count {
  let result = 0;
  for (const v of values) {
    if (v === null) return null;
    result += v;
  }
  return result;
}

// mul and add take fixed arguments rather than a rest list: they run several times per layer, and a rest list is
// an array allocated per call. Same left-to-right order of operations as product/sum.
export function mul(a: Count, b: Count, c: Count = 1, d: Count = 1): Count {
  if (a === null || b === null || c === null || d === null) return null;
  return a * b * c * d;
}

export function add(a: Count, b: Count, c: Count = 0, d: Count = 0): Count {
  if (a === null || b === null || c === null || d === null) return null;
  return a + b + c + d;
}

/** Elements of one sample of a tensor: the product of all dims but the batch dim. */
export function elementsPerSample(shape: Shape | null): Count {
  if (!shape) return null;
  let result = 1;
  for (let i = 1; i < shape.length; i++) {
    const d = shape[i];
    if (d === null) return null;
    result *= d;
  }
  return result;
}

/** `a·b·c` with unknowns as `?`, for derivation lines. */
export function formatProduct(values: readonly Count[]): string {
  return values.map(formatDim).join('·');
}

/** A count in a derivation line: plain digits (no grouping, unlike core/format's formatCount), `?` when unknown. */
export function plainCount(value: Count): string {
  return value === null ? '?' : String(value);
}

/** Resolves a possibly negative axis against a rank (Python style); undefined when out of range. */
export function normalizeAxis(axis: number, rank: number): number | undefined {
  const a = axis < 0 ? axis + rank : axis;
  return a >= 0 && a < rank ? a : undefined;
}

/** Exact integer-ness check of a dimension value read from JSON. */
export function isDim(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
