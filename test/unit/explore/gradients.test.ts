// Saliency and Grad-CAM: against tf.grad of the class logit computed here independently (the trained LeNet run, a
// functional model with branches ending in a softmax), against a hand computation on a tiny model, on cpu and on wasm
// (with the engine's own depthwise input gradient and max-pool gradient and src/tfjsWasm's Tile and Conv2DBackpropInput;
// a kernel the backend lacks sends the gradient to cpu, said in `note`); TF.js's own limits as refusals.
import { strict as assert } from 'node:assert';
import * as tf from '@tensorflow/tfjs';
import { gradCam, loadExploreModel, saliency, type ExploreArtifacts } from '../../../src/explore';
import {
  artifactsOf, branchModel, lenetRunArtifacts, maxDiffOverPeak, maxScaledDiff, restoreBackend, seededImage, useBackend,
} from './exploreTestKit';

/** Gradients are small numbers: compared relative to the largest |expected| (maxDiffOverPeak), other values as in activations. */
const TOLERANCE = 1e-5;

/** The saved model loaded by TF.js itself (the reference side of every comparison). */
async function tfModel(artifacts: ExploreArtifacts): Promise<tf.LayersModel> {
  return tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: artifacts.modelTopology, weightSpecs: artifacts.weightSpecs, weightData: artifacts.weightData.slice().buffer,
  }));
}

function layer(model: tf.LayersModel, name: string): tf.layers.Layer {
  return model.getLayer(name);
}

/** The branch model's class logit from its input, written out here: flatten's output · W + b of the softmax layer. */
function branchLogits(model: tf.LayersModel): (x: tf.Tensor) => tf.Tensor {
  const toFlat = tf.model({ inputs: model.inputs, outputs: layer(model, 'flatten').output as tf.SymbolicTensor });
  const [w, b] = layer(model, 'probs').getWeights();
  return (x) => tf.add(tf.matMul(toFlat.apply(x) as tf.Tensor, w), b);
}

/** The branch model after its stem, layer by layer (both paths from the stem: the two branches and the concat). */
function branchHeadFromStem(model: tf.LayersModel): (stem: tf.Tensor) => tf.Tensor {
  const [w, b] = layer(model, 'probs').getWeights();
  const run = (name: string, x: tf.Tensor | tf.Tensor[]) => layer(model, name).apply(x) as tf.Tensor;
  return (stem) => {
    const a = run('branch_a', stem);
    const d = run('branch_b_relu6', run('branch_b_bn', run('branch_b_dw', stem)));
    const joined = run('concat', [run('add', [a, d]), stem]);
    const flat = run('flatten', run('top', run('pool', joined)));
    return tf.add(tf.matMul(flat, w), b);
  };
}

