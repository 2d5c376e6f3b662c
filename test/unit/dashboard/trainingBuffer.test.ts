// The training buffer keeps the newest `weights` message of the current run (for the Explore tab of a running
// LeNet), outside the replay: 300 KB of base64 per epoch is never replayed as training messages.
import * as assert from 'node:assert';
import type { TrainingMessage, TrainingWeights } from '../../../src/protocol';
import { TrainingBuffer } from '../../../src/extension/dashboard/trainingBuffer';
import { trainingStream } from '../../browser/fixtures';

const weights = (runId: string, epoch: number): TrainingWeights => ({
  type: 'weights', runId, epoch, epochs: 3, modelTopology: { class_name: 'Sequential', config: {} },
  weightSpecs: [{ name: 'd/kernel', shape: [1], dtype: 'float32' }], weightData: 'AACAPw==',
});

describe('TrainingBuffer: weights', () => {
  it('keeps only the newest weights message, outside the snapshot, and hands each to subscribers', () => {
    const buffer = new TrainingBuffer();
    const seen: TrainingMessage['type'][] = [];
    buffer.subscribe((m) => seen.push(m.type));
    const stream = trainingStream('one');
    stream.slice(0, 3).forEach((m) => buffer.post(m));
    buffer.post(weights('one', 1));
    buffer.post(stream[3]);
    buffer.post(weights('one', 2));
    assert.strictEqual(buffer.latestWeights()?.epoch, 2);
    assert.ok(buffer.snapshot().every((m) => m.type !== 'weights'), 'never replayed');
    assert.strictEqual(buffer.snapshot().length, 4);
    assert.strictEqual(seen.filter((t) => t === 'weights').length, 2);
  });

  it('drops the previous run\'s weights when a new run begins', () => {
    const buffer = new TrainingBuffer();
    trainingStream('one').slice(0, 2).forEach((m) => buffer.post(m));
    buffer.post(weights('one', 1));
    buffer.post(trainingStream('two')[0]);
    assert.strictEqual(buffer.latestWeights(), undefined);
    buffer.post(weights('two', 1));
    assert.strictEqual(buffer.latestWeights()?.runId, 'two');
    assert.ok(buffer.snapshot().every((m) => m.runId === 'two'));
  });

  it('a weights message of a new run starts that run', () => {
    const buffer = new TrainingBuffer();
    trainingStream('one').slice(0, 2).forEach((m) => buffer.post(m));
    buffer.post(weights('two', 1));
    assert.strictEqual(buffer.snapshot().length, 0);
    assert.strictEqual(buffer.latestWeights()?.runId, 'two');
  });
});
