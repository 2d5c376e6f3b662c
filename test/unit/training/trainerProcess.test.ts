// The training process as the extension runs it: forked, driven over IPC by the host-side TrainerClient. A stop is
// honoured and saves; a killed process is reported as a crash, not silence; an invalid command is answered.
import * as assert from 'node:assert';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TrainerClient } from '../../../src/extension/training/trainerClient';
import type { TrainingMessage } from '../../../src/protocol/training';
import { resolveTrainingConfig } from '../../../src/training/trainer/presets';

const ENTRY = resolve(__dirname, '../../../src/training/trainerProcess.ts');
const SUBSET = resolve(__dirname, '../../../media/datasets/fashion-mnist');
const TSX = ['--import', 'tsx'];

describe('training process over IPC', function () {
  this.timeout(90_000);
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'lenet-ipc-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const config = resolveTrainingConfig('tuned', { epochs: 2, batchSize: 50, logEveryBatches: 1, backend: 'wasm' });

  it('trains, stops on request after the current batch, saves, and exits by itself', async () => {
    const messages: TrainingMessage[] = [];
    // The callback runs only after construction (messages arrive asynchronously), so `client` is initialised by then.
    const client: TrainerClient = new TrainerClient(ENTRY, 'ipc-1', (m) => {
      messages.push(m);
      if (m.type === 'batch' && m.batch === 1) client.stop();
    }, TSX);
    client.start({ type: 'start', runId: 'ipc-1', config, dataDir: SUBSET, outDir: join(dir, 'run'), limits: { train: 500, test: 100 } });
    const exit = await client.exited;
    assert.deepStrictEqual(exit, { code: 0, signal: null, crashed: false });
    const last = messages[messages.length - 1];
    assert.deepStrictEqual(last, { type: 'stopped', runId: 'ipc-1', completedEpochs: 0, runDir: join(dir, 'run') });
    const batches = messages.filter((m) => m.type === 'batch').map((m) => m.type === 'batch' && m.batch);
    assert.ok(batches.length <= 3, `stopped within a batch of the request (batches ${batches.join(', ')})`);
    assert.ok(existsSync(join(dir, 'run', 'model.json')) && existsSync(join(dir, 'run', 'weights.bin')) && existsSync(join(dir, 'run', 'metrics.json')));
  });

  it('reports a killed training process as a crash', async () => {
    const messages: TrainingMessage[] = [];
    const client: TrainerClient = new TrainerClient(ENTRY, 'ipc-2', (m) => {
      messages.push(m);
      if (m.type === 'started') client.kill();
    }, TSX);
    client.start({ type: 'start', runId: 'ipc-2', config, dataDir: SUBSET, outDir: join(dir, 'killed'), limits: { train: 500, test: 100 } });
    const exit = await client.exited;
    assert.strictEqual(exit.crashed, true);
    assert.strictEqual(exit.signal, 'SIGKILL');
    const last = messages[messages.length - 1];
    assert.ok(last.type === 'error' && last.phase === 'crash', JSON.stringify(last));
    assert.match(last.message, /was killed by SIGKILL before finishing the run/);
  });

  it('answers an invalid command with a protocol error', async () => {
    const messages: TrainingMessage[] = [];
    const client = new TrainerClient(ENTRY, 'unknown', (m) => messages.push(m), TSX);
    // A start whose config lacks fields: the trainer must say what is wrong rather than hang.
    client.start({ type: 'start', runId: 'ipc-3', config: { preset: 'notebook' } as never, dataDir: null, outDir: join(dir, 'x') });
    await new Promise<void>((resolveWait) => {
      const timer = setInterval(() => {
        if (messages.some((m) => m.type === 'error')) { clearInterval(timer); resolveWait(); }
      }, 50);
    });
    client.kill();
    await client.exited;
    const error = messages.find((m) => m.type === 'error');
    assert.ok(error && error.type === 'error');
    assert.strictEqual(error.phase, 'protocol');
    assert.match(error.message, /invalid command/);
  });
});
