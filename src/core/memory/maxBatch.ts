// The what-if users ask: "will batch 64 fit on my 8 GB GPU?" turned around — the largest batch whose training step
// (and whose inference) fits in a device's memory, per framework, from the same figures the memory view shows.
import type { MemoryLayer } from './memoryLayer';
import { computeMemoryDetail, type MemoryOptions } from './memoryModel';

export interface MaxBatch {
  /** The largest batch that fits (0: not even one sample); null when the figures are unknown. */
  batch: number | null;
  /** The peak at that batch (null with batch 0 or unknown). */
  peakBytes: number | null;
}

/** Batches above this are not searched (a model this small fits any device; the answer is "at least" this). */
export const MAX_BATCH_SEARCHED = 1 << 24;

/**
 * The largest training and inference batch whose peak (the framework's figure for `opts`; on PyTorch's cuda, the
 * peak's high end when cuBLAS workspaces may still have to be made) is at most `deviceBytes`. Peaks grow with the batch,
 * so a doubling search then bisection: about 2·log2(batch) evaluations of the memory walks.
 */
export function maxBatchThatFits(layers: readonly MemoryLayer[], opts: Omit<MemoryOptions, 'batchSize'>, deviceBytes: number): { training: MaxBatch; inference: MaxBatch } {
  const peaks = (batch: number) => {
    const d = computeMemoryDetail(layers, { ...opts, batchSize: batch });
    return { training: d.trainingPeakRange?.highBytes ?? d.trainingPeakBytes, inference: d.inferencePeakRange?.highBytes ?? d.inferencePeakBytes };
  };
  return {
    training: largestFitting((b) => peaks(b).training, deviceBytes),
    inference: largestFitting((b) => peaks(b).inference, deviceBytes),
  };
}

function largestFitting(peakAt: (batch: number) => number, deviceBytes: number): MaxBatch {
  const first = peakAt(1);
  if (Number.isNaN(first)) return { batch: null, peakBytes: null };
  if (first > deviceBytes) return { batch: 0, peakBytes: null };
  let fits = 1;
  let fitsPeak = first;
  let tooBig = 0;
  while (tooBig === 0 && fits < MAX_BATCH_SEARCHED) {
    const next = Math.min(fits * 2, MAX_BATCH_SEARCHED);
    const p = peakAt(next);
    if (p <= deviceBytes) {
      fits = next;
      fitsPeak = p;
    } else tooBig = next;
  }
  while (tooBig - fits > 1) {
    const mid = Math.floor((fits + tooBig) / 2);
    const p = peakAt(mid);
    if (p <= deviceBytes) {
      fits = mid;
      fitsPeak = p;
    } else tooBig = mid;
  }
  return { batch: fits, peakBytes: fitsPeak };
}
