// What the backward pass of each layer kind needs kept from its forward pass. This is what makes the training peak
// larger than the inference peak: a tensor that some gradient needs cannot be freed after its last forward consumer.
//
// The rules follow the gradient formulas (and TF.js's saved tensors in tfjs-core's gradient registry):
// - a weighted layer needs its input for the weight gradient (dW = x^T · dy; conv filter gradient from x and dy);
// - a non-linear activation needs its output (sigmoid' = y(1-y), tanh' = 1-y², relu' = [y>0], softmax uses y);
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
}

const NOTHING: BackwardNeeds = { inputs: false, output: false, extraInputSized: 0 };
const INPUTS: BackwardNeeds = { inputs: true, output: false, extraInputSized: 0 };
const OUTPUT: BackwardNeeds = { inputs: false, output: true, extraInputSized: 0 };
const BOTH: BackwardNeeds = { inputs: true, output: true, extraInputSized: 0 };
const MASK: BackwardNeeds = { inputs: false, output: false, extraInputSized: 1 };

/** Layers whose weights' gradient needs the input, and whose fused `activation` (if not linear) needs the output. */
const WEIGHTED_WITH_ACTIVATION = new Set([
  'Conv1D', 'Conv2D', 'Conv3D', 'Conv2DTranspose', 'Conv3DTranspose', 'DepthwiseConv2D',
  'SeparableConv1D', 'SeparableConv2D', 'Dense', 'LocallyConnected1D', 'LocallyConnected2D',
]);

const RULES: Readonly<Record<string, BackwardNeeds>> = {
  InputLayer: NOTHING,
  // Weighted, no activation.
  Embedding: INPUTS,
  BatchNormalization: INPUTS,
  LayerNormalization: INPUTS,
  PReLU: INPUTS,
  LeakyReLU: INPUTS,
  ThresholdedReLU: INPUTS,
  // Element-wise non-linearities: the output is enough.
  Activation: OUTPUT,
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
};

/**
 * What `className`'s backward keeps. `activation` is the layer's fused activation when known (`linear` keeps no output);
 * when it is not known, a weighted layer is assumed to have a non-linear one (the figure errs high, never low).
 * An unknown class is assumed to keep both its inputs and its output, for the same reason.
 */
export function backwardNeeds(className: string, activation?: string | null): BackwardNeeds {
  if (WEIGHTED_WITH_ACTIVATION.has(className)) {
    const linear = activation === 'linear' || activation === null;
    return linear ? INPUTS : BOTH;
  }
  return RULES[className] ?? BOTH;
}
