// The dashboard panel: one per model (revealed when already open), restored after a reload by the serializer,
// fed with the model's analysis, live training messages and earlier runs. All webview traffic is validated.
import * as vscode from 'vscode';
import { parseJsonTree, rangeOfPath } from '../../core/formats/tfjs';
import {
  parseWebviewToHost, type HostToWebview, type ModelDescriptor, type RunSummary, type TrainingMessage, type WebviewToHost,
} from '../../protocol';
import { dashboardHtml, makeNonce } from './html';
import { builtinModelMessage } from './builtinModel';
import { layerConfigsOf } from './modelLoader';
import type { Analysis, Diagnostic, ModelIR } from '../../core';
import { runSummaryFromMetrics } from './runs';
import { TrainingBuffer } from './trainingBuffer';
import { WebviewPage } from './webviewPage';

export const DASHBOARD_VIEW_TYPE = 'cnnExplorer.dashboard';

/** Which model a dashboard shows. */
export type DashboardTarget = { kind: 'builtin' } | { kind: 'file'; uri: vscode.Uri };

const trainingBuffer = new TrainingBuffer();
let log: vscode.OutputChannel | undefined;

/** Where a file's model comes from: the editor's one analysis per document version (the dashboard never re-analyses). */
export type DashboardModelSource = (uri: vscode.Uri) => Promise<{ analysis: Analysis; ir: ModelIR } | { error: string; diagnostics: Diagnostic[] }>;
let fileModels: DashboardModelSource | undefined;

export function setDashboardModelSource(source: DashboardModelSource): void {
  fileModels = source;
}

/** Where the dashboard reports protocol problems (the lead's output channel); optional. */
export function setDashboardLog(channel: vscode.OutputChannel): void {
  log = channel;
}

/**
 * Forwards a training message (from the trainer process) to every open dashboard and keeps it for replay to
 * dashboards opened or revived later in the same run.
 */
export function postTrainingMessage(message: TrainingMessage): void {
  trainingBuffer.post(message);
}

function keyOf(target: DashboardTarget): string {
  return target.kind === 'builtin' ? 'builtin:lenet' : `file:${target.uri.toString()}`;
}

function descriptorOf(target: DashboardTarget): ModelDescriptor {
  if (target.kind === 'builtin') return { key: keyOf(target), title: 'LeNet-5 (built-in)', source: 'builtin', uri: null };
  const name = target.uri.path.split('/').pop() || target.uri.toString(true);
  return { key: keyOf(target), title: name, source: 'file', uri: target.uri.toString() };
}

/** The tab title: the product and the model, with its folder so two `model.json` tabs differ. */
function panelTitleOf(target: DashboardTarget): string {
  if (target.kind === 'builtin') return 'CNN Explorer: LeNet-5 (built-in)';
  const parts = target.uri.path.split('/').filter(Boolean);
  return `CNN Explorer: ${parts.slice(-2).join('/') || target.uri.toString(true)}`;
}

/** What the webview persists (see webview-ui/state.ts `modelRef`): enough to know which model to revive. */
function targetFromState(state: unknown): DashboardTarget | null {
  const ref = (state as { modelRef?: { source?: unknown; uri?: unknown } } | undefined)?.modelRef;
  if (ref?.source === 'builtin') return { kind: 'builtin' };
  if (ref?.source === 'file' && typeof ref.uri === 'string') {
    try {
      return { kind: 'file', uri: vscode.Uri.parse(ref.uri, true) };
    } catch {
      return null;
    }
  }
  return null;
}

