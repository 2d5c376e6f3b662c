// The trainer's layer classes (trainingLayers.ts: Conv2D, BatchNormalization, Dropout) against TF.js's own layers (the oracle:
// the same LeNet built with the tf.layers factories, which construct TF.js's classes directly and not through the
// serialization map, with the same weights): same loss, same gradients of every weight, same moving statistics after a
// step, the first layer's input gradient no longer computed, and saved under TF.js's class names.
import { strict as assert } from 'node:assert';
import * as tf from '@tensorflow/tfjs';
import { lenetTopology } from '../../../src/core/lenet';
import { selectBackend } from '../../../src/training/backend/selectBackend';
import { fillDropoutMask, seedDropoutMasks, Sfc32 } from '../../../src/training/trainer/trainingDropout';
import { registerTrainingLayers } from '../../../src/training/trainer/trainingLayers';

/** Deterministic pseudo-random images and one-hot labels. */
function batch(n: number): { x: tf.Tensor4D; y: tf.Tensor2D } {
  let s = 11;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const x = tf.tensor4d(Float32Array.from({ length: n * 784 }, next), [n, 28, 28, 1]);
  const y = tf.oneHot(tf.tensor1d(Array.from({ length: n }, () => Math.floor(next() * 10)), 'int32'), 10) as tf.Tensor2D;
  return { x, y };
}

/** The core LeNet built twice with the same weights: TF.js's Conv2D (from tf.layers) and the trainer's (from JSON). */
async function twins(): Promise<{ oracle: tf.LayersModel; trainer: tf.LayersModel }> {
  assert.deepEqual(registerTrainingLayers(tf), ['Conv2D', 'BatchNormalization', 'Dropout']);
  // Dropout off: its random masks would differ between the two models.
  const trainer = (await tf.models.modelFromJSON({ modelTopology: lenetTopology({ dropoutRate: 0 }) } as never)) as tf.LayersModel;
  // The same architecture from the factories: each layer's config goes back through tf.layers.* (TF.js's classes).
  const oracle = tf.sequential();
  for (const layer of trainer.layers) {
    const config = layer.getConfig() as Record<string, unknown>;
    const className = layer.getClassName();
    const factory = className.charAt(0).toLowerCase() + className.slice(1);
    const make = (tf.layers as unknown as Record<string, (c: unknown) => tf.layers.Layer>)[factory === 'conv2D' ? 'conv2d' : factory === 'averagePooling2D' ? 'averagePooling2d' : factory];
    assert.ok(make, `tf.layers has a factory for ${className}`);
    const { name: _name, ...rest } = config;
    oracle.add(make(oracle.layers.length === 0 ? { ...rest, batchInputShape: trainer.inputs[0].shape } : rest));
  }
  oracle.setWeights(trainer.getWeights());
  return { oracle, trainer };
}

