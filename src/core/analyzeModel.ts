// analyzeModel: ModelIR → Analysis, the single value every face reads. Per-layer inference comes from the layer
// catalogue run over the graph (layers/engine.ts), memory from the memory model (memory/memoryModel.ts).
// Never throws: a failure becomes a diagnostic.
import { definedOnly } from './definedOnly';
import type { Analysis, LayerAnalysis, MemoryBreakdown } from './analysisResult';
import type { Diagnostic, ModelIR } from './ir';
import { analyzeGraph } from './layers/engine';
import { computeMemory, type MemoryOptions } from './memory/memoryModel';
import { parseModelJson } from './formats/tfjs/parseModel';
import { totalsOfLayers } from './totals';

/** The notebook's training set-up: batch 100, float32, Adam. */
export const ANALYSIS_DEFAULTS: Readonly<MemoryOptions> = { batchSize: 100, dtype: 'float32', optimizer: 'adam' };

export function analyzeModel(model: ModelIR, opts: Partial<MemoryOptions> = {}): Analysis {
  const options: MemoryOptions = { ...ANALYSIS_DEFAULTS, ...definedOnly(opts) };
  const diagnostics: Diagnostic[] = [...model.diagnostics];
  let layers: LayerAnalysis[] = [];
  try {
    const graph = analyzeGraph(model, options.dtype);
    layers = graph.layers;
    diagnostics.push(...graph.diagnostics);
  } catch (err) {
    diagnostics.push({ severity: 'error', message: `internal error while analysing the model: ${(err as Error).message}`, path: [] });
  }
  let memory: MemoryBreakdown;
  try {
    memory = computeMemory(layers, options);
  } catch (err) {
    diagnostics.push({ severity: 'error', message: `internal error in the memory model: ${(err as Error).message}`, path: [] });
    memory = {
      batchSize: options.batchSize, dtype: options.dtype, optimizer: options.optimizer, parameterBytes: NaN, gradientBytes: NaN,
      optimizerStateBytes: NaN, activationBytes: NaN, inferencePeakBytes: NaN, trainingPeakBytes: NaN,
    };
  }
  return {
    model: { name: model.name, format: model.format, className: model.className },
    layers,
    totals: totalsOfLayers(layers),
    memory,
    diagnostics: dedupe(diagnostics),
  };
}

export function analyzeModelText(text: string, opts: Partial<MemoryOptions> = {}): { analysis?: Analysis; diagnostics: Diagnostic[] } {
  const parsed = parseModelJson(text);
  if (!parsed.model) return { diagnostics: parsed.diagnostics };
  const analysis = analyzeModel(parsed.model, opts);
  return { analysis, diagnostics: analysis.diagnostics };
}


/** The parser and a nested model share one diagnostics list; report each problem once. */
function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.severity}|${d.message}|${JSON.stringify(d.path)}|${d.offset ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
