// Oracle: the non-convolutional layer families (dense on any rank, normalisation, activations, regularisation,
// reshaping, padding/cropping/upsampling, embedding, merges, recurrent layers and wrappers, preprocessing),
// each built with TF.js; every output shape and parameter count must equal TF.js's.
import * as assert from 'node:assert';
import { analyzeModelText } from '../../../src/core/analyzeModel';
import { assertMatchesTfjs, branches, tf, useCpuBackend } from './oracleHarness';

type TfLayer = import('@tensorflow/tfjs').layers.Layer;
type Sym = import('@tensorflow/tfjs').SymbolicTensor;

describe('oracle: layer families vs TF.js', () => {
  before(useCpuBackend);

  for (const shape of [[7], [5, 7], [3, 4, 7], [2, 3, 4, 7]]) {
    it(`Dense on rank-${shape.length + 1} input ${JSON.stringify(shape)}`, async () => {
      await assertMatchesTfjs(branches(shape, [tf.layers.dense({ units: 3 }), tf.layers.dense({ units: 1, useBias: false }), tf.layers.dense({ units: 16, activation: 'relu' })], `dense_rank${shape.length + 1}`));
    });
  }

  it('BatchNormalization on several axes, with and without scale/center; LayerNormalization', async () => {
    const layers: TfLayer[] = [
      tf.layers.batchNormalization({}),
      tf.layers.batchNormalization({ axis: 1 }),
      tf.layers.batchNormalization({ axis: 2, scale: false }),
      tf.layers.batchNormalization({ axis: -1, center: false }),
      tf.layers.batchNormalization({ scale: false, center: false }),
      tf.layers.layerNormalization({}),
      tf.layers.layerNormalization({ axis: [1, 2] }),
      tf.layers.layerNormalization({ axis: -2, center: false }),
    ];
    await assertMatchesTfjs(branches([6, 5, 4], layers, 'norms'));
  });

  it('activations and regularisation layers keep the shape; PReLU owns weights', async () => {
    const layers: TfLayer[] = [
      tf.layers.activation({ activation: 'tanh' }), tf.layers.reLU({ maxValue: 6 }), tf.layers.leakyReLU({ alpha: 0.1 }),
      tf.layers.prelu({}), tf.layers.prelu({ sharedAxes: [1, 2] }), tf.layers.prelu({ sharedAxes: 3 }), tf.layers.elu({}),
      tf.layers.thresholdedReLU({}), tf.layers.softmax({}), tf.layers.softmax({ axis: 1 }),
      tf.layers.dropout({ rate: 0.5 }), tf.layers.spatialDropout1d({ rate: 0.2 } as never), tf.layers.gaussianNoise({ stddev: 0.1 }),
      tf.layers.gaussianDropout({ rate: 0.1 }), tf.layers.alphaDropout({ rate: 0.1 }), tf.layers.masking({ maskValue: 0 }),
    ].filter((l) => l.getClassName() !== 'SpatialDropout1D');
    await assertMatchesTfjs(branches([4, 5, 3], layers, 'activations'));
    await assertMatchesTfjs(branches([9, 3], [tf.layers.spatialDropout1d({ rate: 0.2 } as never)], 'spatial_dropout'));
  });

  it('Flatten, Reshape (with -1), Permute, RepeatVector', async () => {
    const minusOne = [tf.layers.reshape({ targetShape: [-1, 9] }), tf.layers.reshape({ targetShape: [2, -1, 3] })];
    // TF.js's Reshape.computeOutputShape sees the unknown batch dim and leaves -1 unresolved (null); the real tensor
    // has the resolved size, as Keras computes it. Those two are checked by running the model.
    await assertMatchesTfjs(branches([4, 6, 3], [
      tf.layers.flatten(), tf.layers.reshape({ targetShape: [12, 6] }), ...minusOne,
      tf.layers.permute({ dims: [3, 1, 2] }), tf.layers.permute({ dims: [2, 1, 3] }),
    ], 'reshaping'), { execute: true, symbolicShapeBugs: minusOne.map((l) => l.name) });
    await assertMatchesTfjs(branches([5], [tf.layers.repeatVector({ n: 7 })], 'repeat'));
  });

  for (const dataFormat of ['channelsLast', 'channelsFirst'] as const) {
    it(`ZeroPadding2D, Cropping2D, UpSampling2D, ${dataFormat}`, async () => {
      await assertMatchesTfjs(branches(dataFormat === 'channelsLast' ? [9, 8, 3] : [3, 9, 8], [
        tf.layers.zeroPadding2d({ padding: 1, dataFormat }), tf.layers.zeroPadding2d({ padding: [2, 3], dataFormat }),
        tf.layers.zeroPadding2d({ padding: [[1, 2], [0, 3]], dataFormat }),
        tf.layers.cropping2D({ cropping: 1, dataFormat }), tf.layers.cropping2D({ cropping: [[1, 2], [3, 0]], dataFormat }),
        tf.layers.cropping2D({ cropping: [2, 1], dataFormat }),
        tf.layers.upSampling2d({ dataFormat }), tf.layers.upSampling2d({ size: [3, 1], dataFormat, interpolation: 'bilinear' }),
      ], `padcrop_${dataFormat}`));
    });
  }

  it('Embedding with and without input_length, on rank 2 and 3 inputs', async () => {
    await assertMatchesTfjs(branches([12], [tf.layers.embedding({ inputDim: 1000, outputDim: 16 }), tf.layers.embedding({ inputDim: 50, outputDim: 3, inputLength: 12 })], 'embed2'));
    await assertMatchesTfjs(branches([3, 4], [tf.layers.embedding({ inputDim: 20, outputDim: 5 })], 'embed3'));
    const input = tf.input({ shape: [null] as unknown as number[], name: 'tokens' });
    const e = tf.layers.embedding({ inputDim: 100, outputDim: 8, inputLength: 10 }).apply(input) as Sym;
    await assertMatchesTfjs(tf.model({ inputs: input, outputs: e, name: 'embed_len' }));
  });

  it('merge layers: Add, Multiply, Average, Maximum, Minimum, Concatenate (axes), Dot (axes)', async () => {
    const a = tf.input({ shape: [4, 6], name: 'a' });
    const b = tf.input({ shape: [4, 6], name: 'b' });
    const c = tf.input({ shape: [4, 2], name: 'c' });
    const d = tf.input({ shape: [3, 6], name: 'd' });
    const e = tf.input({ shape: [6], name: 'e' });
    const f = tf.input({ shape: [6], name: 'f' });
    const outputs = [
      tf.layers.add().apply([a, b]), tf.layers.add().apply([a, b, a]),
      tf.layers.multiply().apply([a, b, b]), tf.layers.average().apply([a, b]), tf.layers.maximum().apply([a, b]),
      tf.layers.minimum().apply([a, b]), tf.layers.concatenate().apply([a, c]), tf.layers.concatenate({ axis: 1 }).apply([a, d]),
      tf.layers.concatenate({ axis: -2 }).apply([a, b, d]), tf.layers.dot({ axes: -1 }).apply([a, b]),
      tf.layers.dot({ axes: [2, 2] }).apply([a, d]), tf.layers.dot({ axes: 1 }).apply([e, f]),
      tf.layers.dot({ axes: 1, normalize: true }).apply([e, f]), tf.layers.dot({ axes: [1, 1] }).apply([a, b]),
    ] as Sym[];
    await assertMatchesTfjs(tf.model({ inputs: [a, b, c, d, e, f], outputs, name: 'merges' }));
  });

  it('SimpleRNN, GRU, LSTM with return_sequences and return_state, with and without bias', async () => {
    const layers: TfLayer[] = [];
    for (const returnSequences of [false, true]) {
      for (const returnState of [false, true]) {
        layers.push(
          tf.layers.simpleRNN({ units: 5, returnSequences, returnState }),
          tf.layers.gru({ units: 4, returnSequences, returnState, useBias: !returnState }),
          tf.layers.lstm({ units: 3, returnSequences, returnState }),
        );
      }
    }
    const input = tf.input({ shape: [7, 6], name: 'seq' });
    const outputs = layers.flatMap((l) => {
      const out = l.apply(input) as Sym | Sym[];
      return Array.isArray(out) ? out : [out];
    });
    await assertMatchesTfjs(tf.model({ inputs: input, outputs, name: 'rnns' }));
  });

  it('RNNs on unknown timesteps keep the time axis unknown', async () => {
    const input = tf.input({ shape: [null, 6] as unknown as number[], name: 'varlen' });
    const x = tf.layers.lstm({ units: 4, returnSequences: true }).apply(input) as Sym;
    const y = tf.layers.gru({ units: 3 }).apply(x) as Sym;
    await assertMatchesTfjs(tf.model({ inputs: input, outputs: y, name: 'varlen_rnn' }));
  });

  it('Bidirectional in every merge mode, and TimeDistributed around Dense and Conv2D', async () => {
    const input = tf.input({ shape: [7, 6], name: 'seq2' });
    const outputs: Sym[] = [];
    for (const mergeMode of ['concat', 'sum', 'mul', 'ave', null] as const) {
      const out = tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 3, returnSequences: mergeMode === 'sum' }) as never, mergeMode: mergeMode as never }).apply(input) as Sym | Sym[];
      outputs.push(...(Array.isArray(out) ? out : [out]));
    }
    outputs.push(tf.layers.bidirectional({ layer: tf.layers.gru({ units: 2, returnSequences: true }) as never }).apply(input) as Sym);
    outputs.push(tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 5 }) }).apply(input) as Sym);
    await assertMatchesTfjs(tf.model({ inputs: input, outputs, name: 'wrappers' }));
    const frames = tf.input({ shape: [4, 10, 10, 3], name: 'frames' });
    const conv = tf.layers.timeDistributed({ layer: tf.layers.conv2d({ filters: 2, kernelSize: 3 }) }).apply(frames) as Sym;
    await assertMatchesTfjs(tf.model({ inputs: frames, outputs: conv, name: 'td_conv' }));
  });

  it('Resizing: the real tensor TF.js produces (its computeOutputShape returns [height, width, inputShape[2]], dropping the batch)', async () => {
    for (const [h, w] of [[16, 8], [40, 33]]) {
      const resized = tf.layers.resizing({ height: h, width: w }).apply(tf.zeros([2, 32, 24, 3])) as import('@tensorflow/tfjs').Tensor;
      const text = JSON.stringify({ modelTopology: { class_name: 'Sequential', config: { name: 'r', layers: [{ class_name: 'Resizing', config: { name: 'resize', height: h, width: w, batch_input_shape: [null, 32, 24, 3] } }] } } });
      const ours = analyzeModelText(text).analysis!.layers.find((l) => l.name === 'resize')!;
      assert.deepStrictEqual(ours.outputShapes, [[null, ...resized.shape.slice(1)]]);
      resized.dispose();
    }
  });

  it('Rescaling and CenterCrop', async () => {
    await assertMatchesTfjs(branches([10, 12, 3], [tf.layers.rescaling({ scale: 1 / 255 }), tf.layers.centerCrop({ height: 6, width: 8 })], 'preprocess'));
  });
});
