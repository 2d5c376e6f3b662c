// Oracle: ConvLSTM2D and RNNs over stacked cells (StackedRNNCells), built with TF.js; every output shape and
// parameter count must equal TF.js's. TF.js builds these symbolically in both data formats; execution is checked
// only where the cpu backend can run the layer (channels_last).
import * as assert from 'node:assert';
import { assertMatchesTfjs, tf, useCpuBackend } from './oracleHarness';

type TfLayer = import('@tensorflow/tfjs').layers.Layer;
type Sym = import('@tensorflow/tfjs').SymbolicTensor;

function applyAll(input: Sym, layers: TfLayer[]): Sym[] {
  return layers.flatMap((l) => {
    const out = l.apply(input) as Sym | Sym[];
    return Array.isArray(out) ? out : [out];
  });
}

describe('oracle: convolutional and stacked recurrent layers vs TF.js', () => {
  before(useCpuBackend);

  for (const dataFormat of ['channelsLast', 'channelsFirst'] as const) {
    it(`ConvLSTM2D, ${dataFormat}: return_sequences/return_state, padding, strides, dilation, kernel shapes, use_bias`, async () => {
      const layers: TfLayer[] = [];
      for (const returnSequences of [false, true]) {
        for (const returnState of [false, true]) {
          layers.push(tf.layers.convLstm2d({ filters: 4, kernelSize: 3, dataFormat, returnSequences, returnState }));
        }
      }
      layers.push(
        tf.layers.convLstm2d({ filters: 3, kernelSize: [3, 2], padding: 'same', dataFormat, returnSequences: true }),
        tf.layers.convLstm2d({ filters: 2, kernelSize: 3, strides: 2, padding: 'same', dataFormat }),
        tf.layers.convLstm2d({ filters: 2, kernelSize: [2, 3], strides: [2, 3], padding: 'valid', dataFormat }),
        tf.layers.convLstm2d({ filters: 5, kernelSize: 3, dilationRate: 2, dataFormat, useBias: false }),
        tf.layers.convLstm2d({ filters: 1, kernelSize: 1, dataFormat, unitForgetBias: true, returnState: true }),
      );
      // Odd sizes: 13 × 11 with 3 channels, 5 timesteps.
      const shape = dataFormat === 'channelsLast' ? [5, 13, 11, 3] : [5, 3, 13, 11];
      const input = tf.input({ shape, name: `frames_${dataFormat}` });
      await assertMatchesTfjs(tf.model({ inputs: input, outputs: applyAll(input, layers), name: `convlstm_${dataFormat}` }));
    });
  }

  it('ConvLSTM2D runs on the cpu backend with the shapes we infer (channels_last, stacked, unknown timesteps)', async () => {
    const input = tf.input({ shape: [null, 9, 8, 2] as unknown as number[], name: 'clip' });
    const x = tf.layers.convLstm2d({ filters: 3, kernelSize: 3, padding: 'same', returnSequences: true }).apply(input) as Sym;
    const y = tf.layers.convLstm2d({ filters: 2, kernelSize: 2, strides: 2 }).apply(x) as Sym;
    const analysis = await assertMatchesTfjs(tf.model({ inputs: input, outputs: y, name: 'convlstm_run' }));
    const first = analysis.layers.find((l) => l.className === 'ConvLSTM2D');
    assert.deepStrictEqual(first?.outputShapes, [[null, null, 9, 8, 3]], 'the unknown time axis stays unknown');
    assert.strictEqual(first?.macs, null, 'MACs scale with the unknown timesteps, so they are unknown');
    // Execution needs a known time axis.
    const fixed = tf.input({ shape: [4, 9, 8, 2], name: 'clip4' });
    const a = tf.layers.convLstm2d({ filters: 3, kernelSize: 3, padding: 'same', returnSequences: true }).apply(fixed) as Sym;
    const b = tf.layers.convLstm2d({ filters: 2, kernelSize: 2, strides: 2, returnState: true }).apply(a) as Sym[];
    await assertMatchesTfjs(tf.model({ inputs: fixed, outputs: b, name: 'convlstm_exec' }), { execute: true });
  });

  it('RNN over stacked cells (StackedRNNCells): mixed cell kinds, return_sequences and return_state', async () => {
    const input = tf.input({ shape: [7, 6], name: 'seq_stacked' });
    const layers: TfLayer[] = [];
    for (const returnSequences of [false, true]) {
      for (const returnState of [false, true]) {
        layers.push(tf.layers.rnn({
          cell: [tf.layers.lstmCell({ units: 3 }), tf.layers.gruCell({ units: 5, useBias: false }), tf.layers.simpleRNNCell({ units: 2 })],
          returnSequences,
          returnState,
        }));
      }
    }
    layers.push(tf.layers.rnn({ cell: [tf.layers.lstmCell({ units: 4 })], returnState: true }));
    layers.push(tf.layers.rnn({ cell: tf.layers.gruCell({ units: 4 }), returnSequences: true }));
    await assertMatchesTfjs(tf.model({ inputs: input, outputs: applyAll(input, layers), name: 'stacked' }), { execute: true });
  });
});
