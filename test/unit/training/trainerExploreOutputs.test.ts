// What a run hands the Explore tab (issue #14): the model's weights after every epoch (a `weights` message a plain
// TF.js loads with tf.io.fromMemory) and the prediction for every test image (done.predictions, metrics.json's
// test.predictions). Oracles: the run folder's own model.json and weights.bin (written by TF.js's model.save), the
// confusion matrix the run computed, and a separate Node process with an untouched TF.js (no training layer classes
// registered) that predicts the test set from the last `weights` message alone.
import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { trainingMessage, type TrainingDone, type TrainingMessage, type TrainingWeights } from '../../../src/protocol/training';
import { loadDataset } from '../../../src/training/data/sources';
import type { RunMetrics } from '../../../src/training/trainer/metrics';
import { resolveTrainingConfig } from '../../../src/training/trainer/presets';
import { runTraining, type RunOutcome } from '../../../src/training/trainer/runTraining';

const REPO = resolve(__dirname, '../../..');
const SUBSET = join(REPO, 'media/datasets/fashion-mnist');

/**
 * LeNet-5's weights and biases, 6·(25+1) + 16·(150+1) + (400·120+120) + (120·84+84) + (84·10+10) = 61,706, plus each
 * BatchNorm's gamma, beta, moving mean and moving variance per channel, 4 · (6 + 16 + 120 + 84) = 904.
 */
const LENET_FLOATS = 61_706 + 904;

/** Predicts with a fresh Node process's TF.js (cpu backend, TF.js's own layer classes) from a weights message. */
const STANDARD_TFJS_PREDICT = `
const tf = require('@tensorflow/tfjs');
const fs = require('node:fs');
(async () => {
  await tf.setBackend('cpu');
  const job = JSON.parse(fs.readFileSync(process.argv[1], 'utf8'));
  const data = Buffer.from(job.weightData, 'base64');
  const model = await tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: job.modelTopology, weightSpecs: job.weightSpecs,
    weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength),
  }));
  const bytes = Buffer.from(job.images, 'base64');
  const x = tf.tensor4d(Float32Array.from(bytes, (b) => b / 255), [job.count, 28, 28, 1]);
  const predicted = await model.predict(x).argMax(1).data();
  const layerClasses = model.layers.map((l) => l.constructor.name);
  fs.writeFileSync(process.argv[2], JSON.stringify({ predictions: Array.from(predicted), layerClasses }));
})().catch((e) => { console.error(e); process.exit(1); });
`;

