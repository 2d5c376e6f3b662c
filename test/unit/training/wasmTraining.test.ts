// A LeNet-like model trains on wasm with our kernels: no kernel is missing, and the gradients of every weight for one
// batch equal the cpu backend's (the oracle) to 1e-4 relative — the whole backward pass, not just single kernels.
import { strict as assert } from 'node:assert';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../src/training/backend/selectBackend';

function lenetLike(activation: 'sigmoid' | 'relu', dropout: number, output: 'linear' | 'softmax' = 'linear'): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 6, kernelSize: 5, padding: 'same', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      tf.layers.batchNormalization(),
      tf.layers.activation({ activation }),
      tf.layers.averagePooling2d({ poolSize: 2, strides: 2 }),
      tf.layers.dropout({ rate: dropout }),
      tf.layers.conv2d({ filters: 16, kernelSize: 5, padding: 'valid', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
      tf.layers.batchNormalization(),
      tf.layers.activation({ activation }),
      tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
      tf.layers.flatten(),
      tf.layers.dropout({ rate: dropout }),
      tf.layers.dense({ units: 120, kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
      tf.layers.batchNormalization(),
      tf.layers.activation({ activation }),
      tf.layers.dense({ units: 10, activation: output, kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }),
    ],
  });
}

function batch(n: number): { x: tf.Tensor; y: tf.Tensor } {
  let s = 7;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const x = tf.tensor4d(Float32Array.from({ length: n * 784 }, next), [n, 28, 28, 1]);
  const y = tf.oneHot(tf.tensor1d(Array.from({ length: n }, () => Math.floor(next() * 10)), 'int32'), 10);
  return { x, y };
}

describe('training on wasm with the added kernels', function () {
  this.timeout(60_000);
  after(async () => { await tf.setBackend('cpu'); });

  it('computes the same weight gradients as the cpu backend for a LeNet-like model (sigmoid, batch norm, pooling)', async () => {
    const gradients = async (backend: 'wasm' | 'cpu') => {
      if (backend === 'wasm') assert.equal((await selectBackend('wasm')).backendName, 'wasm');
      else await tf.setBackend('cpu');
      const model = lenetLike('sigmoid', 0);
      const { x, y } = batch(8);
      const { grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar);
      // Keyed by position among the trainable weights: layer names get a per-process counter, different per model.
      const out = new Map<string, Float32Array>();
      for (const [i, w] of model.trainableWeights.entries()) out.set(`${i}:${w.originalName.replace(/\d+(?=\/)/, '')}`, (await grads[w.name].data()) as Float32Array);
      tf.dispose([x, y, ...Object.values(grads)]);
      model.layers.forEach((l) => l.dispose());
      return out;
    };
    const wasm = await gradients('wasm');
    const cpu = await gradients('cpu');
    assert.equal(wasm.size, 14, 'conv kernels and biases, batch-norm gammas and betas, dense kernels and biases');
    // A bias followed by batch normalisation has a gradient of exactly zero in exact arithmetic (the normalisation
    // removes any constant shift), so both backends return float32 rounding noise there (~1e-9); such tensors are
    // compared on the scale of the model's largest gradient instead of their own.
    const maxAbs = (a: Float32Array) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    const globalScale = Math.max(...[...cpu.values()].map(maxAbs));
    for (const [name, expected] of cpu) {
      const got = wasm.get(name);
      assert.ok(got, `gradient for ${name}`);
      const own = maxAbs(expected);
      const scale = own < 1e-5 * globalScale ? globalScale : own;
      let diff = 0;
      for (let i = 0; i < expected.length; i++) diff = Math.max(diff, Math.abs(got[i] - expected[i]));
      assert.ok(diff <= 1e-4 * scale, `${name}: max difference ${diff}, scale ${scale} (own ${own})`);
    }
  });

  it('fits, evaluates and predicts with relu, dropout and Adam without a missing kernel, and the loss falls', async () => {
    assert.equal((await selectBackend('wasm')).backendName, 'wasm');
    const model = lenetLike('relu', 0.001, 'softmax');
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const { x, y } = batch(32);
    const history = await model.fit(x, y, { epochs: 4, batchSize: 16, verbose: 0 });
    const losses = history.history.loss as number[];
    assert.ok(losses[3] < losses[0], `loss ${losses.join(' → ')}`);
    tf.dispose([model.evaluate(x, y) as tf.Scalar[], model.predict(x) as tf.Tensor, x, y]);
  });
});
