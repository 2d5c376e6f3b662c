// Message streams the browser tests and the benchmark feed to the dashboard. Models come from the real pipeline:
// LeNet from core's built-in definition; the functional models are built with TensorFlow.js itself, serialised
// with model.toJSON() and analysed by core exactly as the panel does. The training stream and the earlier run are
// recorded from real training runs (test/fixtures/training/).
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinModelMessage } from '../../src/extension/dashboard/builtinModel';
import { modelMessageFromText } from '../../src/extension/dashboard/modelLoader';
import { runSummaryFromMetrics } from '../../src/extension/dashboard/runs';
import { parseTrainingMessage } from '../../src/protocol/trainer';
import type { ModelMessage, RunSummary, TrainingConfig, TrainingMessage } from '../../src/protocol';

export function lenetMessage(): ModelMessage {
  return builtinModelMessage({ key: 'builtin:lenet', title: 'LeNet-5 (built-in)', source: 'builtin', uri: null });
}

/**
 * A ResNet-style functional model: stem, `stages` stages of `blocksPerStage` residual blocks (conv-BN-ReLU-conv-BN,
 * identity or projection shortcut, Add, ReLU), global pooling and a classifier. 3 stages × 7 blocks ≈ 150 layers.
 */
export function resnetModelJson(stages: number, blocksPerStage: number, filters = 8): string {
  tf.engine().startScope();
  try {
    const input = tf.input({ shape: [32, 32, 3], name: 'image' });
    let x = tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', name: 'stem_conv' }).apply(input) as tf.SymbolicTensor;
    x = tf.layers.batchNormalization({ name: 'stem_bn' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.activation({ activation: 'relu', name: 'stem_relu' }).apply(x) as tf.SymbolicTensor;
    for (let s = 0; s < stages; s++) {
      const f = filters * 2 ** s;
      for (let b = 0; b < blocksPerStage; b++) {
        const p = `s${s + 1}b${b + 1}`;
        const stride = s > 0 && b === 0 ? 2 : 1;
        let y = tf.layers.conv2d({ filters: f, kernelSize: 3, strides: stride, padding: 'same', useBias: false, name: `${p}_conv1` }).apply(x) as tf.SymbolicTensor;
        y = tf.layers.batchNormalization({ name: `${p}_bn1` }).apply(y) as tf.SymbolicTensor;
        y = tf.layers.activation({ activation: 'relu', name: `${p}_relu1` }).apply(y) as tf.SymbolicTensor;
        y = tf.layers.conv2d({ filters: f, kernelSize: 3, padding: 'same', useBias: false, name: `${p}_conv2` }).apply(y) as tf.SymbolicTensor;
        y = tf.layers.batchNormalization({ name: `${p}_bn2` }).apply(y) as tf.SymbolicTensor;
        let shortcut = x;
        if (stride !== 1 || (s === 0 && b === 0 && f !== filters)) {
          shortcut = tf.layers.conv2d({ filters: f, kernelSize: 1, strides: stride, useBias: false, name: `${p}_proj` }).apply(x) as tf.SymbolicTensor;
          shortcut = tf.layers.batchNormalization({ name: `${p}_proj_bn` }).apply(shortcut) as tf.SymbolicTensor;
        }
        x = tf.layers.add({ name: `${p}_add` }).apply([y, shortcut]) as tf.SymbolicTensor;
        x = tf.layers.activation({ activation: 'relu', name: `${p}_out` }).apply(x) as tf.SymbolicTensor;
      }
    }
    x = tf.layers.globalAveragePooling2d({ name: 'pool' }).apply(x) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 10, activation: 'softmax', name: 'classifier' }).apply(x) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out, name: `resnet_${stages}x${blocksPerStage}` });
    const topology = model.toJSON(undefined, false);
    model.dispose();
    return JSON.stringify({ format: 'layers-model', generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`, modelTopology: topology, weightsManifest: [] });
  } finally {
    tf.engine().endScope();
  }
}

export function fileModelMessage(json: string, name: string): ModelMessage {
  const m = modelMessageFromText({ key: `file:file:///models/${name}`, title: name, source: 'file', uri: `file:///models/${name}` }, json);
  if (m.type !== 'model') throw new Error(`fixture ${name} did not analyse: ${m.message}`);
  return m;
}

const TRAINING_FIXTURES = join(__dirname, '..', 'fixtures', 'training');

export const FASHION_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

export const NOTEBOOK_CONFIG: TrainingConfig = {
  preset: 'notebook', dataset: 'fashion-mnist', epochs: 5, batchSize: 100, learningRate: 0.1, optimizer: 'adam',
  activation: 'sigmoid', dropout: 0.001, seed: 3, logEveryBatches: 100, requestedBackend: 'auto',
};

/**
 * A full run's progress, recorded from a real run: `cnn-explorer train --preset notebook --json` on the full
 * Fashion-MNIST from the Debian package, wasm backend, 2026-11-27 (test accuracy 88.89%, 987 samples/s). Every line is
 * checked by the protocol's validator; `runId` may be replaced so several streams can be told apart.
 */
export function trainingStream(runId?: string): TrainingMessage[] {
  const lines = readFileSync(join(TRAINING_FIXTURES, 'notebook-run.jsonl'), 'utf8').split('\n').filter((l) => l.trim() !== '');
  return lines.map((line, i) => {
    const parsed = parseTrainingMessage(JSON.parse(line));
    if (!parsed.ok) throw new Error(`notebook-run.jsonl line ${i + 1}: ${parsed.error}`);
    return runId === undefined ? parsed.value : { ...parsed.value, runId };
  });
}

/**
 * An earlier run for the overlay, as the host reads it: the metrics.json of a real run, `cnn-explorer train --preset
 * tuned --epochs 3` (ReLU, Adam 1e-3, full Fashion-MNIST, wasm, 2026-11-27: test accuracy 88.58%, 1,253 samples/s).
 */
export function earlierRun(): RunSummary {
  const read = runSummaryFromMetrics(JSON.parse(readFileSync(join(TRAINING_FIXTURES, 'tuned-run-metrics.json'), 'utf8')), '/work/project/.lenet/runs/tuned');
  if (!read.ok) throw new Error(`tuned-run-metrics.json: ${read.error}`);
  return read.run;
}