describe('trainer: weights after each epoch and the test predictions, for the Explore tab', function () {
  this.timeout(120_000);
  let dir: string;
  let outcome: RunOutcome;
  const messages: TrainingMessage[] = [];
  const weights = (): TrainingWeights[] => messages.flatMap((m) => (m.type === 'weights' ? [m] : []));
  const done = (): TrainingDone => {
    const d = messages.find((m) => m.type === 'done');
    assert.ok(d && d.type === 'done');
    return d;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lenet-explore-'));
    // 2 epochs of 6 batches of 50 on the shipped subset; the test set is not limited: all 1,000 test images.
    const config = resolveTrainingConfig('tuned', { epochs: 2, batchSize: 50, logEveryBatches: 3, backend: 'wasm' });
    outcome = await runTraining({
      runId: 'explore-run', config, outDir: join(dir, 'run'), dataDir: SUBSET, systemDirs: [],
      limits: { train: 300, validation: 60 }, misclassifiedCount: 4,
      emit: (m) => messages.push(m), shouldStop: () => false,
    });
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('emits one weights message right after each epoch, valid per the protocol', () => {
    assert.strictEqual(outcome.status, 'done', outcome.error);
    const types = messages.filter((m) => m.type === 'epoch' || m.type === 'weights').map((m) => `${m.type} ${m.type === 'epoch' || m.type === 'weights' ? m.epoch : ''}`);
    assert.deepStrictEqual(types, ['epoch 1', 'weights 1', 'epoch 2', 'weights 2']);
    for (const w of weights()) {
      assert.doesNotThrow(() => trainingMessage(JSON.parse(JSON.stringify(w)), 'message'));
      assert.strictEqual(w.runId, 'explore-run');
      assert.strictEqual(w.epochs, 2);
      assert.strictEqual(Buffer.from(w.weightData, 'base64').length, 4 * LENET_FLOATS);
      const floats = w.weightSpecs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
      assert.strictEqual(floats, LENET_FLOATS);
    }
  });

  it('the last epoch\'s weights are the saved run: model.json\'s topology and manifest, weights.bin\'s bytes', () => {
    const last = weights()[1];
    const modelJson = JSON.parse(readFileSync(join(dir, 'run', 'model.json'), 'utf8')) as {
      modelTopology: unknown; weightsManifest: { weights: unknown[] }[];
    };
    assert.deepStrictEqual(last.modelTopology, modelJson.modelTopology);
    assert.deepStrictEqual(last.weightSpecs, modelJson.weightsManifest.flatMap((g) => g.weights));
    assert.ok(Buffer.from(last.weightData, 'base64').equals(readFileSync(join(dir, 'run', 'weights.bin'))), 'weights.bin');
  });

  it('each epoch\'s weights are that epoch\'s: the first differ from the last', () => {
    const [first, last] = weights();
    assert.deepStrictEqual(first.weightSpecs, last.weightSpecs);
    assert.notStrictEqual(first.weightData, last.weightData);
  });

  it('a plain TF.js in another process loads the last weights with tf.io.fromMemory and predicts as the trained model did', async () => {
    const data = await loadDataset({ dataDir: SUBSET, systemDirs: [] });
    const count = data.test.count;
    const last = weights()[1];
    const job = join(dir, 'job.json');
    const answer = join(dir, 'answer.json');
    writeFileSync(job, JSON.stringify({ ...last, images: Buffer.from(data.test.images).toString('base64'), count }));
    const child = spawnSync(process.execPath, ['-e', STANDARD_TFJS_PREDICT, job, answer], { cwd: REPO, encoding: 'utf8', timeout: 100_000 });
    assert.strictEqual(child.status, 0, child.stderr);
    const got = JSON.parse(readFileSync(answer, 'utf8')) as { predictions: number[]; layerClasses: string[] };
    // TF.js's own classes, not the trainer's subclasses (which only exist where registerTrainingLayers ran).
    assert.ok(got.layerClasses.includes('Conv2D') && got.layerClasses.includes('BatchNormalization'), got.layerClasses.join());
    const trained = [...Buffer.from(done().predictions ?? '', 'base64')];
    assert.strictEqual(trained.length, count);
    assert.deepStrictEqual(got.predictions, trained);
  });

  it('done.predictions has one byte per test image, in test-file order, and counting (label, prediction) gives the confusion matrix', async () => {
    const d = done();
    const data = await loadDataset({ dataDir: SUBSET, systemDirs: [] });
    const predictions = Buffer.from(d.predictions ?? '', 'base64');
    assert.strictEqual(predictions.length, 1000, 'the shipped subset\'s 1,000 test images');
    const counted = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
    for (let i = 0; i < predictions.length; i++) counted[data.test.labels[i]][predictions[i]]++;
    assert.deepStrictEqual(counted, d.confusionMatrix);
    const correct = predictions.filter((p, i) => p === data.test.labels[i]).length;
    assert.strictEqual(correct / 1000, d.testAccuracy);
    for (const m of d.misclassified) assert.strictEqual(predictions[m.index], m.predicted);
  });

  it('done.labels has the test labels in the same order (the dashboard finds a confusion cell\'s images with them)', async () => {
    const data = await loadDataset({ dataDir: SUBSET, systemDirs: [] });
    const labels = Buffer.from(done().labels ?? '', 'base64');
    assert.strictEqual(labels.length, 1000);
    assert.ok(labels.equals(Buffer.from(data.test.labels)), 'the test file\'s labels');
  });

  it('metrics.json keeps the same predictions as test.predictions', () => {
    const metrics = JSON.parse(readFileSync(join(dir, 'run', 'metrics.json'), 'utf8')) as RunMetrics;
    assert.ok(metrics.test);
    assert.ok(done().predictions, 'done carries predictions');
    assert.strictEqual(metrics.test.predictions, done().predictions);
  });
});