export class DashboardPanel {
  private static readonly panels = new Map<string, DashboardPanel>();
  private readonly disposables: vscode.Disposable[] = [];
  /** The webview's page: whether it is live, and every post to it. */
  private readonly page: WebviewPage<HostToWebview>;
  /** A layer to focus, kept until a live page has been handed the focusLayer message. */
  private pendingFocus: string | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  /** Opens the dashboard of `target`, or reveals it if open; `focusLayer` selects a layer (hover link). */
  static createOrShow(context: vscode.ExtensionContext, target: DashboardTarget, focusLayer?: string): DashboardPanel {
    const key = keyOf(target);
    const existing = DashboardPanel.panels.get(key);
    if (existing) {
      existing.panel.reveal(undefined, false);
      if (focusLayer) existing.focus(focusLayer);
      return existing;
    }
    // Dashboards share one editor group: a new one opens where one is already shown (each Inspect opening "beside"
    // made a new group every time); the first opens beside the active editor.
    const shown = [...DashboardPanel.panels.values()].find((p) => p.panel.visible && p.panel.viewColumn !== undefined);
    const column = shown?.panel.viewColumn ?? (vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active);
    const panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, panelTitleOf(target), column, DashboardPanel.webviewOptions(context));
    const created = new DashboardPanel(panel, context, target);
    if (focusLayer) created.focus(focusLayer);
    return created;
  }

  /** Computes the built-in LeNet's model message ahead of its panel (cached; see builtinModel.ts for why). */
  static prepareBuiltin(): void {
    builtinModelMessage(descriptorOf({ kind: 'builtin' }));
  }

  /** Restores a panel after a reload (called by the serializer). */
  static revive(panel: vscode.WebviewPanel, context: vscode.ExtensionContext, state: unknown): DashboardPanel | null {
    const target = targetFromState(state);
    if (!target) {
      panel.dispose();
      return null;
    }
    const existing = DashboardPanel.panels.get(keyOf(target));
    if (existing) {
      panel.dispose();
      return existing;
    }
    panel.webview.options = DashboardPanel.webviewOptions(context);
    return new DashboardPanel(panel, context, target);
  }

  /** The open panels (for the integration tests and for commands that act on "the" dashboard). */
  static get openPanels(): readonly DashboardPanel[] {
    return [...DashboardPanel.panels.values()];
  }

  private static webviewOptions(context: vscode.ExtensionContext): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      // Only the bundle's folder (script, stylesheet, codicon font); nothing else of the extension or workspace.
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview')],
      // The page is kept while hidden: a dashboard shown again is the same page, with its live charts, selection and
      // scroll, and never waits for a reload. With pages destroyed on hide, VS Code 1.100.3 sometimes showed a panel
      // without loading a new page (a blank dashboard; 1 of 10 integration runs, 7 of 13 with two dashboards in one
      // group). The host's replay on `ready` still restores a page after a window reload.
      retainContextWhenHidden: true,
      enableFindWidget: true,
    };
  }

  private constructor(readonly panel: vscode.WebviewPanel, context: vscode.ExtensionContext, readonly target: DashboardTarget) {
    this.page = new WebviewPage<HostToWebview>((m) => panel.webview.postMessage(m));
    panel.title = panelTitleOf(target); // also for a panel revived from an older build's title
    const key = keyOf(target);
    DashboardPanel.panels.set(key, this);
    const root = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');
    panel.webview.html = dashboardHtml({
      cspSource: panel.webview.cspSource,
      nonce: makeNonce(),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.css')).toString(),
      title: descriptorOf(target).title,
    });
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      // A hidden webview loses its page; on show a new page loads, says `ready` and gets everything anew. Readiness
      // is not reset from onDidChangeViewState: see webviewPage.ts for why that loses a `ready`.
      panel.webview.onDidReceiveMessage((raw) => this.receive(raw)),
      trainingBuffer.subscribe((m) => this.onTraining(m)),
    );
    if (target.kind === 'file') {
      const uri = target.uri.toString();
      this.disposables.push(
        vscode.workspace.onDidChangeTextDocument((e) => { if (e.document.uri.toString() === uri) this.scheduleRefresh(); }),
        vscode.workspace.onDidSaveTextDocument((d) => { if (d.uri.toString() === uri) this.scheduleRefresh(); }),
      );
    }
    const watcher = vscode.workspace.createFileSystemWatcher('**/.lenet/runs/*/metrics.json');
    this.disposables.push(watcher, watcher.onDidCreate(() => this.sendRuns()), watcher.onDidChange(() => this.sendRuns()));
  }

  /** How many messages of each type this panel has posted to its webview (integration tests read it). */
  get sentCounts(): ReadonlyMap<HostToWebview['type'], number> {
    return this.page.postedCounts;
  }

  /** How many of them VS Code handed to a live page (postMessage resolved true). */
  get deliveredCounts(): ReadonlyMap<HostToWebview['type'], number> {
    return this.page.deliveredCounts;
  }

  /** How many host messages the page rejected (its validator said no; always a bug). */
  rejectedByPage = 0;

  /** The last model (or model error) message sent: what the panel shows. */
  lastModelMessage: Extract<HostToWebview, { type: 'model' | 'modelError' }> | undefined;

  /** True while the page that last said `ready` is live (no post since found it gone). */
  get isReady(): boolean {
    return this.page.isReady;
  }

  /** How many pages have loaded and said `ready` (a hidden panel's page is reloaded when shown). */
  get pageLoads(): number {
    return this.page.pageLoads;
  }

  private post(message: HostToWebview): Promise<boolean> {
    if (message.type === 'model' || message.type === 'modelError') this.lastModelMessage = message;
    return this.page.post(message);
  }

  focus(layer: string): void {
    this.pendingFocus = layer;
    if (this.page.isReady) void this.deliverFocus();
  }

  /** Posts the pending focus; it stays pending unless a page took it (the next `ready` posts it again). */
  private async deliverFocus(): Promise<void> {
    const layer = this.pendingFocus;
    if (layer === undefined) return;
    if ((await this.post({ type: 'focusLayer', layer })) && this.pendingFocus === layer) this.pendingFocus = undefined;
  }

  /** Sends the model again if the page is live; resolves whether a page took it (the integration tests' probe). */
  async resendModel(): Promise<boolean> {
    return this.page.isReady ? this.sendModel() : false;
  }

  private onTraining(m: TrainingMessage): void {
    if (this.page.isReady) void this.post({ type: 'training', message: m });
    if (m.type === 'done' || m.type === 'stopped') void this.sendRuns();
  }

  private receive(raw: unknown): void {
    const parsed = parseWebviewToHost(raw);
    if (!parsed.ok) {
      log?.appendLine(`[dashboard] ignored an invalid message from the webview: ${parsed.error}`);
      return;
    }
    void this.handle(parsed.value);
  }

  private async handle(m: WebviewToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
        // Every page load (first open, shown again after hiding, reload) gets everything anew.
        this.page.pageSaidReady();
        await this.sendModel();
        void this.post({ type: 'trainingReplay', messages: trainingBuffer.snapshot() });
        void this.deliverFocus();
        await this.sendRuns();
        break;
      case 'revealLayer':
        void this.post({ type: 'revealResult', requestId: m.requestId, ...(await this.reveal(m.path)) });
        break;
      case 'runCommand':
        await vscode.commands.executeCommand(m.command === 'train' ? 'lenet.train' : 'lenet.stopTraining');
        break;
      case 'requestRuns':
        await this.sendRuns();
        break;
      case 'invalidMessage':
        this.rejectedByPage++;
        log?.appendLine(`[dashboard] the webview rejected a host message: ${m.error}`);
        break;
    }
  }

  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    // Typing produces a change per keystroke; analyse once the user pauses.
    // A page that is not live gets the model when it says `ready`.
    this.refreshTimer = setTimeout(() => void this.resendModel(), 300);
  }

  /** Posts the model (or why there is none); resolves whether a page took it. */
  private async sendModel(): Promise<boolean> {
    const descriptor = descriptorOf(this.target);
    if (this.target.kind === 'builtin') return this.post(builtinModelMessage(descriptor));
    if (!fileModels) throw new Error('setDashboardModelSource() was not called in activate()');
    try {
      // Opening the document makes unsaved edits visible and puts it in the inspector's cache.
      await vscode.workspace.openTextDocument(this.target.uri);
    } catch (e) {
      return this.post({ type: 'modelError', model: descriptor, message: `Cannot read ${this.target.uri.toString(true)}: ${(e as Error).message}`, diagnostics: [] });
    }
    const found = await fileModels(this.target.uri);
    if ('error' in found) return this.post({ type: 'modelError', model: descriptor, message: found.error, diagnostics: found.diagnostics });
    return this.post({ type: 'model', model: descriptor, analysis: found.analysis, layerConfigs: layerConfigsOf(found.ir) });
  }

  /** Shows the layer's JSON in an editor, selecting the layer object. */
  private async reveal(path: (string | number)[]): Promise<{ ok: boolean; message?: string }> {
    if (this.target.kind !== 'file') return { ok: false, message: 'The built-in LeNet has no file to reveal.' };
    const uri = this.target.uri;
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      const { root } = parseJsonTree(doc.getText());
      const range = root ? rangeOfPath(root, path) : undefined;
      if (!range) return { ok: false, message: 'The layer is no longer at the same place in the file (edited since?).' };
      const start = doc.positionAt(range.offset);
      const selection = new vscode.Range(start, doc.positionAt(range.offset + range.length));
      const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
      const editor = await vscode.window.showTextDocument(doc, {
        viewColumn: visible?.viewColumn ?? (this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One),
        preserveFocus: true,
        selection: new vscode.Range(start, start),
      });
      editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      editor.selection = new vscode.Selection(selection.start, selection.end);
      return { ok: true };
    } catch (e) {
      return { ok: false, message: `Cannot open ${uri.toString(true)}: ${(e as Error).message}` };
    }
  }

  private async sendRuns(): Promise<void> {
    if (!this.page.isReady) return;
    await this.post({ type: 'runs', runs: await readRuns() });
  }

  dispose(): void {
    DashboardPanel.panels.delete(keyOf(this.target));
    clearTimeout(this.refreshTimer);
    this.panel.dispose();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}

