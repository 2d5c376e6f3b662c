// A dashboard hidden and shown again, in the ways a user does it (another editor in its group, another dashboard in
// its group, moving it between groups, quick hide-and-show): every time it is shown its page must be ready and show
// the model. The page is kept while hidden (retainContextWhenHidden): hidden behind another editor it is the same
// page when shown again (no reload, its state and live charts kept). With pages destroyed on hide, VS Code 1.100.3
// sometimes showed a panel without loading a new page (1 of 10 full suite runs; 7 of 13 with two dashboards in one
// group): a blank dashboard.
import * as assert from 'node:assert';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CnnExplorerTestApi } from '../../../src/extension/extension';
import type { DashboardProbe } from '../../../src/extension/testApi';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const modelUri = (file: string) => vscode.Uri.file(join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'models', file));

async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms = 30_000, state?: () => string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${state ? ` (${state()})` : ''}`);
    await sleep(100);
  }
}

/** The built-in LeNet's parameter count (C1 156 + BN 24 + C3 2,416 + BN 64 + F5 48,120 + BN 480 + F6 10,164 + BN 336 + out 850). */
const LENET_PARAMS = 156 + 24 + 2416 + 64 + 48120 + 480 + 10164 + 336 + 850;

/**
 * The panel is visible, its current page said ready, and that page has the model: the host's model message was
 * delivered to it (postMessage resolved true), checked by sending the model once more.
 */
async function showsModel(panel: DashboardProbe, step: string, samePageAs?: number): Promise<void> {
  const state = () => `visible ${panel.panel.visible}, column ${panel.panel.viewColumn}, ready ${panel.isReady}, page loads ${panel.pageLoads}, `
    + `posted ${JSON.stringify([...panel.sentCounts])}, delivered ${JSON.stringify([...panel.deliveredCounts])}, `
    + `groups ${vscode.window.tabGroups.all.map((g) => `${g.viewColumn}:[${g.tabs.map((t) => `${t.label}${t.isActive ? '*' : ''}`).join(', ')}]`).join(' ')}`;
  await until(`${step}: the panel to be visible`, () => panel.panel.visible, 30_000, state);
  await until(`${step}: the page to say ready and take the model`, async () => panel.isReady && (await panel.resendModel()), 30_000, state);
  const message = panel.lastModelMessage;
  assert.ok(message?.type === 'model', `${step}: the last model message is a model`);
  if (message.type === 'model' && panel.target.kind === 'builtin') assert.strictEqual(message.analysis.totals.params, LENET_PARAMS);
  assert.strictEqual(panel.rejectedByPage, 0, `${step}: the page rejected no host message`);
  // Hidden, the page was kept: the same page (no new load) is shown again.
  if (samePageAs !== undefined) assert.strictEqual(panel.pageLoads, samePageAs, `${step}: the page kept while hidden, not reloaded (${state()})`);
}

describe('a dashboard hidden and shown again', function () {
  this.timeout(240_000);
  let api: CnnExplorerTestApi;
  let lenet: DashboardProbe;

  before(async () => {
    api = await vscode.extensions.getExtension<CnnExplorerTestApi>('cnn-explorer.cnn-explorer')!.activate();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('cnnExplorer.openDashboard');
    lenet = await until('the LeNet panel', () => api.dashboards().find((p) => p.target.kind === 'builtin'));
    await showsModel(lenet, 'first open');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  for (let round = 1; round <= 3; round++) {
    it(`round ${round}: another text editor in its group, then "Open Dashboard"`, async () => {
      const loads = lenet.pageLoads;
      const doc = await vscode.workspace.openTextDocument(modelUri('sequential-cnn.json'));
      await vscode.window.showTextDocument(doc, { viewColumn: lenet.panel.viewColumn, preview: false });
      await until('the panel to be hidden', () => !lenet.panel.visible);
      await vscode.commands.executeCommand('cnnExplorer.openDashboard');
      await showsModel(lenet, 'shown again', loads);
    });

    it(`round ${round}: another dashboard in its group, then back`, async () => {
      await vscode.commands.executeCommand('cnnExplorer.inspectModel', modelUri('functional-merges.json').toString());
      const file = await until('the file panel', () => api.dashboards().find((p) => p.target.kind === 'file'));
      await showsModel(file, 'file dashboard');
      // Move LeNet into the file dashboard's group: the file dashboard is hidden behind it.
      lenet.panel.reveal(file.panel.viewColumn, false);
      await showsModel(lenet, 'LeNet moved into the file dashboard\'s group');
      await until('the file panel to be hidden', () => !file.panel.visible);
      // And back: the file dashboard in front, LeNet hidden.
      const fileLoads = file.pageLoads;
      file.panel.reveal(file.panel.viewColumn, false);
      await showsModel(file, 'file dashboard in front again', fileLoads);
      await until('LeNet to be hidden', () => !lenet.panel.visible);
      const lenetLoads = lenet.pageLoads;
      await vscode.commands.executeCommand('cnnExplorer.openDashboard');
      await showsModel(lenet, 'LeNet in front again', lenetLoads);
    });

    it(`round ${round}: moved to the next group and back`, async () => {
      lenet.panel.reveal(lenet.panel.viewColumn, false);
      await showsModel(lenet, 'in front');
      await vscode.commands.executeCommand('workbench.action.moveEditorToNextGroup');
      await showsModel(lenet, 'moved to the next group');
      await vscode.commands.executeCommand('workbench.action.moveEditorToPreviousGroup');
      await showsModel(lenet, 'moved back');
      await vscode.commands.executeCommand('workbench.action.moveEditorToFirstGroup');
      await showsModel(lenet, 'moved to the first group');
    });

    it(`round ${round}: hidden and shown again without waiting`, async () => {
      const doc = await vscode.workspace.openTextDocument(modelUri('channels-first.json'));
      for (let i = 0; i < 3; i++) {
        await vscode.window.showTextDocument(doc, { viewColumn: lenet.panel.viewColumn, preview: false });
        await vscode.commands.executeCommand('cnnExplorer.openDashboard');
      }
      await showsModel(lenet, 'after three quick hide-and-shows');
    });
  }

  it('a layer focused while the dashboard is hidden reaches its page', async () => {
    const uri = modelUri('functional-merges.json');
    // Its own dashboard, beside its editor, then hidden behind another text editor.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { viewColumn: vscode.ViewColumn.One, preview: false });
    await vscode.commands.executeCommand('cnnExplorer.inspectModel');
    const file = await until('the file panel', () => api.dashboards().find((p) => p.target.kind === 'file'));
    await showsModel(file, 'file dashboard');
    const doc = await vscode.workspace.openTextDocument(modelUri('sequential-cnn.json'));
    await vscode.window.showTextDocument(doc, { viewColumn: file.panel.viewColumn, preview: false });
    await until('the file panel to be hidden', () => !file.panel.visible);
    const delivered = file.deliveredCounts.get('focusLayer') ?? 0;
    const loads = file.pageLoads;
    await vscode.commands.executeCommand('cnnExplorer.inspectModel', uri.toString(), 'left');
    await showsModel(file, 'file dashboard revealed by the hover link', loads);
    await until('the focusLayer message delivered to the live page', () => (file.deliveredCounts.get('focusLayer') ?? 0) > delivered);
  });
});
