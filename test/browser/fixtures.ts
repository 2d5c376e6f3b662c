// Message streams the browser tests and the benchmark feed to the dashboard. Models come from the real pipeline:
// LeNet from core's built-in definition; the functional models are built with TensorFlow.js itself, serialised
// with model.toJSON() and analysed by core exactly as the panel does. The training stream follows the notebook's
// own printed log for epoch 1 (its loss values), the rest is a plausible continuation written for the test; the
// misclassified images are real Fashion-MNIST test images read from the Debian package.
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { builtinModelMessage } from '../../src/extension/dashboard/builtinModel';
import { modelMessageFromText } from '../../src/extension/dashboard/modelLoader';
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

export const FASHION_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

/** The first `count` test images of Fashion-MNIST with their labels (IDX, gzip), or null when not installed. */
export function fashionTestImages(count: number): { pixels: Buffer[]; labels: number[] } | null {
  const dir = '/usr/share/datasets/fashion-mnist';
  try {
    const images = gunzipSync(readFileSync(`${dir}/t10k-images-idx3-ubyte.gz`));
    const labels = gunzipSync(readFileSync(`${dir}/t10k-labels-idx1-ubyte.gz`));
    if (images.readUInt32BE(0) !== 2051 || labels.readUInt32BE(0) !== 2049) throw new Error('bad IDX magic');
    const px: Buffer[] = [];
    const ls: number[] = [];
    for (let i = 0; i < count; i++) {
      px.push(images.subarray(16 + i * 784, 16 + (i + 1) * 784));
      ls.push(labels[8 + i]);
    }
    return { pixels: px, labels: ls };
  } catch {
    return null;
  }
}

export const NOTEBOOK_CONFIG: TrainingConfig = {
  preset: 'notebook', dataset: 'fashion-mnist', epochs: 5, batchSize: 100, learningRate: 0.1, optimizer: 'adam',
  activation: 'sigmoid', dropout: 0.001, seed: 3, logEveryBatches: 100, requestedBackend: 'auto',
};

/** A full run's progress: started, 5 logged batches and a validation per epoch, done with results. */
export function trainingStream(runId = 'run-2026-11-27T08-00-00'): TrainingMessage[] {
  const m: TrainingMessage[] = [{
    type: 'started', runId, config: NOTEBOOK_CONFIG, backend: 'wasm', batchesPerEpoch: 500, startedAt: '2026-11-27T08:00:00.000Z',
    dataset: { name: 'fashion-mnist', source: 'system', location: '/usr/share/datasets/fashion-mnist', trainSize: 50000, validationSize: 10000, testSize: 10000, isSubset: false, classNames: FASHION_CLASSES },
  }];
  // Epoch 1: the notebook's printed losses; later epochs continue the trend.
  const losses = [
    [2.398207, 0.575191, 0.569845, 0.622981, 0.350341],
    [0.402113, 0.371802, 0.455120, 0.318764, 0.390522],
    [0.331905, 0.298441, 0.352287, 0.367010, 0.276113],
    [0.300486, 0.322979, 0.254660, 0.340218, 0.289337],
    [0.262754, 0.301255, 0.271938, 0.228807, 0.310642],
  ];
  const val = [[0.446889, 0.838], [0.392410, 0.857], [0.361072, 0.869], [0.348815, 0.873], [0.331440, 0.880]];
  for (let e = 0; e < 5; e++) {
    for (let b = 0; b < 5; b++) {
      m.push({ type: 'batch', runId, epoch: e + 1, batch: b * 100, samplesSeen: e * 50000 + b * 10000, loss: losses[e][b] });
      m.push({ type: 'log', runId, level: 'info', text: `loss: ${losses[e][b].toFixed(6)}  [${String(b * 10000).padStart(5)}/50000]` });
    }
    m.push({ type: 'epoch', runId, epoch: e + 1, epochs: 5, samplesSeen: (e + 1) * 50000, trainLoss: null, valLoss: val[e][0], valAccuracy: val[e][1], samplesPerSecond: 480 + e * 3, etaSeconds: (4 - e) * 105 });
  }
  const images = fashionTestImages(400);
  // A confusion matrix with the typical Fashion-MNIST confusions (shirt vs T-shirt/pullover/coat), rows sum to 1000.
  const confusion = [
    [842, 2, 15, 30, 4, 1, 98, 0, 8, 0], [3, 965, 2, 22, 4, 0, 3, 0, 1, 0], [16, 1, 801, 9, 102, 0, 67, 0, 4, 0],
    [24, 8, 10, 890, 33, 0, 31, 0, 4, 0], [1, 1, 95, 35, 815, 0, 51, 0, 2, 0], [0, 0, 0, 1, 0, 958, 0, 27, 2, 12],
    [139, 2, 98, 31, 88, 0, 629, 0, 13, 0], [0, 0, 0, 0, 0, 16, 0, 960, 0, 24], [4, 1, 5, 5, 3, 3, 8, 4, 967, 0],
    [0, 0, 0, 0, 0, 7, 1, 38, 0, 954],
  ];
  const misclassified: { index: number; label: number; predicted: number; pixels: string }[] = [];
  if (images) {
    // Real test images; the "prediction" is the class the matrix confuses each label with most (test input only).
    const likelyWrong = confusion.map((row, i) => row.reduce((best, c, j) => (j !== i && c > row[best] ? j : best), i === 0 ? 1 : 0));
    for (let i = 0; i < images.labels.length && misclassified.length < 16; i += 23) {
      const label = images.labels[i];
      misclassified.push({ index: i, label, predicted: likelyWrong[label], pixels: images.pixels[i].toString('base64') });
    }
  }
  const correct = confusion.reduce((a, row, i) => a + row[i], 0);
  m.push({
    type: 'done', runId, testAccuracy: correct / 10000, confusionMatrix: confusion,
    perClassAccuracy: confusion.map((row, i) => row[i] / row.reduce((a, c) => a + c, 0)), misclassified,
    seconds: 528, samplesPerSecond: 486, runDir: '/work/project/.lenet/runs/2026-11-27T08-00-00',
  });
  return m;
}

/** An earlier run for the overlay (as the host reads it from metrics.json). */
export function earlierRun(): RunSummary {
  return {
    runId: 'run-2026-11-26T17-30-00', runDir: '/work/project/.lenet/runs/2026-11-26T17-30-00', startedAt: '2026-11-26T17:30:00.000Z',
    backend: 'cpu', datasetName: 'fashion-mnist', isSubset: false, config: { ...NOTEBOOK_CONFIG, preset: 'tuned', activation: 'relu', learningRate: 0.001 },
    losses: Array.from({ length: 25 }, (_, i) => ({ samplesSeen: i * 10000, loss: 0.25 + 2.05 * Math.exp(-i / 2.2) })),
    epochs: Array.from({ length: 5 }, (_, e) => ({ epoch: e + 1, samplesSeen: (e + 1) * 50000, valLoss: 0.42 - e * 0.035, valAccuracy: 0.85 + e * 0.012 })),
    testAccuracy: 0.894, samplesPerSecond: 16.2,
  };
}