describe('trainer layer classes (Conv2D without fused gradient, BatchNormalization with closed-form gradient)', function () {
  this.timeout(60_000);
  // The registration is process-wide (TF.js's serialization map); put TF.js's classes back for the tests that follow.
  const classNameMap = (tf.serialization.SerializationMap.getMap() as unknown as { classNameMap: Record<string, unknown> }).classNameMap;
  const original = { ...classNameMap };
  after(async () => {
    for (const name of ['Conv2D', 'BatchNormalization', 'Dropout']) classNameMap[name] = original[name];
    await tf.setBackend('cpu');
  });

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`gives TF.js's loss, weight gradients and moving statistics on ${backend}`, async () => {
      if (backend === 'wasm') assert.equal((await selectBackend('wasm')).backendName, 'wasm');
      else await tf.setBackend('cpu');
      const { oracle, trainer } = await twins();
      for (const className of ['Conv2D', 'BatchNormalization']) {
        const i = trainer.layers.findIndex((l) => l.getClassName() === className);
        assert.notEqual(trainer.layers[i].constructor, oracle.layers[i].constructor, `the two models use different ${className} classes`);
      }
      const { x, y } = batch(6);
      const lossOf = (model: tf.LayersModel) => () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar;
      const expected = tf.variableGrads(lossOf(oracle));
      const actual = tf.variableGrads(lossOf(trainer));
      assert.ok(Math.abs(expected.value.dataSync()[0] - actual.value.dataSync()[0]) < 1e-5, 'same loss');
      const scale = Math.max(...oracle.trainableWeights.map((w) => tf.max(tf.abs(expected.grads[w.name])).dataSync()[0]));
      for (const [i, w] of oracle.trainableWeights.entries()) {
        const want = expected.grads[w.name].dataSync() as Float32Array;
        const got = actual.grads[trainer.trainableWeights[i].name].dataSync();
        assert.equal(got.length, want.length);
        const largest = want.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
        for (let k = 0; k < want.length; k++) {
          if (largest < 1e-5 * scale) {
            // A bias followed by batch norm: its gradient is exactly zero in exact arithmetic (the normalisation removes
            // any constant shift); both sides return float32 rounding noise (~1e-7), which must stay noise.
            assert.ok(Math.abs(got[k]) < 1e-5 * scale, `${w.originalName}[${k}] should be ~0: ${got[k]}`);
          } else {
            // Within 1e-4 of the tensor's largest gradient. Measured over 15 random inits: ≤ 1e-5 on cpu and wasm; an
            // element-wise bound cannot hold for small elements, where batch norm's derivative subtracts nearly equal
            // float32 sums in a different order than TF.js's autodiff does.
            assert.ok(Math.abs(got[k] - want[k]) <= 1e-4 * largest, `${w.originalName}[${k}]: ${got[k]} vs ${want[k]} (largest ${largest})`);
          }
        }
      }
      // The training-mode calls above also moved both models' moving mean and variance by one step.
      const stats = (m: tf.LayersModel) => m.weights.filter((w) => /moving_(mean|variance)/.test(w.originalName)).map((w) => w.read().dataSync());
      const [want, got] = [stats(oracle), stats(trainer)];
      assert.equal(got.length, 8, 'four batch-norm layers, mean and variance each');
      for (let i = 0; i < want.length; i++) assert.deepEqual(Array.from(got[i]), Array.from(want[i]), 'moving statistics: the same forward ops, so bit-identical');
      tf.dispose([x, y, expected.value, actual.value, ...Object.values(expected.grads), ...Object.values(actual.grads)]);
    });
  }

  it('computes one Conv2DBackpropInput per step instead of two (the images need no gradient); inference stays fused', async () => {
    await tf.setBackend('cpu');
    const { oracle, trainer } = await twins();
    const { x, y } = batch(2);
    const backpropInputs = async (model: tf.LayersModel) => {
      const info = await tf.profile(() => {
        const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar);
        tf.dispose([value, ...Object.values(grads)]);
      });
      return info.kernels.filter((k) => k.name === 'Conv2DBackpropInput').length;
    };
    assert.equal(await backpropInputs(oracle), 2, "TF.js's fused conv gradient computes C1's and C3's input gradients");
    assert.equal(await backpropInputs(trainer), 1, "only C3's input gradient (C1's input is the images)");
    // Inference keeps TF.js's fused kernel (one call per convolution).
    const inference = await tf.profile(() => { tf.dispose(trainer.predict(x) as tf.Tensor); });
    assert.equal(inference.kernels.filter((k) => k.name === 'FusedConv2D').length, 2);
    assert.equal(inference.kernels.filter((k) => k.name === 'Conv2D').length, 0);
    tf.dispose([x, y]);
  });

  it("runs batch norm's backward in a few full-size ops and dropout without TF.js's random-uniform mask ops", async () => {
    await tf.setBackend('cpu');
    registerTrainingLayers(tf);
    const trainerClass = (name: string) => (classNameMap as Record<string, [new (config: unknown) => tf.layers.Layer]>)[name][0];
    // Batch norm alone, on an input that needs its gradient (as after a conv layer): kernels whose output has the
    // input's full shape in one training call, forward and backward (measured: 22 against TF.js's 41).
    const x = tf.variable(tf.randomNormal([4, 6, 6, 3]));
    const fullSizeKernels = async (layer: tf.layers.Layer) => {
      tf.dispose(layer.apply(x) as tf.Tensor); // builds its weights (variables made inside variableGrads are not differentiated)
      const info = await tf.profile(() => {
        const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(layer.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar);
        tf.dispose([value, ...Object.values(grads)]);
      });
      return info.kernels.filter((k) => k.outputShapes.some((shape) => shape.join() === x.shape.join())).length;
    };
    const config = { momentum: 0.9, epsilon: 1e-5 };
    const fast = await fullSizeKernels(new (trainerClass('BatchNormalization'))(config));
    const slow = await fullSizeKernels(tf.layers.batchNormalization(config));
    assert.ok(slow >= 1.5 * fast, `full-size kernels per training call: trainer ${fast}, TF.js ${slow}`);
    x.dispose();
    // Dropout: TF.js draws with tf.randomUniform and builds the multiplier with Add, Floor and RealDiv.
    const floors = async (layer: tf.layers.Layer) =>
      (await tf.profile(() => { tf.dispose(layer.apply(tf.ones([8, 10]), { training: true }) as tf.Tensor); })).kernels.filter((k) => k.name === 'Floor').length;
    assert.equal(await floors(tf.layers.dropout({ rate: 0.5 })), 1);
    assert.equal(await floors(new (trainerClass('Dropout'))({ rate: 0.5 })), 0);
  });

  it("saves under TF.js's class names: the same topology JSON as the oracle", async () => {
    const { oracle, trainer } = await twins();
    const classes = (m: tf.LayersModel) => (m.toJSON(null, false) as { config: { layers: { class_name: string }[] } }).config.layers.map((l) => l.class_name);
    assert.deepEqual(classes(trainer), classes(oracle));
    assert.equal(classes(trainer).filter((c) => c === 'Conv2D').length, 2);
    assert.equal(classes(trainer).filter((c) => c === 'BatchNormalization').length, 4);
  });

  describe('Dropout', () => {
    it("draws TF.js's multipliers: 0 with probability rate, else TF.js's floor(u + keep) / keep", async () => {
      await tf.setBackend('cpu');
      for (const rate of [0.001, 0.3, 0.5]) {
        const n = 400_000;
        const mask = fillDropoutMask(new Float32Array(n), rate, new Sfc32(Uint32Array.of(1, 2, 3, rate * 1000)));
        // The value TF.js's dropout gives a kept element: floor(u + keep) / keep in float32 ops, u in [rate, 1).
        const tfKept = tf.tidy(() => tf.div(tf.floor(tf.add(tf.scalar(0.999), 1 - rate)), 1 - rate).dataSync()[0]);
        const dropped = mask.filter((v) => v === 0).length;
        assert.equal(mask.filter((v) => v !== 0 && v !== tfKept).length, 0, `every kept value is ${tfKept}`);
        // The dropped fraction is Binomial(n, rate)/n: within 5 standard deviations of rate.
        const sigma = Math.sqrt((rate * (1 - rate)) / n);
        assert.ok(Math.abs(dropped / n - rate) < 5 * sigma, `rate ${rate}: dropped ${dropped / n}`);
      }
    });

    it('passes gradients through the same mask as the output, and is the identity outside training', async () => {
      await tf.setBackend('cpu');
      registerTrainingLayers(tf);
      const model = (await tf.models.modelFromJSON({
        modelTopology: { class_name: 'Sequential', config: { name: 'd', layers: [{ class_name: 'Dropout', config: { rate: 0.5, batch_input_shape: [null, 1000] } }] } },
      } as never)) as tf.LayersModel;
      assert.equal(model.layers[0].constructor.name, 'TrainingDropout');
      const x = tf.variable(tf.fill([4, 1000], 3));
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(model.apply(x, { training: true }) as tf.Tensor, 1)) as tf.Scalar, [x]);
      // With y = x·m (m the multiplier) and x = 3 everywhere, ∂Σy/∂x = m = y/3 element by element.
      const y = (model.apply(x, { training: true }) as tf.Tensor).dataSync();
      const g = grads[x.name].dataSync() as Float32Array;
      const kept = g.filter((v) => v !== 0).length / g.length;
      assert.ok(kept > 0.45 && kept < 0.55, `about half kept (${kept})`);
      assert.ok(Math.abs(value.dataSync()[0] - 3 * g.reduce((a, b) => a + b, 0)) < 1e-2, 'the loss and its gradient used the same mask');
      assert.ok(y.some((v, i) => (v === 0) !== (g[i] === 0)), 'a new mask every call');
      assert.deepEqual(Array.from((model.apply(x, { training: false }) as tf.Tensor).dataSync()), Array.from(x.dataSync()), 'identity in inference');
      tf.dispose([x, value, ...Object.values(grads)]);
    });

    it("draws its masks from the run's seed: the same seed the same masks, each layer its own stream", async () => {
      await tf.setBackend('cpu');
      registerTrainingLayers(tf);
      const twoDropouts = async (seed: number): Promise<tf.LayersModel> => {
        const model = (await tf.models.modelFromJSON({
          modelTopology: { class_name: 'Sequential', config: { name: 'd', layers: [
            { class_name: 'Dropout', config: { name: 'first', rate: 0.5, batch_input_shape: [null, 1000] } },
            { class_name: 'Dropout', config: { name: 'second', rate: 0.5 } },
          ] } },
        } as never)) as tf.LayersModel;
        assert.equal(seedDropoutMasks(model.layers, seed), 2);
        return model;
      };
      const x = tf.ones([2, 1000]);
      const masks = (m: tf.LayersModel) => m.layers.map((l) => Array.from((l.apply(x, { training: true }) as tf.Tensor).dataSync()));
      const [a, b, other] = [await twoDropouts(3), await twoDropouts(3), await twoDropouts(4)];
      const [a1, a2] = masks(a);
      const [b1, b2] = masks(b);
      assert.deepEqual([b1, b2], [a1, a2], 'the same seed, the same masks');
      assert.notDeepEqual(a2, a1, 'two layers draw different masks');
      assert.notDeepEqual(masks(other)[0], a1, 'another seed, other masks');
      for (const m of [a, b, other]) m.dispose();
      x.dispose();
    });
  });
});
