// The wasm backend's missing DepthwiseConv2dNativeBackpropInput, as the engine supplies it for a gradient: against the
// cpu backend's own kernel (tf.grad of Σ w · depthwiseConv2d(x, f) on cpu) on seeded inputs, for every combination of
// stride 1 and 2, 'same' and 'valid', 3×3 and 5×5 filters, channel multiplier 1 and 2, odd and even (and unequal)
// sizes; nothing left on either side (tensors, wasm heap buffers), the backend's kernel table as it was.
import { strict as assert } from 'node:assert';
import * as tf from '@tensorflow/tfjs';
import { gradCam, loadExploreModel, saliency } from '../../../src/explore';
import { withInputGradientKernels } from '../../../src/explore/inputGradientsOnly';
import { DEPTHWISE_INPUT_GRADIENT } from '../../../src/explore/wasmDepthwiseInputGradient';
import { artifactsOf, cpuThenWasmGradient, maxDiffOverPeak, maxScaledDiff, restoreBackend, seededImage, useBackend } from './exploreTestKit';

const TOLERANCE = 1e-5;

interface Case { stride: 1 | 2; pad: 'same' | 'valid'; kernel: 3 | 5; multiplier: 1 | 2; height: number; width: number; batch: number }

const CASES: Case[] = [];
for (const stride of [1, 2] as const) {
  for (const pad of ['same', 'valid'] as const) {
    for (const kernel of [3, 5] as const) {
      for (const multiplier of [1, 2] as const) {
        CASES.push({ stride, pad, kernel, multiplier, height: 9, width: 11, batch: 1 }); // odd
        CASES.push({ stride, pad, kernel, multiplier, height: 10, width: 8, batch: 2 }); // even ('same', stride 2: all padding at the bottom)
      }
    }
  }
}

const CHANNELS = 3;

/** d Σ(w · depthwiseConv2d(x, f)) / dx on the current backend: dy = w, a seeded upstream gradient. */
function inputGradient(c: Case, seed: number): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor4d(seededImage(c.batch * c.height, c.width, CHANNELS, seed), [c.batch, c.height, c.width, CHANNELS]);
    const f = tf.sub(tf.tensor4d(seededImage(c.kernel, c.kernel, CHANNELS * c.multiplier, seed + 1), [c.kernel, c.kernel, CHANNELS, c.multiplier]), 0.5);
    const y = tf.depthwiseConv2d(x, f as tf.Tensor4D, c.stride, c.pad);
    const [, oh, ow, co] = y.shape;
    const w = tf.sub(tf.tensor4d(seededImage(c.batch * oh, ow, co, seed + 2), y.shape), 0.5);
    const dx = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.depthwiseConv2d(input as tf.Tensor4D, f as tf.Tensor4D, c.stride, c.pad), w)))(x);
    assert.deepEqual(dx.shape, x.shape);
    return dx.dataSync() as Float32Array;
  });
}

describe('Explore engine: the depthwise convolution\'s input gradient on wasm', () => {
  let previous: string | undefined;
  before(async () => { previous = await useBackend('cpu'); });
  after(() => restoreBackend(previous));

  CASES.forEach((c, i) => {
    const name = `stride ${c.stride}, '${c.pad}', ${c.kernel}×${c.kernel}, multiplier ${c.multiplier}, ${c.batch}×${c.height}×${c.width}×${CHANNELS}`;
    it(`equals the cpu backend's: ${name}`, async () => {
      const { expected, actual } = await cpuThenWasmGradient(() => inputGradient(c, 100 + 3 * i));
      const diff = maxScaledDiff(actual, expected);
      assert.ok(diff <= TOLERANCE, `max |wasm − cpu| / max(1, |cpu|) = ${diff}`);
      assert.ok(expected.some((v) => Math.abs(v) > 0.1), 'a gradient worth comparing');
      await tf.setBackend('cpu');
    });
  });

  it('is there only while a gradient runs: the wasm backend\'s kernel table is as it was afterwards', async () => {
    await useBackend('wasm');
    assert.equal(tf.getKernel(DEPTHWISE_INPUT_GRADIENT, 'wasm'), undefined, 'TF.js 4.22\'s wasm backend has none');
    withInputGradientKernels(() => inputGradient(CASES[0], 1));
    assert.equal(tf.getKernel(DEPTHWISE_INPUT_GRADIENT, 'wasm'), undefined);
    await tf.setBackend('cpu');
  });
});

