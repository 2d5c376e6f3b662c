// receptiveField: LeNet's by hand (C1 5×5, S2 6×6, C3 14×14, S4 16×16), 'same' padding's split, stride, dilation and
// branches by hand, and TF.js as a second oracle on linear conv stacks: the input pixels whose gradient for one output
// pixel is non-zero span exactly the returned rectangle.
import { strict as assert } from 'node:assert';
import * as tf from '@tensorflow/tfjs';
import { loadExploreModel, receptiveField, type ExploreModel, type InputRegion } from '../../../src/explore';
import { artifactsOf, branchModel, lenetRunArtifacts, restoreBackend, useBackend } from './exploreTestKit';

const box = (top: number, left: number, bottom: number, right: number): InputRegion => ({ top, left, bottom, right });

describe('Explore engine: receptive fields', () => {
  let previous: string | undefined;
  before(async () => { previous = await useBackend('cpu'); });
  after(() => restoreBackend(previous));

  it('LeNet by hand: C1 5×5, S2 6×6, C3 14×14, S4 16×16, clipped at the border; dense layers have none', async () => {
    const m = await loadExploreModel(lenetRunArtifacts());
    // C1: 5×5 'same' at stride 1 pads 2 before: pixel y reads y−2 … y+2.
    assert.deepEqual(receptiveField(m, 'c1_conv', 10, 12), box(8, 10, 12, 14));
    assert.deepEqual(receptiveField(m, 'c1_conv', 0, 27), box(0, 25, 2, 27), 'clipped: the rest is padding');
    assert.deepEqual(receptiveField(m, 'c1_act', 10, 12), box(8, 10, 12, 14), 'BN and activation are pointwise');
    // S2: 2×2 stride 2: y reads C1 rows 2y … 2y+1, so the input 2y−2 … 2y+3 (6 rows).
    assert.deepEqual(receptiveField(m, 's2_pool', 5, 6), box(8, 10, 13, 15));
    assert.deepEqual(receptiveField(m, 'dropout_1', 5, 6), box(8, 10, 13, 15));
    // C3: 5×5 valid on S2: y reads S2 y … y+4 → C1 2y … 2y+9 → input 2y−2 … 2y+11 (14 rows).
    assert.deepEqual(receptiveField(m, 'c3_conv', 3, 4), box(4, 6, 17, 19));
    assert.deepEqual(receptiveField(m, 'c3_conv', 0, 0), box(0, 0, 11, 11), 'S2 and C1 have no row −1: clipped there');
    // S4: y reads C3 2y … 2y+1 → S2 2y … 2y+5 → C1 4y … 4y+11 → input 4y−2 … 4y+13 (16 rows).
    assert.deepEqual(receptiveField(m, 's4_pool', 2, 3), box(6, 10, 21, 25));
    assert.deepEqual(receptiveField(m, 's4_pool', 4, 4), box(14, 14, 27, 27), '4·4+13 = 29 is clipped to 27');
    assert.deepEqual(receptiveField(m, 'c1_conv_input', 7, 9), box(7, 9, 7, 9), 'the input: the pixel itself');
    for (const dense of ['flatten', 'f5_dense', 'output']) assert.equal(receptiveField(m, dense, 0, 0), null, dense);
    assert.throws(() => receptiveField(m, 'c1_conv', 28, 0), { name: 'ExploreError', message: '(28, 0) is not a pixel of "c1_conv"\'s 28×28 maps.' });
    m.dispose();
  });

  it('a branched model by hand: the bounding rectangle over every path (branches, concat, max pool, dilation 2)', async () => {
    const model = branchModel({ dilation: 2 });
    const m = await loadExploreModel(await artifactsOf(model));
    model.dispose();
    // top (2×2, dilation 2, valid) at (2,2) reads pool rows 2 … 4 → concat rows 4 … 9 (2×2 stride 2) → two paths:
    //   concat ← stem directly: stem rows 4 … 9;
    //   concat ← add ← branch_a (3×3 'same', pad 1): stem rows 3 … 10, clipped to the 10-row stem: 3 … 9;
    //   add ← branch_b (depthwise 3×3 'same', BN, ReLU6): the same 3 … 9.
    // Union on the stem: 3 … 9; stem (3×3 valid) → input 3 … 11.
    assert.deepEqual(receptiveField(m, 'top', 2, 2), box(3, 3, 11, 11));
    // top (0,0): pool 0 … 2 → concat 0 … 5 → stem 0 … 6 (branch_a's row −1 clipped) → input 0 … 8.
    assert.deepEqual(receptiveField(m, 'top', 0, 0), box(0, 0, 8, 8));
    assert.deepEqual(receptiveField(m, 'add', 0, 9), box(0, 8, 3, 11), 'branch_a: stem 0 … 1 × 8 … 9 (clipped), input + 2');
    m.dispose();
  });

  // Linear convolutions with positive weights and a positive input: an input pixel reaches an output pixel exactly
  // when raising it raises that output (TF.js has no gradient for a dilated convolution, so no tf.grad here).
  const stacks: { name: string; input: [number, number]; layers: () => tf.layers.Layer[] }[] = [
    { name: "'same' 3×3 stride 2 on 7 (padding 2: 1 before, 1 after)", input: [7, 7], layers: () => [tf.layers.conv2d({ filters: 1, kernelSize: 3, strides: 2, padding: 'same', name: 'c' })] },
    { name: "'same' 3×3 stride 2 on 8 (padding 1: 0 before, 1 after)", input: [8, 8], layers: () => [tf.layers.conv2d({ filters: 1, kernelSize: 3, strides: 2, padding: 'same', name: 'c' })] },
    { name: "'same' 4×4 on 9 (padding 3: 1 before, 2 after)", input: [9, 9], layers: () => [tf.layers.conv2d({ filters: 1, kernelSize: 4, padding: 'same', name: 'c' })] },
    { name: "'same' 3×3 dilation 2 then 'valid' 2×3 stride (2,1)", input: [11, 10], layers: () => [
      tf.layers.conv2d({ filters: 2, kernelSize: 3, dilationRate: 2, padding: 'same', name: 'd' }),
      tf.layers.conv2d({ filters: 1, kernelSize: [2, 3], strides: [2, 1], padding: 'valid', name: 'c' }),
    ] },
    { name: "average pool 3×3 stride 2 'same' after a depthwise 3×3 'valid'", input: [10, 9], layers: () => [
      tf.layers.depthwiseConv2d({ kernelSize: 3, padding: 'valid', name: 'dw' }),
      tf.layers.averagePooling2d({ poolSize: 3, strides: 2, padding: 'same', name: 'c' }),
    ] },
  ];
  for (const stack of stacks) {
    it(`equals the pixels that move the output in TF.js: ${stack.name}`, async () => {
      const [h, w] = stack.input;
      const input = tf.input({ shape: [h, w, 1], name: 'in' });
      let x: tf.SymbolicTensor = input;
      for (const l of stack.layers()) x = l.apply(x) as tf.SymbolicTensor;
      const scores = tf.layers.dense({ units: 2, name: 'scores' }).apply(tf.layers.flatten({ name: 'f' }).apply(x)) as tf.SymbolicTensor;
      const model = tf.model({ inputs: input, outputs: scores });
      // Positive weights (0.5 … 1), zero biases.
      model.setWeights(model.getWeights().map((t, i) => tf.tidy(() => (t.shape.length === 1 ? tf.zerosLike(t) : tf.randomUniform(t.shape, 0.5, 1, 'float32', 100 + i)))));
      const m: ExploreModel = await loadExploreModel(await artifactsOf(model));
      // One image per input pixel, that pixel raised from 1 to 2; the maps of 'c' compared with the all-ones image's.
      const toMaps = tf.model({ inputs: input, outputs: x });
      const [oh, ow, oc] = x.shape.slice(1) as number[];
      const moved = tf.tidy(() => {
        const bumped = tf.add(tf.ones([h * w, h * w]), tf.eye(h * w)).reshape([h * w, h, w, 1]);
        const base = toMaps.predict(tf.ones([1, h, w, 1])) as tf.Tensor;
        return (toMaps.predict(bumped) as tf.Tensor).sub(base).abs().max(-1).greater(0).dataSync();
      });
      for (let y = 0; y < oh; y++) {
        for (let xo = 0; xo < ow; xo++) {
          const rows: number[] = [];
          const cols: number[] = [];
          for (let p = 0; p < h * w; p++) {
            if (moved[(p * oh + y) * ow + xo]) { rows.push(Math.floor(p / w)); cols.push(p % w); }
          }
          const expected = box(Math.min(...rows), Math.min(...cols), Math.max(...rows), Math.max(...cols));
          assert.deepEqual(receptiveField(m, 'c', y, xo), expected, `output (${y}, ${xo}) of ${oh}×${ow}×${oc}`);
        }
      }
      model.dispose();
      m.dispose();
    });
  }
});
