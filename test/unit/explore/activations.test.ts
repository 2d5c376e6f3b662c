// runExplore's activations against TF.js's own (tf.model with every layer's output, cpu backend), for the trained
// LeNet run and a functional model with branches, with the engine on cpu and on wasm; and the layer descriptions.
import { strict as assert } from 'node:assert';
import * as tf from '@tensorflow/tfjs';
import { gradCam, loadExploreModel, receptiveField, runExplore, type ExploreArtifacts, type ExploreModel } from '../../../src/explore';
import {
  artifactsOf, branchModel, lenetRunArtifacts, maxScaledDiff, referenceActivations, restoreBackend, seededImage, useBackend,
} from './exploreTestKit';

const TOLERANCE = 1e-5;

describe('Explore engine: activations equal TF.js\'s own', () => {
  let previous: string | undefined;
  let branch: ExploreArtifacts;
  before(async () => {
    previous = await useBackend('cpu');
    const model = branchModel();
    branch = await artifactsOf(model);
    model.dispose();
  });
  after(() => restoreBackend(previous));

  const cases: { name: string; artifacts: () => ExploreArtifacts; image: () => Float32Array }[] = [
    { name: 'the trained LeNet run (Sequential, logits)', artifacts: () => lenetRunArtifacts(), image: () => seededImage(28, 28, 1, 1) },
    { name: 'a functional model with branches (add, concatenate; softmax)', artifacts: () => branch, image: () => seededImage(12, 12, 2, 2) },
  ];
  for (const backend of ['cpu', 'wasm'] as const) {
    for (const c of cases) {
      it(`${c.name}, engine on ${backend}: every layer to ${TOLERANCE}, no tensor left behind`, async () => {
        const image = c.image();
        const expected = await referenceActivations(c.artifacts(), image);
        await useBackend(backend);
        const before = tf.memory().numTensors;
        const model = await loadExploreModel(c.artifacts());
        assert.equal(model.backend, backend);
        const run = await runExplore(model, image);
        assert.deepEqual(run.layers.map((l) => l.layer), [...expected.keys()], 'one entry per layer, in model order');
        for (const layer of run.layers) {
          assert.equal(layer.skipped, null, layer.layer);
          const want = expected.get(layer.layer)!;
          const diff = maxScaledDiff(layer.values!, want);
          assert.ok(diff <= TOLERANCE, `${layer.layer}: max difference ${diff}`);
          assert.equal(layer.min, Math.min(...layer.values!));
          assert.equal(layer.max, Math.max(...layer.values!));
        }
        // The prediction: the model's softmax, or the softmax of its logits (computed here in float64).
        const last = expected.get(run.layers[run.layers.length - 1].layer)!;
        const probabilities = model.output === 'probabilities' ? Array.from(last) : softmax64(Array.from(last));
        assert.ok(maxScaledDiff(run.probabilities, probabilities) <= TOLERANCE);
        assert.equal(run.predicted, probabilities.indexOf(Math.max(...probabilities)));
        model.dispose();
        assert.equal(tf.memory().numTensors, before, 'tensors after dispose');
        await tf.setBackend('cpu');
      });
    }
  }

  it('describes LeNet\'s layers: kinds, shapes, bytes, kernels, output, last conv layer', async () => {
    const model = await loadExploreModel(lenetRunArtifacts());
    const byName = new Map(model.layers.map((l) => [l.name, l]));
    assert.equal(model.layers.length, 21, 'the input and LeNet\'s 20 layers');
    assert.deepEqual(byName.get('c1_conv_input'), { name: 'c1_conv_input', className: 'InputLayer', shape: [28, 28, 1], kind: 'image', bytes: 28 * 28 * 4, hasKernel: false });
    assert.deepEqual(byName.get('c1_conv'), { name: 'c1_conv', className: 'Conv2D', shape: [28, 28, 6], kind: 'maps', bytes: 28 * 28 * 6 * 4, hasKernel: true });
    assert.deepEqual(byName.get('s4_pool')!.shape, [5, 5, 16]);
    assert.deepEqual(byName.get('flatten'), { name: 'flatten', className: 'Flatten', shape: [400], kind: 'units', bytes: 1600, hasKernel: false });
    assert.equal(byName.get('f5_dense')!.hasKernel, false);
    assert.deepEqual(model.input, { name: 'c1_conv_input', height: 28, width: 28, channels: 1 });
    assert.equal(model.classCount, 10);
    assert.equal(model.output, 'logits', 'the trainer\'s LeNet ends in a linear Dense');
    assert.equal(model.lastConvLayer, 's4_pool', 'the last layer with maps larger than 1×1');
    model.dispose();
  });

  it('a model ending in a softmax gives its own output as the probabilities', async () => {
    const model = await loadExploreModel(branch);
    assert.equal(model.output, 'probabilities');
    assert.equal(model.lastConvLayer, 'top');
    assert.deepEqual(model.layers.map((l) => `${l.name}:${l.kind}`), [
      'image:image', 'stem:maps', 'branch_b_dw:maps', 'branch_b_bn:maps', 'branch_a:maps', 'branch_b_relu6:maps',
      'add:maps', 'concat:maps', 'pool:maps', 'top:maps', 'flatten:units', 'probs:units',
    ]);
    model.dispose();
  });

  it('refuses an image of the wrong size, naming both sizes', async () => {
    const model: ExploreModel = await loadExploreModel(branch);
    await assert.rejects(runExplore(model, new Float32Array(12 * 12)), { name: 'ExploreError', message: 'The image has 144 values; the model\'s input takes 12×12×2 = 288.' });
    model.dispose();
    await assert.rejects(runExplore(model, seededImage(12, 12, 2, 1)), /disposed/);
  });
});

