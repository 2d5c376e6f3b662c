// Number, byte, shape and rate formatting shared by every face (CLI, editor hover, dashboard). Pure functions.
import type { MemoryBreakdown } from './analysisResult';
import type { Shape } from './ir';

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Whether a figure can be shown: unknown (null, NaN) and Infinity (an overflow, never a real size) cannot. */
function shown(n: number | null | undefined): n is number {
  return n !== null && n !== undefined && Number.isFinite(n);
}

/** 1234567 → "1,234,567"; null → "?" (unknown is shown as unknown, never as 0). */
export function formatCount(n: number | null | undefined): string {
  if (!shown(n)) return '?';
  return grouped.format(n + 0); // + 0: a -0 (from a JSON "-0") is shown as 0, never "-0"
}

/** 1234567 → "1.23 M" (for MACs and other large counts where the digits do not matter). */
export function formatCompact(n: number | null | undefined): string {
  if (!shown(n)) return '?';
  const abs = Math.abs(n);
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  for (const [scale, unit] of units) {
    if (abs >= scale) return `${trim(n / scale)} ${unit}`;
  }
  return String(Math.round(n));
}

function trim(x: number): string {
  const digits = Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2;
  return x.toFixed(digits);
}

/**
 * Bytes in binary units (KiB, MiB, GiB), the units `free`, PyTorch's memory summary and the OS report, so a
 * figure here can be compared with a measurement without converting. NaN/null/Infinity → "?".
 */
export function formatBytes(bytes: number | null | undefined): string {
  if (!shown(bytes)) return '?';
  const unit = binaryUnitOf(bytes);
  return unit ? `${trim(bytes / unit.bytesPerUnit)} ${unit.name}` : `${Math.round(bytes)} B`;
}

const BINARY_UNITS = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** The binary unit formatBytes shows `bytes` in, and its size in bytes; undefined below 1 KiB (shown in bytes). */
export function binaryUnitOf(bytes: number): { name: string; bytesPerUnit: number } | undefined {
  if (Math.abs(bytes) < 1024) return undefined;
  let unit = 0;
  let bytesPerUnit = 1024;
  while (Math.abs(bytes / bytesPerUnit) >= 1024 && unit < BINARY_UNITS.length - 1) {
    bytesPerUnit *= 1024;
    unit++;
  }
  return { name: BINARY_UNITS[unit], bytesPerUnit };
}

// Shapes are written three ways, each for a reader who knows one notation; the batch dimension is null in all.

/** One sample's shape, the batch dimension dropped, as the paper writes it: [null, 28, 28, 6] → "28×28×6"; null → "?". */
export function formatSampleShape(shape: Shape | null | undefined): string {
  if (!shape) return '?';
  const dims = shape.slice(1);
  if (dims.length === 0) return 'scalar';
  return dims.map((d) => (d === null ? '?' : String(d))).join('×');
}

/** All outputs of a layer, one sample each, e.g. "28×28×6" or "7×7×64, 7×7×64" for a multi-output layer. */
export function formatSampleShapes(shapes: readonly (Shape | null)[]): string {
  if (shapes.length === 0) return '—';
  return shapes.map(formatSampleShape).join(', ');
}

/** As Keras's `model.summary()` writes a shape, batch included: [null, 28, 28, 6] → "(None, 28, 28, 6)"; null → "?". */
export function formatKerasShape(shape: Shape | null): string {
  if (!shape) return '?';
  return `(${shape.map((d) => (d === null ? 'None' : String(d))).join(', ')})`;
}

/** As TF.js prints a layer's `outputShape`, batch first: [null, 28, 28, 6] → "[null, 28, 28, 6]"; null → "?". */
export function formatTfjsShape(shape: Shape | null): string {
  return shape ? `[${shape.map((d) => (d === null ? 'null' : String(d))).join(', ')}]` : '?';
}

/** 0.8384 → "83.8%". */
export function formatPercent(fraction: number | null | undefined, digits = 1): string {
  if (fraction === null || fraction === undefined || Number.isNaN(fraction)) return '?';
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** Seconds as "45 s", "3 min 20 s", "1 h 02 min". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** Loss values as the notebook prints them (6 decimals). */
export function formatLoss(loss: number | null | undefined): string {
  if (loss === null || loss === undefined || Number.isNaN(loss)) return '?';
  return loss.toFixed(6);
}

/** 512.3 → "512 samples/s"; 12.34 → "12.3 samples/s". */
export function formatRate(samplesPerSecond: number | null | undefined): string {
  if (samplesPerSecond === null || samplesPerSecond === undefined || Number.isNaN(samplesPerSecond)) return '?';
  return `${samplesPerSecond >= 100 ? Math.round(samplesPerSecond) : samplesPerSecond.toFixed(1)} samples/s`;
}

/** The ideal-autograd memory model's name where a figure is labelled (a lower bound no framework reaches). */
export const IDEAL_AUTOGRAD_LABEL = 'ideal autograd (lower bound, for teaching)';

/**
 * Whose memory a figure is (issue #13), as the CLI and the editor label it: `TF.js 4.x`, `PyTorch 2.x · CUDA`,
 * `PyTorch 2.x · CPU`, or the ideal autograd's (core's figure when no framework is given).
 */
export function memoryFrameworkLabel(m: Pick<MemoryBreakdown, 'framework' | 'device'>): string {
  if (m.framework === 'tfjs') return 'TF.js 4.x';
  if (m.framework === 'pytorch') return `PyTorch 2.x · ${m.device === 'cpu' ? 'CPU' : 'CUDA'}`;
  return IDEAL_AUTOGRAD_LABEL;
}
