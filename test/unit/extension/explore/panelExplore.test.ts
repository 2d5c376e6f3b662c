// One dashboard's Explore tab on the host: the built-in LeNet's tab gets the live run's newest weights (and each new
// epoch while it follows the live run), a saved run the page chose only if it is a workspace run, the newest run, or
// "No trained LeNet yet"; a file's tab its own model.json; only the newest request is answered.
import * as assert from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExploreHostMessage, RunSummary, TrainingMessage, TrainingWeights } from '../../../../src/protocol';
import type { DashboardTarget } from '../../../../src/extension/dashboard/dashboardTarget';
import { TrainingBuffer } from '../../../../src/extension/dashboard/trainingBuffer';
import { ExploreModels } from '../../../../src/extension/explore/exploreModels';
import { PanelExplore } from '../../../../src/extension/explore/panelExplore';
import { earlierRun, trainingStream } from '../../../browser/fixtures';

const topology = { class_name: 'Sequential', config: { name: 'm', layers: [] } };
const f32 = (...values: number[]) => new Uint8Array(new Float32Array(values).buffer);
const weights = (runId: string, epoch: number): TrainingWeights => ({
  type: 'weights', runId, epoch, epochs: 2, modelTopology: topology,
  weightSpecs: [{ name: 'k', shape: [1], dtype: 'float32' }], weightData: Buffer.from(f32(epoch)).toString('base64'),
});
const localFolder = { scheme: 'file', toString: () => 'file:///w' };
/** Waits until `posted` holds `n` messages (live epochs are answered asynchronously), then a little longer for any extra. */
async function postedCount(posted: unknown[], n: number): Promise<void> {
  for (let i = 0; i < 200 && posted.length < n; i++) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, 20));
}

