// The single value every face (CLI, editor, dashboard) reads: per-layer numbers and model totals.
import type { Diagnostic, JsonPath, Shape } from './ir';

export type DType = 'float32' | 'float16';
export type OptimizerName = 'sgd' | 'momentum' | 'rmsprop' | 'adam' | 'adamax' | 'adagrad' | 'adadelta';

export interface LayerAnalysis {
  name: string;
  className: string;
  path: JsonPath;
  /** Input shapes of the layer's (first) call; empty for an InputLayer. Unknown dims are null. */
  inputShapes: Shape[];
  /** Output shapes; `null` as a whole when the shape could not be inferred (unknown class, upstream error). */
  outputShapes: (Shape | null)[];
  params: number;
  trainableParams: number;
  nonTrainableParams: number;
  /** Multiply-accumulates of one forward pass for ONE sample (null when unknown). */
  macs: number | null;
  /** Elements of all outputs for one sample (batch dim excluded); null when unknown. */
  outputElementsPerSample: number | null;
  /** outputElementsPerSample × bytes per element of the analysis dtype. */
  outputBytesPerSample: number | null;
  /** Human-readable derivation lines, e.g. `H_out = floor((28 + 2 + 2 - 5) / 1) + 1 = 28`. */
  derivation: string[];
  /** Layer names whose outputs this layer consumes (graph edges). */
  inboundLayers: string[];
}

export interface MemoryBreakdown {
  batchSize: number;
  dtype: DType;
  optimizer: OptimizerName;
  parameterBytes: number;
  gradientBytes: number;
  optimizerStateBytes: number;
  /** Sum of all layer outputs for the batch. */
  activationBytes: number;
  /** Peak of live tensors during a forward pass along the execution order (liveness analysis). */
  inferencePeakBytes: number;
  /** Parameters + gradients + optimizer state + what backward keeps + gradients in flight. */
  trainingPeakBytes: number;
}

export interface Analysis {
  model: { name: string; format: string; className: string };
  /** Layers in execution (topological) order. */
  layers: LayerAnalysis[];
  totals: { params: number; trainableParams: number; nonTrainableParams: number; macs: number | null };
  memory: MemoryBreakdown;
  diagnostics: Diagnostic[];
}
