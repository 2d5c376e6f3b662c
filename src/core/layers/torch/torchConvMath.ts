// PyTorch's size formulas for sliding windows and resampling, one per fact, each with its derivation line (the numbers
// substituted in the formula as PyTorch's documentation writes it). These are PyTorch's, not TensorFlow's: integer
// padding on both sides, floor division, ceil_mode for pools (with PyTorch's rule that drops a last window starting in
// the right padding), 'same' padding d·(k − 1) split with the odd one after, and adaptive pools' overlapping windows.
// (layers/convMath.ts is TensorFlow's 'same' and deconv length; only its dilatedKernelSize is the same fact, used by
// the convolution rule for the kernel's reach.)

/** Axis names in PyTorch's docs: L for 1-D, H/W for 2-D, D/H/W for 3-D. */
export const SPATIAL_AXES: Readonly<Record<1 | 2 | 3, readonly string[]>> = { 1: ['L'], 2: ['H', 'W'], 3: ['D', 'H', 'W'] };

export type SpatialRank = 1 | 2 | 3;

export interface AxisLength {
  /** The output length; null when the input length is unknown. May be < 1: the caller decides what PyTorch says then. */
  readonly out: number | null;
  readonly lines: readonly string[];
}

const unknownAxis = (axis: string): AxisLength => ({ out: null, lines: [`${axis}_out = ? (input ${axis} unknown)`] });

/**
 * A convolution's output length (torch.nn.Conv2d's docs):
 * out = floor((n + 2·p − d·(k − 1) − 1) / s) + 1. With 'same' the caller passes the split padding (before, after).
 */
export function convLength(axis: string, n: number | null, k: number, s: number, before: number, after: number, d: number): AxisLength {
  if (n === null) return unknownAxis(axis);
  const out = Math.floor((n + before + after - d * (k - 1) - 1) / s) + 1;
  const pad = before === after ? `2·${before}` : `${before} + ${after}`;
  return { out, lines: [`${axis}_out = floor((${n} + ${pad} − ${d}·(${k} − 1) − 1) / ${s}) + 1 = ${out}`] };
}

export interface SamePadding {
  readonly total: number;
  readonly before: number;
  readonly after: number;
  readonly line: string;
}

/**
 * `padding='same'` (stride 1 only): d·(k − 1) in total, floor of half before and the rest after, so an even kernel
 * pads one more after (torch.nn.modules.conv: `left_pad = total_padding // 2`).
 */
export function samePadding(axis: string, k: number, d: number): SamePadding {
  const total = d * (k - 1);
  const before = Math.floor(total / 2);
  const after = total - before;
  const asym = before !== after ? ' (asymmetric: the odd one after)' : '';
  return { total, before, after, line: `${axis}: 'same' pads ${d}·(${k} − 1) = ${total} → ${before} before, ${after} after${asym}` };
}

/**
 * A transposed convolution's output length (torch.nn.ConvTranspose2d's docs):
 * out = (n − 1)·s − 2·p + d·(k − 1) + output_padding + 1.
 */
export function transposedConvLength(axis: string, n: number | null, k: number, s: number, p: number, d: number, outputPadding: number): AxisLength {
  if (n === null) return unknownAxis(axis);
  const out = (n - 1) * s - 2 * p + d * (k - 1) + outputPadding + 1;
  return { out, lines: [`${axis}_out = (${n} − 1)·${s} − 2·${p} + ${d}·(${k} − 1) + ${outputPadding} + 1 = ${out}`] };
}

/**
 * A pool's output length (ATen pooling_output_shape): out = floor((n + 2·p − d·(k − 1) − 1) / s) + 1, or with
 * ceil_mode ceil(...) + 1, minus one when that last window would start inside the right padding:
 * (out − 1)·s ≥ n + p.
 */
export function poolLength(axis: string, n: number | null, k: number, s: number, p: number, d: number, ceilMode: boolean): AxisLength {
  if (n === null) return unknownAxis(axis);
  const numerator = n + 2 * p - d * (k - 1) - 1;
  const dil = `${d}·(${k} − 1)`;
  if (!ceilMode) {
    const out = Math.floor(numerator / s) + 1;
    return { out, lines: [`${axis}_out = floor((${n} + 2·${p} − ${dil} − 1) / ${s}) + 1 = ${out}`] };
  }
  const ceiled = Math.ceil(numerator / s) + 1;
  const lines = [`${axis}_out = ceil((${n} + 2·${p} − ${dil} − 1) / ${s}) + 1 = ${ceiled} (ceil_mode)`];
  if ((ceiled - 1) * s >= n + p) {
    lines.push(`${axis}: the last window would start at (${ceiled} − 1)·${s} = ${(ceiled - 1) * s} ≥ ${n} + ${p}, inside the right padding: dropped → ${ceiled - 1}`);
    return { out: ceiled - 1, lines };
  }
  return { out: ceiled, lines };
}

/** Adaptive pooling's window i over n inputs for `out` outputs: [floor(i·n/out), ceil((i + 1)·n/out)). */
export function adaptiveWindow(i: number, n: number, out: number): { start: number; end: number } {
  return { start: Math.floor((i * n) / out), end: Math.ceil(((i + 1) * n) / out) };
}

/**
 * An adaptive pool's axis: the output length is the requested one (None keeps the input's); the windows are
 * [floor(i·n/out), ceil((i + 1)·n/out)), so they overlap when out does not divide n, and repeat inputs when out > n.
 */
export function adaptiveLength(axis: string, n: number | null, requested: number | null): AxisLength {
  if (requested === null) {
    if (n === null) return unknownAxis(axis);
    return { out: n, lines: [`${axis}_out = ${n} (output_size None keeps the input's)`] };
  }
  if (n === null) return { out: requested, lines: [`${axis}_out = ${requested} (output_size)`] };
  const sizes = new Set<number>();
  for (let i = 0; i < requested; i++) {
    const w = adaptiveWindow(i, n, requested);
    sizes.add(w.end - w.start);
  }
  const widths = [...sizes].sort((a, b) => a - b).join(' or ');
  const how = n === requested ? 'each window one input' : requested > n ? `windows of ${widths}, inputs repeated (growing ${n} → ${requested})` : `windows of ${widths}`;
  return {
    out: requested,
    lines: [`${axis}_out = ${requested} (output_size); window i = [floor(i·${n}/${requested}), ceil((i + 1)·${n}/${requested})): ${how}`],
  };
}

/** F.interpolate's output length from a scale factor: floor(n · scale). */
export function scaledLength(axis: string, n: number | null, scale: number): AxisLength {
  if (n === null) return unknownAxis(axis);
  const out = Math.floor(n * scale);
  return { out, lines: [`${axis}_out = floor(${n}·${scale}) = ${out}`] };
}

/** A padding layer's axis: out = n + before + after (negative padding crops). */
export function paddedLength(axis: string, n: number | null, before: number, after: number): AxisLength {
  if (n === null) return unknownAxis(axis);
  const out = n + before + after;
  return { out, lines: [`${axis}_out = ${n} + ${before} + ${after} = ${out}`] };
}
