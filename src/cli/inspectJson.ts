// `inspect --format json`: one object with the analysis, unknown numbers as null (never NaN, never a guessed 0).
import type { Analysis, LayerAnalysis, Diagnostic, JsonPath } from '../core';

export interface InspectJson {
  model: { name: string; format: string };
  /** The documented subset of each layer's analysis (the same field names and types). */
  layers: Pick<LayerAnalysis, 'name' | 'className' | 'inputShapes' | 'outputShapes' | 'params' | 'trainableParams' | 'nonTrainableParams' | 'macs' | 'outputBytesPerSample' | 'derivation'>[];
  totals: Analysis['totals'];
  memory: {
    batchSize: number;
    dtype: string;
    optimizer: string;
    parameterBytes: number | null;
    gradientBytes: number | null;
    optimizerStateBytes: number | null;
    activationBytes: number | null;
    inferencePeakBytes: number | null;
    trainingPeakBytes: number | null;
  };
  diagnostics: { severity: string; message: string; layer: string | null; path: JsonPath }[];
}

const known = (n: number | null | undefined): number | null => (n === null || n === undefined || !Number.isFinite(n) ? null : n);

export function diagnosticJson(d: Diagnostic): InspectJson['diagnostics'][number] {
  return { severity: d.severity, message: d.message, layer: d.layer ?? null, path: d.path };
}

export function inspectJson(analysis: Analysis): InspectJson {
  const m = analysis.memory;
  return {
    model: { name: analysis.model.name, format: analysis.model.format },
    layers: analysis.layers.map((l) => ({
      name: l.name,
      className: l.className,
      inputShapes: l.inputShapes,
      outputShapes: l.outputShapes,
      params: known(l.params),
      trainableParams: known(l.trainableParams),
      nonTrainableParams: known(l.nonTrainableParams),
      macs: known(l.macs),
      outputBytesPerSample: known(l.outputBytesPerSample),
      derivation: l.derivation,
    })),
    totals: {
      params: known(analysis.totals.params),
      trainableParams: known(analysis.totals.trainableParams),
      nonTrainableParams: known(analysis.totals.nonTrainableParams),
      macs: known(analysis.totals.macs),
    },
    memory: {
      batchSize: m.batchSize,
      dtype: m.dtype,
      optimizer: m.optimizer,
      parameterBytes: known(m.parameterBytes),
      gradientBytes: known(m.gradientBytes),
      optimizerStateBytes: known(m.optimizerStateBytes),
      activationBytes: known(m.activationBytes),
      inferencePeakBytes: known(m.inferencePeakBytes),
      trainingPeakBytes: known(m.trainingPeakBytes),
    },
    diagnostics: analysis.diagnostics.map(diagnosticJson),
  };
}