describe('PanelExplore', () => {
  let root: string;
  let runDir: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'panel-explore-'));
    runDir = join(root, '.lenet', 'runs', 'r1');
    mkdirSync(runDir, { recursive: true });
    writeFileSync(join(runDir, 'weights.bin'), f32(42));
    writeFileSync(join(runDir, 'model.json'), JSON.stringify({ modelTopology: topology, weightsManifest: [{ paths: ['weights.bin'], weights: [{ name: 'k', shape: [1], dtype: 'float32' }] }] }));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function setUp(target: DashboardTarget, runs: RunSummary[], folders = [localFolder], models = new ExploreModels({ systemDirs: [] })) {
    const training = new TrainingBuffer();
    const posted: ExploreHostMessage[] = [];
    const explore = new PanelExplore(target, {
      models, training, runs: async () => runs,
      post: async (m) => posted.push(m) > 0, workspaceFolders: () => folders,
    });
    training.subscribe((m: TrainingMessage) => explore.onTraining(m));
    return { training, posted, explore };
  }
  const run = (): RunSummary => ({ ...earlierRun(), runDir });
  const firstValue = (m: ExploreHostMessage | undefined) => (m?.type === 'exploreModel' ? new Float32Array(m.weightData.slice().buffer)[0] : m);

  it('no run at all: "No trained LeNet yet", and how to train', async () => {
    const { posted, explore } = setUp({ kind: 'builtin' }, []);
    await explore.requestModel(null);
    assert.deepStrictEqual(posted, [{ type: 'exploreUnavailable', reason: 'No trained LeNet yet: Explore shows a trained network.', hint: 'Run "LeNet: Train": the tab follows the run epoch by epoch, then shows the saved run.' }]);
  });

  it('the newest saved run, then the live run epoch by epoch once one trains', async () => {
    const { training, posted, explore } = setUp({ kind: 'builtin' }, [run()]);
    await explore.requestModel(null);
    assert.strictEqual(firstValue(posted[0]), 42);
    trainingStream('live').slice(0, 2).forEach((m) => training.post(m));
    training.post(weights('live', 1));
    await postedCount(posted, 2);
    training.post(weights('live', 2));
    await postedCount(posted, 3);
    assert.deepStrictEqual(posted.slice(1).map(firstValue), [1, 2]);
    assert.deepStrictEqual(posted.slice(1).map((m) => m.type === 'exploreModel' && m.modelId), ['live:live:1', 'live:live:2']);
    // Two epochs at once: only the newer is posted.
    training.post(weights('live', 3));
    training.post(weights('live', 4));
    await postedCount(posted, 4);
    assert.deepStrictEqual(posted.slice(3).map(firstValue), [4]);
  });

  it('the live run\'s test set goes to the page once per run (and again with the predictions, or after the page asks)', async () => {
    const subset = join(__dirname, '..', '..', '..', '..', 'media', 'datasets');
    const { training, posted, explore } = setUp({ kind: 'builtin' }, [], [localFolder], new ExploreModels({ systemDirs: [], subsetDir: subset }));
    // The recorded run's messages up to its `started` (its dataset: Fashion-MNIST, found in the shipped subset here).
    const stream = trainingStream('live');
    stream.slice(0, stream.findIndex((m) => m.type === 'started') + 1).forEach((m) => training.post(m));
    training.post(weights('live', 1));
    await explore.requestModel(null);
    const datasetOf = (m: ExploreHostMessage | undefined) => (m?.type === 'exploreModel' ? m.dataset && m.dataset.labels.length : 'none');
    assert.ok(typeof datasetOf(posted[0]) === 'number' && (datasetOf(posted[0]) as number) > 0, 'the first answer carries the test set');
    training.post(weights('live', 2));
    await postedCount(posted, 2);
    assert.strictEqual(datasetOf(posted[1]), null, 'a later epoch leaves it out');
    await explore.requestModel(null);
    assert.strictEqual(datasetOf(posted[2]), datasetOf(posted[0]), 'a page that asks again (a reload) gets it');
  });

  it('a run the page chose: that run, and live epochs no longer replace it', async () => {
    const { training, posted, explore } = setUp({ kind: 'builtin' }, [run()]);
    training.post(weights('live', 1));
    await explore.requestModel(null);
    assert.strictEqual(firstValue(posted[0]), 1, 'the live run first');
    await explore.requestModel(runDir);
    assert.strictEqual(firstValue(posted[1]), 42);
    training.post(weights('live', 2));
    await postedCount(posted, 3);
    assert.strictEqual(posted.length, 2);
  });

  it('refuses a folder that is not one of the workspace\'s runs, reading nothing there', async () => {
    const elsewhere = join(root, 'elsewhere');
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, 'model.json'), '{}');
    const { posted, explore } = setUp({ kind: 'builtin' }, [run()]);
    await explore.requestModel(elsewhere);
    assert.strictEqual(posted[0].type, 'exploreUnavailable');
    assert.match(posted[0].type === 'exploreUnavailable' ? posted[0].reason : '', /is not a saved run of this workspace/);
  });

  it('posts nothing live to a page that has not asked', async () => {
    const { training, posted } = setUp({ kind: 'builtin' }, []);
    training.post(weights('live', 1));
    await postedCount(posted, 1);
    assert.strictEqual(posted.length, 0);
  });

  it('answers only the newest of two requests', async () => {
    const { posted, explore } = setUp({ kind: 'builtin' }, [run()]);
    await Promise.all([explore.requestModel(runDir), explore.requestModel(join(root, 'x'))]);
    assert.strictEqual(posted.length, 1);
    assert.strictEqual(posted[0].type, 'exploreUnavailable');
  });

  it('refresh: posts again only what changed (a saved model.json\'s weights, a newer run)', async () => {
    const file = { scheme: 'file', fsPath: join(runDir, 'model.json'), toString: () => 'file:///r/model.json' };
    const { posted, explore } = setUp({ kind: 'file', uri: file } as unknown as DashboardTarget, []);
    await explore.refresh();
    assert.strictEqual(posted.length, 0, 'nothing before the page asked');
    await explore.requestModel(null);
    await explore.refresh();
    assert.strictEqual(posted.length, 1, 'unchanged: not posted again');
    writeFileSync(join(runDir, 'weights.bin'), f32(7));
    utimesSync(join(runDir, 'weights.bin'), new Date(), new Date(Date.now() + 5000));
    await explore.refresh();
    assert.deepStrictEqual(posted.map(firstValue), [42, 7]);

    const runs = [run()];
    const builtin = setUp({ kind: 'builtin' }, runs);
    await builtin.explore.requestModel(null);
    const newer = join(root, '.lenet', 'runs', 'r2');
    mkdirSync(newer);
    writeFileSync(join(newer, 'weights.bin'), f32(8));
    writeFileSync(join(newer, 'model.json'), JSON.stringify({ modelTopology: topology, weightsManifest: [{ paths: ['weights.bin'], weights: [{ name: 'k', shape: [1], dtype: 'float32' }] }] }));
    runs.unshift({ ...earlierRun(), runDir: newer });
    await builtin.explore.refresh();
    assert.deepStrictEqual(builtin.posted.map(firstValue), [7, 8], 'r1 (rewritten above), then the newer r2');
  });

  it('a file\'s tab: its own model.json; a virtual workspace file: needs a local folder', async () => {
    const file = { scheme: 'file', fsPath: join(runDir, 'model.json'), toString: () => 'file:///r/model.json' };
    const { posted, explore } = setUp({ kind: 'file', uri: file } as unknown as DashboardTarget, []);
    await explore.requestModel(null);
    assert.strictEqual(firstValue(posted[0]), 42);
    const remote = { scheme: 'vscode-vfs', fsPath: '/m/model.json', toString: () => 'vscode-vfs://github/m/model.json' };
    const other = setUp({ kind: 'file', uri: remote } as unknown as DashboardTarget, []);
    await other.explore.requestModel(null);
    assert.match(other.posted[0].type === 'exploreUnavailable' ? other.posted[0].reason : '', /^Explore needs a local folder: vscode-vfs:\/\/github\/m\/model\.json/);
  });
});
