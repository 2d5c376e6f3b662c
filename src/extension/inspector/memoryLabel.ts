// What a memory figure is for (issue #13): the framework and device its model assumes, the range where a term cannot
// be predicted, and the ideal-autograd lower bound labelled as such. Shared by the JSON and PyTorch faces. Pure.
import type { MemoryBreakdown } from '../../core';
import { formatBytes, formatCount, IDEAL_AUTOGRAD_LABEL, memoryFrameworkLabel } from '../../core/format';
import { markdownText } from './markdownEscape';

type Range = MemoryBreakdown['trainingPeakRange'];

export { IDEAL_AUTOGRAD_LABEL, memoryFrameworkLabel };

/** A peak, or its range when the model gives one (`3.1 MiB–3.4 MiB`); `?` when unknown. */
export function peakText(bytes: number, range?: Range): string {
  if (range && Number.isFinite(range.lowBytes) && Number.isFinite(range.highBytes) && range.highBytes > range.lowBytes) {
    return `${formatBytes(range.lowBytes)}–${formatBytes(range.highBytes)}`;
  }
  return formatBytes(bytes);
}

/** `≈ 3.00 MiB`, or `?` when unknown (no `≈` before an unknown). */
export function approxPeakText(bytes: number, range?: Range): string {
  const text = peakText(bytes, range);
  return text === '?' ? text : `≈ ${text}`;
}

/** The hover's rows about the whole model's memory: both peaks for the framework, then the ideal autograd's. */
export function modelMemoryRows(m: MemoryBreakdown): string[] {
  const label = memoryFrameworkLabel(m);
  const at = `batch ${formatCount(m.batchSize)}`;
  const rows = [
    `| Model training peak | ${approxPeakText(m.trainingPeakBytes, m.trainingPeakRange)} · ${label} · ${at} (${m.optimizer}, ${m.dtype}) |`,
    `| Model inference peak | ${approxPeakText(m.inferencePeakBytes, m.inferencePeakRange)} · ${label} · ${at} (${m.dtype}) |`,
  ];
  if (m.idealAutograd && m.framework !== undefined && m.framework !== 'idealAutograd') {
    rows.push(`| Ideal autograd | training ${formatBytes(m.idealAutograd.trainingPeakBytes)} · inference ${formatBytes(m.idealAutograd.inferencePeakBytes)} (${IDEAL_AUTOGRAD_LABEL}: no framework reaches it) |`);
  }
  return rows;
}

/** Why the model's peaks are ranges, when they are: lines to put under the hover's table. */
export function memoryRangeNotes(m: MemoryBreakdown): string[] {
  const notes: string[] = [];
  if (m.trainingPeakRange) notes.push(`Training peak range: ${markdownText(m.trainingPeakRange.why)}`);
  if (m.inferencePeakRange) notes.push(`Inference peak range: ${markdownText(m.inferencePeakRange.why)}`);
  return notes;
}
