// The dashboard inside a real VS Code: every way of opening it creates (or reveals) the panel with the right model,
// the webview's script runs under its CSP and says `ready`, and training messages reach it.
import * as assert from 'node:assert';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CnnExplorerApi } from '../../../src/extension/extension';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const modelPath = (file: string) => join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'models', file);

async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('dashboard panel in VS Code', function () {
  this.timeout(120_000);
  let api: CnnExplorerApi;

  before(async () => {
    api = await vscode.extensions.getExtension<CnnExplorerApi>('cnn-explorer.cnn-explorer')!.activate();
  });

  it('"LeNet: Open Dashboard" shows the built-in LeNet, and its webview loads', async () => {
    await vscode.commands.executeCommand('lenet.openDashboard');
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
    await vscode.commands.executeCommand('lenet.openDashboard');
    assert.strictEqual(api.dashboards().length, before);
  });

  it('"Inspect Model Architecture" on the active model file shows that model with TF.js\'s numbers', async () => {
    const uri = vscode.Uri.file(modelPath('functional-merges.json'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await vscode.commands.executeCommand('lenet.inspectModel');
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
    await vscode.commands.executeCommand('lenet.inspectModel', uri.toString(), 'left');
    const panel = api.dashboards().find((p) => p.target.kind === 'file' && p.target.uri.toString() === uri.toString());
    assert.ok(panel);
    assert.strictEqual(api.dashboards().length, panels);
    await until('a focusLayer message delivered to the page', () => panel.deliveredCounts.get('focusLayer'));
  });

  it('"Inspect Model Architecture" on a file that is not a model says so and opens nothing', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: '{"name": "just json"}' });
    await vscode.window.showTextDocument(doc);
    const panels = api.dashboards().length;
    const result = await vscode.commands.executeCommand('lenet.inspectModel');
    assert.strictEqual(result, undefined);
    assert.strictEqual(api.dashboards().length, panels);
  });

  it('training messages reach the open dashboard', async () => {
    // Bring the LeNet panel to the front: a hidden webview has no page to post to (it is replayed when shown).
    await vscode.commands.executeCommand('lenet.openDashboard');
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

describe('dashboard tabs', function () {
  this.timeout(120_000);
  let api: CnnExplorerApi;

  before(async () => {
    api = await vscode.extensions.getExtension<CnnExplorerApi>('cnn-explorer.cnn-explorer')!.activate();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('tabs are titled "CNN Explorer: <folder>/<file>" so two files of the same name differ', async () => {
    const open = async (file: string, viewColumn: vscode.ViewColumn) =>
      vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(modelPath(file))), { viewColumn, preview: false });
    const fileDashboard = (file: string) => api.dashboards().find((p) => p.target.kind === 'file' && p.target.uri.fsPath === modelPath(file));

    await open('sequential-cnn.json', vscode.ViewColumn.One);
    await vscode.commands.executeCommand('lenet.inspectModel');
    const first = await until('the dashboard', () => fileDashboard('sequential-cnn.json'));
    assert.strictEqual(first.panel.title, 'CNN Explorer: models/sequential-cnn.json');
    await open('channels-first.json', vscode.ViewColumn.Two); // LeNet then opens beside it, in a new group
    await vscode.commands.executeCommand('lenet.openDashboard');
    const lenet = await until('the LeNet panel', () => api.dashboards().find((p) => p.target.kind === 'builtin'));
    assert.strictEqual(lenet.panel.title, 'CNN Explorer: LeNet-5 (built-in)');
  });

  it('a second dashboard opens in the group where a dashboard is shown, not in a new group each time (issue #15)', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await until('every dashboard closed', () => api.dashboards().length === 0);
    await vscode.commands.executeCommand('lenet.openDashboard');
    const lenet = await until('the LeNet panel', () => api.dashboards().find((p) => p.target.kind === 'builtin'));
    await until('the LeNet page ready', async () => lenet.isReady && (await lenet.resendModel()));
    // The model file beside it, active; the LeNet dashboard stays shown in its own group.
    const uri = vscode.Uri.file(modelPath('sequential-cnn.json'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { viewColumn: vscode.ViewColumn.Beside });
    await until('LeNet shown beside the file', () => lenet.panel.visible);
    const groups = vscode.window.tabGroups.all.length;
    await vscode.commands.executeCommand('lenet.inspectModel');
    const file = await until('the file panel', () => api.dashboards().find((p) => p.target.kind === 'file'));
    await until('the file dashboard ready', async () => file.isReady && (await file.resendModel()));
    assert.strictEqual(file.panel.viewColumn, lenet.panel.viewColumn, 'opened in the dashboards\' group');
    assert.strictEqual(vscode.window.tabGroups.all.length, groups, 'no new editor group');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
