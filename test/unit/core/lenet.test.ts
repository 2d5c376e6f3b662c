// The built-in LeNet-5: TF.js deserialises the very JSON we analyse, and agrees on every shape and parameter count.
import { strict as assert } from 'node:assert';
import * as tf from '@tensorflow/tfjs';
import { LENET_ACTIVATIONS, lenetModelIR, lenetModelJson, lenetTopology } from '../../../src/core/lenet';
import { analyzeModel, analyzeModelText } from '../../../src/core/analyzeModel';

const fromJson = (topology: object) => tf.models.modelFromJSON(topology as Parameters<typeof tf.models.modelFromJSON>[0]);

describe('built-in LeNet-5', function () {
  this.timeout(20000);
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('parses without diagnostics, as a builtin model', () => {
    const ir = lenetModelIR();
    assert.equal(ir.format, 'builtin');
    assert.deepEqual(ir.diagnostics, []);
    const analysis = analyzeModel(ir);
    assert.deepEqual(analysis.diagnostics.filter((d) => d.severity !== 'info'), []);
  });

  it('has the hand-derived parameter counts', () => {
    // C1 conv: 5·5·1·6 + 6 = 156. BN over 6 channels: γ, β trainable (12), moving mean and variance not (12) -> 24.
    // C3 conv: 5·5·6·16 + 16 = 2,416. BN(16): 64 (32 trainable).
    // F5: 400·120 + 120 = 48,120 (400 = 16·5·5 after flatten). BN(120): 480 (240 trainable).
    // F6: 120·84 + 84 = 10,164. BN(84): 336 (168 trainable). Output: 84·10 + 10 = 850.
    // Total 156 + 24 + 2,416 + 64 + 48,120 + 480 + 10,164 + 336 + 850 = 62,610;
    // non-trainable 12 + 32 + 240 + 168 = 452; trainable 62,158.
    const a = analyzeModel(lenetModelIR());
    const byName = new Map(a.layers.map((l) => [l.name, l]));
    const expected: [string, number, number][] = [
      ['c1_conv', 156, 156], ['c1_bn', 24, 12], ['c3_conv', 2416, 2416], ['c3_bn', 64, 32],
      ['f5_dense', 48120, 48120], ['f5_bn', 480, 240], ['f6_dense', 10164, 10164], ['f6_bn', 336, 168], ['output', 850, 850],
    ];
    for (const [name, params, trainable] of expected) {
      assert.equal(byName.get(name)?.params, params, name);
      assert.equal(byName.get(name)?.trainableParams, trainable, name);
    }
    assert.deepEqual(a.totals.params, 62610);
    assert.deepEqual(a.totals.trainableParams, 62158);
    assert.deepEqual(a.totals.nonTrainableParams, 452);
    // Shapes: C1 6@28×28 (padding 2 keeps 28), S2 6@14×14, C3 16@10×10 (28/2 - 5 + 1), S4 16@5×5, flatten 400.
    assert.deepEqual(byName.get('c1_conv')?.outputShapes, [[null, 28, 28, 6]]);
    assert.deepEqual(byName.get('s2_pool')?.outputShapes, [[null, 14, 14, 6]]);
    assert.deepEqual(byName.get('c3_conv')?.outputShapes, [[null, 10, 10, 16]]);
    assert.deepEqual(byName.get('s4_pool')?.outputShapes, [[null, 5, 5, 16]]);
    assert.deepEqual(byName.get('flatten')?.outputShapes, [[null, 400]]);
    assert.deepEqual(byName.get('output')?.outputShapes, [[null, 10]]);
  });

  for (const activation of ['sigmoid', 'relu'] as const) {
    it(`TF.js's modelFromJSON builds the same layers, shapes and counts (${activation})`, async () => {
      const model = await fromJson(lenetTopology({ activation, dropoutRate: 0.25 }));
      const ours = analyzeModel(lenetModelIR({ activation, dropoutRate: 0.25 })).layers.filter((l) => l.className !== 'InputLayer');
      assert.deepEqual(ours.map((l) => l.name), model.layers.map((l) => l.name));
      assert.deepEqual(ours.map((l) => l.className), model.layers.map((l) => l.getClassName()));
      assert.deepEqual(ours.map((l) => l.outputShapes[0]), model.layers.map((l) => l.outputShape));
      assert.deepEqual(ours.map((l) => l.params), model.layers.map((l) => l.countParams()));
      assert.equal(model.countParams(), 62610);
      // The options reach TF.js's layers.
      const act = model.getLayer('c1_act').getConfig() as { activation: string };
      assert.equal(act.activation, activation);
      assert.equal((model.getLayer('dropout_1').getConfig() as { rate: number }).rate, 0.25);
      model.dispose();
    });
  }

  it('round-trips through TF.js: its toJSON of our model parses to the same analysis', async () => {
    const model = await fromJson(lenetTopology());
    const back = { format: 'layers-model', modelTopology: model.toJSON(null, false) };
    const again = analyzeModelText(JSON.stringify(back)).analysis;
    const ours = analyzeModel(lenetModelIR());
    assert.ok(again);
    assert.deepEqual(again.layers.map((l) => [l.name, l.outputShapes, l.params]), ours.layers.map((l) => [l.name, l.outputShapes, l.params]));
    model.dispose();
  });

  it('is valid JSON text as a model.json file, and every listed activation is one TF.js knows', async () => {
    const text = JSON.stringify(lenetModelJson());
    assert.equal((JSON.parse(text) as { format: string }).format, 'layers-model');
    for (const activation of LENET_ACTIVATIONS) {
      const model = await fromJson(lenetTopology({ activation }));
      model.dispose();
    }
  });
});
