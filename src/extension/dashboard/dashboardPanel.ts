// One dashboard panel's lifecycle: its webview page, what it posts to the page (the model, live training, earlier
// runs, a layer to focus) and when. Messages from the page go through the router; which panels exist is the
// registry's business (dashboards.ts).
import * as vscode from 'vscode';
import type { DashboardTab, HostToWebview, ModelMessage, TrainingMessage, WebviewToHost } from '../../protocol';
import type { ExploreModels } from '../explore/exploreModels';
import { PanelExplore } from '../explore/panelExplore';
import { pickExploreImage } from '../explore/pickExploreImage';
import { withPlainBytes } from '../explore/webviewBytes';
import type { ModelTarget } from '../inspector/modelTarget';
import { CommandIds } from '../commandIds';
import { descriptorOf, panelTitleOf, type DashboardTarget } from './dashboardTarget';
import { dashboardHtml, makeNonce } from './html';
import { revealLayerInEditor } from './layerReveal';
import { routeWebviewMessage, type DashboardPageActions, type RouterLog } from './messageRouter';
import { layerConfigsOf } from './modelLoader';
import { pytorchModelFor, revealPyTorchLayer, type PyTorchModels } from './pytorchModels';
import type { RunsRepository } from './runsRepository';
import type { TrainingBuffer } from './trainingBuffer';
import { WebviewPage } from './webviewPage';

/** Where a file's model comes from: the editor's one analysis per document version (the dashboard never re-analyses). */
export type DashboardModelSource = (uri: vscode.Uri) => Promise<ModelTarget>;

/** Sees every message a panel posts and every valid message its page sends (the test API counts them). */
export interface DashboardTrafficObserver {
  posted(panel: DashboardPanel, message: HostToWebview, delivered: boolean): void;
  received(panel: DashboardPanel, message: WebviewToHost): void;
}

/** What every panel shares, built once in activate(). */
export interface DashboardServices {
  extensionUri: vscode.Uri;
  fileModel: DashboardModelSource;
  /** The built-in LeNet's model message (computed once per session). */
  builtinModel(): ModelMessage;
  /** The PyTorch faces' analyses (one per document version), for PyTorch models' dashboards; absent: none can open. */
  pytorch?: PyTorchModels;
  training: TrainingBuffer;
  runs: RunsRepository;
  /** The Explore tab's models (weights and test sets, read once while unchanged), shared by every panel. */
  explore: ExploreModels;
  log?: RouterLog;
  traffic?: DashboardTrafficObserver;
}

export function dashboardWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    // Only the bundle's folder (script, stylesheet, codicon font); nothing else of the extension or workspace.
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
    // The page is kept while hidden: a dashboard shown again is the same page, with its live charts, selection and
    // scroll, and never waits for a reload. With pages destroyed on hide, VS Code 1.100.3 sometimes showed a panel
    // without loading a new page (a blank dashboard; 1 of 10 integration runs, 7 of 13 with two dashboards in one
    // group). The host's replay on `ready` still restores a page after a window reload.
    retainContextWhenHidden: true,
    enableFindWidget: true,
  };
}

