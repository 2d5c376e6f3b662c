// The Explore tab's model messages from real temp folders: a saved run (model.json + weights.bin + metrics.json whose
// dataset names a folder of IDX test files), a model.json without weights, the live run's weights message; which run
// the page may ask for; the test set found again in the shipped subset when the run's folder is gone.
import * as assert from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunSummary, TrainingDone, TrainingStarted, TrainingWeights } from '../../../../src/protocol';
import { ExploreModels } from '../../../../src/extension/explore/exploreModels';
import { chooseRun } from '../../../../src/extension/explore/runChoice';
import { predictionsFor, readTestSet } from '../../../../src/extension/explore/testSet';
import { earlierRun, trainingStream } from '../../../browser/fixtures';

const SUBSET_DIR = join(__dirname, '..', '..', '..', '..', 'media', 'datasets');
const topology = { class_name: 'Sequential', config: { name: 'm', layers: [] } };
const f32 = (...values: number[]) => new Uint8Array(new Float32Array(values).buffer);

/** An IDX file (http://yann.lecun.com/exdb/mnist/ "FILE FORMATS"): 0, 0, dtype 0x08, rank, big-endian sizes, bytes. */
function idx(shape: number[], data: Uint8Array): Uint8Array {
  const header = new DataView(new ArrayBuffer(4 + 4 * shape.length));
  header.setUint8(2, 0x08);
  header.setUint8(3, shape.length);
  shape.forEach((s, i) => header.setUint32(4 + 4 * i, s, false));
  return new Uint8Array([...new Uint8Array(header.buffer), ...data]);
}

