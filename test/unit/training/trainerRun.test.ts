// A short real training run on real Fashion-MNIST images (the subset shipped in media/datasets, read as a data
// folder): the loss goes down, accuracy is far above chance, and the run folder re-loads with TF.js and the inspector.
import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { analyzeModelText } from '../../../src/core';
import { trainingMessage, type TrainingMessage } from '../../../src/protocol/training';
import { runSummary } from '../../../src/protocol/runs';
import { runSummaryFromMetrics } from '../../../src/extension/dashboard/runs';
import { loadDataset } from '../../../src/training/data/sources';
import { allIndices } from '../../../src/training/data/images';
import { evaluate } from '../../../src/training/trainer/evaluate';
import type { RunMetrics } from '../../../src/training/trainer/metrics';
import { resolveTrainingConfig } from '../../../src/training/trainer/presets';
import { loadRunModel } from '../../../src/training/trainer/runFolder';
import { claimRunFolder } from '../../../src/training/trainer/runFolderClaim';
import { runTraining, type RunOutcome } from '../../../src/training/trainer/runTraining';

const SUBSET = resolve(__dirname, '../../../media/datasets/fashion-mnist');

describe('trainer: a short run on real Fashion-MNIST images', function () {
  this.timeout(120_000);
  let dir: string;
  let outcome: RunOutcome;
  const messages: TrainingMessage[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lenet-run-'));
    // 600 training images, 4 epochs of 12 batches of 50; the batch loss is logged every 2 batches.
    const config = resolveTrainingConfig('tuned', { epochs: 4, batchSize: 50, logEveryBatches: 2, backend: 'wasm' });
    outcome = await runTraining({
      runId: 'test-run', config, outDir: join(dir, 'run'), dataDir: SUBSET, systemDirs: [],
      limits: { train: 600, validation: 200, test: 300 }, misclassifiedCount: 4,
      emit: (m) => messages.push(m), shouldStop: () => false,
    });
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('completes and every message passes the protocol validator', () => {
    assert.strictEqual(outcome.status, 'done', outcome.error);
    for (const m of messages) assert.doesNotThrow(() => trainingMessage(JSON.parse(JSON.stringify(m)), 'message'), `${m.type} is invalid`);
    const started = messages.find((m) => m.type === 'started');
    assert.ok(started && started.type === 'started');
    assert.strictEqual(started.backend, 'wasm');
    assert.deepStrictEqual([started.dataset.trainSize, started.dataset.validationSize, started.dataset.testSize], [600, 200, 300]);
    assert.strictEqual(started.batchesPerEpoch, 12);
  });

  it('logs the batch loss every 2 batches and validates each epoch', () => {
    const batches = messages.filter((m) => m.type === 'batch');
    assert.strictEqual(batches.length, 4 * 6);
    assert.deepStrictEqual(batches.slice(0, 6).map((m) => m.type === 'batch' && m.batch), [0, 2, 4, 6, 8, 10]);
    assert.strictEqual(messages.filter((m) => m.type === 'epoch').length, 4);
  });

  // The run is seeded (split, batch order, initial weights, dropout masks: the preset's seed 3), so these figures repeat
  // exactly. Measured (wasm, 2026-12-04): train loss 1.7685 -> 0.8273 (ratio 0.468), test accuracy 0.780, last
  // validation accuracy 0.750; the cpu backend gives the same to 6 digits. The thresholds leave room for other arithmetic
  // (another CPU, SIMD or TF.js version) as large as another seed's draw: over seeds 1–11 the worst were a ratio of 0.514,
  // test 0.733 and validation 0.670, so: ratio < 0.55, test > 0.70, validation > 0.65 (chance is 0.10).
  it('learns: the training loss halves and accuracy is what the seeded run gives, with a margin', () => {
    const epochs = messages.flatMap((m) => (m.type === 'epoch' ? [m] : []));
    const first = epochs[0].trainLoss ?? NaN;
    const last = epochs[epochs.length - 1].trainLoss ?? NaN;
    assert.ok(last < 0.55 * first, `train loss ${first} -> ${last}`);
    const done = messages.find((m) => m.type === 'done');
    assert.ok(done && done.type === 'done');
    assert.ok(done.testAccuracy > 0.70, `test accuracy ${done.testAccuracy}`);
    assert.ok(epochs[epochs.length - 1].valAccuracy > 0.65, `validation accuracy ${epochs[epochs.length - 1].valAccuracy}`);
  });

  it('reports a consistent confusion matrix, per-class accuracy and misclassified images', () => {
    const done = messages.find((m) => m.type === 'done');
    assert.ok(done && done.type === 'done');
    const total = done.confusionMatrix.flat().reduce((a, b) => a + b, 0);
    const diagonal = done.confusionMatrix.reduce((a, row, i) => a + row[i], 0);
    assert.strictEqual(total, 300);
    assert.strictEqual(diagonal / total, done.testAccuracy);
    done.perClassAccuracy.forEach((acc, c) => {
      const row = done.confusionMatrix[c];
      assert.strictEqual(acc, row[c] / row.reduce((a, b) => a + b, 0));
    });
    assert.strictEqual(done.misclassified.length, 4);
    // Byte i of the predictions is test image i: a run that tested 300 of the 1,000 images sends none.
    assert.strictEqual(done.predictions, undefined);
    assert.strictEqual(done.labels, undefined);
    for (const m of done.misclassified) {
      assert.notStrictEqual(m.label, m.predicted);
      assert.strictEqual(Buffer.from(m.pixels, 'base64').length, 784);
    }
  });

  it('writes metrics.json with config, backend, dataset, history, test results and the run summary', () => {
    const metrics = JSON.parse(readFileSync(join(dir, 'run', 'metrics.json'), 'utf8')) as RunMetrics;
    assert.strictEqual(metrics.status, 'done');
    assert.strictEqual(metrics.config.activation, 'relu');
    assert.strictEqual(metrics.backend, 'wasm');
    assert.strictEqual(metrics.dataset.source, 'data-dir');
    assert.strictEqual(metrics.dataset.limited, true);
    assert.strictEqual(metrics.history.epochs.length, 4);
    assert.strictEqual(metrics.completedEpochs, 4);
    assert.ok(metrics.test && metrics.test.examples === 300);
    assert.strictEqual(metrics.test.predictions, undefined, 'no predictions from a limited test set');
    assert.ok(metrics.samplesPerSecond > 0 && metrics.seconds > 0);
    // LeNet-5's weights and biases: 6·(25+1) + 16·(150+1) + (400·120+120) + (120·84+84) + (84·10+10) = 61,706; each
    // BatchNorm adds gamma, beta, moving mean and moving variance per channel: 4 · (6 + 16 + 120 + 84) = 904.
    assert.strictEqual(metrics.model.parameters, 61_706 + 904);
    // The top level is the protocol's RunSummary, and the dashboard's reader takes it as such.
    assert.doesNotThrow(() => runSummary(metrics, 'metrics'));
    assert.strictEqual(metrics.testAccuracy, metrics.test.accuracy);
    const read = runSummaryFromMetrics(metrics, join(dir, 'run'));
    assert.ok(read.ok, read.ok ? '' : read.error);
    assert.strictEqual(read.run.losses.length, 4 * 6);
    assert.strictEqual(read.run.testAccuracy, metrics.test.accuracy);
  });

  it('saves model.json + weights.bin that TF.js re-loads with the same test accuracy', async () => {
    const model = await loadRunModel(tf, join(dir, 'run'));
    const metrics = JSON.parse(readFileSync(join(dir, 'run', 'metrics.json'), 'utf8')) as RunMetrics;
    const data = await loadDataset({ dataDir: SUBSET, systemDirs: [] });
    const again = await evaluate(tf, model, data.test, allIndices(data.test.count).subarray(0, 300), true);
    model.dispose();
    assert.strictEqual(again.accuracy, metrics.test?.accuracy);
  });

  it('saves a model.json that the inspector analyses with the same parameter count', () => {
    const text = readFileSync(join(dir, 'run', 'model.json'), 'utf8');
    const { analysis, diagnostics } = analyzeModelText(text);
    assert.ok(analysis, diagnostics.map((d) => d.message).join('; '));
    assert.deepStrictEqual(diagnostics.filter((d) => d.severity === 'error'), []);
    const metrics = JSON.parse(readFileSync(join(dir, 'run', 'metrics.json'), 'utf8')) as RunMetrics;
    assert.strictEqual(analysis.totals.params, metrics.model.parameters);
  });
});

describe('trainer: the seed', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'lenet-seed-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  // The config's seed draws the split, the batch order, the initial weights and the dropout masks, so a run (and a
  // failure of the thresholds above) repeats exactly on the same backend.
  it('two runs with the same seed give the same losses, accuracies and weights', async () => {
    const run = async (name: string) => {
      const messages: TrainingMessage[] = [];
      const outcome = await runTraining({
        runId: name, config: resolveTrainingConfig('tuned', { epochs: 1, batchSize: 50, logEveryBatches: 1, dropout: 0.5, seed: 11, backend: 'wasm' }),
        outDir: join(dir, name), dataDir: SUBSET, systemDirs: [], limits: { train: 200, validation: 50, test: 50 },
        emit: (m) => messages.push(m), shouldStop: () => false,
      });
      assert.strictEqual(outcome.status, 'done', outcome.error);
      const numbers = messages.flatMap((m) => (m.type === 'batch' ? [m.loss] : m.type === 'epoch' ? [m.trainLoss, m.valLoss, m.valAccuracy] : m.type === 'done' ? [m.testAccuracy] : []));
      return { numbers, weights: readFileSync(join(dir, name, 'weights.bin')) };
    };
    const a = await run('a');
    const b = await run('b');
    assert.strictEqual(a.numbers.length, 4 + 3 + 1);
    assert.deepStrictEqual(b.numbers, a.numbers);
    assert.ok(a.weights.equals(b.weights), 'the same weights.bin');
  });
});

describe('trainer: stopping and failing', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'lenet-stop-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a stop keeps and saves what was learned so far, and leaves no tensors behind', async () => {
    const messages: TrainingMessage[] = [];
    await tf.setBackend('wasm');
    const tensorsBefore = tf.memory().numTensors;
    let batches = 0;
    const outcome = await runTraining({
      runId: 'stop', config: resolveTrainingConfig('notebook', { epochs: 3, batchSize: 50, logEveryBatches: 1, backend: 'wasm' }),
      outDir: join(dir, 'stopped'), dataDir: SUBSET, systemDirs: [], limits: { train: 500, test: 100 },
      emit: (m) => messages.push(m), onBatch: () => { batches++; }, shouldStop: () => batches >= 3,
    });
    assert.strictEqual(outcome.status, 'stopped');
    assert.strictEqual(batches, 3, 'stops after the batch during which it was asked');
    const last = messages[messages.length - 1];
    assert.deepStrictEqual(last, { type: 'stopped', runId: 'stop', completedEpochs: 0, runDir: join(dir, 'stopped') });
    const metrics = JSON.parse(readFileSync(join(dir, 'stopped', 'metrics.json'), 'utf8')) as RunMetrics;
    assert.strictEqual(metrics.status, 'stopped');
    assert.strictEqual(metrics.test, null);
    assert.strictEqual(metrics.history.batches.length, 3);
    assert.deepStrictEqual(messages.filter((m) => m.type === 'weights'), [], 'no weights message before an epoch completes');
    assert.strictEqual(tf.memory().numTensors, tensorsBefore, 'tensors leaked by the run (model, optimizer or batches)');
    const model = await loadRunModel(tf, join(dir, 'stopped'));
    assert.strictEqual(model.layers.length, 20, 'the 20 layers of the core LeNet');
    model.dispose();
  });

  it('a missing dataset is an error message naming the phase and every source tried', async () => {
    const messages: TrainingMessage[] = [];
    const outcome = await runTraining({
      runId: 'nodata', config: resolveTrainingConfig('notebook', { backend: 'cpu' }), outDir: join(dir, 'never'),
      dataDir: join(dir, 'no-such-folder'), systemDirs: [], emit: (m) => messages.push(m), shouldStop: () => false,
    });
    assert.strictEqual(outcome.status, 'error');
    const error = messages.find((m) => m.type === 'error');
    assert.ok(error && error.type === 'error');
    assert.strictEqual(error.phase, 'dataset');
    assert.match(error.message, /no-such-folder cannot be used: folder does not exist/);
    assert.ok(!messages.some((m) => m.type === 'started'));
  });

  it('a failed first run leaves none of the folders it made for its run folder (no empty .lenet/runs)', async () => {
    const outcome = await runTraining({
      runId: 'firstrun', config: resolveTrainingConfig('notebook', { backend: 'cpu' }), outDir: join(dir, '.lenet', 'runs', 'first'),
      dataDir: join(dir, 'no-such-folder'), systemDirs: [], emit: () => undefined, shouldStop: () => false,
    });
    assert.strictEqual(outcome.status, 'error');
    assert.ok(!existsSync(join(dir, '.lenet')), '.lenet/runs/first and the .lenet/runs it needed are gone');
  });

  // Issue #10 D11: an output folder that cannot be written is found before any data is read or any batch trained.
  it('an output folder that cannot be created or written is an error before the dataset is read', async () => {
    const messages: TrainingMessage[] = [];
    writeFileSync(join(dir, 'a-file'), 'not a folder');
    const outDir = join(dir, 'a-file', 'run');
    const outcome = await runTraining({
      runId: 'badout', config: resolveTrainingConfig('notebook', { epochs: 1, batchSize: 50, backend: 'wasm' }), outDir,
      dataDir: SUBSET, systemDirs: [], limits: { train: 50, test: 10 }, emit: (m) => messages.push(m), shouldStop: () => false,
    });
    assert.strictEqual(outcome.status, 'error');
    const error = messages.find((m) => m.type === 'error');
    assert.ok(error && error.type === 'error');
    assert.strictEqual(error.phase, 'output');
    assert.ok(error.message.includes(outDir), error.message);
    assert.match(error.message, /ENOTDIR|not a directory/);
    assert.ok(!messages.some((m) => m.type === 'log' && m.text.startsWith('Dataset:')), 'the dataset was read');
    assert.ok(!messages.some((m) => m.type === 'started'));
  });

  // Issue #10 D13: two runs into one folder — the second is refused before it trains, the first keeps its results.
  it('a run into a folder another run is writing is refused before it reads data or trains', async () => {
    const messages: TrainingMessage[] = [];
    const outDir = join(dir, 'shared');
    const other = claimRunFolder(outDir);
    try {
      const outcome = await runTraining({
        runId: 'second', config: resolveTrainingConfig('notebook', { epochs: 1, batchSize: 50, backend: 'wasm' }), outDir,
        dataDir: SUBSET, systemDirs: [], limits: { train: 50, test: 10 }, emit: (m) => messages.push(m), shouldStop: () => false,
      });
      assert.strictEqual(outcome.status, 'error');
      const error = messages.find((m) => m.type === 'error');
      assert.ok(error && error.type === 'error');
      assert.strictEqual(error.phase, 'output');
      assert.match(error.message, /another run \(process \d+\) is writing to it/);
      assert.ok(!messages.some((m) => m.type === 'started'));
      assert.ok(!existsSync(join(outDir, 'model.json')), 'the refused run saved nothing');
    } finally {
      other.release();
    }
  });

  // Issue #10 D12: a save that fails leaves no temporary file and no half-saved run (model without metrics.json, which
  // the dashboard cannot show and which refuses reuse), and the error names the file.
  const tinyRun = (runId: string, outDir: string, messages: TrainingMessage[]) => runTraining({
    runId, config: resolveTrainingConfig('notebook', { epochs: 1, batchSize: 50, backend: 'wasm' }), outDir,
    dataDir: SUBSET, systemDirs: [], limits: { train: 50, test: 10 }, emit: (m) => messages.push(m), shouldStop: () => false,
  });

  it('a full disk at save (a real 100 KiB tmpfs; LeNet\'s weights are 250 KB) leaves nothing behind and names the file', async function () {
    const mount = join(dir, 'small-disk');
    mkdirSync(mount);
    // Needs root (CI containers, this sandbox); elsewhere the injected failure below covers the clean-up.
    if (process.getuid?.() !== 0 || spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=100k', 'tmpfs', mount]).status !== 0) this.skip();
    try {
      const messages: TrainingMessage[] = [];
      const outcome = await tinyRun('full', join(mount, 'run'), messages);
      assert.strictEqual(outcome.status, 'error');
      const error = messages.find((m) => m.type === 'error');
      assert.ok(error && error.type === 'error');
      assert.strictEqual(error.phase, 'save');
      assert.ok(error.message.includes(join(mount, 'run', 'weights.bin')), error.message);
      assert.match(error.message, /ENOSPC/);
      assert.deepStrictEqual(readdirSync(mount), [], 'no temporary file or half-saved run on the disk');
    } finally {
      spawnSync('umount', [mount]);
    }
  });

  it('a failed metrics.json write removes the saved model too, so the folder is no half run and can be reused', async () => {
    const messages: TrainingMessage[] = [];
    const outDir = join(dir, 'no-metrics');
    // A folder where the metrics' temporary file would go: the write call itself fails (EISDIR).
    const blocker = join(outDir, `metrics.json.${process.pid}.tmp`);
    mkdirSync(blocker, { recursive: true });
    const outcome = await tinyRun('nometrics', outDir, messages);
    assert.strictEqual(outcome.status, 'error');
    const error = messages.find((m) => m.type === 'error');
    assert.ok(error && error.type === 'error');
    assert.strictEqual(error.phase, 'save');
    assert.ok(error.message.includes(join(outDir, 'metrics.json')), error.message);
    assert.deepStrictEqual(readdirSync(outDir), [`metrics.json.${process.pid}.tmp`], 'model.json and weights.bin removed, no lock left');
    rmSync(blocker, { recursive: true });
    const again: TrainingMessage[] = [];
    assert.strictEqual((await tinyRun('again', outDir, again)).status, 'done');
    assert.deepStrictEqual(readdirSync(outDir).sort(), ['metrics.json', 'model.json', 'weights.bin']);
  });

  // Issue #10 D15: Ctrl+C while the data loads stops the run (it was ignored until the download ended), and the
  // partial download is removed.
  it('an abort while the dataset downloads stops the run and leaves no partial file', async () => {
    const server = http.createServer((_req, res) => {
      // One byte every 20 ms, then the connection drops (bounds the old behaviour: it ignored the abort).
      res.writeHead(200, { 'Content-Length': 1_000_000 });
      let i = 0;
      const timer = setInterval(() => {
        res.write(Buffer.from([0x1f]));
        if (++i >= 100) { clearInterval(timer); res.socket?.destroy(); }
      }, 20);
      res.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const abort = new AbortController();
      const messages: TrainingMessage[] = [];
      const cache = join(dir, 'cache');
      const outcome = await runTraining({
        runId: 'abort', config: resolveTrainingConfig('notebook', { backend: 'wasm' }), outDir: join(dir, 'aborted'),
        cacheDir: cache, systemDirs: [], signal: abort.signal,
        download: { mirrors: [`http://127.0.0.1:${(server.address() as AddressInfo).port}/`], attempts: 1 },
        emit: (m) => {
          messages.push(m);
          if (m.type === 'log' && m.text.startsWith('Downloading')) abort.abort();
        },
        shouldStop: () => abort.signal.aborted,
      });
      assert.strictEqual(outcome.status, 'stopped', outcome.error);
      assert.deepStrictEqual(messages.at(-1), { type: 'stopped', runId: 'abort', completedEpochs: 0, runDir: null });
      assert.ok(!messages.some((m) => m.type === 'started' || m.type === 'error'));
      assert.deepStrictEqual(readdirSync(join(cache, 'fashion-mnist')), [], 'no .part file');
      assert.ok(!existsSync(join(dir, 'aborted')), 'no empty run folder');
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
