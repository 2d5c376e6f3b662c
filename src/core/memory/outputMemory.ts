// The layers table's output memory: each layer's output for a batch at a dtype, and the sum over the layers (every
// output counted once, as if all were held at the same time: a size, not the memory model's peak).
import type { DType, LayerAnalysis } from '../analysisResult';
import { sumKnown } from '../totals';
import { BYTES_PER_ELEMENT } from './dtype';

/** Bytes of a layer's output for the batch; null when its size per sample is unknown. */
export function outputBytes(elementsPerSample: number | null, batchSize: number, dtype: DType): number | null {
  return elementsPerSample === null ? null : elementsPerSample * batchSize * BYTES_PER_ELEMENT[dtype];
}

/** The sum of the layers' output bytes, in layer order; null when one layer's size is unknown. */
export function totalOutputBytes(layers: readonly Pick<LayerAnalysis, 'outputElementsPerSample'>[], batchSize: number, dtype: DType): number | null {
  return sumKnown(layers.map((l) => outputBytes(l.outputElementsPerSample, batchSize, dtype)));
}
