// What a layer's backward pass needs kept from its forward pass: the part of a layer's description that makes the
// training peak larger than the inference peak (a tensor some gradient needs cannot be freed after its last forward
// consumer). Each rule of the catalogue says it per memory model (LayerRule.backward); the memory walks read it.
//
// The one model today, `idealAutograd`, follows the gradient formulas: what an autograd that frees as it goes must keep
// (the lower bound; TF.js keeps more, see the memory tests). Where TF.js's gradient saves another tensor than the
// minimum (tfjs-core's gradient registry, `inputsToSave` / `outputsToSave`), the comments say so:
// - a weighted layer needs its input for the weight gradient (dW = x^T · dy; conv filter gradient from x and dy);
// - an activation needs what its derivative is computed from (see ACTIVATIONS below): nothing when linear, else its
//   output when the derivative is a function of the output, else its input;
// - max pooling routes the gradient to the arg-max, found from input and output (TF.js MaxPoolGrad takes both);
// - dropout keeps its mask (one element per input element);
// - linear reshuffles (Flatten, Reshape, Add, Concatenate, padding, average pooling, …) need nothing.

export interface BackwardNeeds {
  /** The layer's input tensors must be kept. */
  inputs: boolean;
  /** The layer's own output must be kept. */
  output: boolean;
  /** Extra tensors the size of the layer's input that the forward creates and backward reads (e.g. dropout masks). */
  extraInputSized: number;
  /**
   * Extra tensors the size of the layer's output that the forward creates and backward reads: the pre-activation
   * z = W·x + b of a weighted layer whose fused activation's derivative needs z (swish, GELU, mish).
   */
  extraOutputSized?: number;
  /**
   * The tensor the layer computes between its input and output (InferResult.intermediateElements: SeparableConv's
   * depthwise result) is read by its weight gradient (the pointwise kernel's), so it is kept when the weights train.
   * Without trainable weights nothing reads it: it lives only while the layer runs forward.
   */
  intermediateForWeightGradient?: boolean;
}

export const KEEPS_NOTHING: BackwardNeeds = { inputs: false, output: false, extraInputSized: 0 };
const KEEPS_INPUTS: BackwardNeeds = { inputs: true, output: false, extraInputSized: 0 };
const KEEPS_OUTPUT: BackwardNeeds = { inputs: false, output: true, extraInputSized: 0 };
const KEEPS_INPUTS_AND_OUTPUT: BackwardNeeds = { inputs: true, output: true, extraInputSized: 0 };
const KEEPS_MASK: BackwardNeeds = { inputs: false, output: false, extraInputSized: 1 };
const KEEPS_INPUTS_AND_PRE_ACTIVATION: BackwardNeeds = { inputs: true, output: false, extraInputSized: 0, extraOutputSized: 1 };
const KEEPS_INPUTS_OUTPUT_AND_PRE_ACTIVATION: BackwardNeeds = { inputs: true, output: true, extraInputSized: 0, extraOutputSized: 1 };

/** What a layer's backward keeps, given its fused activation (`config.activation`; absent or null: linear). */
export type BackwardRule = (activation?: string | null) => BackwardNeeds;

/**
 * What a layer's backward keeps, per memory model. `idealAutograd` is every rule's; `tfjs` and `pytorch` say what that
 * framework really allocates (issue #13). Both are optional: where a rule has none, the memory walks use a documented
 * default by the rule's drawing (frameworkCosts.ts in core/memory), so a rule written before a framework's model
 * still gets a figure.
 */
export interface BackwardByMemoryModel {
  /** What an autograd that frees as it goes must keep (the memory model's lower bound). */
  readonly idealAutograd: BackwardRule;
  /** What TF.js 4.x's tape keeps and allocates for the layer in one training step and in predict. */
  readonly tfjs?: FrameworkCostRule;
  /** What PyTorch 2.x eager's autograd saves for the layer (the module or op), by reference or as new tensors. */
  readonly pytorch?: FrameworkCostRule;
}

/** What a framework rule reads of a layer: sizes per sample (batch axis excluded), in elements. */
export interface LayerGeometry {
  /** Elements of all the layer's inputs (one sample). */
  readonly input: number;
  /** Elements of all its outputs (one sample). */
  readonly output: number;
  /** Its parameters (all, trainable or not); NaN when unknown. */
  readonly weights: number;
  /** Input shapes with the batch axis (null entries: unknown). */
  readonly inputShapes: readonly (readonly (number | null)[] | null)[];
  /** The fused activation (`config.activation`; absent or null: linear). */
  readonly activation?: string | null;
  /** PyTorch: the module or call said `inplace=True`. */
  readonly inplace?: boolean;
  /** Output shapes with the batch axis, when the analysis has them (channel counts for oneDNN's blocked layouts). */
  readonly outputShapes?: readonly (readonly (number | null)[] | null)[];
  /** PyTorch: the device the figures are for (absent: cuda). */
  readonly device?: 'cuda' | 'cpu';
}

