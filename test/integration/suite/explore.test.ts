// Explore (issue #14) inside a real VS Code: "LeNet: Train" runs a short real training in the forked trainer, then
// the dashboard opens on the Explore tab for the run folder it wrote. Through the test API the suite checks what the
// host handed the page: the weights are weights.bin's bytes, the test set is the one the run was tested on (oracles:
// the run's own metrics.json, its confusion matrix, the misclassified images' pixels the trainer sent, the IDX file),
// the page showed the tab (it asked for the model), took every message and reported the maps drawn with TF.js's wasm
// backend, predicting the probe image as the run did. The built-in LeNet's tab follows the last run's live weights.
// A model.json without weights, or with a weight file outside its folder, gets `exploreUnavailable` saying why.
import * as assert from 'node:assert';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ExploreModelMessage } from '../../../src/protocol/explore';
import type { TrainingDone, TrainingMessage, TrainingWeights } from '../../../src/protocol/training';
import type { CnnExplorerTestApi } from '../../../src/extension/extension';
import type { DashboardProbe, ExploreAnswer, ExploreReport } from '../../../src/extension/testApi';
import type { TrainCommandArgs, TrainingRunResult } from '../../../src/extension/training/trainingController';
import { findIdxFile } from '../../../src/training/data/sources';
import { readIdxFile } from '../../../src/training/data/idx';
import type { RunMetrics } from '../../../src/training/trainer/metrics';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => T | undefined | false, ms = 60_000, state?: () => string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${state ? ` (${state()})` : ''}`);
    await sleep(100);
  }
}

const stateOf = (panel: DashboardProbe) => () => `visible ${panel.panel.visible}, ready ${panel.isReady}, posted ${JSON.stringify([...panel.sentCounts])}, `
  + `delivered ${JSON.stringify([...panel.deliveredCounts])}, received ${JSON.stringify([...panel.receivedCounts])}, `
  + `page rejected ${panel.rejectedByPage} (last: ${panel.lastRejection ?? '–'}), `
  + `last explore ${describeAnswer(panel.lastExploreMessage)}, page's report ${JSON.stringify(panel.lastExploreReport ?? null)}`;

function describeAnswer(m: ExploreAnswer | undefined): string {
  if (!m) return 'none';
  return m.type === 'exploreUnavailable' ? `unavailable: ${m.reason} (${m.hint})` : `model ${m.modelId}`;
}

/** 2 epochs of 20 batches on 2,000 training images, tested on the WHOLE test set (so the run records every prediction). */
const exploreRun: TrainCommandArgs = {
  preset: 'tuned',
  overrides: { epochs: 2, batchSize: 100, logEveryBatches: 10, backend: 'wasm' },
  limits: { train: 2000 },
  pick: false,
};

const bytesOf = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

/** The page's report that it drew this model (TF.js ran in the webview): a failure's message fails the test. */
async function drawnReport(panel: DashboardProbe, modelId: string): Promise<Extract<ExploreReport, { type: 'exploreDrawn' }>> {
  const report = await until('the page to draw Explore', () => {
    if (panel.rejectedByPage > 0) throw new Error(`the page rejected a host message: ${panel.lastRejection}`);
    return panel.lastExploreReport?.modelId === modelId && panel.lastExploreReport;
  }, 90_000, stateOf(panel));
  assert.strictEqual(report.type, 'exploreDrawn', report.type === 'exploreFailed' ? `the page's engine failed: ${report.message}` : '');
  return report as Extract<ExploreReport, { type: 'exploreDrawn' }>;
}

/**
 * The rows of maps or units the tab draws for a Sequential model.json: its layers (LeNet: 20) and the input layer TF.js
 * gives it (the header's "20 layers + input").
 */
function exploredLayers(runDir: string): number {
  const t = JSON.parse(readFileSync(join(runDir, 'model.json'), 'utf8')) as { modelTopology: { config: { layers: unknown[] } } };
  return t.modelTopology.config.layers.length + 1;
}