/**
 * A small MobileNet-like model with seeded weights: a 3×3 depthwise conv, stride 2, 'same', multiplier 2 (+ bias, ReLU)
 * → BatchNorm → a 5×5 depthwise conv, 'valid', no bias (TF.js fuses it) → ReLU6 → 1×1 conv → global average pooling
 * → dense 4 (linear: the scores are the logits). 15×14×3 input → 8×7×6 → 4×3×6.
 */
function depthwiseModel(): tf.LayersModel {
  let seed = 21;
  const init = () => tf.initializers.glorotUniform({ seed: seed++ });
  return tf.sequential({ layers: [
    tf.layers.depthwiseConv2d({ inputShape: [15, 14, 3], kernelSize: 3, strides: 2, padding: 'same', depthMultiplier: 2, activation: 'relu', depthwiseInitializer: init(), biasInitializer: init(), name: 'dw1' }),
    tf.layers.batchNormalization({ name: 'bn', betaInitializer: init(), gammaInitializer: init(), movingMeanInitializer: init(), movingVarianceInitializer: 'ones' }),
    tf.layers.depthwiseConv2d({ kernelSize: 5, padding: 'valid', useBias: false, depthwiseInitializer: init(), name: 'dw2' }),
    tf.layers.reLU({ maxValue: 6, name: 'relu6' }),
    tf.layers.conv2d({ filters: 5, kernelSize: 1, kernelInitializer: init(), biasInitializer: init(), name: 'project' }),
    tf.layers.globalAveragePooling2d({ name: 'gap' }),
    tf.layers.dense({ units: 4, kernelInitializer: init(), biasInitializer: init(), name: 'scores' }),
  ] });
}

describe('Explore engine: saliency through depthwise convolutions stays on wasm', () => {
  let previous: string | undefined;
  before(async () => { previous = await useBackend('cpu'); });
  after(() => restoreBackend(previous));

  it('saliency and Grad-CAM of a MobileNet-like model on wasm equal tf.grad on cpu, with no note and no leak', async () => {
    await useBackend('cpu');
    const reference = depthwiseModel();
    const artifacts = await artifactsOf(reference);
    const image = seededImage(15, 14, 3, 31);
    const classIndex = 2;
    const score = (input: tf.Tensor) => tf.sum(tf.slice(reference.predict(input) as tf.Tensor, [0, classIndex], [1, 1])) as tf.Scalar;
    const expected = tf.tidy(() => {
      const x = tf.tensor4d(image, [1, 15, 14, 3]);
      const { value, grad } = tf.valueAndGrad(score)(x);
      // Grad-CAM on dw1 (differentiates through dw2): alpha_k = mean over the 8×7 map of d score / d A_k.
      const toDw1 = tf.model({ inputs: reference.inputs, outputs: reference.getLayer('dw1').output as tf.SymbolicTensor });
      const rest = reference.layers.slice(1);
      const a = toDw1.predict(x) as tf.Tensor;
      const dA = tf.grad((maps: tf.Tensor) => tf.sum(tf.slice(rest.reduce((t, l) => l.apply(t) as tf.Tensor, maps), [0, classIndex], [1, 1])))(a);
      return { score: value.dataSync()[0], gradient: grad.dataSync(), alphas: tf.mean(dA, [0, 1, 2]).dataSync() };
    });
    reference.dispose();

    await useBackend('wasm');
    const tensors = tf.memory().numTensors;
    const model = await loadExploreModel(artifacts);
    const s = await saliency(model, image, classIndex);
    const g = await gradCam(model, image, classIndex, 'dw1');
    assert.equal(tf.getBackend(), 'wasm');
    assert.equal(s.note, null, 'the gradient ran on wasm');
    assert.equal(g.note, null, 'Grad-CAM on dw1 ran on wasm');
    assert.ok(Math.abs(s.score - expected.score) <= TOLERANCE * Math.max(1, Math.abs(expected.score)), `score ${s.score} vs ${expected.score}`);
    const diff = maxScaledDiff(s.gradient, expected.gradient);
    assert.ok(diff <= TOLERANCE, `saliency: max |wasm − cpu| / max(1, |cpu|) = ${diff}`);
    assert.ok(maxDiffOverPeak(s.gradient, expected.gradient) <= TOLERANCE, 'saliency, relative to its largest value');
    assert.ok(maxDiffOverPeak(g.alphas, expected.alphas) <= TOLERANCE, `alphas ${Array.from(g.alphas)} vs ${Array.from(expected.alphas)}`);
    assert.equal(tf.getKernel(DEPTHWISE_INPUT_GRADIENT, 'wasm'), undefined, 'the stand-in is gone again');
    model.dispose();
    assert.equal(tf.memory().numTensors, tensors, 'no tensor left behind');
    await tf.setBackend('cpu');
  });
});