/** Reads every `.lenet/runs/<run>/metrics.json` of the workspace, newest first; unreadable ones are logged and skipped. */
export async function readRuns(): Promise<RunSummary[]> {
  const runs: RunSummary[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) runs.push(...(await readRunsIn(vscode.Uri.joinPath(folder.uri, '.lenet', 'runs'))));
  return runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}

/**
 * The runs in one runs folder. A folder that does not exist is the normal case (no run yet): it is stat'ed first
 * and never listed, because VS Code's disk provider logs a stack trace for every readdir that fails.
 */
export async function readRunsIn(runsDir: vscode.Uri): Promise<RunSummary[]> {
  const runs: RunSummary[] = [];
  let entries: [string, vscode.FileType][];
  try {
    if (((await vscode.workspace.fs.stat(runsDir)).type & vscode.FileType.Directory) === 0) return runs;
    entries = await vscode.workspace.fs.readDirectory(runsDir);
  } catch (e) {
    if (!(e instanceof vscode.FileSystemError && e.code === 'FileNotFound')) log?.appendLine(`[dashboard] cannot read the runs in ${runsDir.fsPath}: ${(e as Error).message}`);
    return runs;
  }
  for (const [name, type] of entries) {
    if (type !== vscode.FileType.Directory) continue;
    const dir = vscode.Uri.joinPath(runsDir, name);
    try {
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(dir, 'metrics.json'));
      const r = runSummaryFromMetrics(JSON.parse(new TextDecoder().decode(bytes)), dir.fsPath);
      if (r.ok) runs.push(r.run);
      else log?.appendLine(`[dashboard] skipped run: ${r.error}`);
    } catch (e) {
      log?.appendLine(`[dashboard] skipped run ${dir.fsPath}: ${(e as Error).message}`);
    }
  }
  return runs;
}

/** Registers the serializer that restores dashboards after a window reload. Call once in activate(). */
export function registerDashboardSerializer(context: vscode.ExtensionContext): vscode.Disposable {
  const d = vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, {
    async deserializeWebviewPanel(panel, state) {
      DashboardPanel.revive(panel, context, state);
    },
  });
  context.subscriptions.push(d);
  return d;
}
