// The single value every face (CLI, editor, dashboard) reads: per-layer numbers and model totals.
import type { Diagnostic, JsonPath, Shape } from './ir';

export type DType = 'float32' | 'float16';
/**
 * How the dashboard draws a layer: a stage of the paper drawing (input, convolution, subsampling, fully connected,
 * other) or a layer folded into the stage before it (activation, normalization, regularization, reshape), and the
 * graph's colour. Given by each layer's rule (LayerRule.drawing); `input` for an InputLayer.
 */
export type LayerDrawing =
  'input' | 'conv' | 'pool' | 'dense' | 'activation' | 'normalization' | 'regularization' | 'reshape' | 'merge' | 'other';

export type OptimizerName = 'sgd' | 'momentum' | 'rmsprop' | 'adam' | 'adamax' | 'adagrad' | 'adadelta';

export interface LayerAnalysis {
  name: string;
  className: string;
  path: JsonPath;
  /** Input shapes of the layer's (first) call; empty for an InputLayer. Unknown dims are null; a wholly unknown shape is null. */
  inputShapes: (Shape | null)[];
  /** Output shapes; `null` as a whole when the shape could not be inferred (unknown class, upstream error). */
  outputShapes: (Shape | null)[];
  /**
   * Parameter counts; `null` when they cannot be known (they depend on an input shape that is unknown because of an
   * unknown class or an upstream error) — never a guessed 0. A layer shared by several calls counts its weights once.
   */
  params: number | null;
  trainableParams: number | null;
  nonTrainableParams: number | null;
  /**
   * PyTorch models: elements of the module's buffers (BatchNorm's running_mean, running_var and num_batches_tracked),
   * state that is saved with the model but is not a parameter; null when unknown. Absent for TF.js/Keras layers.
   */
  buffers?: number | null;
  /**
   * Multiply-accumulates of one forward pass for ONE sample, summed over all calls of the layer (null when unknown).
   * Counted: products with weights (dense, conv, recurrent kernels, the per-element scale of normalisation) and
   * products between tensors (Multiply, Dot). Not counted: additions, comparisons (max pooling), lookups, nonlinearities.
   */
  macs: number | null;
  /** Elements of all outputs of all calls for one sample (batch dim excluded); null when unknown. */
  outputElementsPerSample: number | null;
  /** outputElementsPerSample × bytes per element of the analysis dtype. */
  outputBytesPerSample: number | null;
  /** Human-readable derivation lines, e.g. `H_out = floor((28 + 2 + 2 - 5) / 1) + 1 = 28`. */
  derivation: string[];
  /** Layer names whose outputs this layer consumes (graph edges), over all calls, without repeats. */
  inboundLayers: string[];
  /** Every call of the layer, in execution order, when it is called more than once (a shared layer). */
  calls?: LayerCall[];
  /** Per-layer analysis inside a nested model used as a layer (its own layers, in execution order). */
  nested?: LayerAnalysis[];
  /** A nested model's outputs in order (its config's output_layers): the inner layer and output index of each. */
  nestedOutputs?: TensorOf[];
  /**
   * Which outputs of a nested model this layer consumes (over all calls), when it consumes one: a consumer of one
   * output of a multi-output nested model does not hold the others. Absent: every output of each inbound layer.
   */
  inboundTensors?: TensorOf[];
  /**
   * Elements (one sample, all calls) of a tensor the layer computes between its input and its output, live while the
   * layer runs and kept for its weight gradient: SeparableConv's depthwise result. Absent for other layers.
   */
  intermediateElementsPerSample?: number | null;
  /** The activation fused into the layer (`config.activation`, e.g. `relu`), when it has one. */
  activation?: string | null;
  /** How the dashboard draws the layer; absent for a class the catalogue does not know and for a nested model. */
  drawing?: LayerDrawing;
  /** True for an InputLayer the parser implied from a Sequential model's first layer (see LayerIR.synthetic). */
  synthetic?: boolean;
}

export interface LayerCall {
  inputShapes: (Shape | null)[];
  outputShapes: (Shape | null)[];
  /** Layer names whose outputs this call consumes, without repeats. */
  inboundLayers?: string[];
  /** As LayerAnalysis.inboundTensors, for this call. */
  inboundTensors?: TensorOf[];
}

/** Output `tensor` of layer `layer`. */
export interface TensorOf {
  layer: string;
  tensor: number;
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
  /**
   * Which memory model the peaks above are for: `tfjs` (TF.js 4.x), `pytorch` (PyTorch 2.x eager) or `idealAutograd`
   * (an autograd that frees as it goes: a lower bound no framework reaches, kept for teaching). Absent: idealAutograd.
   */
  framework?: MemoryFramework;
  /** PyTorch: the device the figures assume (cuda: the caching allocator's 512-byte blocks, cuDNN off; cpu: oneDNN). */
  device?: MemoryDevice;
  /** The ideal-autograd peaks for the same batch (the lower bound), beside a framework's. */
  idealAutograd?: { inferencePeakBytes: number; trainingPeakBytes: number };
  /** The framework model's terms, each with its reason. */
  derivation?: MemoryTerm[];
  /** What the figures assume and leave out (allocator, workspaces); where a term cannot be predicted, its range. */
  assumptions?: string[];
  /** Where a term cannot be predicted: the training peak's range (the peak above is its low end) and why. */
  trainingPeakRange?: { lowBytes: number; highBytes: number; why: string };
  /** As trainingPeakRange, for inference. */
  inferencePeakRange?: { lowBytes: number; highBytes: number; why: string };
}

export type MemoryFramework = 'tfjs' | 'pytorch' | 'idealAutograd';
export type MemoryDevice = 'cuda' | 'cpu';

/** One term of a framework memory model: bytes at the phase's peak (or the largest such temporary) and why. */
export interface MemoryTerm {
  phase: 'training' | 'inference';
  label: string;
  bytes: number;
  why: string;
}

export interface Analysis {
  model: { name: string; format: string; className: string };
  /** Layers in execution (topological) order. */
  layers: LayerAnalysis[];
  /** Sums over layers; a total is null when any layer's count is unknown (see the diagnostics for why). */
  totals: { params: number | null; trainableParams: number | null; nonTrainableParams: number | null; macs: number | null };
  memory: MemoryBreakdown;
  diagnostics: Diagnostic[];
}