describe('Explore models', () => {
  let root: string;
  let dataDir: string;
  let runDir: string;
  const images = new Uint8Array(3 * 28 * 28).map((_, i) => (i * 7) % 256);
  const labels = new Uint8Array([9, 0, 3]);
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'explore-models-'));
    dataDir = join(root, 'data');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 't10k-images-idx3-ubyte'), idx([3, 28, 28], images));
    writeFileSync(join(dataDir, 't10k-labels-idx1-ubyte'), idx([3], labels));
    runDir = join(root, '.lenet', 'runs', '2026-12-04T10-00-00');
    mkdirSync(runDir, { recursive: true });
    writeFileSync(join(runDir, 'weights.bin'), f32(0.5, -1));
    writeFileSync(join(runDir, 'model.json'), JSON.stringify({
      modelTopology: topology, weightsManifest: [{ paths: ['./weights.bin'], weights: [{ name: 'd/kernel', shape: [2, 1], dtype: 'float32' }] }],
    }));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const writeMetrics = (predictions: string | undefined) => writeFileSync(join(runDir, 'metrics.json'), JSON.stringify({
    runId: '2026-12-04T10:00:00.000Z', completedEpochs: 2, config: { epochs: 3 },
    dataset: { name: 'fashion-mnist', source: 'data-dir', location: dataDir, isSubset: false },
    test: predictions === undefined ? { accuracy: 1 } : { accuracy: 1, predictions },
  }));
  const models = () => new ExploreModels({ systemDirs: [], subsetDir: SUBSET_DIR });

  // A cloned repository can ship a run folder whose metrics.json, or the dataset folder it names, is a symlink to an
  // endless device or a FIFO: the host must answer (reading nothing endless) instead of hanging or filling memory.
  it('a metrics.json that is /dev/zero or a FIFO: the model without its dataset, at once', async function () {
    this.timeout(10_000);
    symlinkSync('/dev/zero', join(runDir, 'metrics.json'));
    const m = await models().fromRun(runDir);
    assert.strictEqual(m.type, 'exploreModel');
    if (m.type === 'exploreModel') assert.strictEqual(m.dataset, null);
    rmSync(join(runDir, 'metrics.json'));
    execFileSync('mkfifo', [join(runDir, 'metrics.json')]);
    const f = await models().fromModelFile(join(runDir, 'model.json'), 'file:///m.json');
    assert.strictEqual(f.type, 'exploreModel');
  });

  it('a dataset folder whose test images are /dev/zero or larger than the full test set: not read, the next place tried', async function () {
    this.timeout(10_000);
    writeMetrics(undefined);
    rmSync(join(dataDir, 't10k-images-idx3-ubyte'));
    symlinkSync('/dev/zero', join(dataDir, 't10k-images-idx3-ubyte'));
    const zero = await readTestSet({ name: 'fashion-mnist', location: dataDir, isSubset: false }, { systemDirs: [] });
    assert.strictEqual(zero.ok, false);
    if (!zero.ok) assert.match(zero.reason, /t10k-images-idx3-ubyte is not a regular file/);
    rmSync(join(dataDir, 't10k-images-idx3-ubyte'));
    writeFileSync(join(dataDir, 't10k-images-idx3-ubyte'), new Uint8Array(16 + 10_001 * 784 + 2 ** 20));
    const big = await readTestSet({ name: 'fashion-mnist', location: dataDir, isSubset: false }, { systemDirs: [] });
    assert.strictEqual(big.ok, false);
    // The full test set is 16 + 10,000 × 784 = 7,840,016 bytes; a file may be that + 1 MiB (gzip's overhead) = 8,888,592.
    if (!big.ok) assert.match(big.reason, /is 8889376 bytes, more than the 8888592 expected/);
  });

  it('a saved run: its weights, its test set from where it was read, its predictions', async () => {
    writeMetrics(Buffer.from([9, 2, 3]).toString('base64'));
    const m = await models().fromRun(runDir);
    assert.strictEqual(m.type, 'exploreModel');
    if (m.type !== 'exploreModel') return;
    assert.strictEqual(m.modelId, `run:${runDir}`);
    assert.strictEqual(m.title, 'run 2026-12-04T10-00-00 · epoch 2/3');
    assert.deepStrictEqual(m.origin, { kind: 'run', runId: '2026-12-04T10:00:00.000Z', runDir });
    assert.deepStrictEqual(m.modelTopology, topology);
    assert.deepStrictEqual([...m.weightData], [...f32(0.5, -1)]);
    assert.ok(m.dataset);
    assert.strictEqual(m.dataset.location, dataDir);
    assert.deepStrictEqual([...m.dataset.images], [...images]);
    assert.deepStrictEqual([...m.dataset.labels], [9, 0, 3]);
    assert.deepStrictEqual(m.dataset.predictions && [...m.dataset.predictions], [9, 2, 3]);
    assert.strictEqual(m.dataset.classNames[9], 'Ankle boot');
  });

  it('predictions that are not one per test image (a limited run), or absent (an older run), are null', async () => {
    writeMetrics(Buffer.from([9, 2]).toString('base64'));
    const limited = await models().fromRun(runDir);
    assert.ok(limited.type === 'exploreModel' && limited.dataset && limited.dataset.predictions === null);
    writeMetrics(undefined);
    const older = await models().fromRun(runDir);
    assert.ok(older.type === 'exploreModel' && older.dataset && older.dataset.predictions === null);
  });

  it('reads weights once, and again when a file changed', async () => {
    writeMetrics(undefined);
    const explore = models();
    const first = await explore.fromRun(runDir);
    const second = await explore.fromRun(runDir);
    assert.ok(first.type === 'exploreModel' && second.type === 'exploreModel');
    assert.strictEqual(second.weightData, first.weightData, 'the cached bytes');
    writeFileSync(join(runDir, 'weights.bin'), f32(2, 3));
    utimesSync(join(runDir, 'weights.bin'), new Date(), new Date(Date.now() + 5000));
    const third = await explore.fromRun(runDir);
    assert.ok(third.type === 'exploreModel');
    assert.deepStrictEqual([...third.weightData], [...f32(2, 3)]);
  });

  it('a model.json without weights: exploreUnavailable with how to get them', async () => {
    const file = join(root, 'arch.json');
    writeFileSync(file, JSON.stringify({ modelTopology: topology }));
    const m = await models().fromModelFile(file, 'file:///arch.json');
    assert.strictEqual(m.type, 'exploreUnavailable');
    assert.ok(m.type === 'exploreUnavailable' && /Explore needs the trained weights/.test(m.reason) && /LeNet: Train/.test(m.hint ?? ''));
  });

  it('a run folder opened as a file: the file origin, with the run\'s dataset', async () => {
    writeMetrics(undefined);
    const m = await models().fromModelFile(join(runDir, 'model.json'), 'file:///r/model.json');
    assert.ok(m.type === 'exploreModel');
    assert.deepStrictEqual(m.origin, { kind: 'file', uri: 'file:///r/model.json' });
    assert.match(m.modelId, /^file:file:\/\/\/r\/model\.json:\d/);
    assert.strictEqual(m.title, 'model.json (2026-12-04T10-00-00)');
    assert.strictEqual(m.dataset?.labels.length, 3);
  });

  it('the live run: its newest weights, the started message\'s dataset, the done message\'s predictions', async () => {
    const started = { ...trainingStream('live').find((m) => m.type === 'started') as TrainingStarted };
    started.dataset = { ...started.dataset, name: 'fashion-mnist', location: dataDir, isSubset: false };
    const weights: TrainingWeights = {
      type: 'weights', runId: 'live', epoch: 2, epochs: 5, modelTopology: topology,
      weightSpecs: [{ name: 'd/kernel', shape: [2, 1], dtype: 'float32' }], weightData: Buffer.from(f32(1, 2)).toString('base64'),
    };
    const explore = models();
    const during = await explore.fromLive(weights, started, undefined);
    assert.ok(during.type === 'exploreModel');
    assert.strictEqual(during.modelId, 'live:live:2');
    assert.deepStrictEqual(during.origin, { kind: 'live', runId: 'live', epoch: 2, epochs: 5 });
    assert.deepStrictEqual([...during.weightData], [...f32(1, 2)]);
    assert.strictEqual(during.dataset?.predictions, null);
    const done = { type: 'done', runId: 'live', predictions: Buffer.from([1, 1, 1]).toString('base64') } as TrainingDone;
    const after = await explore.fromLive(weights, started, done);
    assert.ok(after.type === 'exploreModel' && after.dataset?.predictions);
    assert.deepStrictEqual([...after.dataset.predictions], [1, 1, 1]);
    const short = await explore.fromLive({ ...weights, weightData: Buffer.from(f32(1)).toString('base64') }, started, undefined);
    assert.ok(short.type === 'exploreUnavailable' && /hold 4 bytes, but its 1 weights need 8/.test(short.reason));
  });

  it('finds the test set in the shipped subset when the run\'s folder is gone (its 10,000 predictions then do not apply)', async () => {
    const r = await readTestSet({ name: 'mnist', location: join(root, 'gone'), isSubset: false }, { systemDirs: [], subsetDir: SUBSET_DIR });
    assert.ok(r.ok, r.ok ? '' : r.reason);
    assert.strictEqual(r.testSet.location, join(SUBSET_DIR, 'mnist'));
    // The shipped subset: 100 test images per class (subset.ts SHIPPED_SUBSET), 28×28 bytes each.
    assert.strictEqual(r.testSet.labels.length, 1000);
    assert.strictEqual(r.testSet.images.length, 1000 * 784);
    assert.deepStrictEqual([...new Set(r.testSet.labels)].sort(), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.strictEqual(predictionsFor(Buffer.alloc(10_000).toString('base64'), r.testSet), null);
    assert.strictEqual(predictionsFor(Buffer.alloc(1000).toString('base64'), r.testSet)?.length, 1000);
    const missing = await readTestSet({ name: 'mnist', location: null, isSubset: false }, { systemDirs: [] });
    assert.ok(!missing.ok && /test images were not found \(Explore does not download them\)/.test(missing.reason));
  });
});

