// Output length of a sliding window (convolution or pooling) along one axis, with the derivation a learner reads.
// The rules are TF.js's and Keras's (conv_utils.convOutputLength / deconvLength); "same" padding is written the way
// TensorFlow really pads: pad_total = max((ceil(N/S) - 1)·S + F_eff - N, 0), the extra pixel going after (bottom/right).
// The arithmetic itself (dilated kernel, window positions, 'same' padding, a convolution's parameters) is written once
// below and used both by the layer rules and by the theory calculators (src/core/theory), so they cannot disagree.
import { add, mul, type Count } from './shape';

export type PaddingMode = 'valid' | 'same' | 'causal';
export type TransposePaddingMode = 'valid' | 'same';

export interface AxisResult {
  readonly out: number | null;
  readonly lines: readonly string[];
  /** Set when the window does not fit (kernel larger than the input with no padding), or the size would be negative. */
  readonly error?: string;
  /** The config key the error is about, when not kernel_size. */
  readonly errorKey?: string;
  /** For a window larger than its input: the parts of the message, so the axes of one window merge into one. */
  readonly tooLarge?: { readonly window: string; readonly axis: string; readonly n: number; readonly padding: string };
}

/**
 * The errors of one window over all its axes, one message per config key. A 15×15 kernel on a 14×14 input is one
 * problem: "kernel 15 is larger than the input along H (14) and W (14) …", not one message per axis (read as the same
 * message twice).
 */
export function windowErrors(results: readonly AxisResult[]): { key: string | undefined; message: string }[] {
  const tooLarge = results.flatMap((r) => (r.tooLarge ? [r.tooLarge] : []));
  const errors: { key: string | undefined; message: string }[] = [];
  if (tooLarge.length > 0) {
    const windows = [...new Set(tooLarge.map((t) => t.window))].join(' / ');
    const axes = tooLarge.map((t) => `${t.axis} (${t.n})`);
    const along = axes.length === 1 ? axes[0] : `${axes.slice(0, -1).join(', ')} and ${axes[axes.length - 1]}`;
    errors.push({ key: undefined, message: `${windows} is larger than the input along ${along} with padding "${tooLarge[0].padding}"` });
  }
  const byKey = new Map<string, string[]>();
  for (const r of results) {
    if (!r.error || r.tooLarge) continue;
    const key = r.errorKey ?? '';
    byKey.set(key, [...(byKey.get(key) ?? []), r.error]);
  }
  for (const [key, messages] of byKey) errors.push({ key: key || undefined, message: messages.join('; ') });
  return errors;
}

/** The sides of an axis, for derivation text: top/bottom for height, left/right for width... */
export function sidesOf(axisName: string): [string, string] {
  if (axisName === 'H') return ['top', 'bottom'];
  if (axisName === 'D') return ['front', 'back'];
  return ['left', 'right'];
}

/** The reach of a kernel of F taps with dilation D: F_eff = (F - 1)·D + 1. */
export function dilatedKernelSize(f: number, d: number): number {
  return (f - 1) * d + 1;
}

/** Whether a window of F_eff fits the input of N padded by P_before and P_after: N + P_before + P_after ≥ F_eff. */
export function windowFits(n: number, before: number, after: number, fEff: number): boolean {
  return n + before + after >= fEff;
}

/**
 * Positions of a window of F_eff moved S at a time over N padded by P_before and P_after (the output length):
 * floor((N + P_before + P_after - F_eff) / S) + 1. A size only when the window fits (windowFits).
 */
export function windowPositions(n: number, before: number, after: number, fEff: number, s: number): number {
  return Math.floor((n + before + after - fEff) / s) + 1;
}

export interface SamePaddingSizes {
  /** ceil(N / S): the output length 'same' promises. */
  readonly out: number;
  readonly total: number;
  readonly before: number;
  readonly after: number;
}

/** TensorFlow's 'same' along one axis: O = ceil(N / S), P_total = max((O - 1)·S + F_eff - N, 0), the odd one after. */
export function samePaddingSizes(n: number, fEff: number, s: number): SamePaddingSizes {
  const out = Math.ceil(n / s);
  const total = Math.max((out - 1) * s + fEff - n, 0);
  const before = Math.floor(total / 2);
  return { out, total, before, after: total - before };
}

export interface ConvParameterCounts<C extends Count> {
  readonly weights: C;
  readonly biases: C;
  readonly total: C;
}

/**
 * A convolution's parameters: weights k·C_in/groups·filters (k the product of the kernel sizes) and one bias per
 * filter when it has biases. Unknown input channels give unknown weights.
 */
export function convParameterCounts(kernel: readonly number[], inChannels: number, filters: number, groups: number, useBias: boolean): ConvParameterCounts<number>;
export function convParameterCounts(kernel: readonly number[], inChannels: Count, filters: number, groups: number, useBias: boolean): ConvParameterCounts<Count>;
export function convParameterCounts(kernel: readonly number[], inChannels: Count, filters: number, groups: number, useBias: boolean): ConvParameterCounts<Count> {
  const k = kernel.reduce((a, b) => a * b, 1);
  const perFilter = inChannels === null ? null : (k * inChannels) / groups;
  const weights = mul(perFilter, filters);
  const biases = useBias ? filters : 0;
  return { weights, biases, total: add(weights, biases) };
}

function effectiveKernel(axis: string, f: number, d: number, lines: string[]): number {
  if (d === 1) return f;
  const fd = dilatedKernelSize(f, d);
  lines.push(`${axis}: dilated kernel = (${f} - 1)·${d} + 1 = ${fd}`);
  return fd;
}

