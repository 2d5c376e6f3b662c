// The messages between the extension host and the dashboard webview. Both sides validate what they receive
// (`parseHostToWebview` in the webview, `parseWebviewToHost` in the host): a webview is untrusted content and a
// host message may come from a newer or older build after a reload.
import type { Analysis, Diagnostic, JsonPath } from '../core';
import type { MemoryLayer } from '../core/memory';
import { analysis, diagnostic, jsonPath, memoryLayer } from './analysis';
import {
  exploreDrawnReport, exploreFailedReport, exploreImageFileMessage, exploreModelMessage, exploreUnavailableMessage, pickExploreImage,
  requestExploreModel,
  type ExploreHostMessage, type ExploreWebviewMessage,
} from './explore';
import { DASHBOARD_TABS, type DashboardTab } from './dashboardState';
import { runSummary, type RunSummary } from './runs';
import { trainingMessage, type TrainingMessage } from './training';
import {
  arrayOf, bool, literal, nonNegInt, nullable, objectOf, optional, parseWith, record, str, taggedUnion, unknownValue,
  type ParseResult, type Validator,
} from './validate';

/** Where a panel's model comes from: the built-in LeNet-5, a model JSON file, or a PyTorch model in a .py file or notebook. */
export type ModelSource = 'builtin' | 'file' | 'pytorch';

/** Which model a panel shows. `key` is stable per model (one panel per key). */
export interface ModelDescriptor {
  key: string;
  /** Short title for the panel tab, e.g. `LeNet-5 (built-in)`, `model.json` or `lenet.py · Net`. */
  title: string;
  source: ModelSource;
  /** The file's URI as a string; null for the built-in model. */
  uri: string | null;
  /** A PyTorch model's entry (a module-level variable or a class of the file); absent: the file's default model. */
  entry?: string;
}

// ---------- host → webview ----------

export interface ModelMessage {
  type: 'model';
  model: ModelDescriptor;
  analysis: Analysis;
  /**
   * Each layer's config object from the file (by layer name), shown in the details pane: a JSON layer's config, a
   * PyTorch module's constructor arguments (a recorded call's non-tensor arguments).
   */
  layerConfigs?: Record<string, Record<string, unknown>>;
  /** Which engine produced the analysis, for the header: `PyTorch · static analysis`, `PyTorch 1.13.1 · meta device`. */
  engine?: string;
  /**
   * What the memory what-if walks when it is not `analysis.layers`: a PyTorch model's walk (one entry per call, from the
   * trace), so the page's figures for another batch are the editor's for that batch.
   */
  memoryLayers?: MemoryLayer[];
}

export interface ModelErrorMessage {
  type: 'modelError';
  model: ModelDescriptor;
  message: string;
  diagnostics: Diagnostic[];
}

/** Select a layer (the hover's "open in dashboard" link). */
export interface FocusLayerMessage {
  type: 'focusLayer';
  layer: string;
}

/** Show a tab (the inspector's "Explore" link opens the dashboard on the Explore tab). */
export interface ShowTabMessage {
  type: 'showTab';
  tab: DashboardTab;
}

export interface TrainingForward {
  type: 'training';
  message: TrainingMessage;
}

/** All buffered messages of the current (or last) run, sent when the panel is created or revived. */
export interface TrainingReplay {
  type: 'trainingReplay';
  messages: TrainingMessage[];
}

export interface RunsMessage {
  type: 'runs';
  runs: RunSummary[];
}

export interface RevealResult {
  type: 'revealResult';
  requestId: number;
  ok: boolean;
  message?: string;
}

export type HostToWebview =
  | ModelMessage | ModelErrorMessage | FocusLayerMessage | ShowTabMessage | TrainingForward | TrainingReplay | RunsMessage
  | RevealResult | ExploreHostMessage;

// ---------- webview → host ----------

/** Sent once the webview's script has run and listens; the host then sends the model and replays training. */
export interface ReadyMessage {
  type: 'ready';
}

/**
 * Reveal a layer in the editor (a JSON file: the object at `path`; a PyTorch model: the layer's source span, found by
 * its name, `path` empty); answered by `revealResult` with the same request id.
 */
export interface RevealLayerRequest {
  type: 'revealLayer';
  requestId: number;
  layer: string;
  path: JsonPath;
}

export interface RunCommandRequest {
  type: 'runCommand';
  command: 'train' | 'stopTraining';
}

export interface RequestRuns {
  type: 'requestRuns';
}

/** The webview rejected a host message; the host logs it (a protocol mismatch is a bug worth seeing). */
export interface InvalidMessageReport {
  type: 'invalidMessage';
  error: string;
}

export type WebviewToHost =
  | ReadyMessage | RevealLayerRequest | RunCommandRequest | RequestRuns | InvalidMessageReport | ExploreWebviewMessage;

// ---------- validators ----------

export const modelDescriptor: Validator<ModelDescriptor> = objectOf<ModelDescriptor>({
  key: str, title: str, source: literal('builtin', 'file', 'pytorch'), uri: nullable(str), entry: optional(str),
});

const configObject = record(unknownValue) as Validator<Record<string, unknown>>;

export const hostToWebview: Validator<HostToWebview> = taggedUnion<HostToWebview>({
  model: objectOf<ModelMessage>({
    type: literal('model'), model: modelDescriptor, analysis, layerConfigs: optional(record(configObject)), engine: optional(str),
    memoryLayers: optional(arrayOf(memoryLayer)),
  }),
  modelError: objectOf<ModelErrorMessage>({ type: literal('modelError'), model: modelDescriptor, message: str, diagnostics: arrayOf(diagnostic) }),
  focusLayer: objectOf<FocusLayerMessage>({ type: literal('focusLayer'), layer: str }),
  showTab: objectOf<ShowTabMessage>({ type: literal('showTab'), tab: literal(...DASHBOARD_TABS) }),
  training: objectOf<TrainingForward>({ type: literal('training'), message: trainingMessage }),
  trainingReplay: objectOf<TrainingReplay>({ type: literal('trainingReplay'), messages: arrayOf(trainingMessage) }),
  runs: objectOf<RunsMessage>({ type: literal('runs'), runs: arrayOf(runSummary) }),
  revealResult: objectOf<RevealResult>({ type: literal('revealResult'), requestId: nonNegInt, ok: bool, message: optional(str) }),
  exploreModel: exploreModelMessage,
  exploreUnavailable: exploreUnavailableMessage,
  exploreImageFile: exploreImageFileMessage,
});

export const webviewToHost: Validator<WebviewToHost> = taggedUnion<WebviewToHost>({
  ready: objectOf<ReadyMessage>({ type: literal('ready') }),
  revealLayer: objectOf<RevealLayerRequest>({ type: literal('revealLayer'), requestId: nonNegInt, layer: str, path: jsonPath }),
  runCommand: objectOf<RunCommandRequest>({ type: literal('runCommand'), command: literal('train', 'stopTraining') }),
  requestRuns: objectOf<RequestRuns>({ type: literal('requestRuns') }),
  invalidMessage: objectOf<InvalidMessageReport>({ type: literal('invalidMessage'), error: str }),
  requestExploreModel,
  pickExploreImage,
  exploreDrawn: exploreDrawnReport,
  exploreFailed: exploreFailedReport,
});

export const parseHostToWebview = (data: unknown): ParseResult<HostToWebview> => parseWith(hostToWebview, data);
export const parseWebviewToHost = (data: unknown): ParseResult<WebviewToHost> => parseWith(webviewToHost, data);