describe('Explore engine: saliency and Grad-CAM', () => {
  let previous: string | undefined;
  let branch: ExploreArtifacts;
  let dilatedBranch: ExploreArtifacts;
  before(async () => {
    previous = await useBackend('cpu');
    const model = branchModel({ dilation: 1 });
    branch = await artifactsOf(model);
    model.dispose();
    const dilated = branchModel({ dilation: 2 });
    dilatedBranch = await artifactsOf(dilated);
    dilated.dispose();
  });
  after(() => restoreBackend(previous));

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`saliency of the trained LeNet equals tf.grad of the class logit (engine on ${backend})`, async () => {
      await useBackend('cpu');
      const image = seededImage(28, 28, 1, 5);
      const reference = await tfModel(lenetRunArtifacts());
      const x = tf.tensor4d(image, [1, 28, 28, 1]);
      const expected = tf.valueAndGrad((input: tf.Tensor) => (reference.predict(input) as tf.Tensor).slice([0, 7], [1, 1]).sum() as tf.Scalar)(x);
      const expectedGradient = expected.grad.dataSync();
      const expectedScore = expected.value.dataSync()[0];
      tf.dispose([x, expected.grad, expected.value]);
      reference.dispose();

      await useBackend(backend);
      const before = tf.memory().numTensors;
      const model = await loadExploreModel(lenetRunArtifacts());
      const s = await saliency(model, image, 7);
      assert.equal(tf.getBackend(), backend, 'the backend is restored');
      assert.equal(s.classIndex, 7);
      assert.ok(Math.abs(s.score - expectedScore) <= TOLERANCE * Math.max(1, Math.abs(expectedScore)), `score ${s.score} vs ${expectedScore}`);
      const diff = maxDiffOverPeak(s.gradient, expectedGradient);
      assert.ok(diff <= TOLERANCE, `gradient max difference ${diff}`);
      assert.deepEqual(Array.from(s.map), Array.from(s.gradient, Math.abs), 'one channel: the map is |gradient|');
      // LeNet needs no kernel that wasm lacks (the fused convolutions' filter gradients are not computed).
      assert.equal(s.note, null);
      model.dispose();
      assert.equal(tf.memory().numTensors, before, 'no tensor left behind');
      await tf.setBackend('cpu');
    });

  }

  // The branch model's depthwise conv needs the input gradient wasm 4.22 lacks (the engine brings its own). On wasm the
  // engine also brings its own Tile (the batch norm's gradient) and Conv2DBackpropInput (src/tfjsWasm): taken away
  // for the test, the gradient still runs on wasm. A kernel the backend lacks otherwise (here: LessEqual, which only
  // ReLU6's gradient uses) sends the gradient to cpu.
  const variants = [['cpu', null], ['wasm', null], ['wasm', 'Conv2DBackpropInput'], ['wasm', 'Tile'], ['wasm', 'LessEqual']] as const;
  const engineBringsItsOwn = new Set<string>(['Conv2DBackpropInput', 'Tile']);
  for (const [backend, lacking] of variants) {
    it(`saliency and Grad-CAM of a branched model with a softmax output use the logit (engine on ${backend}${lacking ? `, lacking ${lacking}` : ''})`, async () => {
      await useBackend('cpu');
      const image = seededImage(12, 12, 2, 6);
      const classIndex = 4; // alphas of both signs: the ReLU zeroes part of the map (classes 1 and 3: all of it)
      const reference = await tfModel(branch);
      const logitsOf = branchLogits(reference);
      const x = tf.tensor4d(image, [1, 12, 12, 2]);
      const sal = tf.valueAndGrad((input: tf.Tensor) => logitsOf(input).slice([0, classIndex], [1, 1]).sum() as tf.Scalar)(x);
      const expectedGradient = sal.grad.dataSync();
      const expectedScore = sal.value.dataSync()[0];
      // Grad-CAM on the stem, whose output reaches the class through both branches and through the concatenation.
      const stem = tf.model({ inputs: reference.inputs, outputs: layer(reference, 'stem').output as tf.SymbolicTensor }).predict(x) as tf.Tensor;
      const head = branchHeadFromStem(reference);
      const dStem = tf.grad((a: tf.Tensor) => head(a).slice([0, classIndex], [1, 1]).sum())(stem);
      const A = stem.dataSync();
      const dA = dStem.dataSync();
      tf.dispose([x, sal.grad, sal.value, stem, dStem]);
      reference.dispose();
      // alpha_k = mean over the 10×10 map of dA_k; cam = ReLU(Σ_k alpha_k A_k): written out, channels last.
      const [h, w, k] = [10, 10, 4];
      const alphas = Array.from({ length: k }, (_, c) => {
        let sum = 0;
        for (let p = 0; p < h * w; p++) sum += dA[p * k + c];
        return sum / (h * w);
      });
      const cam = Array.from({ length: h * w }, (_, p) => Math.max(0, alphas.reduce((sum, alpha, c) => sum + alpha * A[p * k + c], 0)));

      await useBackend(backend);
      const taken = lacking ? tf.getKernel(lacking, backend) : undefined;
      if (lacking) {
        assert.ok(taken, `the ${backend} backend has a ${lacking} kernel to take away`);
        tf.unregisterKernel(lacking, backend);
      }
      try {
        const before = tf.memory().numTensors;
        const model = await loadExploreModel(branch);
        assert.equal(model.output, 'probabilities');
        const s = await saliency(model, image, classIndex);
        assert.ok(Math.abs(s.score - expectedScore) <= TOLERANCE, `logit ${s.score} vs ${expectedScore}`);
        assert.ok(maxDiffOverPeak(s.gradient, expectedGradient) <= TOLERANCE, 'saliency gradient');
        const maxAbs = Array.from({ length: 144 }, (_, p) => Math.max(Math.abs(expectedGradient[2 * p]), Math.abs(expectedGradient[2 * p + 1])));
        assert.ok(maxScaledDiff(s.map, maxAbs) <= TOLERANCE, 'map = max over the two channels of |gradient|');
        const g = await gradCam(model, image, classIndex, 'stem');
        assert.deepEqual([g.layer, g.height, g.width, g.classIndex], ['stem', 10, 10, classIndex]);
        assert.ok(maxDiffOverPeak(g.alphas, alphas) <= TOLERANCE, `alphas ${Array.from(g.alphas)} vs ${alphas}`);
        assert.ok(maxDiffOverPeak(g.cam, cam) <= TOLERANCE, 'cam');
        assert.equal(g.heatmap.length, 144);
        assert.ok(Math.min(...cam) === 0 && Math.max(...cam) > 0, 'the ReLU cut part of the map, not all of it');
        assert.equal(Math.max(...g.heatmap), 1, 'the heatmap is divided by its maximum');
        // Both differentiate through the branches (ReLU6 included): on cpu when the backend lacks a kernel the
        // engine does not bring, and say so.
        const note = lacking && !engineBringsItsOwn.has(lacking) ? `gradients run on cpu: the ${backend} backend has no ${lacking} kernel` : null;
        assert.equal(s.note, note);
        assert.equal(g.note, note);
        // Grad-CAM on the last conv layer differentiates only the head (flatten, dense): it stays on the backend.
        const last = await gradCam(model, image, classIndex);
        assert.deepEqual([last.layer, last.note], ['top', null]);
        assert.equal(tf.getBackend(), backend);
        model.dispose();
        assert.equal(tf.memory().numTensors, before, 'no tensor left behind (a failed wasm attempt and the linear twin of the softmax layer included)');
      } finally {
        if (taken) tf.registerKernel(taken);
      }
      await tf.setBackend('cpu');
    });
  }

  // A 4×4×1 input, one 3×3 'valid' conv with 2 filters → 2×2×2, global average pooling, dense 2 → 2 classes.
  // X =        K1 = all ones, b1 = 0:  A1 = 3×3 window sums       = [[11, 10], [8, 11]]
  //  3 1 2 0   K2 = +1 at (0,0), −1 at (2,2), b2 = 0:
  //  1 0 1 2                           A2[i,j] = X[i,j] − X[i+2,j+2] = [[3−1, 1−1], [1−0, 0−3]] = [[2, 0], [1, −3]]
  //  0 2 1 1   GAP: g = (40/4, 0/4) = (10, 0)
  //  2 1 0 3   W = [[0.5, −1], [2, 1]] (rows: g1, g2), bias (0, 0.5): logits = (5 + 0 + 0, −10 + 0 + 0.5) = (5, −9.5)
  // Class 0: d logit / d A_k = W[k][0] / 4 everywhere, so alpha = (0.125, 0.5);
  //   cam = ReLU(0.125·A1 + 0.5·A2) = ReLU([[1.375 + 1, 1.25 + 0], [1 + 0.5, 1.375 − 1.5]]) = [[2.375, 1.25], [1.5, 0]].
  //   Resized to 4×4 (bilinear, align corners and half-pixel centers off: output o reads input o·2/4, clamped):
  //   rows 0..3 read 0, 0.5, 1, 1.5→1; columns alike. Row 0 = [2.375, 1.8125, 1.25, 1.25],
  //   row 2 = row 3 = [1.5, 0.75, 0, 0], row 1 = their mean = [1.9375, 1.28125, 0.625, 0.625]; ÷ 2.375.
  // Class 1: alpha = (−0.25, 0.25): every 0.25·(A2 − A1) < 0 → cam all zeros, heatmap all zeros.
  // Saliency of class 0: d logit / d X[p,q] = 0.125·(windows of K1 over (p,q): (1,2,2,1)ᵀ(1,2,2,1)) + 0.5·(+1 where
  //   (p,q) is a window's top-left, −1 where it is its bottom-right).
  const X = [3, 1, 2, 0, 1, 0, 1, 2, 0, 2, 1, 1, 2, 1, 0, 3];
  async function tinyModel(activation: 'linear' | 'softmax'): Promise<ExploreArtifacts> {
    const model = tf.sequential({ layers: [
      tf.layers.conv2d({ inputShape: [4, 4, 1], filters: 2, kernelSize: 3, padding: 'valid', name: 'conv' }),
      tf.layers.globalAveragePooling2d({ name: 'gap' }),
      tf.layers.dense({ units: 2, activation, name: 'scores' }),
    ] });
    const kernel = new Float32Array(3 * 3 * 2); // [kh, kw, in = 1, out = 2]
    for (let p = 0; p < 9; p++) kernel[p * 2] = 1;
    kernel[0 * 2 + 1] = 1;
    kernel[8 * 2 + 1] = -1;
    model.setWeights([
      tf.tensor4d(kernel, [3, 3, 1, 2]), tf.tensor1d([0, 0]),
      tf.tensor2d([[0.5, -1], [2, 1]]), tf.tensor1d([0, 0.5]),
    ]);
    const artifacts = await artifactsOf(model);
    model.dispose();
    return artifacts;
  }

  for (const activation of ['linear', 'softmax'] as const) {
    it(`Grad-CAM and saliency by hand on a tiny model (output ${activation}: the score is the logit either way)`, async () => {
      await useBackend('cpu');
      const model = await loadExploreModel(await tinyModel(activation));
      const image = Float32Array.from(X);
      const g0 = await gradCam(model, image, 0);
      assert.equal(g0.layer, 'conv', 'the last conv layer by default');
      assert.deepEqual([g0.height, g0.width], [2, 2]);
      assert.deepEqual(Array.from(g0.alphas), [0.125, 0.5]);
      assert.deepEqual(Array.from(g0.cam), [2.375, 1.25, 1.5, 0]);
      const resized = [2.375, 1.8125, 1.25, 1.25, 1.9375, 1.28125, 0.625, 0.625, 1.5, 0.75, 0, 0, 1.5, 0.75, 0, 0];
      assert.ok(maxScaledDiff(g0.heatmap, resized.map((v) => v / 2.375)) <= 1e-7);
      const g1 = await gradCam(model, image, 1);
      assert.deepEqual(Array.from(g1.alphas), [-0.25, 0.25]);
      assert.deepEqual(Array.from(g1.cam), [0, 0, 0, 0]);
      assert.deepEqual(Array.from(g1.heatmap), new Array(16).fill(0), 'all zeros stay zeros');

      const s0 = await saliency(model, image, 0);
      assert.equal(s0.score, 5);
      assert.equal((await saliency(model, image, 1)).score, -9.5);
      const windows = [1, 2, 2, 1];
      const expected = X.map((_, i) => {
        const [p, q] = [Math.floor(i / 4), i % 4];
        return 0.125 * windows[p] * windows[q] + 0.5 * ((p < 2 && q < 2 ? 1 : 0) - (p >= 2 && q >= 2 ? 1 : 0));
      });
      assert.deepEqual(Array.from(s0.gradient), expected);
      assert.deepEqual(Array.from(s0.map), expected.map(Math.abs));
      model.dispose();
    });
  }

  it('Grad-CAM refuses a layer without maps and a class out of range; TF.js\'s missing dilated-conv gradient is said', async () => {
    await useBackend('cpu');
    const model = await loadExploreModel(dilatedBranch);
    const image = seededImage(12, 12, 2, 7);
    // Grad-CAM on the dilated layer's own output does not differentiate through it (and builds the logits model).
    const top = await gradCam(model, image, 0);
    assert.equal(top.layer, 'top');
    await assert.rejects(gradCam(model, image, 0, 'flatten'), {
      name: 'ExploreError', message: 'Grad-CAM needs a layer whose output is feature maps (height × width × channels); "flatten" outputs [27].',
    });
    await assert.rejects(gradCam(model, image, 0, 'nope'), { name: 'ExploreError', message: 'The model has no layer "nope".' });
    await assert.rejects(saliency(model, image, 5), { name: 'ExploreError', message: 'Class 5 is not one of the model\'s 5 classes (0–4).' });
    const before = tf.memory().numTensors;
    await assert.rejects(saliency(model, image, 0), {
      name: 'ExploreError',
      message: 'TF.js cannot compute this gradient: Error in gradient of conv2D: dilation rates greater than 1 are not yet supported in gradients. Got dilations \'2,2\'',
    });
    assert.equal(tf.memory().numTensors, before, 'the abandoned backward pass left no tensor');
    model.dispose();
  });
});

