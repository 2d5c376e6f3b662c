// The max pooling's gradient on wasm during the engine's gradients: TF.js 4.22's wasm kernel misroutes windows whose
// values are all negative; the engine's stand-in equals the cpu backend's kernel (tf.grad of Σ w · maxPool(x) on cpu)
// on seeded values in [−1, 1), pool 2 and 3, strides 1 and 2, 'same' and 'valid', odd and even sizes; nothing left.
import { strict as assert } from 'node:assert';
import * as tf from '@tensorflow/tfjs';
import { withInputGradientKernels } from '../../../src/explore/inputGradientsOnly';
import { cpuThenWasmGradient, maxScaledDiff, restoreBackend, seededImage, useBackend } from './exploreTestKit';

interface Case { pool: number; stride: number; pad: 'same' | 'valid'; height: number; width: number; batch: number }

const CASES: Case[] = [];
for (const [pool, stride] of [[2, 2], [3, 2], [3, 1], [2, 1]]) {
  for (const pad of ['same', 'valid'] as const) {
    CASES.push({ pool, stride, pad, height: 9, width: 7, batch: 1 });
    CASES.push({ pool, stride, pad, height: 10, width: 12, batch: 2 });
  }
}
const CHANNELS = 5;

function poolGradient(c: Case, seed: number): Float32Array {
  return tf.tidy(() => {
    const x = tf.sub(tf.mul(tf.tensor4d(seededImage(c.batch * c.height, c.width, CHANNELS, seed), [c.batch, c.height, c.width, CHANNELS]), 2), 1);
    const pool = (input: tf.Tensor) => tf.maxPool(input as tf.Tensor4D, c.pool, c.stride, c.pad);
    const y = pool(x);
    const w = tf.tensor4d(seededImage(c.batch * y.shape[1], y.shape[2], CHANNELS, seed + 1), y.shape);
    return tf.grad((input: tf.Tensor) => tf.sum(tf.mul(pool(input), w)))(x).dataSync() as Float32Array;
  });
}

/** d Σ maxPool(x) / dx of one 2×2 window (pool 2, stride 2). */
const windowGradient = (values: number[]) => Array.from(tf.tidy(() =>
  tf.grad((x: tf.Tensor) => tf.sum(tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid')))(tf.tensor4d(values, [1, 2, 2, 1])).dataSync()));

describe('Explore engine: the max pooling\'s gradient on wasm', () => {
  let previous: string | undefined;
  before(async () => { previous = await useBackend('cpu'); });
  after(() => restoreBackend(previous));

  it('TF.js 4.22\'s own wasm kernel sends an all-negative window\'s gradient to its first element; the engine\'s to its largest', async () => {
    await useBackend('cpu');
    assert.deepEqual(windowGradient([-4, -3, -2, -1]), [0, 0, 0, 1]);
    await useBackend('wasm');
    assert.deepEqual(windowGradient([-4, -3, -2, -1]), [1, 0, 0, 0], 'if this fails, TF.js fixed its kernel: the stand-in may go');
    assert.deepEqual(withInputGradientKernels(() => windowGradient([-4, -3, -2, -1])), [0, 0, 0, 1]);
    assert.deepEqual(withInputGradientKernels(() => windowGradient([-3, -1, -1, -4])), [0, 1, 0, 0], 'a tie: the first, as on cpu');
    await tf.setBackend('cpu');
  });

  CASES.forEach((c, i) => {
    it(`equals the cpu backend's: pool ${c.pool}, stride ${c.stride}, '${c.pad}', ${c.batch}×${c.height}×${c.width}×${CHANNELS}`, async () => {
      const { expected, actual } = await cpuThenWasmGradient(() => poolGradient(c, 200 + 2 * i));
      assert.ok(maxScaledDiff(actual, expected) <= 1e-6, `max difference ${maxScaledDiff(actual, expected)}`);
      assert.equal(tf.getKernel('MaxPoolGrad', 'wasm')?.kernelFunc, originalMaxPoolGrad, 'the backend\'s own kernel is back');
      await tf.setBackend('cpu');
    });
  });
});

let originalMaxPoolGrad: unknown;
before(async () => {
  const previous = await useBackend('wasm');
  originalMaxPoolGrad = tf.getKernel('MaxPoolGrad', 'wasm')?.kernelFunc;
  assert.ok(originalMaxPoolGrad, 'the wasm backend has a MaxPoolGrad kernel');
  await restoreBackend(previous);
});
