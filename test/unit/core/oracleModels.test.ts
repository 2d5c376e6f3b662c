// Oracle: whole architectures built with TF.js — sequential and functional, branches and merges, multi-input and
// multi-output, shared layers, nested models, frozen layers, channels_first, 1-D — in every model.json wrapping.
import * as assert from 'node:assert';
import { assertMatchesTfjs, tf, useCpuBackend, type Wrapping } from './oracleHarness';

type Sym = import('@tensorflow/tfjs').SymbolicTensor;
const L = () => tf.layers;

function lenetLike(activation: 'relu' | 'tanh' = 'relu') {
  return tf.sequential({
    name: 'lenet_like',
    layers: [
      L().conv2d({ inputShape: [28, 28, 1], filters: 6, kernelSize: 5, padding: 'same' }),
      L().batchNormalization({}),
      L().activation({ activation }),
      L().averagePooling2d({ poolSize: 2 }),
      L().dropout({ rate: 0.2 }),
      L().conv2d({ filters: 16, kernelSize: 5 }),
      L().batchNormalization({}),
      L().activation({ activation }),
      L().averagePooling2d({ poolSize: 2 }),
      L().flatten(),
      L().dense({ units: 120 }),
      L().batchNormalization({}),
      L().activation({ activation }),
      L().dense({ units: 84, activation }),
      L().dense({ units: 10, activation: 'softmax' }),
    ],
  });
}

