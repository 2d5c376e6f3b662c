// The trainable TF.js model: built from the core's LeNet definition (the same JSON the inspector and the dashboard
// analyse) with tf.models.modelFromJSON, then compiled with the run's optimizer and the notebook's loss.
import { lenetTopology } from '../../core/lenet';
import type { OptimizerChoice, TrainingConfig } from '../../protocol/training';
import { withSeededInitializers } from './seededInitializers';
import type { LayersModel, Optimizer, Tensor, Tf } from './tf';
import { seedDropoutMasks } from './trainingDropout';
import { registerTrainingLayers } from './trainingLayers';

/** A layers-model topology (`model.json`'s `modelTopology`: `{ class_name, config, ... }`). */
export type LayersTopology = Record<string, unknown>;

export function makeOptimizer(tf: Tf, name: OptimizerChoice, learningRate: number): Optimizer {
  switch (name) {
    case 'adam': return tf.train.adam(learningRate);
    case 'sgd': return tf.train.sgd(learningRate);
    case 'rmsprop': return tf.train.rmsprop(learningRate);
  }
}

/**
 * The notebook's loss is nn.CrossEntropyLoss on the last Linear layer's logits. When the definition ends in a
 * softmax, Keras' categorical cross-entropy on probabilities is the same quantity; when it ends in logits, the loss
 * applies the softmax itself (numerically stable log-sum-exp in tf.losses.softmaxCrossEntropy).
 */
export function lossFor(tf: Tf, model: LayersModel): string | ((yTrue: Tensor, yPred: Tensor) => Tensor) {
  const last = model.layers[model.layers.length - 1];
  const activation = (last.getConfig() as { activation?: unknown }).activation;
  if (activation === 'softmax') return 'categoricalCrossentropy';
  if (activation !== undefined && activation !== 'linear') {
    throw new Error(`The model's last layer has activation '${String(activation)}'; training needs logits (linear) or softmax.`);
  }
  return (yTrue, yPred) => tf.losses.softmaxCrossEntropy(yTrue, yPred);
}

/** True when the model's output is logits (so predictions need a softmax for probabilities; argmax is the same). */
export function outputsLogits(model: LayersModel): boolean {
  const last = model.layers[model.layers.length - 1];
  return (last.getConfig() as { activation?: unknown }).activation !== 'softmax';
}

/** The backends the training layer classes are tested on (tfjs-node cannot install on the machines that test this). */
const TRAINING_LAYER_BACKENDS = ['wasm', 'cpu'];

/**
 * Builds and compiles the model of a run from a layers topology. Weights are freshly initialised, from the run's seed
 * (seededInitializers.ts), as are the dropout masks. On wasm and cpu, Conv2D, BatchNormalization and Dropout are built
 * as the training subclasses (trainingLayers.ts: same arithmetic, faster gradients, saved under TF.js's class names);
 * on tfjs-node, TF.js's own classes (whose dropout masks are not seeded).
 */
export async function buildTrainableModel(tf: Tf, topology: LayersTopology, config: TrainingConfig): Promise<LayersModel> {
  if (TRAINING_LAYER_BACKENDS.includes(tf.getBackend())) registerTrainingLayers(tf);
  const model = await tf.models.modelFromJSON({ modelTopology: withSeededInitializers(topology, config.seed) } as never);
  seedDropoutMasks(model.layers, config.seed);
  const inputShape = model.inputs[0].shape;
  const outputShape = model.outputs[0].shape;
  if (inputShape.length !== 4 || inputShape[1] !== 28 || inputShape[2] !== 28 || inputShape[3] !== 1) {
    throw new Error(`The model takes input [${inputShape.join(', ')}]; training on 28×28 grey images needs [null, 28, 28, 1].`);
  }
  if (outputShape.length !== 2 || outputShape[1] !== 10) {
    throw new Error(`The model outputs [${outputShape.join(', ')}]; ten classes need [null, 10].`);
  }
  model.compile({ optimizer: makeOptimizer(tf, config.optimizer, config.learningRate), loss: lossFor(tf, model) });
  return model;
}

/** The core's LeNet-5 with the run's activation and dropout: the one definition inspector and dashboard also analyse. */
export function lenetTopologyFor(config: TrainingConfig): LayersTopology {
  return lenetTopology({ activation: config.activation, dropoutRate: config.dropout });
}

/**
 * Frees the model and its optimizer's state (Adam's moments): a model compiled with an Optimizer instance does not
 * own it, so model.dispose() alone would leave those tensors behind in a process that trains more than once.
 */
export function releaseModel(model: LayersModel): void {
  const optimizer = model.optimizer;
  model.dispose();
  optimizer?.dispose();
}
