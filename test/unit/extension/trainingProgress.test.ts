// The training notification's bar and text, from a run's messages: the bar advances by the share of the run's
// samples seen (hand-derived below), never backwards, and the text names the backend, then the epoch's figures.
import * as assert from 'node:assert';
import type { TrainingMessage } from '../../../src/protocol/training';
import { TrainingProgress } from '../../../src/extension/training/trainingProgress';

describe('TrainingProgress', () => {
  it('advances the bar by the share of samples seen: 300 training images × 2 epochs = 600 samples', () => {
    const reports: { message?: string; increment?: number }[] = [];
    const progress = new TrainingProgress({ report: (v) => reports.push(v) });
    const runId = 'r';
    const messages = [
      { type: 'started', runId, backend: 'wasm', dataset: { trainSize: 300, isSubset: true }, config: { epochs: 2 } },
      { type: 'batch', runId, epoch: 1, batch: 0, samplesSeen: 150, loss: 2.3456 },
      { type: 'epoch', runId, epoch: 1, epochs: 2, samplesSeen: 300, trainLoss: 1, valLoss: 1, valAccuracy: 0.8123, samplesPerSecond: 99.6, etaSeconds: 3 },
      // A late batch report of fewer samples never moves the bar back.
      { type: 'batch', runId, epoch: 1, batch: 1, samplesSeen: 200, loss: 1.5 },
      { type: 'log', runId, level: 'info', text: 'not shown' },
      { type: 'batch', runId, epoch: 2, batch: 0, samplesSeen: 450, loss: 1.25 },
    ] as unknown as TrainingMessage[];
    for (const m of messages) progress.report(m);
    assert.deepStrictEqual(reports.map((r) => r.increment), [undefined, 150 / 600 * 100, 150 / 600 * 100, 0, 150 / 600 * 100]);
    assert.deepStrictEqual(reports.map((r) => r.message?.replace(/ETA .*/, 'ETA')), [
      'training on wasm (shipped subset)…',
      'epoch 1 · loss 2.346',
      'epoch 1/2 · validation 81.2% · 100 samples/s · ETA',
      'epoch 1 · loss 1.500',
      'epoch 2 · loss 1.250',
    ]);
  });
});
