// The open dashboards: one per model (revealed when already open), restored after a window reload by the serializer.
// Built once in activate() with the services every panel shares; nothing here is module state.
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DashboardTab, ModelMessage, TrainingMessage } from '../../protocol';
import { ExploreModels } from '../explore/exploreModels';
import { builtinModelMessage } from './builtinModel';
import { DashboardPanel, dashboardWebviewOptions, type DashboardServices } from './dashboardPanel';
import {
  dashboardKeyOf, descriptorOf, fileDashboardKey, panelTitleOf, targetFromCommandArgs, targetFromSavedState, type DashboardTarget,
} from './dashboardTarget';

export const DASHBOARD_VIEW_TYPE = 'cnnExplorer.dashboard';

export class Dashboards {
  private readonly panels = new Map<string, DashboardPanel>();
  private readonly services: DashboardServices;
  private builtin: ModelMessage | undefined;

  /**
   * `datasetCacheDir`: where the trainer keeps downloaded datasets (`<global storage>/datasets`): the Explore tab reads
   * a run's test images from there when the run downloaded them. The shipped subsets are the extension's media/datasets.
   */
  constructor(services: Omit<DashboardServices, 'builtinModel' | 'explore'> & { datasetCacheDir?: string }) {
    const { datasetCacheDir, ...shared } = services;
    const explore = new ExploreModels({ cacheDir: datasetCacheDir, subsetDir: join(services.extensionUri.fsPath, 'media', 'datasets') }, services.log);
    this.services = { ...shared, explore, builtinModel: () => this.builtinModel() };
  }

  /** The open panels (for commands that act on "the" dashboard, and the test API). */
  get open(): readonly DashboardPanel[] {
    return [...this.panels.values()];
  }

  /**
   * Opens the dashboard of `target`, or reveals it if open; `focusLayer` selects a layer (hover link), `tab` shows a
   * tab (the inspector's "Explore" link).
   */
  createOrShow(target: DashboardTarget, focusLayer?: string, tab?: DashboardTab): DashboardPanel {
    const existing = this.panels.get(dashboardKeyOf(target));
    if (existing) {
      existing.panel.reveal(undefined, false);
      if (focusLayer) existing.focus(focusLayer);
      if (tab) existing.showTab(tab);
      return existing;
    }
    // Dashboards share one editor group: a new one opens where one is already shown (each Inspect opening "beside"
    // made a new group every time); the first opens beside the active editor.
    const shown = this.open.find((p) => p.panel.visible && p.panel.viewColumn !== undefined);
    const column = shown?.panel.viewColumn ?? (vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active);
    const webviewPanel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, panelTitleOf(target), column, dashboardWebviewOptions(this.services.extensionUri));
    const created = this.add(webviewPanel, target);
    if (focusLayer) created.focus(focusLayer);
    if (tab) created.showTab(tab);
    return created;
  }

  /**
   * "Open Dashboard" with its argument (the CodeLens's and hover links' `{ uri, entry?, layer?, tab? }`, `{ tab }` or
   * none for the built-in LeNet): the dashboard of that model, or an error message for an argument that names none.
   */
  openFromCommand(args?: unknown): DashboardPanel | undefined {
    const parsed = targetFromCommandArgs(args);
    if ('error' in parsed) {
      // Not awaited: the promise settles only when the user dismisses the notification.
      void vscode.window.showErrorMessage(parsed.error);
      return undefined;
    }
    return this.createOrShow(parsed.target, parsed.layer, parsed.tab);
  }

  /** Restores a panel after a window reload, from the state its page saved; a panel whose model is unknown closes. */
  revive(webviewPanel: vscode.WebviewPanel, state: unknown): DashboardPanel | null {
    const target = targetFromSavedState(state);
    const existing = target && this.panels.get(dashboardKeyOf(target));
    if (!target || existing) {
      webviewPanel.dispose();
      return existing ?? null;
    }
    webviewPanel.webview.options = dashboardWebviewOptions(this.services.extensionUri);
    return this.add(webviewPanel, target);
  }

  /** Registers the serializer that restores dashboards after a window reload. */
  registerSerializer(): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, {
      deserializeWebviewPanel: async (webviewPanel, state) => void this.revive(webviewPanel, state),
    });
  }

  /** A training message: to every open dashboard, and kept for replay to pages that load later in the same run. */
  postTraining(message: TrainingMessage): void {
    this.services.training.post(message);
  }

  /** The inspector analysed `document` (an edit, once the user paused): its dashboard, if open, shows that analysis. */
  documentAnalysed(document: vscode.TextDocument): void {
    this.panels.get(fileDashboardKey(document.uri))?.modelAnalysed(document.version);
  }

  /**
   * The built-in LeNet's model message: it never changes within a session, so it is computed once — ahead of its
   * panel when a run starts (see builtinModel.ts for why).
   */
  builtinModel(): ModelMessage {
    this.builtin ??= builtinModelMessage(descriptorOf({ kind: 'builtin' }));
    return this.builtin;
  }

  private add(webviewPanel: vscode.WebviewPanel, target: DashboardTarget): DashboardPanel {
    const key = dashboardKeyOf(target);
    const panel = new DashboardPanel(webviewPanel, target, this.services, () => {
      if (this.panels.get(key) === panel) this.panels.delete(key);
    });
    this.panels.set(key, panel);
    return panel;
  }
}
