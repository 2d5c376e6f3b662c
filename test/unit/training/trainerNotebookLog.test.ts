// The output channel and the CLI print the notebook's log format; the expected lines are copied from the notebook's
// printed output (exercise 20: "loss: 2.398207  [    0/50000]", "Test Error: \n Accuracy: 83.8%, Avg loss: 0.446889 \n").
import * as assert from 'node:assert';
import type { TrainingConfig, TrainingMessage } from '../../../src/protocol/training';
import { NotebookLog, numpyMatrix, pyFloat } from '../../../src/training/trainer/notebookLog';
import { formatDuration } from '../../../src/core/format';

const config: TrainingConfig = {
  preset: 'notebook', dataset: 'fashion-mnist', epochs: 5, batchSize: 100, learningRate: 0.1, optimizer: 'adam',
  activation: 'sigmoid', dropout: 0.001, seed: 3, logEveryBatches: 100, requestedBackend: 'auto',
};
const started: TrainingMessage = {
  type: 'started', runId: 'r', config, backend: 'wasm', batchesPerEpoch: 500, startedAt: '2026-11-27T00:00:00.000Z',
  dataset: { name: 'fashion-mnist', source: 'system', location: '/x', trainSize: 50000, validationSize: 10000, testSize: 10000, isSubset: false, classNames: ['a', 'b'] },
};

describe('notebook log format', () => {
  it('prints batch losses like `print(f"loss: {loss:>7f}  [{current:>5d}/{size:>5d}]")`', () => {
    const log = new NotebookLog();
    log.format(started);
    assert.deepStrictEqual(log.format({ type: 'batch', runId: 'r', epoch: 1, batch: 0, samplesSeen: 100, loss: 2.398207 }),
      ['Epoch 1', '-------------------------------', 'loss: 2.398207  [    0/50000]']);
    assert.deepStrictEqual(log.format({ type: 'batch', runId: 'r', epoch: 1, batch: 100, samplesSeen: 10100, loss: 0.575191 }),
      ['loss: 0.575191  [10000/50000]']);
  });

  it('prints the validation like the notebook\'s val_loop, then our speed line', () => {
    const log = new NotebookLog();
    log.format(started);
    const lines = log.format({ type: 'epoch', runId: 'r', epoch: 1, epochs: 5, samplesSeen: 50000, trainLoss: 0.6, valLoss: 0.446889, valAccuracy: 0.838, samplesPerSecond: 512.4, etaSeconds: 400 });
    assert.deepStrictEqual(lines.slice(0, 4), ['Epoch 1', '-------------------------------', 'Test Error: ', ' Accuracy: 83.8%, Avg loss: 0.446889 ']);
    assert.match(lines[4], /512 samples\/s, ETA 6 min 40 s/);
  });

  it('formats numbers like Python and matrices like numpy', () => {
    assert.strictEqual(pyFloat(12.5, 7), '12.500000');
    assert.strictEqual(pyFloat(0.5, 10), '  0.500000');
    assert.strictEqual(numpyMatrix([[751, 1], [1, 841]]), '[[751   1]\n [  1 841]]');
    assert.strictEqual(formatDuration(3725), '1 h 02 min');
    assert.strictEqual(formatDuration(59.6), '1 min 00 s');
  });

  it('prints detail lines only when asked (--verbose, VS Code log level Debug)', () => {
    const detail = { type: 'log', runId: 'r', level: 'detail', text: 'Backend details: wasm; training kernels: Tile' } as const;
    assert.deepEqual(new NotebookLog().format(detail), []);
    assert.deepEqual(new NotebookLog(true).format(detail), ['Backend details: wasm; training kernels: Tile']);
    assert.deepEqual(new NotebookLog().format({ ...detail, level: 'warning', text: 'w' }), ['Warning: w']);
  });
});
