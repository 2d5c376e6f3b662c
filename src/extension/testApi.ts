// What activate() returns when VS Code runs the extension under tests (ExtensionMode.Test: the integration suite
// and the host-delay benchmark, started with --extensionTestsPath), and nothing otherwise. The tests drive the
// extension through its real commands and UI; this is what they cannot see from outside: what each dashboard posted
// to its page and whether a page took it, what the page sent back, when the inspector has analysed a document, and
// the training run's messages. Read-only, apart from asking a dashboard to post its model again (a probe that its
// page is live).
import * as vscode from 'vscode';
import type { HostToWebview, TrainingMessage, WebviewToHost } from '../protocol';
import type { DashboardPanel, DashboardTarget, DashboardTrafficObserver, Dashboards } from './dashboard';
import type { ModelInspector } from './inspector/inspector';
import type { TrainingController } from './training';

export interface DashboardProbe {
  readonly target: DashboardTarget;
  /** VS Code's panel (visible, view column, title; tests reveal it as a user would move it). */
  readonly panel: vscode.WebviewPanel;
  /** True while the page that last said `ready` is live. */
  readonly isReady: boolean;
  /** How many pages have loaded and said `ready`. */
  readonly pageLoads: number;
  /** Messages posted to the page, by type. */
  readonly sentCounts: ReadonlyMap<HostToWebview['type'], number>;
  /** Messages VS Code handed to a live page (postMessage resolved true), by type. */
  readonly deliveredCounts: ReadonlyMap<HostToWebview['type'], number>;
  /** How many host messages the page's validator rejected (always a bug). */
  readonly rejectedByPage: number;
  /** Why the page rejected the last one it rejected (its validator's words). */
  readonly lastRejection: string | undefined;
  /** The last model (or model error) message posted: what the panel shows. */
  readonly lastModelMessage: Extract<HostToWebview, { type: 'model' | 'modelError' }> | undefined;
  /** Valid messages the page sent, by type (e.g. `requestExploreModel`: the page showed its Explore tab). */
  readonly receivedCounts: ReadonlyMap<WebviewToHost['type'], number>;
  /** The last Explore model (or why there is none) posted: what the Explore tab shows. */
  readonly lastExploreMessage: ExploreAnswer | undefined;
  /** The page's last Explore report: drawn (backend, layers, predicted class) or its engine's failure. */
  readonly lastExploreReport: ExploreReport | undefined;
  /** Posts the model again if the page is live; resolves whether a page took it. */
  resendModel(): Promise<boolean>;
}

export interface CnnExplorerTestApi {
  /** Wall time spent inside activate(), in milliseconds. */
  activationMs: number;
  /** The open dashboards. */
  dashboards(): readonly DashboardProbe[];
  /** Training runs' messages as the trainer sent them, and whether a run is in progress. */
  training: { readonly onMessage: vscode.Event<TrainingMessage>; readonly isRunning: boolean };
  /** Fires when the inspector has analysed a document's current version and published its diagnostics. */
  onDidAnalyseDocument: vscode.Event<vscode.TextDocument>;
}

/** What the host answers a page's `requestExploreModel` with. */
export type ExploreAnswer = Extract<HostToWebview, { type: 'exploreModel' | 'exploreUnavailable' }>;
/** What a page reports once it drew Explore, or why it could not. */
export type ExploreReport = Extract<WebviewToHost, { type: 'exploreDrawn' | 'exploreFailed' }>;

interface Traffic {
  sent: Map<HostToWebview['type'], number>;
  delivered: Map<HostToWebview['type'], number>;
  received: Map<WebviewToHost['type'], number>;
  rejected: number;
  lastRejection: string | undefined;
  lastModel: DashboardProbe['lastModelMessage'];
  lastExplore: ExploreAnswer | undefined;
  lastReport: ExploreReport | undefined;
}

/** Counts each panel's traffic (handed to the dashboards when the test API is built, before any panel exists). */
export class DashboardTrafficRecorder implements DashboardTrafficObserver {
  private readonly byPanel = new WeakMap<DashboardPanel, Traffic>();

  of(panel: DashboardPanel): Traffic {
    let t = this.byPanel.get(panel);
    if (!t) this.byPanel.set(panel, (t = { sent: new Map(), delivered: new Map(), received: new Map(), rejected: 0, lastRejection: undefined, lastModel: undefined, lastExplore: undefined, lastReport: undefined }));
    return t;
  }

  posted(panel: DashboardPanel, message: HostToWebview, delivered: boolean): void {
    const t = this.of(panel);
    t.sent.set(message.type, (t.sent.get(message.type) ?? 0) + 1);
    if (delivered) t.delivered.set(message.type, (t.delivered.get(message.type) ?? 0) + 1);
    if (message.type === 'model' || message.type === 'modelError') t.lastModel = message;
    // Kept whole (weights and test images, ~8 MB for a LeNet run): only in test mode, one per panel.
    if (message.type === 'exploreModel' || message.type === 'exploreUnavailable') t.lastExplore = message;
  }

  received(panel: DashboardPanel, message: WebviewToHost): void {
    const t = this.of(panel);
    t.received.set(message.type, (t.received.get(message.type) ?? 0) + 1);
    if (message.type === 'invalidMessage') {
      t.rejected++;
      t.lastRejection = message.error;
    }
    if (message.type === 'exploreDrawn' || message.type === 'exploreFailed') t.lastReport = message;
  }
}

export function createTestApi(o: { activationMs: number; dashboards: Dashboards; traffic: DashboardTrafficRecorder; inspector: ModelInspector; training: TrainingController }): CnnExplorerTestApi {
  const probe = (panel: DashboardPanel): DashboardProbe => {
    const t = o.traffic.of(panel);
    return {
      target: panel.target,
      panel: panel.panel,
      get isReady() { return panel.isReady; },
      get pageLoads() { return panel.pageLoads; },
      sentCounts: t.sent,
      deliveredCounts: t.delivered,
      get rejectedByPage() { return t.rejected; },
      get lastRejection() { return t.lastRejection; },
      get lastModelMessage() { return t.lastModel; },
      receivedCounts: t.received,
      get lastExploreMessage() { return t.lastExplore; },
      get lastExploreReport() { return t.lastReport; },
      resendModel: () => panel.refreshModel(),
    };
  };
  return {
    activationMs: o.activationMs,
    dashboards: () => o.dashboards.open.map(probe),
    training: { onMessage: o.training.onMessage, get isRunning() { return o.training.isRunning; } },
    onDidAnalyseDocument: o.inspector.onDidAnalyseDocument,
  };
}