describe('Explore run choice', () => {
  const run = (dir: string): RunSummary => ({ ...earlierRun(), runDir: dir });
  const runs = [run('/w/.lenet/runs/b'), run('/w/.lenet/runs/a')];

  it('null: the newest run; none: nothing', () => {
    assert.deepStrictEqual(chooseRun(null, runs), { kind: 'run', run: runs[0] });
    assert.deepStrictEqual(chooseRun(null, []), { kind: 'none' });
  });

  it('a run of the workspace by its folder (normalised)', () => {
    assert.deepStrictEqual(chooseRun('/w/.lenet/runs/a/', runs, false), { kind: 'run', run: runs[1] });
    assert.deepStrictEqual(chooseRun('/w/.lenet/runs/x/../a', runs, false), { kind: 'run', run: runs[1] });
  });

  it('refuses any folder that is not one of the workspace\'s runs', () => {
    for (const dir of ['/etc', '/w/.lenet/runs', '/w/.lenet/runs/a/..', '/w/.lenet/runs/c', 'a', '/W/.LENET/RUNS/A']) {
      const c = chooseRun(dir, runs, false);
      assert.strictEqual(c.kind, 'refused', dir);
      assert.ok(c.kind === 'refused' && c.reason.startsWith(`${dir} is not a saved run of this workspace`));
    }
    assert.strictEqual(chooseRun('/W/.LENET/RUNS/A', runs, true).kind, 'run', 'case-insensitive file systems');
  });
});