describe('Explore engine: gradients leave TF.js\'s kernels as they were', () => {
  let previous: string | undefined;
  before(async () => { previous = await useBackend('cpu'); });
  after(() => restoreBackend(previous));

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`the filter-gradient kernels and wasm's stand-ins are the originals again after saliency and Grad-CAM (${backend})`, async () => {
      await useBackend(backend);
      const names = ['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter', 'MaxPoolGrad', 'DepthwiseConv2dNativeBackpropInput', 'Tile', 'Conv2DBackpropInput'];
      const before = names.map((n) => tf.getKernel(n, backend));
      const model = await loadExploreModel(lenetRunArtifacts());
      const image = seededImage(28, 28, 1, 12);
      await saliency(model, image, 2);
      await gradCam(model, image, 2);
      assert.deepEqual(names.map((n) => tf.getKernel(n, backend)), before);
      // And a weight gradient computed afterwards is the real one: d Σ conv(x, w) / d w of a 3×3 ones image and a
      // 2×2 kernel ('valid', 2×2 outputs) is, at each tap, the sum of the 4 pixels it meets = 4.
      // (wasm 4.22 has no such kernel, unless the trainer's wasm kernels were registered in this process.)
      if (before[0]) {
        const dw = tf.tidy(() => tf.grad((w: tf.Tensor) => tf.conv2d(tf.ones([1, 3, 3, 1]) as tf.Tensor4D, w as tf.Tensor4D, 1, 'valid').sum())(tf.zeros([2, 2, 1, 1])).dataSync());
        assert.deepEqual(Array.from(dw), [4, 4, 4, 4]);
      }
      model.dispose();
      await tf.setBackend('cpu');
    });
  }
});
