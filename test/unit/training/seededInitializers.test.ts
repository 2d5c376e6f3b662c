// withSeededInitializers: a run's seed written into each random initializer that has none; the core's LeNet is the
// input, TF.js the oracle (the same seeded topology built twice gives the same initial weights).
import * as assert from 'node:assert';
import * as tf from '@tensorflow/tfjs';
import { lenetTopology } from '../../../src/core/lenet';
import { withSeededInitializers } from '../../../src/training/trainer/seededInitializers';

type Layer = { class_name: string; config: Record<string, { class_name: string; config: { seed?: number | null } } | unknown> };
const layersOf = (t: Record<string, unknown>) => (t.config as { layers: Layer[] }).layers;
const seeds = (t: Record<string, unknown>) => layersOf(t).flatMap((l) => Object.entries(l.config)
  .filter(([k]) => k.endsWith('_initializer'))
  .map(([k, v]) => `${String(l.config.name)}.${k}=${String((v as { config: { seed?: unknown } }).config.seed)}`));

describe('seeded initializers', () => {
  it("seeds LeNet's five kernel initializers (seed null in the core), distinct, and leaves zeros/ones and the input alone", () => {
    const topology = lenetTopology();
    const before = JSON.stringify(topology);
    const seeded = withSeededInitializers(topology, 3);
    assert.strictEqual(JSON.stringify(topology), before, 'the input is not changed');
    const kernelSeeds = seeds(seeded).filter((s) => s.includes('kernel_initializer')).map((s) => Number(s.split('=')[1]));
    assert.strictEqual(kernelSeeds.length, 5, 'c1, c3, f5, f6, output');
    assert.ok(kernelSeeds.every((s) => Number.isInteger(s) && s >= 0), kernelSeeds.join());
    assert.strictEqual(new Set(kernelSeeds).size, 5, 'each layer its own draw');
    assert.deepStrictEqual(seeds(seeded).filter((s) => !s.includes('kernel_initializer')), seeds(topology).filter((s) => !s.includes('kernel_initializer')),
      'bias and batch-norm initializers (zeros, ones: no seed) unchanged');
    assert.deepStrictEqual(withSeededInitializers(topology, 3), seeded, 'the same seed, the same seeds');
    assert.notDeepStrictEqual(withSeededInitializers(topology, 4), seeded, 'another seed, other seeds');
  });

  it('keeps an explicit seed, and TF.js builds the same initial weights twice from the seeded topology', async () => {
    await tf.setBackend('cpu');
    const topology = lenetTopology();
    const first = layersOf(topology)[0].config as Record<string, { config: Record<string, unknown> }>;
    first.kernel_initializer = { ...first.kernel_initializer, config: { ...first.kernel_initializer.config, seed: 42 } };
    const seeded = withSeededInitializers(topology, 3);
    assert.strictEqual((layersOf(seeded)[0].config.kernel_initializer as { config: { seed: number } }).config.seed, 42);
    const weights = async () => {
      const model = await tf.models.modelFromJSON({ modelTopology: seeded } as never);
      const values = model.getWeights().map((w) => Array.from(w.dataSync()));
      model.dispose();
      return values;
    };
    const [a, b] = [await weights(), await weights()];
    assert.deepStrictEqual(a, b);
  });
});