/** A count of elements: `perSample` grows with the batch, `fixed` does not (clones of weights, scalars). */
export interface ElementCount {
  readonly perSample: number;
  readonly fixed: number;
}

/**
 * What a framework allocates for one layer, in elements of the model's dtype unless said otherwise. The memory walks
 * (core/memory/frameworkWalks.ts) place each term in time; `why` is the derivation line a reader sees.
 */
export interface FrameworkCost {
  /**
   * Forward (training): tensors the layer's call makes and its backward reads, besides its output. TF.js: the clones
   * tfjs-core's engine saves for its kernels' gradients (and views on the tape), live until engine.gradients' scope
   * ends. PyTorch: new tensors autograd saves (masks, indices, statistics), freed when the layer's backward ran;
   * tensors saved by reference (an input, the output) are `keepsInput` / `keepsOutput`.
   */
  readonly saved: ElementCount;
  /** PyTorch: autograd keeps the layer's input (by reference: freed after its backward unless something else holds it). */
  readonly keepsInput?: boolean;
  /** PyTorch: autograd keeps the layer's output (by reference). */
  readonly keepsOutput?: boolean;
  /** Bytes per element of `saved` when it is not the model's dtype (PyTorch's int64 pooling indices: 8, bool masks: 1). */
  readonly savedBytesPerElement?: number;
  /**
   * Backward: tensors the layer's backward leaves besides its weight gradients and the gradient with respect to its
   * inputs. TF.js keeps them until engine.gradients' scope ends; PyTorch frees them at once (transient).
   */
  readonly gradients: ElementCount;
  /** Multiple of the input elements made as the input gradient, counted only when an input needs a gradient. */
  readonly inputGradient: number;
  /** Forward: temporaries live only while the layer runs, besides its output (per sample). */
  readonly forwardTemporaries?: number;
  /** Backward: temporaries live only while the layer's backward runs (per sample). */
  readonly backwardTemporaries?: number;
  /**
   * PyTorch: temporaries live while the input gradient is computed, before it exists and before the weight gradient's
   * part runs (per sample; oneDNN's blocked dy and dx). Counted only when an input needs a gradient.
   */
  readonly inputGradientTemporaries?: number;
  /**
   * PyTorch: the backward first makes a contiguous copy of an output gradient that is a strided view (a slice of
   * torch.cat's gradient). A convolution's does: oneDNN (measured, PyTorch 1.13 CPU: aten::contiguous before
   * ConvolutionBackward0, dy-sized, live until the node returns) and the native kernels (slow_conv2d and
   * conv_depthwise2d's backward: grad_output.expect_contiguous()).
   */
  readonly copiesStridedOutputGradient?: boolean;
  /** Temporaries that do not grow with the batch, live while the layer runs (forward, backward or inference). */
  readonly temporariesFixed?: number;
  /**
   * PyTorch: the fixed temporaries of the weight-gradient part of backward, beside the weight gradient (absent: twice
   * `temporariesFixed`, CUDA's column buffer and its gradient).
   */
  readonly backwardTemporariesFixed?: number;
  /** Inference: temporaries live while the layer runs, besides its output (per sample). */
  readonly inferenceTemporaries?: number;
  /** Inference: temporaries live while the layer runs that do not grow with the batch (TF.js GRU's split recurrent kernel). */
  readonly inferenceTemporariesFixed?: number;
  /** Inference: tensors the call leaves live until the whole batch ran (per sample; TF.js's untidied intermediates). */
  readonly inferenceLeftLive?: number;
  /** Inference: the layer returns its input tensor itself (TF.js's Dropout in predict): no new output. */
  readonly inferenceReturnsInput?: boolean;
  /** PyTorch: the output is a view of the input or the input itself (flatten, in-place ops): no new storage. */
  readonly outputSharesInput?: boolean;
  /** The derivation line: which kernels or autograd nodes these counts come from. */
  readonly why: string;
}

/** A layer's framework cost from its geometry. */
export type FrameworkCostRule = (layer: LayerGeometry) => FrameworkCost;

// The rules most layers follow: the same needs whatever the activation.
export const keepsNothing: BackwardRule = () => KEEPS_NOTHING;
export const keepsInputs: BackwardRule = () => KEEPS_INPUTS;
export const keepsOutput: BackwardRule = () => KEEPS_OUTPUT;
export const keepsInputsAndOutput: BackwardRule = () => KEEPS_INPUTS_AND_OUTPUT;
export const keepsMask: BackwardRule = () => KEEPS_MASK;

/**
 * A layer whose backward has not been worked out here (Identity, GroupNormalization, Resizing, the random
 * augmentations, …): assumed to keep its inputs and output, as an unknown class is, so the figure errs high, never low.
 */
export const notWorkedOut: BackwardRule = keepsInputsAndOutput;

/** What an unknown class keeps: its inputs and output (errs high). */
export const unknownClass: BackwardRule = keepsInputsAndOutput;

