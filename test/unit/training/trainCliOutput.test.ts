// `cnn-explorer train`'s output of a real short run: the per-epoch `weights` message (~340 KB of JSON for LeNet, for
// the Explore tab) is not printed, neither as a log line nor as a --json line; every --json line is a protocol message.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EXIT_TRAINED } from '../../../src/cli/train/train';
import { trainingMessage, type TrainingMessage } from '../../../src/protocol/training';
import { runTrainCaptured, type TrainCommandResult } from './trainCommandOutput';

const SUBSET = resolve(__dirname, '../../../media/datasets/fashion-mnist');

describe('cnn-explorer train: what a run prints', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'train-cli-print-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function train(out: string, extra: string[]): Promise<TrainCommandResult> {
    // 2 epochs of 2 batches of 50 on the shipped subset, tested on all its 1,000 test images (so done has predictions).
    return runTrainCaptured([
      '--data-dir', SUBSET, '--backend', 'wasm', '--epochs', '2', '--batch-size', '50', '--limit-train', '100', '--out', join(dir, out), ...extra,
    ], dir);
  }

  it('--json: one protocol message per line, every message but the weights', async () => {
    const r = await train('json', ['--json']);
    assert.equal(r.code, EXIT_TRAINED, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    const messages = lines.map((l) => trainingMessage(JSON.parse(l), 'line') as TrainingMessage);
    const types = new Set(messages.map((m) => m.type));
    assert.deepEqual([...types].sort(), ['batch', 'done', 'epoch', 'log', 'started']);
    const done = messages.find((m) => m.type === 'done');
    assert.ok(done?.type === 'done' && done.predictions !== undefined, 'done carries the 1,000 predictions');
    // The longest line is done's: 1,000 predictions (1,336 base64 characters) and 16 misclassified images of 1,048
    // characters each, ~19 KB; one weights line alone would be ~341 KB.
    const longest = Math.max(...lines.map((l) => l.length));
    assert.ok(longest < 25_000, `a line of ${longest} characters`);
  });

  it('the notebook log: no line for the weights, nothing long', async () => {
    const r = await train('log', []);
    assert.equal(r.code, EXIT_TRAINED, r.stderr);
    const longest = Math.max(...r.stdout.split('\n').map((l) => l.length));
    assert.ok(longest < 400, `a line of ${longest} characters`);
    assert.match(r.stdout, /Epoch 2\n/);
  });
});
