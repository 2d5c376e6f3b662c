// `inspect --format json`: one object with the analysis, unknown numbers as null (never NaN, never a guessed 0).
import type { Analysis, LayerAnalysis, Diagnostic, JsonPath, MemoryFramework, MemoryDevice } from '../core';

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
    /** The memory model the peaks are for: tfjs (TF.js 4.x), pytorch (PyTorch 2.x eager) or idealAutograd. */
    framework: MemoryFramework;
    /** PyTorch: the device the figures assume; null for the others. */
    device: MemoryDevice | null;
    /** Where a term cannot be predicted: the peak's range (the peak is its low end) and why; null when exact. */
    trainingPeakRange: PeakRange | null;
    inferencePeakRange: PeakRange | null;
    /** The ideal autograd's peaks for the same batch (the lower bound, for teaching); null when that is the framework. */
    idealAutograd: { inferencePeakBytes: number | null; trainingPeakBytes: number | null } | null;
    /** What the figures assume and leave out. */
    assumptions: string[];
    /** The framework model's terms, each with its reason. */
    derivation: { phase: 'training' | 'inference'; label: string; bytes: number | null; why: string }[];
  };
  diagnostics: { severity: string; message: string; layer: string | null; path: JsonPath }[];
}

export interface PeakRange {
  lowBytes: number | null;
  highBytes: number | null;
  why: string;
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
      framework: m.framework ?? 'idealAutograd',
      device: m.framework === 'pytorch' ? m.device ?? 'cuda' : null,
      trainingPeakRange: rangeJson(m.trainingPeakRange),
      inferencePeakRange: rangeJson(m.inferencePeakRange),
      idealAutograd: m.idealAutograd && m.framework !== 'idealAutograd'
        ? { inferencePeakBytes: known(m.idealAutograd.inferencePeakBytes), trainingPeakBytes: known(m.idealAutograd.trainingPeakBytes) }
        : null,
      assumptions: [...(m.assumptions ?? [])],
      derivation: (m.derivation ?? []).map((t) => ({ phase: t.phase, label: t.label, bytes: known(t.bytes), why: t.why })),
    },
    diagnostics: analysis.diagnostics.map(diagnosticJson),
  };
}

function rangeJson(r: { lowBytes: number; highBytes: number; why: string } | undefined): PeakRange | null {
  return r ? { lowBytes: known(r.lowBytes), highBytes: known(r.highBytes), why: r.why } : null;
}