function softmax64(logits: number[]): number[] {
  const max = Math.max(...logits);
  const e = logits.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

describe('Explore engine: a nested model is one layer', () => {
  let previous: string | undefined;
  before(async () => { previous = await useBackend('cpu'); });
  after(() => restoreBackend(previous));

  it('its output equals TF.js\'s, its inside is not listed, and no receptive field crosses it', async () => {
    const inner = tf.sequential({ name: 'features', layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 3, kernelSize: 3, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 21 }), name: 'inner_conv' }),
    ] });
    const outer = tf.sequential({ name: 'outer', layers: [
      inner,
      tf.layers.maxPooling2d({ poolSize: 2, name: 'pool' }),
      tf.layers.flatten({ name: 'flatten' }),
      tf.layers.dense({ units: 4, kernelInitializer: tf.initializers.glorotUniform({ seed: 22 }), name: 'scores' }),
    ] });
    const artifacts = await artifactsOf(outer);
    outer.dispose();
    const image = seededImage(8, 8, 1, 23);
    const expected = await referenceActivations(artifacts, image);
    const model = await loadExploreModel(artifacts);
    assert.deepEqual(model.layers.map((l) => `${l.name}:${l.className}:${l.kind}:${l.shape.join('×')}`), [
      // TF.js's own name for the adopted input (the outer Sequential takes the nested model's input layer).
      'inner_conv_input:InputLayer:image:8×8×1', 'features:Sequential:maps:6×6×3', 'pool:MaxPooling2D:maps:3×3×3',
      'flatten:Flatten:units:27', 'scores:Dense:units:4',
    ]);
    const run = await runExplore(model, image);
    for (const layer of run.layers) assert.ok(maxScaledDiff(layer.values!, expected.get(layer.layer)!) <= TOLERANCE, layer.layer);
    assert.equal(receptiveField(model, 'pool', 1, 1), null, 'the nested model\'s geometry is not walked');
    await assert.rejects(gradCam(model, image, 0, 'features'), { name: 'ExploreError', message: '"features" is a nested model: Grad-CAM needs one of the model\'s own layers.' });
    assert.equal(model.lastConvLayer, 'pool');
    assert.deepEqual(receptiveField(model, 'inner_conv_input', 1, 1), { top: 1, left: 1, bottom: 1, right: 1 });
    model.dispose();
  });
});

describe('Explore engine: a shared layer', () => {
  let previous: string | undefined;
  before(async () => { previous = await useBackend('cpu'); });
  after(() => restoreBackend(previous));

  it('is listed once, with no single output to show; the layers around it are TF.js\'s', async () => {
    const x = tf.input({ shape: [8, 8, 1], name: 'img' });
    const shared = tf.layers.conv2d({ filters: 1, kernelSize: 3, padding: 'same', kernelInitializer: tf.initializers.glorotUniform({ seed: 31 }), name: 'shared' });
    const twice = shared.apply(shared.apply(x)) as tf.SymbolicTensor;
    const scores = tf.layers.dense({ units: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: 32 }), name: 'scores' }).apply(tf.layers.flatten({ name: 'flatten' }).apply(twice)) as tf.SymbolicTensor;
    const tfModel = tf.model({ inputs: x, outputs: scores });
    const artifacts = await artifactsOf(tfModel);
    const image = seededImage(8, 8, 1, 33);
    const expectedScores = tf.tidy(() => (tfModel.predict(tf.tensor4d(image, [1, 8, 8, 1])) as tf.Tensor).dataSync());
    tfModel.dispose();
    const model = await loadExploreModel(artifacts);
    assert.deepEqual(model.layers.map((l) => `${l.name}:${l.kind}`), ['img:image', 'shared:other', 'flatten:units', 'scores:units']);
    const run = await runExplore(model, image);
    assert.deepEqual(run.layers[1], { layer: 'shared', shape: [8, 8, 1], values: null, skipped: 'shared is called 2 times in the model (a shared layer): it has no single output to show', min: 0, max: 0 });
    assert.ok(maxScaledDiff(run.layers[3].values!, expectedScores) <= TOLERANCE);
    assert.equal(receptiveField(model, 'flatten', 0, 0), null);
    model.dispose();
  });
});