/**
 * A weighted layer with a fused `activation` applied to W·x + b: it keeps its input (for dW), plus its output when
 * the activation's derivative is a function of the output, or the pre-activation z (an extra output-sized tensor)
 * when it needs the activation's input. A custom activation is assumed to need both y and z (errs high).
 */
export const weightedWithActivation: BackwardRule = (activation) => {
  switch (activationNeed(activation)) {
    case 'nothing': return KEEPS_INPUTS;
    case 'output': return KEEPS_INPUTS_AND_OUTPUT;
    case 'input': return KEEPS_INPUTS_AND_PRE_ACTIVATION;
    case 'unknown': return KEEPS_INPUTS_OUTPUT_AND_PRE_ACTIVATION;
  }
};

/** An `Activation` layer: its output or its input (the producer's output) likewise, nothing when linear; both when custom. */
export const activationLayer: BackwardRule = (activation) => {
  switch (activationNeed(activation)) {
    case 'nothing': return KEEPS_NOTHING;
    case 'output': return KEEPS_OUTPUT;
    case 'input': return KEEPS_INPUTS;
    case 'unknown': return KEEPS_INPUTS_AND_OUTPUT;
  }
};

/** What an activation's derivative is computed from. */
export type ActivationNeed = 'nothing' | 'output' | 'input' | 'unknown';

/**
 * Activation names as TF.js and Keras serialise them (compared lower-case without underscores: `hard_sigmoid`,
 * `hardSigmoid`), with what their derivative needs. TF.js's choice (tfjs-core/src/gradients/<Kernel>_grad.ts,
 * `inputsToSave` / `outputsToSave`; the activations are tfjs-layers/src/activations.ts) is noted where it differs:
 * - linear: f' = 1, nothing (tfjs-layers `Linear.apply` returns x; no kernel runs).
 * - sigmoid: f' = y(1 - y) (Sigmoid_grad: outputsToSave [true]). tanh: f' = 1 - y² (Tanh_grad: outputsToSave).
 * - softmax: dx = y·(dy - Σ dy·y) (Softmax_grad: outputsToSave). log_softmax: dx = dy - exp(y)·Σ dy
 *   (LogSoftmax_grad: outputsToSave).
 * - elu: f' = 1 for y > 0, y + α otherwise (Elu_grad: outputsToSave, EluGrad(dy, y)).
 * - relu: f' = [y > 0], the output suffices (Relu_grad keeps the input instead: inputsToSave ['x']).
 * - relu6: f' = [0 < y < 6] (TF.js builds it as minimum(6, relu(x)): Relu_grad keeps x, Minimum_grad keeps relu(x)).
 * - selu: f' = λ for y > 0, y + λα otherwise (Selu_grad keeps the input: inputsToSave ['x']).
 * - softplus: f' = σ(x) = 1 - e^(-y) (Softplus_grad keeps the input). softsign: f' = 1/(1+|x|)² = (1 - |y|)²
 *   (TF.js composes div(x, 1 + |x|), whose gradients keep x and 1 + |x|).
 * - hard_sigmoid: f' = 0.2 where 0 < y < 1 (TF.js composes clipByValue(0.2x + 0.5): ClipByValue_grad keeps its input).
 * - exponential: f' = e^x = y.
 * - leaky_relu: f' = 1 for y > 0, α otherwise (α > 0 keeps the sign; LeakyRelu_grad keeps the input).
 * - swish/silu, gelu, gelu_new, mish, hard_swish: not monotonic (or not one-to-one), so y does not determine x and the
 *   derivative needs the input (TF.js composes them from mul/sigmoid/tanh/erf, whose gradients keep x and more).
 */
// A Map, not an object literal: the names come from the file, and "constructor" or "toString" must not find
// Object.prototype's members.
const ACTIVATIONS: ReadonlyMap<string, ActivationNeed> = new Map(Object.entries({
  linear: 'nothing',
  sigmoid: 'output', tanh: 'output', softmax: 'output', logsoftmax: 'output', elu: 'output', selu: 'output',
  relu: 'output', relu6: 'output', softplus: 'output', softsign: 'output', hardsigmoid: 'output',
  exponential: 'output', leakyrelu: 'output',
  swish: 'input', silu: 'input', gelu: 'input', gelunew: 'input', mish: 'input', hardswish: 'input', hardsilu: 'input',
} satisfies Record<string, ActivationNeed>));

/**
 * What an activation's derivative needs. An absent activation (undefined or null) is TF.js's and Keras's default,
 * linear (tfjs-layers `getActivation(identifier)`: `identifier == null` → `linear`); `unknown` is a name not in the
 * table (a custom activation).
 */
export function activationNeed(activation: string | null | undefined): ActivationNeed {
  if (activation === null || activation === undefined) return 'nothing';
  return ACTIVATIONS.get(activation.toLowerCase().replace(/_/g, '')) ?? 'unknown';
}
