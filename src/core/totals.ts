// Sums over layers, made in one place: the model's totals (analyzeModel), a nested model's counts (the layer engine)
// and the dashboard's table all come from here. A total is unknown (null) as soon as one term is: a partial sum would
// pass for the whole. Pure, and importing only types, so any face can run it.
import type { Analysis, LayerAnalysis } from './analysisResult';

/** A model's parameter and MAC totals, as `Analysis.totals` carries them. */
export type ModelTotals = Analysis['totals'];

/** The per-layer counts that add up to the model's totals. */
export type LayerCounts = Pick<LayerAnalysis, 'params' | 'trainableParams' | 'nonTrainableParams' | 'macs'>;

/** The sum of the values, added in order from 0; null when any value is unknown. */
export function sumKnown(values: Iterable<number | null>): number | null {
  let total = 0;
  for (const v of values) {
    if (v === null) return null;
    total += v;
  }
  return total;
}

/** The totals of the layers' counts, each added in layer order; a total is null when one layer's count is unknown. */
export function totalsOfLayers(layers: readonly LayerCounts[]): ModelTotals {
  // One pass for the four sums: a nested model, or a 1,000-layer model, is summed once per analysis.
  let params: number | null = 0;
  let trainableParams: number | null = 0;
  let nonTrainableParams: number | null = 0;
  let macs: number | null = 0;
  for (const l of layers) {
    params = params === null || l.params === null ? null : params + l.params;
    trainableParams = trainableParams === null || l.trainableParams === null ? null : trainableParams + l.trainableParams;
    nonTrainableParams = nonTrainableParams === null || l.nonTrainableParams === null ? null : nonTrainableParams + l.nonTrainableParams;
    macs = macs === null || l.macs === null ? null : macs + l.macs;
  }
  return { params, trainableParams, nonTrainableParams, macs };
}