describe('Explore in VS Code, on a run folder written by a real training run', function () {
  this.timeout(240_000);
  let api: CnnExplorerTestApi;
  let runDir = '';
  let metrics: RunMetrics;
  let messages: TrainingMessage[] = [];
  const made: string[] = [];
  const workspace = () => vscode.workspace.workspaceFolders![0].uri.fsPath;

  /** Opens (or reveals) the dashboard of a model file on its Explore tab and waits for the host's Explore answer. */
  async function exploreFile(modelFile: string): Promise<{ panel: DashboardProbe; answer: ExploreAnswer }> {
    const uri = vscode.Uri.file(modelFile);
    await vscode.commands.executeCommand('cnnExplorer.openDashboard', { uri: uri.toString(), tab: 'explore' });
    const panel = await until('the file dashboard', () => api.dashboards().find((p) => p.target.kind === 'file' && p.target.uri.toString() === uri.toString()));
    await until('the page to ask for the Explore model (the tab shown)', () => panel.receivedCounts.get('requestExploreModel'), 60_000, stateOf(panel));
    const answer = await until('the Explore answer', () => panel.lastExploreMessage, 60_000, stateOf(panel));
    await until('the Explore answer delivered to the page', () => panel.deliveredCounts.get(answer.type), 30_000, stateOf(panel));
    return { panel, answer };
  }

  before(async () => {
    api = await vscode.extensions.getExtension<CnnExplorerTestApi>('cnn-explorer.cnn-explorer')!.activate();
    assert.ok(api?.training, 'the extension gives the tests no test API (is it running in ExtensionMode.Test?)');
  });

  after(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  it('"LeNet: Train" sends the weights after each epoch and saves every test prediction', async () => {
    const result = await vscode.commands.executeCommand<TrainingRunResult>('lenet.train', exploreRun);
    assert.ok(result, 'lenet.train returned nothing');
    if (result.runDir) made.push(result.runDir);
    assert.strictEqual(result.status, 'done', JSON.stringify(result.final));
    assert.ok(result.runDir);
    runDir = result.runDir;
    messages = result.messages;
    metrics = JSON.parse(readFileSync(join(runDir, 'metrics.json'), 'utf8')) as RunMetrics;

    const weights = messages.filter((m): m is TrainingWeights => m.type === 'weights');
    assert.deepStrictEqual(weights.map((w) => `${w.epoch}/${w.epochs}`), ['1/2', '2/2'], 'one weights message per epoch, through the trainer process');
    // After the last epoch: the weights the run saved.
    assert.ok(Buffer.from(weights[1].weightData, 'base64').equals(readFileSync(join(runDir, 'weights.bin'))), 'the last weights are weights.bin');

    assert.ok(metrics.test, 'the run was tested');
    assert.strictEqual(metrics.test.examples, metrics.dataset.testSize);
    assert.strictEqual(metrics.dataset.limited, true, 'training was limited; the test set was not');
    const done = messages.find((m): m is TrainingDone => m.type === 'done');
    assert.ok(done?.predictions, 'done carries the predictions');
    assert.strictEqual(metrics.test.predictions, done.predictions);
    assert.strictEqual(Buffer.from(done.predictions, 'base64').length, metrics.test.examples);
  });

  it('opens Explore on the run\'s model.json: its weights are weights.bin\'s bytes and its test set is the run\'s', async () => {
    assert.ok(runDir, 'no run folder (the training test failed)');
    const { panel, answer } = await exploreFile(join(runDir, 'model.json'));
    assert.strictEqual(answer.type, 'exploreModel', describeAnswer(answer));
    const m = answer as ExploreModelMessage;
    const modelJson = JSON.parse(readFileSync(join(runDir, 'model.json'), 'utf8')) as { modelTopology: unknown; weightsManifest: { weights: unknown[] }[] };
    assert.ok(bytesOf(m.weightData).equals(readFileSync(join(runDir, 'weights.bin'))), 'exploreModel.weightData is weights.bin');
    assert.deepStrictEqual(m.weightSpecs, modelJson.weightsManifest.flatMap((g) => g.weights));
    assert.deepStrictEqual(m.modelTopology, modelJson.modelTopology);

    const d = m.dataset;
    assert.ok(d, 'the run folder\'s Explore model comes with the run\'s test set');
    const count = metrics.dataset.testSize;
    assert.strictEqual(d.name, metrics.dataset.name);
    assert.deepStrictEqual(d.classNames, metrics.dataset.classNames);
    assert.deepStrictEqual([d.width, d.height, d.labels.length, d.images.length], [28, 28, count, count * 28 * 28]);
    // The run's predictions, and with the labels they count up to the run's confusion matrix.
    assert.ok(d.predictions, 'the run\'s predictions');
    assert.ok(bytesOf(d.predictions).equals(Buffer.from(metrics.test!.predictions!, 'base64')));
    const counted = metrics.test!.confusionMatrix.map((row) => row.map(() => 0));
    for (let i = 0; i < count; i++) counted[d.labels[i]][d.predictions[i]]++;
    assert.deepStrictEqual(counted, metrics.test!.confusionMatrix);
    // The images the trainer process itself sent for its misclassified examples are the same test images.
    const done = messages.find((x): x is TrainingDone => x.type === 'done')!;
    assert.ok(done.misclassified.length > 0);
    for (const x of done.misclassified) {
      assert.ok(bytesOf(d.images.subarray(x.index * 784, (x.index + 1) * 784)).equals(Buffer.from(x.pixels, 'base64')), `test image ${x.index}`);
      assert.deepStrictEqual([d.labels[x.index], d.predictions[x.index]], [x.label, x.predicted]);
    }
    // And the whole set is the test file the run read.
    if (metrics.dataset.source === 'system' || metrics.dataset.source === 'data-dir') {
      const images = findIdxFile(metrics.dataset.location, 't10k-images-idx3-ubyte');
      assert.ok(images, `no test images in ${metrics.dataset.location}`);
      assert.ok(bytesOf(d.images).equals(bytesOf(readIdxFile(images).data)), 'the test file\'s images');
    }
    assert.strictEqual(panel.rejectedByPage, 0, panel.lastRejection);

    // The page ran TF.js (wasm, the backend chosen for the webview) on its first input, the probe: test image 0.
    const drawn = await drawnReport(panel, m.modelId);
    assert.strictEqual(drawn.backend, 'wasm');
    assert.deepStrictEqual([drawn.layersDrawn, drawn.layersSkipped], [exploredLayers(runDir), 0]);
    assert.strictEqual(drawn.predicted, d.predictions[0], 'the page predicts test image 0 as the run did');
    console.log(`    Explore drawn in the webview: ${drawn.layersDrawn} layers on ${drawn.backend} in ${drawn.ms} ms`);
  });

  it('the built-in LeNet\'s Explore follows the last run: its weights after epoch 2 of 2, with the run\'s test set', async () => {
    assert.ok(runDir, 'no run folder (the training test failed)');
    await vscode.commands.executeCommand('cnnExplorer.openDashboard', { tab: 'explore' });
    const panel = await until('the LeNet dashboard', () => api.dashboards().find((p) => p.target.kind === 'builtin'));
    await until('the page to ask for the Explore model (the tab shown)', () => panel.receivedCounts.get('requestExploreModel'), 60_000, stateOf(panel));
    const answer = await until('the Explore answer', () => panel.lastExploreMessage, 60_000, stateOf(panel));
    assert.strictEqual(answer.type, 'exploreModel', describeAnswer(answer));
    const m = answer as ExploreModelMessage;
    assert.deepStrictEqual(m.origin, { kind: 'live', runId: metrics.runId, epoch: 2, epochs: 2 });
    assert.ok(bytesOf(m.weightData).equals(readFileSync(join(runDir, 'weights.bin'))), 'the weights after the last epoch are weights.bin');
    assert.ok(m.dataset?.predictions, 'the run\'s test set with its predictions (from done)');
    assert.ok(bytesOf(m.dataset.predictions).equals(Buffer.from(metrics.test!.predictions!, 'base64')));
    const drawn = await drawnReport(panel, m.modelId);
    assert.deepStrictEqual([drawn.backend, drawn.layersDrawn, drawn.layersSkipped], ['wasm', exploredLayers(runDir), 0]);
    assert.strictEqual(drawn.predicted, m.dataset.predictions[0]);
    assert.strictEqual(panel.rejectedByPage, 0, panel.lastRejection);
  });

  it('the built-in LeNet\'s Explore, open while LeNet trains, gets the weights after each epoch and draws them', async () => {
    const panel = api.dashboards().find((p) => p.target.kind === 'builtin');
    assert.ok(panel, 'the LeNet dashboard (the test before opened it)');
    // What the page is handed while the run goes on, sampled every 20 ms (the test API keeps the last one).
    const seen = new Map<string, ExploreModelMessage>();
    const drawn = new Set<string>();
    let running = true;
    const sampling = (async () => {
      while (running) {
        const m = panel.lastExploreMessage;
        if (m?.type === 'exploreModel' && m.origin.kind === 'live') seen.set(m.modelId, m);
        const r = panel.lastExploreReport;
        if (r?.type === 'exploreDrawn') drawn.add(r.modelId);
        await sleep(20);
      }
    })();
    const result = await vscode.commands.executeCommand<TrainingRunResult>('lenet.train', exploreRun);
    if (result?.runDir) made.push(result.runDir);
    assert.strictEqual(result?.status, 'done', JSON.stringify(result?.final));
    const last = `live:${result.runId}:2`;
    // In front again (a page draws when shown: its maps are painted on animation frames).
    await vscode.commands.executeCommand('cnnExplorer.openDashboard', { tab: 'explore' });
    await until('the page to draw the last epoch', () => drawn.has(last) || (panel.lastExploreReport?.modelId === last && panel.lastExploreReport.type === 'exploreDrawn'), 60_000, stateOf(panel));
    running = false;
    await sampling;
    const weights = result.messages.filter((m): m is TrainingWeights => m.type === 'weights');
    const live = [...seen.values()].filter((m) => m.origin.kind === 'live' && m.origin.runId === result.runId);
    assert.deepStrictEqual([...new Set(live.map((m) => m.origin.kind === 'live' ? m.origin.epoch : -1))], [1, 2], 'an Explore model after each epoch');
    for (const m of live) {
      const epoch = m.origin.kind === 'live' ? m.origin.epoch : -1;
      assert.ok(bytesOf(m.weightData).equals(Buffer.from(weights[epoch - 1].weightData, 'base64')), `the weights after epoch ${epoch}`);
    }
    assert.strictEqual(panel.rejectedByPage, 0, panel.lastRejection);
  });

  it('a model.json without weights: Explore says it needs them and how to get them', async () => {
    assert.ok(runDir, 'no run folder (the training test failed)');
    const dir = join(workspace(), 'models', 'explore-no-weights');
    made.push(dir);
    mkdirSync(dir, { recursive: true });
    const modelJson = JSON.parse(readFileSync(join(runDir, 'model.json'), 'utf8')) as Record<string, unknown>;
    delete modelJson.weightsManifest;
    writeFileSync(join(dir, 'model.json'), JSON.stringify(modelJson, null, 1));
    const { panel, answer } = await exploreFile(join(dir, 'model.json'));
    assert.strictEqual(answer.type, 'exploreUnavailable', describeAnswer(answer));
    if (answer.type !== 'exploreUnavailable') return;
    assert.match(answer.reason, /needs the trained weights/);
    assert.match(answer.hint ?? '', /LeNet: Train|model\.save/);
    assert.strictEqual(panel.rejectedByPage, 0, panel.lastRejection);
  });

  it('a model.json whose weights path leaves its folder: refused, naming the path', async () => {
    assert.ok(runDir, 'no run folder (the training test failed)');
    const dir = join(workspace(), 'models', 'explore-escape', 'model');
    made.push(join(workspace(), 'models', 'explore-escape'));
    mkdirSync(dir, { recursive: true });
    // The file the path names exists (a copy of the run's weights, one folder up): only the rule refuses it.
    writeFileSync(join(dir, '..', 'weights.bin'), readFileSync(join(runDir, 'weights.bin')));
    const modelJson = JSON.parse(readFileSync(join(runDir, 'model.json'), 'utf8')) as { weightsManifest: { paths: string[] }[] };
    modelJson.weightsManifest[0].paths = ['../weights.bin'];
    writeFileSync(join(dir, 'model.json'), JSON.stringify(modelJson, null, 1));
    const { answer } = await exploreFile(join(dir, 'model.json'));
    assert.strictEqual(answer.type, 'exploreUnavailable', describeAnswer(answer));
    if (answer.type !== 'exploreUnavailable') return;
    assert.match(answer.reason, /\.\.\/weights\.bin/);
  });

  it('leaves the run\'s Explore tab in front (the host\'s closing screenshot shows it drawn)', async () => {
    assert.ok(runDir, 'no run folder (the training test failed)');
    const { panel, answer } = await exploreFile(join(runDir, 'model.json'));
    await until('the run\'s dashboard in front', () => panel.panel.visible, 30_000, stateOf(panel));
    assert.strictEqual(answer.type, 'exploreModel');
    await drawnReport(panel, (answer as ExploreModelMessage).modelId);
    assert.strictEqual(panel.rejectedByPage, 0, panel.lastRejection);
  });
});