describe('oracle: architectures vs TF.js', () => {
  before(useCpuBackend);

  for (const wrapping of ['bare', 'modelTopology', 'model_config'] as Wrapping[]) {
    it(`LeNet-like sequential CNN (${wrapping} model.json)`, async () => {
      const analysis = await assertMatchesTfjs(lenetLike(), { wrapping, execute: true });
      assert.strictEqual(analysis.layers[0].synthetic, true, 'the implied InputLayer is marked synthetic');
    });
  }

  it('functional model with inception-like branches merged by concatenate, add and multiply', async () => {
    const input = tf.input({ shape: [32, 32, 3], name: 'image' });
    const b1 = L().conv2d({ filters: 8, kernelSize: 1, padding: 'same', activation: 'relu' }).apply(input) as Sym;
    const b2a = L().conv2d({ filters: 4, kernelSize: 1, padding: 'same' }).apply(input) as Sym;
    const b2 = L().conv2d({ filters: 8, kernelSize: 3, padding: 'same' }).apply(b2a) as Sym;
    const b3 = L().maxPooling2d({ poolSize: 3, strides: 1, padding: 'same' }).apply(input) as Sym;
    const b3c = L().conv2d({ filters: 8, kernelSize: 1 }).apply(b3) as Sym;
    const cat = L().concatenate().apply([b1, b2, b3c]) as Sym;
    const sum = L().add().apply([b1, b2]) as Sym;
    const gate = L().multiply().apply([sum, b3c]) as Sym;
    const pooled = L().globalAveragePooling2d({}).apply(L().concatenate().apply([cat, gate]) as Sym) as Sym;
    const out = L().dense({ units: 10, activation: 'softmax' }).apply(pooled) as Sym;
    await assertMatchesTfjs(tf.model({ inputs: input, outputs: out, name: 'inception_like' }), { execute: true });
  });

  it('ResNet-like residual blocks with strided projection shortcuts', async () => {
    const input = tf.input({ shape: [33, 33, 3], name: 'img' });
    let x = L().conv2d({ filters: 16, kernelSize: 7, strides: 2, padding: 'same', useBias: false }).apply(input) as Sym;
    x = L().batchNormalization({}).apply(x) as Sym;
    x = L().reLU({}).apply(x) as Sym;
    for (const [filters, stride] of [[16, 1], [32, 2], [64, 2]]) {
      let y = L().conv2d({ filters, kernelSize: 3, strides: stride, padding: 'same', useBias: false }).apply(x) as Sym;
      y = L().batchNormalization({}).apply(y) as Sym;
      y = L().reLU({}).apply(y) as Sym;
      y = L().conv2d({ filters, kernelSize: 3, padding: 'same', useBias: false }).apply(y) as Sym;
      y = L().batchNormalization({}).apply(y) as Sym;
      const shortcut = stride === 1 ? x : L().conv2d({ filters, kernelSize: 1, strides: stride }).apply(x) as Sym;
      x = L().reLU({}).apply(L().add().apply([y, shortcut]) as Sym) as Sym;
    }
    const out = L().dense({ units: 5 }).apply(L().globalAveragePooling2d({}).apply(x) as Sym) as Sym;
    await assertMatchesTfjs(tf.model({ inputs: input, outputs: out, name: 'resnet_like' }), { execute: true });
  });

  it('MobileNet-like depthwise-separable stack with ZeroPadding and ReLU6', async () => {
    const input = tf.input({ shape: [31, 31, 3], name: 'mb_in' });
    let x = L().zeroPadding2d({ padding: [[0, 1], [0, 1]] }).apply(input) as Sym;
    x = L().conv2d({ filters: 8, kernelSize: 3, strides: 2, useBias: false }).apply(x) as Sym;
    for (const [stride, filters] of [[1, 16], [2, 24], [1, 24], [2, 32]]) {
      x = L().depthwiseConv2d({ kernelSize: 3, strides: stride, padding: 'same', useBias: false }).apply(x) as Sym;
      x = L().batchNormalization({}).apply(x) as Sym;
      x = L().reLU({ maxValue: 6 }).apply(x) as Sym;
      x = L().conv2d({ filters, kernelSize: 1, useBias: false }).apply(x) as Sym;
      x = L().batchNormalization({}).apply(x) as Sym;
    }
    const out = L().dense({ units: 3 }).apply(L().globalMaxPooling2d({}).apply(x) as Sym) as Sym;
    await assertMatchesTfjs(tf.model({ inputs: input, outputs: out, name: 'mobilenet_like' }), { execute: true });
  });

  it('multi-input, multi-output model (image + metadata → class + box)', async () => {
    const image = tf.input({ shape: [24, 24, 3], name: 'pixels' });
    const meta = tf.input({ shape: [5], name: 'meta' });
    const features = L().flatten().apply(L().maxPooling2d({ poolSize: 2 }).apply(L().conv2d({ filters: 4, kernelSize: 3 }).apply(image) as Sym) as Sym) as Sym;
    const joined = L().concatenate().apply([features, L().dense({ units: 8 }).apply(meta) as Sym]) as Sym;
    const cls = L().dense({ units: 3, activation: 'softmax', name: 'cls' }).apply(joined) as Sym;
    const box = L().dense({ units: 4, name: 'box' }).apply(joined) as Sym;
    await assertMatchesTfjs(tf.model({ inputs: [image, meta], outputs: [cls, box], name: 'multi_io' }), { execute: true });
  });

  it('a shared layer called twice (siamese) counts its weights once and its work twice', async () => {
    const left = tf.input({ shape: [10], name: 'left' });
    const right = tf.input({ shape: [10], name: 'right' });
    const shared = L().dense({ units: 6, name: 'tower' });
    const merged = L().concatenate().apply([shared.apply(left) as Sym, shared.apply(right) as Sym]) as Sym;
    const out = L().dense({ units: 1 }).apply(merged) as Sym;
    const analysis = await assertMatchesTfjs(tf.model({ inputs: [left, right], outputs: out, name: 'siamese' }), { execute: true });
    const tower = analysis.layers.find((l) => l.name === 'tower')!;
    // MACs: 10·6 per call, two calls.
    assert.strictEqual(tower.macs, 2 * 10 * 6);
    assert.strictEqual(tower.calls?.length, 2);
    // Output elements: 6 per call.
    assert.strictEqual(tower.outputElementsPerSample, 12);
  });

  it('nested models used as layers: a Sequential and a functional model inside a functional model, one called twice', async () => {
    const encoder = tf.sequential({ name: 'encoder', layers: [L().dense({ inputShape: [12], units: 8, activation: 'relu' }), L().dense({ units: 4 })] });
    const headIn = tf.input({ shape: [8], name: 'head_in' });
    const head = tf.model({ inputs: headIn, outputs: L().dense({ units: 2 }).apply(headIn) as Sym, name: 'head' });
    const a = tf.input({ shape: [12], name: 'xa' });
    const b = tf.input({ shape: [12], name: 'xb' });
    const joined = L().concatenate().apply([encoder.apply(a) as Sym, encoder.apply(b) as Sym]) as Sym;
    const out = head.apply(joined) as Sym;
    const analysis = await assertMatchesTfjs(tf.model({ inputs: [a, b], outputs: out, name: 'outer' }), { execute: true });
    const enc = analysis.layers.find((l) => l.name === 'encoder')!;
    assert.ok(enc.nested && enc.nested.length > 0, 'the nested model exposes its own layers');
    assert.strictEqual(enc.calls?.length, 2);
  });

  it('frozen layers (trainable: false) move all their weights to non-trainable', async () => {
    const model = lenetLike('tanh');
    model.layers[0].trainable = false;
    model.layers[10].trainable = false;
    await assertMatchesTfjs(model);
  });

  it('channels_first CNN (built and serialised; TF.js cpu cannot run it, shapes are symbolic)', async () => {
    const model = tf.sequential({
      name: 'cf_cnn',
      layers: [
        L().conv2d({ inputShape: [3, 32, 30], filters: 8, kernelSize: 3, strides: 2, padding: 'same', dataFormat: 'channelsFirst' }),
        L().batchNormalization({ axis: 1 }),
        L().maxPooling2d({ poolSize: 2, dataFormat: 'channelsFirst' }),
        L().conv2d({ filters: 4, kernelSize: [3, 2], dilationRate: 2, dataFormat: 'channelsFirst' }),
        L().upSampling2d({ size: [2, 2], dataFormat: 'channelsFirst' }),
        L().globalAveragePooling2d({ dataFormat: 'channelsFirst' }),
        L().dense({ units: 10 }),
      ],
    });
    await assertMatchesTfjs(model);
  });

  it('1-D CNN for sequences and an embedding + LSTM text classifier', async () => {
    const conv1d = tf.sequential({
      name: 'conv1d_net',
      layers: [
        L().conv1d({ inputShape: [100, 2], filters: 8, kernelSize: 7, strides: 2 }),
        L().maxPooling1d({ poolSize: 3 }),
        L().conv1d({ filters: 16, kernelSize: 3, dilationRate: 2, padding: 'same' }),
        L().globalMaxPooling1d(),
        L().dense({ units: 4 }),
      ],
    });
    await assertMatchesTfjs(conv1d, { execute: true });
    const text = tf.sequential({
      name: 'text_net',
      layers: [
        L().embedding({ inputShape: [40], inputDim: 5000, outputDim: 32 }),
        L().bidirectional({ layer: L().lstm({ units: 16, returnSequences: true }) as never }),
        L().gru({ units: 8 }),
        L().repeatVector({ n: 3 }),
        L().simpleRNN({ units: 4, returnSequences: true }),
        L().timeDistributed({ layer: L().dense({ units: 2 }) }),
      ],
    });
    await assertMatchesTfjs(text, { execute: true });
  });

  it('convolutional autoencoder with transposed convolutions and cropping', async () => {
    const model = tf.sequential({
      name: 'autoencoder',
      layers: [
        L().conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, strides: 2, padding: 'same' }),
        L().conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same' }),
        L().conv2dTranspose({ filters: 4, kernelSize: 3, strides: 2, padding: 'same' }),
        L().conv2dTranspose({ filters: 8, kernelSize: 3, strides: 2 }),
        L().cropping2D({ cropping: [[0, 1], [0, 1]] }),
        L().conv2d({ filters: 1, kernelSize: 3, padding: 'same', activation: 'sigmoid' }),
      ],
    });
    await assertMatchesTfjs(model, { execute: true });
  });
});
