// What the backward pass of each layer kind needs kept from its forward pass. This is what makes the training peak
// larger than the inference peak: a tensor that some gradient needs cannot be freed after its last forward consumer.
//
// The rules follow the gradient formulas (and TF.js's saved tensors in tfjs-core's gradient registry):
// - a weighted layer needs its input for the weight gradient (dW = x^T · dy; conv filter gradient from x and dy);
// - an activation needs what its derivative is computed from (see ACTIVATIONS below): nothing when linear, else its
//   output when the derivative is a function of the output, else its input;
// - max pooling routes the gradient to the arg-max, found from input and output (TF.js MaxPoolGrad takes both);
// - dropout keeps its mask (one element per input element);
// - linear reshuffles (Flatten, Reshape, Add, Concatenate, padding, average pooling, …) need nothing.
// Like the rest of the memory model this is what an autograd that frees as it goes must keep (the lower bound);
// where TF.js's gradient saves another tensor than the minimum, the table says so.
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
}

const NOTHING: BackwardNeeds = { inputs: false, output: false, extraInputSized: 0 };
const INPUTS: BackwardNeeds = { inputs: true, output: false, extraInputSized: 0 };
const OUTPUT: BackwardNeeds = { inputs: false, output: true, extraInputSized: 0 };
const BOTH: BackwardNeeds = { inputs: true, output: true, extraInputSized: 0 };
const MASK: BackwardNeeds = { inputs: false, output: false, extraInputSized: 1 };
const INPUTS_AND_PRE_ACTIVATION: BackwardNeeds = { inputs: true, output: false, extraInputSized: 0, extraOutputSized: 1 };
const INPUTS_OUTPUT_AND_PRE_ACTIVATION: BackwardNeeds = { inputs: true, output: true, extraInputSized: 0, extraOutputSized: 1 };

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
// Maps, not object literals, for the two tables: the names come from the file, and "constructor" or "toString" must
// not find Object.prototype's members.
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

/** Layers whose weights' gradient needs their input, and which apply a fused `activation` to W·x + b. */
const WEIGHTED_WITH_ACTIVATION = new Set([
  'Conv1D', 'Conv2D', 'Conv3D', 'Conv1DTranspose', 'Conv2DTranspose', 'Conv3DTranspose', 'DepthwiseConv1D',
  'DepthwiseConv2D', 'SeparableConv1D', 'SeparableConv2D', 'Dense', 'LocallyConnected1D', 'LocallyConnected2D',
  // Keras 2 aliases that still appear in saved JSON.
  'Convolution1D', 'Convolution2D', 'Convolution3D', 'Convolution2DTranspose', 'Convolution3DTranspose',
  'SeparableConvolution1D', 'SeparableConvolution2D',
]);

const RULES: ReadonlyMap<string, BackwardNeeds> = new Map(Object.entries({
  InputLayer: NOTHING,
  // Weighted, no activation.
  Embedding: INPUTS,
  BatchNormalization: INPUTS,
  LayerNormalization: INPUTS,
  PReLU: INPUTS,
  LeakyReLU: INPUTS,
  ThresholdedReLU: INPUTS,
  // Element-wise non-linearities whose derivative is a function of the output (Activation: see backwardNeeds).
  ReLU: OUTPUT,
  ELU: OUTPUT,
  Softmax: OUTPUT,
  // Products and selections need their inputs (and max pooling its output too).
  Multiply: INPUTS,
  Dot: INPUTS,
  Maximum: INPUTS,
  Minimum: INPUTS,
  MaxPooling1D: BOTH,
  MaxPooling2D: BOTH,
  MaxPooling3D: BOTH,
  MaxPool1D: BOTH,
  MaxPool2D: BOTH,
  MaxPool3D: BOTH,
  GlobalMaxPooling1D: BOTH,
  GlobalMaxPooling2D: BOTH,
  GlobalMaxPooling3D: BOTH,
  GlobalMaxPool1D: BOTH,
  GlobalMaxPool2D: BOTH,
  // Recurrent layers keep at least their input and output sequences (their per-step internals are not modelled).
  SimpleRNN: BOTH,
  GRU: BOTH,
  LSTM: BOTH,
  ConvLSTM2D: BOTH,
  Bidirectional: BOTH,
  TimeDistributed: BOTH,
  // Dropout family: the mask.
  Dropout: MASK,
  SpatialDropout1D: MASK,
  SpatialDropout2D: MASK,
  GaussianDropout: MASK,
  AlphaDropout: MASK,
  // Linear: nothing to keep.
  GaussianNoise: NOTHING,
  Flatten: NOTHING,
  Reshape: NOTHING,
  Permute: NOTHING,
  RepeatVector: NOTHING,
  Add: NOTHING,
  Subtract: NOTHING,
  Average: NOTHING,
  Concatenate: NOTHING,
  ZeroPadding1D: NOTHING,
  ZeroPadding2D: NOTHING,
  ZeroPadding3D: NOTHING,
  Cropping1D: NOTHING,
  Cropping2D: NOTHING,
  UpSampling1D: NOTHING,
  UpSampling2D: NOTHING,
  AveragePooling1D: NOTHING,
  AveragePooling2D: NOTHING,
  AveragePooling3D: NOTHING,
  AvgPool1D: NOTHING,
  AvgPool2D: NOTHING,
  AvgPool3D: NOTHING,
  GlobalAveragePooling1D: NOTHING,
  GlobalAveragePooling2D: NOTHING,
  GlobalAveragePooling3D: NOTHING,
  GlobalAvgPool1D: NOTHING,
  GlobalAvgPool2D: NOTHING,
  Rescaling: NOTHING,
  CenterCrop: NOTHING,
  Masking: NOTHING,
} satisfies Record<string, BackwardNeeds>));

/**
 * What `className`'s backward keeps. `activation` is the layer's `config.activation` when known:
 * - a weighted layer keeps its input (for dW), plus its output when its activation's derivative is a function of the
 *   output, or the pre-activation z (an extra output-sized tensor) when it needs the activation's input;
 * - an `Activation` layer keeps its output or its input (the producer's output) likewise, nothing when linear.
 * An absent activation is the default, linear. A custom activation (a name not in the table) is assumed to need both
 * y and z, and an unknown class its inputs and output: the figure errs high, never low.
 */
export function backwardNeeds(className: string, activation?: string | null): BackwardNeeds {
  if (WEIGHTED_WITH_ACTIVATION.has(className)) {
    switch (activationNeed(activation)) {
      case 'nothing': return INPUTS;
      case 'output': return BOTH;
      case 'input': return INPUTS_AND_PRE_ACTIVATION;
      case 'unknown': return INPUTS_OUTPUT_AND_PRE_ACTIVATION;
    }
  }
  if (className === 'Activation') {
    switch (activationNeed(activation)) {
      case 'nothing': return NOTHING;
      case 'output': return OUTPUT;
      case 'input': return INPUTS;
      case 'unknown': return BOTH;
    }
  }
  return RULES.get(className) ?? BOTH;
}
