// The activation budget: with LeNet's sizes written out, a budget skips exactly the layers after the one that would
// pass it, says why, and the prediction is still made.
import { strict as assert } from 'node:assert';
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_ACTIVATION_BUDGET_BYTES, loadExploreModel, runExplore } from '../../../src/explore';
import { lenetRunArtifacts, restoreBackend, seededImage, useBackend } from './exploreTestKit';

describe('Explore engine: activation budget', () => {
  let previous: string | undefined;
  before(async () => { previous = await useBackend('cpu'); });
  after(() => restoreBackend(previous));

  it('keeps layers in order until the next would pass the budget; skips the rest but the output, saying why', async () => {
    const model = await loadExploreModel(lenetRunArtifacts());
    const image = seededImage(28, 28, 1, 9);
    // float32 bytes: input 28·28·1·4 = 3,136; c1_conv, c1_bn, c1_act 28·28·6·4 = 18,816 each; s2_pool 14·14·6·4 = 4,704.
    const firstFive = 3136 + 3 * 18816 + 4704; // 64,288 bytes kept; dropout_1 (4,704 more) would make 68,992
    const budget = firstFive + 100;
    const before = tf.memory().numTensors;
    const run = await runExplore(model, image, { budgetBytes: budget });
    assert.equal(tf.memory().numTensors, before);
    const kept = run.layers.filter((l) => l.values !== null).map((l) => l.layer);
    assert.deepEqual(kept, ['c1_conv_input', 'c1_conv', 'c1_bn', 'c1_act', 's2_pool', 'output']);
    const byName = new Map(run.layers.map((l) => [l.layer, l]));
    assert.equal(byName.get('dropout_1')!.skipped, 'dropout_1: 4.59 KiB would pass the 62.9 KiB budget (62.8 KiB kept before it)');
    assert.equal(byName.get('f5_dense')!.skipped, 'f5_dense: skipped, the 62.9 KiB budget ran out at dropout_1');
    assert.equal(byName.get('f5_dense')!.values, null);
    assert.deepEqual(byName.get('f5_dense')!.shape, [120], 'a skipped layer still has its shape');
    assert.equal(byName.get('s2_pool')!.skipped, null);
    // The prediction does not depend on the budget.
    const full = await runExplore(model, image);
    assert.deepEqual(run.probabilities, full.probabilities);
    assert.equal(run.predicted, full.predicted);
    assert.deepEqual(byName.get('output')!.values, full.layers[full.layers.length - 1].values);
    // A budget of nothing keeps only the output.
    const none = await runExplore(model, image, { budgetBytes: 0 });
    assert.deepEqual(none.layers.filter((l) => l.values !== null).map((l) => l.layer), ['output']);
    assert.equal(none.layers[0].skipped, 'c1_conv_input: 3.06 KiB would pass the 0 B budget (0 B kept before it)');
    assert.deepEqual(none.probabilities, full.probabilities);
    model.dispose();
  });

  it('the default budget is 64 MiB and LeNet (under 0.2 MiB) is far below it', async () => {
    assert.equal(DEFAULT_ACTIVATION_BUDGET_BYTES, 64 * 1024 * 1024);
    const model = await loadExploreModel(lenetRunArtifacts());
    const total = model.layers.reduce((s, l) => s + l.bytes, 0);
    // input 3,136 + 3·18,816 + 2·4,704 + 3·6,400 (c3) + 2·1,600 (s4, flatten) + 1,600 (dropout_2)
    // + 4·480 (f5 dense, bn, act, dropout_3) + 4·336 (f6 …, dropout_4) + 40 (output)
    assert.equal(total, 3136 + 3 * 18816 + 2 * 4704 + 3 * 6400 + 2 * 1600 + 1600 + 4 * 480 + 4 * 336 + 40);
    const run = await runExplore(model, seededImage(28, 28, 1, 10));
    assert.ok(run.layers.every((l) => l.skipped === null));
    model.dispose();
  });
});
