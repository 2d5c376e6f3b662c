// The course notebook's LeNet-5, defined once: the training process builds it from this JSON with TF.js's
// `tf.models.modelFromJSON`, and the inspector, dashboard and CLI analyse the very same JSON through the model parser.
//
// The JSON is what TF.js's `model.toJSON()` writes (class_name/config, snake_case keys). Where TF.js's defaults differ
// from the notebook's PyTorch layers, the config follows PyTorch, so that the notebook's set-up (Adam, lr 0.1) behaves
// alike:
// - BatchNorm: PyTorch's momentum 0.1 (running = 0.9·running + 0.1·batch) is Keras's momentum 0.9; eps 1e-5.
// - Conv/Linear weights: PyTorch's default kaiming_uniform(a=√5) is uniform(±1/√fan_in) = VarianceScaling(scale 1/3,
//   fan_in, uniform). Biases start at zero (PyTorch draws them uniformly; the difference washes out in training).
import type { ModelIR } from './ir';
import { parseModelValue } from './formats/tfjs/parseModel';

/** Activations TF.js 4.22 knows by name that make sense inside LeNet. */
export const LENET_ACTIVATIONS = ['sigmoid', 'relu', 'tanh', 'elu', 'selu', 'relu6', 'softplus', 'swish', 'gelu'] as const;
export type LeNetActivation = (typeof LENET_ACTIVATIONS)[number];

export interface LeNetOptions {
  /** The notebook uses `nn.Sigmoid`. */
  activation: LeNetActivation;
  /** The notebook uses `dpr = 1e-3`. */
  dropoutRate: number;
}

export const LENET_DEFAULTS: Readonly<LeNetOptions> = { activation: 'sigmoid', dropoutRate: 1e-3 };

export const LENET_NAME = 'lenet5';

type Json = Record<string, unknown>;

const pytorchLikeInitializer: Json = {
  class_name: 'VarianceScaling',
  config: { scale: 1 / 3, mode: 'fan_in', distribution: 'uniform', seed: null },
};
const zeros: Json = { class_name: 'Zeros', config: {} };
const ones: Json = { class_name: 'Ones', config: {} };

/** What Conv2D and Dense share here: no activation of their own (BatchNorm and the activation layer follow), a bias,
 * PyTorch's default initialisation, no regularisers or constraints. */
const linearWeightedLayer: Json = {
  activation: 'linear',
  use_bias: true,
  kernel_initializer: pytorchLikeInitializer,
  bias_initializer: zeros,
  kernel_regularizer: null,
  bias_regularizer: null,
  activity_regularizer: null,
  kernel_constraint: null,
  bias_constraint: null,
};

function layer(className: string, config: Json): Json {
  return { class_name: className, config: { ...config, trainable: true } };
}

function conv(name: string, filters: number, padding: 'same' | 'valid', first: boolean): Json {
  return layer('Conv2D', {
    name,
    filters,
    kernel_size: [5, 5],
    strides: [1, 1],
    padding,
    data_format: 'channels_last',
    dilation_rate: [1, 1],
    ...linearWeightedLayer,
    ...(first ? { batch_input_shape: [null, 28, 28, 1], dtype: 'float32' } : {}),
  });
}

function dense(name: string, units: number): Json {
  return layer('Dense', {
    name,
    units,
    ...linearWeightedLayer,
  });
}

function batchNorm(name: string): Json {
  return layer('BatchNormalization', {
    name,
    axis: -1,
    momentum: 0.9,
    epsilon: 1e-5,
    center: true,
    scale: true,
    beta_initializer: zeros,
    gamma_initializer: ones,
    moving_mean_initializer: zeros,
    moving_variance_initializer: ones,
    beta_regularizer: null,
    gamma_regularizer: null,
    beta_constraint: null,
    gamma_constraint: null,
  });
}

const activation = (name: string, fn: LeNetActivation) => layer('Activation', { name, activation: fn });
const avgPool = (name: string) =>
  layer('AveragePooling2D', { name, pool_size: [2, 2], strides: [2, 2], padding: 'valid', data_format: 'channels_last' });
const dropout = (name: string, rate: number) => layer('Dropout', { name, rate, noise_shape: null, seed: null });

/** The TF.js `modelTopology` of LeNet-5 (what `model.toJSON(null, false)` returns). */
export function lenetTopology(options: Partial<LeNetOptions> = {}): Json {
  const { activation: fn, dropoutRate: rate } = { ...LENET_DEFAULTS, ...options };
  const layers = [
    // C1: 6@28×28 (5×5, padding 2 = "same" at stride 1), S2: 6@14×14.
    conv('c1_conv', 6, 'same', true), batchNorm('c1_bn'), activation('c1_act', fn), avgPool('s2_pool'),
    dropout('dropout_1', rate),
    // C3: 16@10×10 (5×5, no padding), S4: 16@5×5.
    conv('c3_conv', 16, 'valid', false), batchNorm('c3_bn'), activation('c3_act', fn), avgPool('s4_pool'),
    layer('Flatten', { name: 'flatten', data_format: 'channels_last' }),
    // F5: 400 -> 120, F6: 120 -> 84, output: 84 -> 10 logits (the loss applies the softmax).
    dropout('dropout_2', rate), dense('f5_dense', 120), batchNorm('f5_bn'), activation('f5_act', fn),
    dropout('dropout_3', rate), dense('f6_dense', 84), batchNorm('f6_bn'), activation('f6_act', fn),
    dropout('dropout_4', rate), dense('output', 10),
  ];
  return {
    class_name: 'Sequential',
    config: { name: LENET_NAME, layers },
    keras_version: 'tfjs-layers 4.22.0',
    backend: 'tensor_flow.js',
  };
}

/** A complete TF.js `model.json` (no weights) holding LeNet-5, e.g. to save next to a training run. */
export function lenetModelJson(options: Partial<LeNetOptions> = {}): Json {
  return {
    format: 'layers-model',
    generatedBy: 'cnn-explorer',
    convertedBy: null,
    modelTopology: lenetTopology(options),
    weightsManifest: [],
  };
}

/** LeNet-5 as model IR, read by the same parser as a user's file. */
export function lenetModelIR(options: Partial<LeNetOptions> = {}): ModelIR {
  const { model, diagnostics } = parseModelValue(lenetModelJson(options));
  if (!model) {
    // Only a bug in this file or in the parser can get here; say so rather than return something half-made.
    throw new Error(`built-in LeNet does not parse: ${diagnostics.map((d) => d.message).join('; ')}`);
  }
  return { ...model, format: 'builtin' };
}
