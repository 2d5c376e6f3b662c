// The rows of the layers table and their sorting. Pure (unit-tested). Unknown numbers (null) sort last in
// either direction: an unknown is not small.
import type { Analysis, DType } from '../src/core';
import type { LayerSortKey } from '../src/protocol';
import { formatOutputShapes } from './tensorLayout';
import { outputBytes, totalOutputBytes } from '../src/core/memory';

export interface LayerRow {
  index: number;
  name: string;
  className: string;
  output: string;
  /** Elements of the first output per sample, for sorting by size. */
  outputElements: number | null;
  params: number | null;
  trainable: number | null;
  nonTrainable: number | null;
  /** A PyTorch module's buffer elements (BatchNorm's running statistics): saved with the model, not parameters. */
  buffers: number | null;
  macs: number | null;
  /** Output memory for the batch at the chosen dtype. */
  memory: number | null;
  /** Share of the model's parameters, in [0, 1]. */
  share: number | null;
  /** Share of the model's MACs, in [0, 1]. */
  macShare: number | null;
}

export function layerRows(analysis: Analysis, batchSize: number, dtype: DType): LayerRow[] {
  const totalParams = analysis.totals.params;
  const totalMacs = analysis.totals.macs;
  return analysis.layers.map((l, index) => ({
    index,
    name: l.name,
    className: l.className,
    output: formatOutputShapes(l.outputShapes, analysis.model.format),
    outputElements: l.outputElementsPerSample,
    params: l.params,
    trainable: l.trainableParams,
    nonTrainable: l.nonTrainableParams,
    buffers: l.buffers ?? (analysis.model.format === 'pytorch' ? null : 0),
    macs: l.macs,
    memory: outputBytes(l.outputElementsPerSample, batchSize, dtype),
    share: l.params === null || !totalParams ? (l.params === 0 ? 0 : null) : l.params / totalParams,
    macShare: l.macs === null || !totalMacs ? (l.macs === 0 ? 0 : null) : l.macs / totalMacs,
  }));
}

function keyOf(r: LayerRow, key: LayerSortKey): number | string | null {
  switch (key) {
    case 'index': return r.index;
    case 'name': return r.name.toLowerCase();
    case 'className': return r.className;
    case 'output': return r.outputElements;
    case 'params': return r.params;
    case 'trainable': return r.trainable;
    case 'nonTrainable': return r.nonTrainable;
    case 'buffers': return r.buffers;
    case 'macs': return r.macs;
    case 'memory': return r.memory;
    case 'share': return r.share;
  }
}

/** Stable sort; ties keep execution order. */
export function sortRows(rows: readonly LayerRow[], key: LayerSortKey, descending: boolean): LayerRow[] {
  const dir = descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const ka = keyOf(a, key);
    const kb = keyOf(b, key);
    if (ka === null && kb === null) return a.index - b.index;
    if (ka === null) return 1;
    if (kb === null) return -1;
    if (ka < kb) return -dir;
    if (ka > kb) return dir;
    return a.index - b.index;
  });
}

export interface Totals {
  params: number | null;
  trainable: number | null;
  nonTrainable: number | null;
  /** Buffer elements over all layers (null when a layer's are unknown). */
  buffers: number | null;
  macs: number | null;
  memory: number | null;
}

/**
 * The table's footer: the model's totals as core summed them (src/core/totals.ts), and the sums of the output memory and
 * of the buffers (core's totals have no buffers: they are not parameters).
 */
export function tableTotals(analysis: Analysis, batchSize: number, dtype: DType): Totals {
  const t = analysis.totals;
  return {
    params: t.params, trainable: t.trainableParams, nonTrainable: t.nonTrainableParams, macs: t.macs,
    buffers: analysis.layers.reduce<number | null>((sum, l) => (sum === null || l.buffers === null ? null : sum + (l.buffers ?? 0)), 0),
    memory: totalOutputBytes(analysis.layers, batchSize, dtype),
  };
}
