// The dashboard of a PyTorch model inside a real VS Code (issue #12, "Inspect opens the dashboard"): the CodeLens's
// command opens it for a .py file and its model, the page loads and takes the model, and an edit to the file reaches
// it. Every number asserted is PyTorch 1.13.1's own, recorded by scripts/oracle/pytorch_shapes.py in
// test/fixtures/pytorch-corpus/expected/*.json; the corpus file is opened in place and its edit reverted, never saved.
import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';
import type { CnnExplorerTestApi } from '../../../src/extension/extension';
import { targetFromSavedState } from '../../../src/extension/dashboard/dashboardTarget';
import { revealPyTorchLayer } from '../../../src/extension/dashboard/pytorchModels';
import { PyTorchAnalyses } from '../../../src/extension/pytorch/faces/pytorchAnalyses';

interface OracleLayer { name: string; className: string; calls: { outputShapes: ((number | null)[] | null)[] }[]; trainableParams: number; bufferElements: number }
interface Oracle { layers: OracleLayer[]; totals: { trainableParams: number } }

// dist-test/integration/suite → the repository.
const corpus = resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'pytorch-corpus');
const oracle = (file: string): Oracle => JSON.parse(readFileSync(join(corpus, 'expected', `${file}.json`), 'utf8')) as Oracle;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('the dashboard of a PyTorch model', function () {
  this.timeout(120_000);
  let api: CnnExplorerTestApi;
  const file = 'lenet_sequential.py';
  const uri = vscode.Uri.file(join(corpus, file));

  before(async () => {
    api = await vscode.extensions.getExtension<CnnExplorerTestApi>('cnn-explorer.cnn-explorer')!.activate();
  });

  after(async () => {
    // The notebook editor renders in webviews of its own; closed while one still loads, VS Code's webview service
    // worker stalls for its 30 s request timeout and the next dashboard opened meanwhile stays blank (README, Known
    // gaps). So the suite ends only once a dashboard page loads again: the next suite starts from a working workbench.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await until('every dashboard closed', () => api.dashboards().length === 0);
    await vscode.commands.executeCommand('cnnExplorer.openDashboard');
    const lenet = await until('the LeNet panel', () => api.dashboards().find((p) => p.target.kind === 'builtin'));
    await until('a dashboard page loading again after the notebook closed', async () => lenet.isReady && (await lenet.resendModel()), 90_000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  const panelOf = () => api.dashboards().find((p) => p.target.kind === 'pytorch' && p.target.uri.toString() === uri.toString());
  const shown = () => {
    const panel = panelOf();
    const m = panel?.lastModelMessage;
    return m?.type === 'model' ? m : undefined;
  };

  it('the CodeLens\'s "Inspect" command opens it for the file\'s model, with PyTorch\'s layers, shapes and parameters', async () => {
    const expected = oracle(file);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    // What the CodeLens above `net = nn.Sequential(...)` runs (src/extension/pytorch/faces, /tmp/brief/D-F.md).
    await vscode.commands.executeCommand('cnnExplorer.openDashboard', { uri: uri.toString(), entry: 'net' });
    const panel = await until('the PyTorch panel', panelOf);
    assert.strictEqual(panel.panel.title, 'CNN Explorer: pytorch-corpus/lenet_sequential.py · net');
    await until('the webview to say ready', () => panel.isReady);
    const message = await until('the model message', shown);
    await until('the model delivered to the page', () => panel.deliveredCounts.get('model'));
    assert.strictEqual(panel.rejectedByPage, 0);
    assert.strictEqual(message.model.source, 'pytorch');
    assert.strictEqual(message.model.entry, 'net');
    assert.strictEqual(message.analysis.model.format, 'pytorch');
    assert.strictEqual(message.engine, 'PyTorch · static analysis');
    // LeNet-5 (d2l): 156 + 2,416 + 48,120 + 10,164 + 850 = 61,706 trainable parameters, as PyTorch counts them.
    assert.strictEqual(message.analysis.totals.params, expected.totals.trainableParams);
    assert.strictEqual(expected.totals.trainableParams, 156 + 2416 + 48120 + 10164 + 850);
    const modules = message.analysis.layers.filter((l) => l.drawing !== 'input');
    assert.deepStrictEqual(modules.map((l) => [l.name, l.className, l.outputShapes[0], l.trainableParams]),
      expected.layers.map((l) => [l.name, l.className, l.calls[0].outputShapes[0], l.trainableParams]));
    // The what-if walks what the analysis walked: one entry per call.
    assert.ok(message.memoryLayers && message.memoryLayers.length > 0);
  });

  it('"Inspect Model Architecture" on the active .py file opens the same dashboard (not "not a TF.js model")', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await until('every dashboard closed', () => api.dashboards().length === 0);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('cnnExplorer.inspectModel');
    const panel = await until('the PyTorch panel', panelOf);
    await until('the webview to say ready', () => panel.isReady);
    const message = await until('the model message', shown);
    assert.strictEqual(message.analysis.model.format, 'pytorch');
    assert.strictEqual(message.analysis.totals.params, oracle(file).totals.trainableParams);
  });

  it('an edit to the file reaches its dashboard, from the PyTorch analysis of that version', async () => {
    const document = await vscode.workspace.openTextDocument(uri);
    const panel = panelOf();
    assert.ok(panel);
    await until('the page ready and taking the model', async () => panel.isReady && (await panel.resendModel()));
    const original = document.getText();
    const total = oracle(file).totals.trainableParams;
    // The classifier nn.Linear(84, 10): 84·10 + 10 = 850 parameters; as nn.Linear(84, 12), 84·12 + 12 = 1,020, and the
    // model's output [N, 10] becomes [N, 12].
    const at = original.indexOf('nn.Linear(84, 10)');
    assert.ok(at > 0);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(document.positionAt(at), document.positionAt(at + 'nn.Linear(84, 10)'.length)), 'nn.Linear(84, 12)');
    try {
      assert.ok(await vscode.workspace.applyEdit(edit));
      const edited = await until('the edited model on the dashboard', () => {
        const m = shown();
        return m && m.analysis.totals.params === total - 850 + 1020 ? m : undefined;
      });
      assert.deepStrictEqual(edited.analysis.layers.find((l) => l.name === '11')?.outputShapes, [[null, 12]]);
      await until('the edited model delivered to the page', () => (panel.deliveredCounts.get('model') ?? 0) >= 2);
      assert.strictEqual(panel.rejectedByPage, 0);
    } finally {
      const restore = new vscode.WorkspaceEdit();
      restore.replace(uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), original);
      await vscode.workspace.applyEdit(restore);
    }
    await until('the original model back on the dashboard', () => shown()?.analysis.totals.params === total);
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One });
    await vscode.commands.executeCommand('workbench.action.files.revert');
    // The dashboard in front again for the suite's closing screenshot, its page live with the model.
    panel.panel.reveal(undefined, true);
    await until('the page ready and taking the model again', async () => panel.isReady && (await panel.resendModel()));
    await sleep(1500);
  });

  it('a notebook\'s model opens too: its code cells joined, PyTorch\'s layer names and shapes', async () => {
    const notebookFile = 'notebook_exercise20.ipynb';
    const expected = oracle(notebookFile);
    const notebook = vscode.Uri.file(join(corpus, notebookFile));
    await vscode.commands.executeCommand('cnnExplorer.openDashboard', { uri: notebook.toString() });
    const panel = await until('the notebook panel', () => api.dashboards().find((p) => p.target.kind === 'pytorch' && p.target.uri.toString() === notebook.toString()));
    await until('the webview to say ready', () => panel.isReady);
    const message = await until('the model message', () => (panel.lastModelMessage?.type === 'model' ? panel.lastModelMessage : undefined));
    await until('the model delivered to the page', () => panel.deliveredCounts.get('model'));
    assert.strictEqual(panel.rejectedByPage, 0);
    const byName = new Map(message.analysis.layers.map((l) => [l.name, l]));
    for (const l of expected.layers.filter((x) => x.calls.length > 0)) {
      assert.deepStrictEqual(byName.get(l.name)?.outputShapes[0], l.calls[0].outputShapes[0], l.name);
    }
    // nn.0 is Conv2d(1, 6, kernel_size=5, padding=2): 6·1·5·5 + 6 = 156 parameters.
    assert.strictEqual(byName.get('nn.0')?.trainableParams, 156);
  });

  it('"Reveal in editor" selects a layer\'s construction: in the .py file, and in the notebook cell that holds it', async () => {
    // The faces' analyses as the extension builds them (a second instance, disposed after), handed to the panel's reveal.
    const state = new Map<string, unknown>();
    const memento: vscode.Memento = {
      keys: () => [...state.keys()],
      get: <T>(key: string, fallback?: T) => (state.has(key) ? state.get(key) as T : fallback),
      update: async (key: string, value: unknown) => void state.set(key, value),
    };
    const models = new PyTorchAnalyses(memento);
    const selected = (target: vscode.Uri) => {
      const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === target.toString());
      return editor?.document.getText(editor.selection);
    };
    try {
      assert.deepStrictEqual(await revealPyTorchLayer(models, { uri, entry: 'net' }, '7', vscode.ViewColumn.Two), { ok: true });
      assert.strictEqual(selected(uri), 'nn.Linear(16 * 5 * 5, 120)');
      const notebook = vscode.Uri.file(join(corpus, 'notebook_exercise20.ipynb'));
      const nb = await vscode.workspace.openNotebookDocument(notebook);
      assert.deepStrictEqual(await revealPyTorchLayer(models, { uri: notebook, entry: null }, 'nn.0', vscode.ViewColumn.Two), { ok: true });
      const cell = nb.getCells().find((c) => c.document.getText().includes('nn.Conv2d(1, 6, kernel_size=5, stride=1, padding=2)'));
      assert.ok(cell);
      assert.strictEqual(await until('the cell\'s selection', () => selected(cell.document.uri)), 'nn.Conv2d(1, 6, kernel_size=5, stride=1, padding=2)');
      // A layer the model no longer has says so.
      const gone = await revealPyTorchLayer(models, { uri, entry: 'net' }, 'features.99', vscode.ViewColumn.Two);
      assert.deepStrictEqual(gone, { ok: false, message: 'features.99 is no longer in the model (edited since?).' });
    } finally {
      models.dispose();
    }
  });

  it('a saved state names the PyTorch model to revive: its file and entry', () => {
    const target = targetFromSavedState({ modelRef: { source: 'pytorch', uri: uri.toString(), entry: 'net' } });
    assert.ok(target && target.kind === 'pytorch');
    assert.strictEqual(target.uri.toString(), uri.toString());
    assert.strictEqual(target.entry, 'net');
  });
});
