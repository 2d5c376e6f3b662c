// A PyTorch model's analysis (static or exact, from the PyTorch faces' one analysis per document version) as the
// dashboard's model message, and where each of its layers is in the source. Pure (no vscode): unit-tested on real
// analyses of the PyTorch corpus.
import type { Analysis } from '../../core';
import type { Span, TorchTrace, TracedLayer } from '../../core/formats/pytorch';
import type { MemoryLayer } from '../../core/memory';
import type { ModelDescriptor, ModelMessage } from '../../protocol';

/** What the dashboard reads of one analysed PyTorch model (the faces' PyTorchModelAnalysis is one). */
export interface AnalysedPyTorchModel {
  readonly analysis: Analysis;
  readonly trace: TorchTrace;
  /** The document version (a notebook's: the faces' counter) the analysis is of. */
  readonly version: number;
}

/** The header's engine label: which engine's numbers these are. */
export function pytorchEngineLabel(trace: Pick<TorchTrace, 'engine' | 'torchVersion'>): string {
  return trace.engine === 'pytorch' ? `PyTorch ${trace.torchVersion ?? '(version unknown)'} · meta device` : 'PyTorch · static analysis';
}

/**
 * The model message: the analysis, each layer's arguments for the details pane (a module's constructor arguments, a
 * recorded call's non-tensor ones), the engine label, and the memory walk the what-if must repeat (when core gives one).
 * Layer names come from the user's code: collected with Object.fromEntries so `__proto__` stays an own entry.
 */
export function pytorchModelMessage(descriptor: ModelDescriptor, model: AnalysedPyTorchModel, memoryLayers?: readonly MemoryLayer[]): ModelMessage {
  return {
    type: 'model',
    model: descriptor,
    analysis: model.analysis,
    layerConfigs: Object.fromEntries(model.trace.layers.map((l) => [l.name, { ...l.args }])),
    engine: pytorchEngineLabel(model.trace),
    ...(memoryLayers ? { memoryLayers: [...memoryLayers] } : {}),
  };
}

/**
 * Where "reveal in editor" takes the user for a layer: a module's construction (`nn.Conv2d(…)`, the Sequential item),
 * else its first call in forward; a recorded call's expression. undefined when the trace has no span for it.
 */
export function layerSpanOf(trace: Pick<TorchTrace, 'layers'>, layerName: string): Span | undefined {
  const layer: TracedLayer | undefined = trace.layers.find((l) => l.name === layerName);
  if (!layer) return undefined;
  return layer.span ?? layer.calls.find((c) => c.span !== undefined)?.span;
}
