// The notebook's first formulas, generalised: the output size of a sliding window (convolution or pooling) along one
// axis, and the padding that keeps the size. Each result carries the derivation as a learner would write it.
//
// O = floor((N + P_before + P_after - F_eff) / S) + 1, with F_eff = (F - 1)·D + 1 (dilation D).
// TensorFlow's "same" pads P_total = max((ceil(N / S) - 1)·S + F_eff - N, 0), P_before = floor(P_total / 2) and the
// odd pixel after (bottom/right): the padding can be asymmetric, unlike PyTorch's symmetric `padding=k`.
// The numbers come from the layer rules' own arithmetic (layers/convMath), so a calculator cannot disagree with the
// Layers table; this file checks the inputs and writes the derivation in the notebook's letters.
import { dilatedKernelSize, samePaddingSizes, windowFits, windowPositions } from '../layers/convMath';

export interface WindowSpec {
  /** Input size N along the axis. */
  n: number;
  /** Filter (kernel) size F. */
  f: number;
  /** Stride S (default 1). */
  s?: number;
  /** Dilation D (default 1). */
  d?: number;
  /** Padding: the same P on both sides, or [before, after]. Default 0. */
  padding?: number | readonly [number, number];
}

export interface OutputSize {
  /** The output size, or null when the window does not fit. */
  out: number | null;
  paddingBefore: number;
  paddingAfter: number;
  derivation: string[];
  error?: string;
}

export function effectiveFilterSize(f: number, d = 1): number {
  return dilatedKernelSize(f, d);
}

export function outputSize(spec: WindowSpec): OutputSize {
  const { n, f, s = 1, d = 1 } = spec;
  const [before, after] = typeof spec.padding === 'number' || spec.padding === undefined
    ? [spec.padding ?? 0, spec.padding ?? 0]
    : spec.padding;
  const derivation: string[] = [];
  const invalid = [['N', n, 1], ['F', f, 1], ['S', s, 1], ['D', d, 1], ['P_before', before, 0], ['P_after', after, 0]] as const;
  for (const [name, value, min] of invalid) {
    if (!Number.isInteger(value) || value < min) {
      return { out: null, paddingBefore: before, paddingAfter: after, derivation, error: `${name} must be an integer ≥ ${min} (got ${value})` };
    }
  }
  const fEff = effectiveFilterSize(f, d);
  if (d !== 1) derivation.push(`F_eff = (F - 1)·D + 1 = (${f} - 1)·${d} + 1 = ${fEff}`);
  const padded = n + before + after;
  if (!windowFits(n, before, after, fEff)) {
    return {
      out: null, paddingBefore: before, paddingAfter: after, derivation,
      error: `the filter (${fEff}) is larger than the padded input (${n} + ${before} + ${after} = ${padded})`,
    };
  }
  const out = windowPositions(n, before, after, fEff, s);
  derivation.push(`O = floor((N + P_before + P_after - F${d !== 1 ? '_eff' : ''}) / S) + 1 = floor((${n} + ${before} + ${after} - ${fEff}) / ${s}) + 1 = ${out}`);
  return { out, paddingBefore: before, paddingAfter: after, derivation };
}

export interface SamePadding {
  total: number;
  before: number;
  after: number;
  /** ceil(N / S): the output size "same" gives (N itself when S = 1). */
  out: number;
  derivation: string[];
}

/** TensorFlow's "same" padding for one axis (the padding that keeps the size when S = 1). */
export function samePadding(n: number, f: number, s = 1, d = 1): SamePadding {
  const fEff = effectiveFilterSize(f, d);
  const { out, total, before, after } = samePaddingSizes(n, fEff, s);
  const derivation = [
    `O = ceil(N / S) = ceil(${n} / ${s}) = ${out}`,
    `P_total = max((O - 1)·S + F${d !== 1 ? '_eff' : ''} - N, 0) = max((${out} - 1)·${s} + ${fEff} - ${n}, 0) = ${total}`,
    after === before
      ? `P_before = P_after = ${before}`
      : `P_before = floor(${total} / 2) = ${before}, P_after = ${total} - ${before} = ${after} (TensorFlow puts the extra pixel after)`,
  ];
  return { total, before, after, out, derivation };
}
