// The fused Adam (src/training/trainer/fusedAdam.ts) against TF.js's own tf.train.adam, the oracle: the same
// gradients applied for several steps give the same weights (1e-5 relative; the arithmetic is TF.js's, operation by
// operation in float32, so in practice they are equal), on cpu and on wasm; and a model compiled with it trains
// through trainOnBatch to the same weights as with tf.train.adam (on wasm this also covers XNNPACK's packed-weight
// cache, which a value changed in place would leave stale).
import { strict as assert } from 'node:assert';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../src/training/backend/selectBackend';
import { fusedAdam, fusedAdamSupported } from '../../../src/training/trainer/fusedAdam';
import { makeOptimizer } from '../../../src/training/trainer/model';

function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5;
}

const SHAPES = [[5, 5, 1, 6], [6], [400, 120], [120], [84, 10], [10]];

function assertClose(actual: Float32Array | Int32Array | Uint8Array, expected: Float32Array | Int32Array | Uint8Array, what: string): void {
  assert.equal(actual.length, expected.length, what);
  for (let i = 0; i < actual.length; i++) {
    const tolerance = 1e-5 * Math.max(Math.abs(expected[i]), 1e-6);
    if (Math.abs(actual[i] - expected[i]) > tolerance) assert.fail(`${what}[${i}]: ${actual[i]} vs tf.train.adam's ${expected[i]}`);
  }
}

/** Weights after `steps` updates with the same pseudo-random gradients, starting from the same values. */
function weightsAfter(optimizer: tf.Optimizer, prefix: string, steps: number): Float32Array[] {
  const init = lcg(11);
  const variables = SHAPES.map((s, i) => tf.variable(tf.tensor(Float32Array.from({ length: s.reduce((a, b) => a * b, 1) }, init), s), true, `${prefix}${i}`));
  const grad = lcg(5);
  for (let step = 0; step < steps; step++) {
    // Gradients of very different sizes per element, and exact zeros, as a network's are.
    const grads = variables.map((v, i) => ({ name: v.name, tensor: tf.tensor(Float32Array.from({ length: v.size }, (_, k) => (k % 7 === 0 ? 0 : grad() * 10 ** ((i % 3) - 2))), v.shape) }));
    optimizer.applyGradients(grads);
    tf.dispose(grads.map((g) => g.tensor));
  }
  const values = variables.map((v) => v.dataSync() as Float32Array);
  tf.dispose(variables);
  optimizer.dispose();
  return values;
}

function smallCnn(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [12, 12, 1], filters: 4, kernelSize: 3, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      tf.layers.batchNormalization(),
      tf.layers.averagePooling2d({ poolSize: 2, strides: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 10, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
}

async function trainedWeights(optimizer: tf.Optimizer, steps: number): Promise<Float32Array[]> {
  const model = smallCnn();
  model.compile({ optimizer, loss: (y: tf.Tensor, p: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, p) });
  const next = lcg(3);
  for (let step = 0; step < steps; step++) {
    const x = tf.tensor4d(Float32Array.from({ length: 8 * 144 }, next), [8, 12, 12, 1]);
    const y = tf.oneHot(tf.tensor1d(Array.from({ length: 8 }, (_, i) => (i * 3 + step) % 10), 'int32'), 10);
    await model.trainOnBatch(x, y);
    tf.dispose([x, y]);
  }
  const weights = model.getWeights().map((w) => w.dataSync() as Float32Array);
  model.dispose();
  optimizer.dispose();
  return weights;
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`fused Adam on ${backend} against tf.train.adam`, function () {
    this.timeout(30_000);
    before(async () => {
      assert.equal((await selectBackend(backend)).backendName, backend);
      assert.equal(tf.getBackend(), backend);
    });
    after(async () => { await tf.setBackend('cpu'); });

    for (const lr of [0.1, 1e-3]) {
      it(`gives tf.train.adam's weights after 6 steps of the same gradients (lr ${lr})`, () => {
        const expected = weightsAfter(tf.train.adam(lr), `oracle-${backend}-${lr}-`, 6);
        const actual = weightsAfter(fusedAdam(tf, lr), `fused-${backend}-${lr}-`, 6);
        actual.forEach((a, i) => assertClose(a, expected[i], `variable ${i}`));
      });
    }

    it('trains a compiled model (trainOnBatch) to the weights tf.train.adam gives', async () => {
      // Tensors a run leaves behind (the layers' own, e.g. initialisers') are the same number with either optimizer.
      const start = tf.memory().numTensors;
      const expected = await trainedWeights(tf.train.adam(0.05), 4);
      const between = tf.memory().numTensors;
      const actual = await trainedWeights(fusedAdam(tf, 0.05), 4);
      assert.equal(tf.memory().numTensors - between, between - start, 'no more tensors left behind than with tf.train.adam');
      actual.forEach((a, i) => assertClose(a, expected[i], `weight ${i}`));
      // And training moved the weights at all (the comparison is not between two untouched models).
      const untrained = smallCnn();
      const initial = untrained.getWeights().map((w) => w.dataSync() as Float32Array);
      untrained.dispose();
      assert.ok(initial[0].some((w, i) => Math.abs(w - actual[0][i]) > 1e-4));
    });

    it('saves and restores its state in TF.js\'s layout (iterations, first moments, second moments)', async () => {
      const optimizer = fusedAdam(tf, 0.1);
      const v = tf.variable(tf.tensor1d([1, 2, 3]), true, `state-${backend}`);
      optimizer.applyGradients([{ name: v.name, tensor: tf.tensor1d([0.5, -1, 0]) }]);
      const saved = await optimizer.getWeights();
      assert.deepEqual(saved.map((w) => w.name), ['iter', `${v.name}/m`, `${v.name}/v`]);
      assert.deepEqual(Array.from(saved[0].tensor.dataSync()), [1]);
      const oracle = tf.train.adam(0.1);
      await oracle.setWeights(saved);
      const restored = fusedAdam(tf, 0.1);
      await restored.setWeights(await optimizer.getWeights());
      const a = tf.variable(tf.tensor1d([1, 2, 3]), true, `state-a-${backend}`);
      const b = tf.variable(tf.tensor1d([1, 2, 3]), true, `state-b-${backend}`);
      oracle.applyGradients([{ name: a.name, tensor: tf.tensor1d([0.25, 0.5, -2]) }]);
      restored.applyGradients([{ name: b.name, tensor: tf.tensor1d([0.25, 0.5, -2]) }]);
      assertClose(b.dataSync() as Float32Array, a.dataSync() as Float32Array, 'after restore');
      tf.dispose([v, a, b]);
      [optimizer, oracle, restored].forEach((o) => o.dispose());
    });

    it('is what the trainer uses for Adam on this backend', () => {
      assert.equal(fusedAdamSupported(tf), true);
      const optimizer = makeOptimizer(tf, 'adam', 0.1);
      assert.ok(optimizer instanceof tf.Optimizer);
      assert.notEqual(optimizer.constructor, tf.AdamOptimizer);
      optimizer.dispose();
    });
  });
}