// A model repeats the same window over and over (every 3×3 "same" convolution of a stage sees the same size), and
// these derivation lines were most of the analysis's allocations on deep models. Results are memoised by their
// arguments; they are shared, so callers must not modify them (rules only read them). The cache is bounded.
const axisCache = new Map<string, AxisResult>();
const AXIS_CACHE_LIMIT = 4096;

/** Output length along one axis of a convolution or pooling window (see the file comment for the rules). */
export function convAxis(
  axis: string,
  n: number | null,
  f: number,
  s: number,
  d: number,
  padding: PaddingMode,
): AxisResult {
  const key = `${axis}${padding}${n}/${f}/${s}/${d}`;
  let result = axisCache.get(key);
  if (result === undefined) {
    if (axisCache.size >= AXIS_CACHE_LIMIT) axisCache.clear();
    result = computeConvAxis(axis, n, f, s, d, padding);
    axisCache.set(key, result);
  }
  return result;
}

function computeConvAxis(
  axis: string,
  n: number | null,
  f: number,
  s: number,
  d: number,
  padding: PaddingMode,
): AxisResult {
  const lines: string[] = [];
  const fd = effectiveKernel(axis, f, d, lines);
  if (n === null) {
    lines.push(`${axis}_out = ? (input ${axis} unknown)`);
    return { out: null, lines };
  }
  if (padding === 'valid') {
    if (!windowFits(n, 0, 0, fd)) {
      const what = d === 1 ? `kernel ${fd}` : `dilated kernel ${fd}`;
      return {
        out: null, lines,
        error: `${what} is larger than the input (${n}) along ${axis} with padding "valid"`,
        tooLarge: { window: what, axis, n, padding: 'valid' },
      };
    }
    const out = windowPositions(n, 0, 0, fd, s);
    lines.push(`${axis}_out = floor((${n} - ${fd}) / ${s}) + 1 = ${out}`);
    return { out, lines };
  }
  if (padding === 'causal') {
    const before = fd - 1;
    const out = windowPositions(n, before, 0, fd, s);
    lines.push(`${axis}: 'causal' pads (${f} - 1)·${d} = ${before} on the left only`);
    lines.push(`${axis}_out = floor((${n} + ${before} - ${fd}) / ${s}) + 1 = ${out}`);
    // Keras pads and computes this; TF.js 4 cannot run causal convolutions and its outputShape treats them as valid.
    lines.push(`(TF.js 4 cannot run 'causal' padding; its outputShape says ${windowPositions(n, 0, 0, fd, s)}, as if 'valid')`);
    return { out, lines };
  }
  const { total, before, after } = samePaddingSizes(n, fd, s);
  const [first, second] = sidesOf(axis);
  const asym = before !== after ? ` (asymmetric: TensorFlow puts the odd one ${second})` : '';
  lines.push(
    `${axis}: 'same' pads max((ceil(${n}/${s}) - 1)·${s} + ${fd} - ${n}, 0) = ${total} → ${before} ${first}, ${after} ${second}${asym}`,
  );
  const out = windowPositions(n, before, after, fd, s);
  lines.push(`${axis}_out = floor((${n} + ${before} + ${after} - ${fd}) / ${s}) + 1 = ${out}`);
  return { out, lines };
}

/** A transposed convolution's output length without output_padding (Keras's and TF.js's deconv length). */
function transposedLength(n: number, fEff: number, s: number, padding: TransposePaddingMode): number {
  return padding === 'same' ? n * s : n * s + Math.max(fEff - s, 0);
}

/** Transposed convolution (Keras deconv_output_length; TF.js's deconvLength when dilation is 1 and no output_padding). */
export function transposeAxis(
  axis: string,
  n: number | null,
  f: number,
  s: number,
  d: number,
  padding: TransposePaddingMode,
  outputPadding: number | undefined,
): AxisResult {
  const lines: string[] = [];
  const fd = effectiveKernel(axis, f, d, lines);
  if (n === null) {
    lines.push(`${axis}_out = ? (input ${axis} unknown)`);
    return { out: null, lines };
  }
  if (outputPadding === undefined) {
    const out = transposedLength(n, fd, s, padding);
    if (padding === 'same') {
      lines.push(`${axis}_out = ${n}·${s} = ${out} ('same' transposed: input × stride)`);
      return { out, lines };
    }
    lines.push(`${axis}_out = ${n}·${s} + max(${fd} - ${s}, 0) = ${out}`);
    return { out, lines };
  }
  const pad = padding === 'same' ? Math.floor(fd / 2) : 0;
  const out = (n - 1) * s + fd - 2 * pad + outputPadding;
  lines.push(`${axis}_out = (${n} - 1)·${s} + ${fd} - 2·${pad} + ${outputPadding} = ${out} (output_padding ${outputPadding})`);
  if (out < 0) {
    // Only an empty axis (n = 0) gets here. Keras cannot build a negative size; TF.js ignores output_padding.
    const tfjs = transposedLength(n, fd, s, padding);
    return {
      out: null,
      lines,
      errorKey: 'output_padding',
      error: `output_padding ${outputPadding} on an empty ${axis} axis (${axis} = ${n}) with strides ${s}: Keras's formula gives ${axis}_out = ${out}, a negative size, so Keras cannot build this layer (TF.js ignores output_padding and gives ${tfjs})`,
    };
  }
  return { out, lines };
}
