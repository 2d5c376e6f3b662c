// Lists the tensors live at the peak of tf.memory().numBytes during one TF.js predict (cpu backend, after a warm-up
// predict): where a layer's predict temporaries in src/core/layers/tfjsCosts.ts come from (the RNN cells' kept states,
// last-step temporaries and weight copies).
//   npx tsx scripts/measure/tfjsPredictPeakTensors.ts <model.json> <batch>
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';

interface TrackedEngine {
  trackTensor(t: tf.Tensor, backend: unknown): void;
  disposeTensor(t: tf.Tensor): void;
  state: { numBytes: number };
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const [file, batchText] = process.argv.slice(2);
  const batch = Number(batchText);
  const json = JSON.parse(readFileSync(file, 'utf8'));
  const model = await tf.models.modelFromJSON(json.modelTopology ?? json);
  const xs = model.inputs.map((input, k) => tf.randomNormal([batch, ...input.shape.slice(1)] as number[], 0, 1, 'float32', 13 + k));
  const run = () => tf.dispose(model.predict(xs.length === 1 ? xs[0] : xs, { batchSize: batch }));
  run();
  const engine = tf.engine() as unknown as TrackedEngine;
  const live = new Map<number, string>();
  const track = engine.trackTensor.bind(engine);
  const dispose = engine.disposeTensor.bind(engine);
  engine.trackTensor = (t, backend) => { live.set(t.id, t.shape.join('x')); return track(t, backend); };
  engine.disposeTensor = (t) => { live.delete(t.id); return dispose(t); };
  const state = engine.state;
  let current = state.numBytes;
  const start = current;
  let peak = current;
  let atPeak: string[] = [];
  Object.defineProperty(state, 'numBytes', { configurable: true, get: () => current, set: (v: number) => {
    current = v;
    if (v > peak) { peak = v; atPeak = [...live.values()]; }
  } });
  try {
    run();
  } finally {
    delete (state as { numBytes?: number }).numBytes;
    state.numBytes = current;
  }
  const counts = new Map<string, number>();
  for (const shape of atPeak) counts.set(shape, (counts.get(shape) ?? 0) + 1);
  console.log(`peak ${peak} B, ${peak - start} B above the ${start} B live before predict (weights, inputs); tensors made in the call and live at the peak:`);
  console.log([...counts.entries()].map(([shape, n]) => `${n}× [${shape}]`).join('  '));
}

void main();
