// The dashboard inside a real VS Code: every way of opening it creates (or reveals) the panel with the right model,
// the webview's script runs under its CSP and says `ready`, and training messages reach it.
import * as assert from 'node:assert';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CnnExplorerTestApi } from '../../../src/extension/extension';
import { targetFromSavedState } from '../../../src/extension/dashboard/dashboardTarget';
import type { DashboardProbe } from '../../../src/extension/testApi';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const modelPath = (file: string) => join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'models', file);

async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms = 30_000, state?: () => string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${state ? ` (${state()})` : ''}`);
    await sleep(100);
  }
}

/** What a dashboard's page and posts look like, for a timeout's message. */
const stateOf = (panel: DashboardProbe) => () => `visible ${panel.panel.visible}, column ${panel.panel.viewColumn}, ready ${panel.isReady}, page loads ${panel.pageLoads}, `
  + `posted ${JSON.stringify([...panel.sentCounts])}, delivered ${JSON.stringify([...panel.deliveredCounts])}, `
  + `groups ${vscode.window.tabGroups.all.map((g) => `${g.viewColumn}:[${g.tabs.map((t) => `${t.label}${t.isActive ? '*' : ''}`).join(', ')}]`).join(' ')}`;

describe('dashboard panel in VS Code', function () {
  this.timeout(120_000);
  let api: CnnExplorerTestApi;

  before(async () => {
    api = await vscode.extensions.getExtension<CnnExplorerTestApi>('cnn-explorer.cnn-explorer')!.activate();
  });

  it('"CNN Explorer: Open Dashboard" shows the built-in LeNet, and its webview loads', async () => {
    await vscode.commands.executeCommand('cnnExplorer.openDashboard');
    const panel = await until('the LeNet panel', () => api.dashboards().find((p) => p.target.kind === 'builtin'));
    await until('the webview to say ready', () => panel.isReady);
    const message = await until('a model message', () => panel.lastModelMessage);
    assert.strictEqual(message.type, 'model');
    if (message.type !== 'model') return;
    // The built-in LeNet: 62,610 parameters (C1 156 + BN 24 + C3 2,416 + BN 64 + F5 48,120 + BN 480 + F6 10,164 + BN 336 + out 850).
    assert.strictEqual(message.analysis.totals.params, 156 + 24 + 2416 + 64 + 48120 + 480 + 10164 + 336 + 850);
    await until('the training replay delivered to the page', () => panel.deliveredCounts.get('trainingReplay'));
    await until('the model delivered to the page', () => panel.deliveredCounts.get('model'));
  });

  it('opening it again reveals the same panel instead of a second one', async () => {
    const before = api.dashboards().length;
    await vscode.commands.executeCommand('cnnExplorer.openDashboard');
    assert.strictEqual(api.dashboards().length, before);
  });

  it('"Inspect Model Architecture" on the active model file shows that model with TF.js\'s numbers', async () => {
    const uri = vscode.Uri.file(modelPath('functional-merges.json'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await vscode.commands.executeCommand('cnnExplorer.inspectModel');
    const panel = await until('the file panel', () => api.dashboards().find((p) => p.target.kind === 'file' && p.target.uri.toString() === uri.toString()));
    await until('the webview to say ready', () => panel.isReady);
    const message = await until('a model message', () => panel.lastModelMessage);
    assert.strictEqual(message.type, 'model');
    if (message.type !== 'model') return;
    const expected = JSON.parse(readFileSync(modelPath('functional-merges.expected.json'), 'utf8')) as { name: string; params: number }[];
    assert.strictEqual(message.analysis.totals.params, expected.reduce((n, l) => n + l.params, 0));
    assert.deepStrictEqual(message.analysis.layers.map((l) => l.name), expected.map((l) => l.name));
  });

  it('the hover link (file + layer) reveals that panel and focuses the layer', async () => {
    const uri = vscode.Uri.file(modelPath('functional-merges.json'));
    const panels = api.dashboards().length;
    await vscode.commands.executeCommand('cnnExplorer.inspectModel', uri.toString(), 'left');
    const panel = api.dashboards().find((p) => p.target.kind === 'file' && p.target.uri.toString() === uri.toString());
    assert.ok(panel);
    assert.strictEqual(api.dashboards().length, panels);
    await until('a focusLayer message delivered to the page', () => panel.deliveredCounts.get('focusLayer'));
  });

  it('the old command ids (lenet.openDashboard, lenet.inspectModel: keybindings made with them) still run the commands', async () => {
    const panels = api.dashboards().length;
    // Each returns what the new id returns: the dashboard it opened or revealed.
    const opened = await vscode.commands.executeCommand<{ target: { kind: string } } | undefined>('lenet.openDashboard');
    assert.strictEqual(opened?.target.kind, 'builtin');
    const uri = vscode.Uri.file(modelPath('functional-merges.json'));
    const file = api.dashboards().find((p) => p.target.kind === 'file' && p.target.uri.toString() === uri.toString());
    assert.ok(file);
    const focused = file.deliveredCounts.get('focusLayer') ?? 0;
    const inspected = await vscode.commands.executeCommand<{ target: { kind: string; uri?: vscode.Uri } } | undefined>('lenet.inspectModel', uri.toString(), 'left');
    assert.strictEqual(inspected?.target.uri?.toString(), uri.toString());
    await until('a focusLayer message delivered to the page', () => (file.deliveredCounts.get('focusLayer') ?? 0) > focused);
    assert.strictEqual(api.dashboards().length, panels);
  });

  it('an edit to the model file reaches its dashboard once, from the inspector\'s analysis of that version', async () => {
    const uri = vscode.Uri.file(modelPath('functional-merges.json'));
    const doc = await vscode.workspace.openTextDocument(uri);
    const panel = api.dashboards().find((p) => p.target.kind === 'file' && p.target.uri.toString() === uri.toString());
    assert.ok(panel);
    await until('the page ready and taking the model', async () => panel.isReady && (await panel.resendModel()), 30_000, stateOf(panel));
    const expected = JSON.parse(readFileSync(modelPath('functional-merges.expected.json'), 'utf8')) as { name: string; params: number }[];
    const total = expected.reduce((n, l) => n + l.params, 0);
    const shownParams = () => (panel.lastModelMessage?.type === 'model' ? panel.lastModelMessage.analysis.totals.params : undefined);
    assert.strictEqual(shownParams(), total);
    const modelsBefore = panel.sentCounts.get('model') ?? 0;
    const original = doc.getText();
    // `logits` is Dense(10) on 32 inputs: 32·10 + 10 = 330 parameters; as Dense(7), 32·7 + 7 = 231.
    const at = original.indexOf('"units": 10');
    assert.ok(at > 0 && expected.at(-1)?.name === 'logits' && expected.at(-1)?.params === 32 * 10 + 10);
    const analysed = new Promise<void>((resolve) => {
      const subscription = api.onDidAnalyseDocument((d) => {
        if (d.uri.toString() !== uri.toString() || d.getText() === original) return;
        subscription.dispose();
        resolve();
      });
    });
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + '"units": 10'.length)), '"units": 7');
    try {
      assert.ok(await vscode.workspace.applyEdit(edit));
      await analysed;
      await until('the edited model on the dashboard', () => shownParams() === total - (32 * 10 + 10) + (32 * 7 + 7));
      // One model message for the edit: the dashboard has no debounce of its own that would post it again.
      await sleep(1500);
      assert.strictEqual((panel.sentCounts.get('model') ?? 0) - modelsBefore, 1);
    } finally {
      const restore = new vscode.WorkspaceEdit();
      restore.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), original);
      await vscode.workspace.applyEdit(restore);
      await doc.save();
    }
  });

  it('"Inspect Model Architecture" on a file that is not a model says so and opens nothing', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: '{"name": "just json"}' });
    await vscode.window.showTextDocument(doc);
    const panels = api.dashboards().length;
    const result = await vscode.commands.executeCommand('cnnExplorer.inspectModel');
    assert.strictEqual(result, undefined);
    assert.strictEqual(api.dashboards().length, panels);
  });

  it('training messages reach the open dashboard', async () => {
    // Bring the LeNet panel to the front: a hidden webview has no page to post to (it is replayed when shown).
    await vscode.commands.executeCommand('cnnExplorer.openDashboard');
    const panel = api.dashboards().find((p) => p.target.kind === 'builtin');
    assert.ok(panel);
    // Live: the page said ready and takes a message now (a hidden-then-shown page is a new page that says ready).
    await until('the webview to say ready and take the model', async () => panel.isReady && (await panel.resendModel()));
    const before = panel.deliveredCounts.get('training') ?? 0;
    const result = await vscode.commands.executeCommand<{ status: string; runDir?: string }>('lenet.train', {
      preset: 'tuned', overrides: { epochs: 1, batchSize: 50, logEveryBatches: 1, backend: 'wasm' }, limits: { train: 100, test: 50 }, pick: false,
    });
    if (result.runDir) rmSync(result.runDir, { recursive: true, force: true });
    assert.strictEqual(result.status, 'done');
    // started + 2 batch + epoch + done (+ log lines): at least five progress messages were handed to the live page
    // (postMessage resolved true), and the page's validator rejected none.
    await until('training messages delivered to the page', () => (panel.deliveredCounts.get('training') ?? 0) - before >= 5);
    assert.strictEqual(panel.rejectedByPage, 0);
  });
});

describe('reviving a dashboard from its saved webview state', () => {
  it('reads the model the state names through the protocol\'s validator: only a well-formed, own modelRef counts', () => {
    const file = vscode.Uri.file(modelPath('sequential-cnn.json'));
    const target = (state: unknown) => {
      const t = targetFromSavedState(state);
      return t === null ? null : t.kind === 'builtin' ? 'builtin' : t.uri.toString();
    };
    assert.strictEqual(target({ modelRef: { source: 'builtin', uri: null } }), 'builtin');
    assert.strictEqual(target({ modelRef: { source: 'file', uri: file.toString() } }), file.toString());
    // A state from another build or edited by hand: nothing to revive rather than a wrong model.
    for (const state of [undefined, null, 'x', {}, { modelRef: null }, { modelRef: { source: 'file' } }, { modelRef: { source: 'file', uri: 7 } }, { modelRef: { source: 'remote', uri: 'x' } }]) {
      assert.strictEqual(target(state), null, JSON.stringify(state));
    }
    // Only the state's own field: a modelRef inherited from a prototype is not the state's.
    assert.strictEqual(target(Object.create({ modelRef: { source: 'builtin', uri: null } })), null);
  });
});

describe('dashboard tabs', function () {
  this.timeout(120_000);
  let api: CnnExplorerTestApi;

  before(async () => {
    api = await vscode.extensions.getExtension<CnnExplorerTestApi>('cnn-explorer.cnn-explorer')!.activate();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('tabs are titled "CNN Explorer: <folder>/<file>" so two files of the same name differ', async () => {
    const open = async (file: string, viewColumn: vscode.ViewColumn) =>
      vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(modelPath(file))), { viewColumn, preview: false });
    const fileDashboard = (file: string) => api.dashboards().find((p) => p.target.kind === 'file' && p.target.uri.fsPath === modelPath(file));

    await open('sequential-cnn.json', vscode.ViewColumn.One);
    await vscode.commands.executeCommand('cnnExplorer.inspectModel');
    const first = await until('the dashboard', () => fileDashboard('sequential-cnn.json'));
    assert.strictEqual(first.panel.title, 'CNN Explorer: models/sequential-cnn.json');
    // Each page loads before anything hides or closes it. A webview hidden or closed while its scripts load leaves
    // VS Code's webview service worker with fetches pending until its 30 s request timeout, and the next dashboard
    // opened meanwhile stays blank until then (2 of 6 looped runs failed in the next test; README, Known gaps).
    await until('the file page ready', () => first.isReady, 30_000, stateOf(first));
    await open('channels-first.json', vscode.ViewColumn.Two); // hides that dashboard; LeNet then opens in a new group
    await vscode.commands.executeCommand('cnnExplorer.openDashboard');
    const lenet = await until('the LeNet panel', () => api.dashboards().find((p) => p.target.kind === 'builtin'));
    assert.strictEqual(lenet.panel.title, 'CNN Explorer: LeNet-5 (built-in)');
    await until('the LeNet page ready', () => lenet.isReady, 30_000, stateOf(lenet));
  });

  it('a second dashboard opens in the group where a dashboard is shown, not in a new group each time (issue #15)', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await until('every dashboard closed', () => api.dashboards().length === 0);
    await vscode.commands.executeCommand('cnnExplorer.openDashboard');
    const lenet = await until('the LeNet panel', () => api.dashboards().find((p) => p.target.kind === 'builtin'));
    await until('the LeNet page ready', async () => lenet.isReady && (await lenet.resendModel()), 30_000, stateOf(lenet));
    // The model file beside it, active; the LeNet dashboard stays shown in its own group.
    const uri = vscode.Uri.file(modelPath('sequential-cnn.json'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { viewColumn: vscode.ViewColumn.Beside });
    await until('LeNet shown beside the file', () => lenet.panel.visible);
    const groups = vscode.window.tabGroups.all.length;
    await vscode.commands.executeCommand('cnnExplorer.inspectModel');
    const file = await until('the file panel', () => api.dashboards().find((p) => p.target.kind === 'file'));
    await until('the file dashboard ready', async () => file.isReady && (await file.resendModel()), 30_000, stateOf(file));
    assert.strictEqual(file.panel.viewColumn, lenet.panel.viewColumn, 'opened in the dashboards\' group');
    assert.strictEqual(vscode.window.tabGroups.all.length, groups, 'no new editor group');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
