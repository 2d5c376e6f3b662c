// kernelOf: a conv layer's kernel exactly as weights.bin stores it (TF.js's [kh, kw, in, out] layout), the depthwise
// kernel of a DepthwiseConv2D; null for layers without one.
import { strict as assert } from 'node:assert';
import { kernelOf, loadExploreModel } from '../../../src/explore';
import { artifactsOf, branchModel, lenetRunArtifacts, restoreBackend, useBackend } from './exploreTestKit';

describe('Explore engine: kernels', () => {
  let previous: string | undefined;
  before(async () => { previous = await useBackend('cpu'); });
  after(() => restoreBackend(previous));

  it('LeNet\'s C1 (6 5×5) and C3 (16×6 5×5) are the weight file\'s floats at their manifest offsets', async () => {
    const artifacts = lenetRunArtifacts();
    const floats = new Float32Array(artifacts.weightData.buffer, artifacts.weightData.byteOffset, artifacts.weightData.byteLength / 4);
    const offsetOf = (name: string) => {
      let at = 0;
      for (const spec of artifacts.weightSpecs) {
        if (spec.name === name) return at;
        at += spec.shape.reduce((n, d) => n * d, 1);
      }
      throw new Error(name);
    };
    const model = await loadExploreModel(artifacts);
    const c1 = kernelOf(model, 'c1_conv')!;
    assert.deepEqual(c1.shape, [5, 5, 1, 6]);
    assert.deepEqual(c1.values, floats.slice(offsetOf('c1_conv/kernel'), offsetOf('c1_conv/kernel') + 150));
    const c3 = kernelOf(model, 'c3_conv')!;
    assert.deepEqual(c3.shape, [5, 5, 6, 16]);
    assert.deepEqual(c3.values, floats.slice(offsetOf('c3_conv/kernel'), offsetOf('c3_conv/kernel') + 2400));
    assert.equal(c3.layer, 'c3_conv');
    for (const other of ['c1_bn', 's2_pool', 'f5_dense', 'c1_conv_input']) assert.equal(kernelOf(model, other), null, other);
    assert.equal(model.layers.filter((l) => l.hasKernel).map((l) => l.name).join(), 'c1_conv,c3_conv');
    model.dispose();
  });

  it('a DepthwiseConv2D\'s depthwise kernel [kh, kw, in, multiplier]', async () => {
    const tfModel = branchModel();
    const expected = tfModel.getLayer('branch_b_dw').getWeights()[0];
    const model = await loadExploreModel(await artifactsOf(tfModel));
    const dw = kernelOf(model, 'branch_b_dw')!;
    assert.deepEqual(dw.shape, [3, 3, 4, 1]);
    assert.deepEqual(dw.values, expected.dataSync());
    tfModel.dispose();
    model.dispose();
  });
});
