// The dashboard's webview → host messages: each is validated (a webview is untrusted content), then handed to the
// panel's action for it. Pure of vscode: the panel hands in its actions.
import { parseWebviewToHost, type RunCommandRequest, type WebviewToHost } from '../../protocol';

/** What a dashboard does for its page's messages. */
export interface DashboardPageActions {
  /** A page loaded (first open, shown again, window reload) and needs everything anew. */
  pageReady(): Promise<void>;
  /**
   * Show a layer in an editor (a JSON file's layer at `path`; a PyTorch model's layer, by name, at its source span);
   * answered with a revealResult for `requestId`.
   */
  revealLayer(requestId: number, layer: string, path: (string | number)[]): Promise<void>;
  runCommand(command: RunCommandRequest['command']): Promise<void>;
  sendRuns(): Promise<void>;
  /** The page's validator rejected a host message (always a bug on the host's side). */
  pageRejected(error: string): void;
  /** The Explore tab wants its model (`runDir`: a saved run the user chose; null: the panel's own model). */
  requestExploreModel(runDir: string | null): Promise<void>;
  /** The Explore tab wants an image file from the workspace (answered with exploreImageFile for `requestId`). */
  pickExploreImage(requestId: number): Promise<void>;
}

export interface RouterLog {
  appendLine(line: string): void;
}

/** Validates one raw message from the page and runs its action; an invalid message is logged and ignored. */
export async function routeWebviewMessage(raw: unknown, actions: DashboardPageActions, log?: RouterLog): Promise<WebviewToHost | undefined> {
  const parsed = parseWebviewToHost(raw);
  if (!parsed.ok) {
    log?.appendLine(`[dashboard] ignored an invalid message from the webview: ${parsed.error}`);
    return undefined;
  }
  const m = parsed.value;
  switch (m.type) {
    case 'ready':
      await actions.pageReady();
      break;
    case 'revealLayer':
      await actions.revealLayer(m.requestId, m.layer, m.path);
      break;
    case 'runCommand':
      await actions.runCommand(m.command);
      break;
    case 'requestRuns':
      await actions.sendRuns();
      break;
    case 'requestExploreModel':
      await actions.requestExploreModel(m.runDir);
      break;
    case 'pickExploreImage':
      await actions.pickExploreImage(m.requestId);
      break;
    case 'exploreDrawn':
      log?.appendLine(`[explore] ${m.modelId}: ${m.layersDrawn} layers drawn${m.layersSkipped ? `, ${m.layersSkipped} skipped` : ''} in ${Math.round(m.ms)} ms on ${m.backend}`);
      break;
    case 'exploreFailed':
      log?.appendLine(`[explore] ${m.modelId}: ${m.message}`);
      break;
    case 'invalidMessage':
      log?.appendLine(`[dashboard] the webview rejected a host message: ${m.error}`);
      actions.pageRejected(m.error);
      break;
  }
  return m;
}