export class DashboardPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  /** The webview's page: whether it is live, and every post to it. */
  private readonly page: WebviewPage<HostToWebview>;
  /** A layer to focus, kept until a live page has been handed the focusLayer message. */
  private pendingFocus: string | undefined;
  /** A tab to show (the inspector's "Explore" link), kept until a live page has been handed the showTab message. */
  private pendingTab: DashboardTab | undefined;
  /** The Explore tab's host side: its model, the live run's epochs. */
  private readonly explore: PanelExplore;
  /** The document version whose model (or model error) a live page was last handed. */
  private shownVersion: number | undefined;
  private disposed = false;

  /** `onDisposed` is the registry forgetting this panel. */
  constructor(readonly panel: vscode.WebviewPanel, readonly target: DashboardTarget, private readonly services: DashboardServices, private readonly onDisposed: () => void) {
    this.page = new WebviewPage<HostToWebview>((m) => panel.webview.postMessage(m));
    this.explore = new PanelExplore(target, {
      models: services.explore, training: services.training, runs: () => services.runs.read(), post: (m) => this.post(withPlainBytes(m)),
      workspaceFolders: () => (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri),
    });
    panel.title = panelTitleOf(target); // also for a panel revived from an older build's title
    const root = vscode.Uri.joinPath(services.extensionUri, 'dist', 'webview');
    panel.webview.html = dashboardHtml({
      cspSource: panel.webview.cspSource,
      nonce: makeNonce(),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.css')).toString(),
      title: descriptorOf(target).title,
    });
    const actions: DashboardPageActions = {
      pageReady: () => this.pageReady(),
      revealLayer: async (requestId, layer, path) => void this.post({ type: 'revealResult', requestId, ...(await this.reveal(layer, path)) }),
      runCommand: async (command) => void (await vscode.commands.executeCommand(command === 'train' ? CommandIds.train : CommandIds.stopTraining)),
      sendRuns: () => this.sendRuns(),
      pageRejected: () => undefined, // logged by the router
      requestExploreModel: (runDir) => this.explore.requestModel(runDir),
      pickExploreImage: async (requestId) => void this.post(withPlainBytes(await pickExploreImage(requestId))),
    };
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      // A page that loads (first open, window reload) says `ready` and gets everything anew. Readiness is not reset
      // from onDidChangeViewState: see webviewPage.ts for why that loses a `ready`.
      panel.webview.onDidReceiveMessage(async (raw) => {
        const message = await routeWebviewMessage(raw, actions, services.log);
        if (message) services.traffic?.received(this, message);
      }),
      services.training.subscribe((m) => this.onTraining(m)),
      services.runs.onDidChange(() => {
        void this.sendRuns();
        // A run was saved: the newest run, or a file panel's run folder, may be a new model for Explore.
        void this.explore.refresh();
      }),
    );
    // A PyTorch model's document was analysed again (an edit once the user paused, an exact trace, a new input shape).
    const pytorch = services.pytorch;
    if (target.kind === 'pytorch' && pytorch) {
      this.disposables.push(pytorch.onDidChange((uri) => {
        if (uri.toString() === target.uri.toString()) void this.refreshModel();
      }));
    }
  }

  /** True while the page that last said `ready` is live (no post since found it gone). */
  get isReady(): boolean {
    return this.page.isReady;
  }

  /** How many pages have loaded and said `ready` (a page is reloaded after a window reload). */
  get pageLoads(): number {
    return this.page.pageLoads;
  }

  focus(layer: string): void {
    this.pendingFocus = layer;
    if (this.page.isReady) void this.deliverFocus();
  }

  /** Shows a tab (the inspector's "Explore" link): now if the page is live, else once it says `ready`. */
  showTab(tab: DashboardTab): void {
    this.pendingTab = tab;
    if (this.page.isReady) void this.deliverTab();
  }

  /** Sends the model again if the page is live; resolves whether a page took it. */
  async refreshModel(): Promise<boolean> {
    return this.page.isReady ? this.sendModel() : false;
  }

  /**
   * The inspector analysed this panel's file at `version` (after an edit, once the user paused): the page gets that
   * model, from the same analysis, unless it already shows that version.
   */
  modelAnalysed(version: number): void {
    if (version !== this.shownVersion) void this.refreshModel();
    // A saved edit may have changed the weights or the manifest: the Explore tab gets them if they differ.
    void this.explore.refresh();
  }

  private async post(message: HostToWebview): Promise<boolean> {
    const delivered = await this.page.post(message);
    this.services.traffic?.posted(this, message, delivered);
    return delivered;
  }

  private async pageReady(): Promise<void> {
    // Every page load (first open, reload) gets everything anew.
    this.page.pageSaidReady();
    await this.sendModel();
    void this.post({ type: 'trainingReplay', messages: this.services.training.snapshot() });
    void this.deliverFocus();
    void this.deliverTab();
    await this.sendRuns();
  }

  /** Posts the pending focus; it stays pending unless a page took it (the next `ready` posts it again). */
  private async deliverFocus(): Promise<void> {
    const layer = this.pendingFocus;
    if (layer === undefined) return;
    if ((await this.post({ type: 'focusLayer', layer })) && this.pendingFocus === layer) this.pendingFocus = undefined;
  }

  /** Posts the pending tab; it stays pending unless a page took it. */
  private async deliverTab(): Promise<void> {
    const tab = this.pendingTab;
    if (tab === undefined) return;
    if ((await this.post({ type: 'showTab', tab })) && this.pendingTab === tab) this.pendingTab = undefined;
  }

  private onTraining(m: TrainingMessage): void {
    // Weights reach the page only as the Explore tab's live model, never as a training message.
    if (this.page.isReady) {
      if (m.type !== 'weights') void this.post({ type: 'training', message: m });
      this.explore.onTraining(m);
    }
    if (m.type === 'done' || m.type === 'stopped') void this.sendRuns();
  }

  /** Posts the model (or why there is none); resolves whether a page took it. */
  private async sendModel(): Promise<boolean> {
    const descriptor = descriptorOf(this.target);
    if (this.target.kind === 'builtin') return this.post(this.services.builtinModel());
    if (this.target.kind === 'pytorch') {
      const { message, version } = await pytorchModelFor(this.services.pytorch, this.target, descriptor);
      const delivered = await this.post(message);
      if (delivered) this.shownVersion = version;
      return delivered;
    }
    let version: number;
    try {
      // Opening the document makes unsaved edits visible and puts it in the inspector's cache.
      version = (await vscode.workspace.openTextDocument(this.target.uri)).version;
    } catch (e) {
      return this.post({ type: 'modelError', model: descriptor, message: `Cannot read ${this.target.uri.toString(true)}: ${(e as Error).message}`, diagnostics: [] });
    }
    const found = await this.services.fileModel(this.target.uri);
    const delivered = 'error' in found
      ? await this.post({ type: 'modelError', model: descriptor, message: found.error, diagnostics: found.diagnostics })
      : await this.post({ type: 'model', model: descriptor, analysis: found.analysis, layerConfigs: layerConfigsOf(found.ir) });
    // The version read before the analysis: if an edit came meanwhile, its own analysis sends the model again.
    if (delivered) this.shownVersion = version;
    return delivered;
  }

  private async reveal(layer: string, path: (string | number)[]): Promise<{ ok: boolean; message?: string }> {
    if (this.target.kind === 'builtin') return { ok: false, message: 'The built-in LeNet has no file to reveal.' };
    // A PyTorch layer has no JSON path: it is found by its name in the current analysis, at its source span.
    if (this.target.kind === 'pytorch') return revealPyTorchLayer(this.services.pytorch, this.target, layer, this.panel.viewColumn);
    return revealLayerInEditor(this.target.uri, path, this.panel.viewColumn);
  }

  private async sendRuns(): Promise<void> {
    if (!this.page.isReady) return;
    await this.post({ type: 'runs', runs: await this.services.runs.read() });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.onDisposed();
    this.panel.dispose();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}
