// What the end-of-run notification says: the same position the dashboard shows ("Epoch 3 / 5" while epoch 3 runs),
// the complete epochs, and — when the trainer says where it stopped — the batch.
import * as assert from 'node:assert';
import { describeStop } from '../../../src/extension/training/runOutcome';
import type { TrainingConfig, TrainingMessage } from '../../../src/protocol/training';

const config = { preset: 'tuned', dataset: 'mnist', epochs: 5, batchSize: 50, learningRate: 0.001, optimizer: 'adam', activation: 'relu', dropout: 0, seed: 1, logEveryBatches: 10, requestedBackend: 'wasm' } as TrainingConfig;
const started: TrainingMessage = {
  type: 'started', runId: 'r', config, backend: 'wasm', batchesPerEpoch: 60, startedAt: '2026-01-01T00:00:00Z',
  dataset: { name: 'mnist', source: 'subset', location: 'x', trainSize: 3000, validationSize: 300, testSize: 100, isSubset: true, classNames: [] },
};
const batch = (epoch: number, b: number): TrainingMessage => ({ type: 'batch', runId: 'r', epoch, batch: b, samplesSeen: ((epoch - 1) * 60 + b + 1) * 50, loss: 1 });
const epochEnd = (epoch: number): TrainingMessage => ({
  type: 'epoch', runId: 'r', epoch, epochs: 5, samplesSeen: epoch * 3000, trainLoss: 1, valLoss: 1, valAccuracy: 0.5, samplesPerSecond: 100, etaSeconds: 1,
});

describe('describeStop', () => {
  it('stopped in epoch 3 (after 2 complete) says "epoch 3 of 5", like the dashboard, and "2 of 5 epochs complete"', () => {
    const text = describeStop([started, batch(1, 0), epochEnd(1), batch(2, 0), epochEnd(2), batch(3, 0), batch(3, 10)], { type: 'stopped', runId: 'r', completedEpochs: 2, runDir: '/d' });
    assert.strictEqual(text, 'LeNet training stopped in epoch 3 of 5; 2 of 5 epochs complete. What it learned is saved in /d');
  });

  it('names the batch when the trainer says where it stopped (17 of 60 batches into epoch 3)', () => {
    const text = describeStop([started, batch(3, 10)], { type: 'stopped', runId: 'r', completedEpochs: 2, runDir: '/d', at: { epoch: 3, batchesDone: 17 } });
    assert.strictEqual(text, 'LeNet training stopped in epoch 3 of 5 after batch 17 of 60; 2 of 5 epochs complete. What it learned is saved in /d');
  });

  it('stopped right after an epoch ended says "after epoch 2 of 5"', () => {
    const text = describeStop([started, batch(2, 0), epochEnd(2)], { type: 'stopped', runId: 'r', completedEpochs: 2, runDir: '/d' });
    assert.strictEqual(text, 'LeNet training stopped after epoch 2 of 5; 2 of 5 epochs complete. What it learned is saved in /d');
  });

  it('one complete epoch; a run stopped before its first batch saved nothing and says so', () => {
    assert.match(describeStop([started, batch(2, 0)], { type: 'stopped', runId: 'r', completedEpochs: 1, runDir: '/d' }), /; 1 of 5 epochs complete\./);
    assert.strictEqual(describeStop([started], { type: 'stopped', runId: 'r', completedEpochs: 0, runDir: null }), 'LeNet training stopped before the first batch; nothing was saved.');
  });
});
