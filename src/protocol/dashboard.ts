// The messages between the extension host and the dashboard webview. Both sides validate what they receive
// (`parseHostToWebview` in the webview, `parseWebviewToHost` in the host): a webview is untrusted content and a
// host message may come from a newer or older build after a reload.
import type { Analysis, Diagnostic, JsonPath } from '../core';
import { analysis, diagnostic, jsonPath } from './analysis';
import { runSummary, type RunSummary } from './runs';
import { trainingMessage, type TrainingMessage } from './training';
import {
  arrayOf, bool, literal, nonNegInt, nullable, objectOf, optional, parseWith, record, str, taggedUnion, unknownValue,
  type ParseResult, type Validator,
} from './validate';

/** Which model a panel shows. `key` is stable per model (one panel per key). */
export interface ModelDescriptor {
  key: string;
  /** Short title for the panel tab, e.g. `LeNet-5 (built-in)` or `model.json`. */
  title: string;
  source: 'builtin' | 'file';
  /** The file's URI as a string; null for the built-in model. */
  uri: string | null;
}

// ---------- host → webview ----------

export interface ModelMessage {
  type: 'model';
  model: ModelDescriptor;
  analysis: Analysis;
  /** Each layer's config object from the file (by layer name), shown in the details pane. */
  layerConfigs?: Record<string, Record<string, unknown>>;
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
  | ModelMessage | ModelErrorMessage | FocusLayerMessage | TrainingForward | TrainingReplay | RunsMessage | RevealResult;

// ---------- webview → host ----------

/** Sent once the webview's script has run and listens; the host then sends the model and replays training. */
export interface ReadyMessage {
  type: 'ready';
}

/** Reveal a layer's JSON in the editor; answered by `revealResult` with the same request id. */
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

export type WebviewToHost = ReadyMessage | RevealLayerRequest | RunCommandRequest | RequestRuns | InvalidMessageReport;

// ---------- validators ----------

export const modelDescriptor: Validator<ModelDescriptor> = objectOf<ModelDescriptor>({
  key: str, title: str, source: literal('builtin', 'file'), uri: nullable(str),
});

const configObject = record(unknownValue) as Validator<Record<string, unknown>>;

export const hostToWebview: Validator<HostToWebview> = taggedUnion<HostToWebview>({
  model: objectOf<ModelMessage>({ type: literal('model'), model: modelDescriptor, analysis, layerConfigs: optional(record(configObject)) }),
  modelError: objectOf<ModelErrorMessage>({ type: literal('modelError'), model: modelDescriptor, message: str, diagnostics: arrayOf(diagnostic) }),
  focusLayer: objectOf<FocusLayerMessage>({ type: literal('focusLayer'), layer: str }),
  training: objectOf<TrainingForward>({ type: literal('training'), message: trainingMessage }),
  trainingReplay: objectOf<TrainingReplay>({ type: literal('trainingReplay'), messages: arrayOf(trainingMessage) }),
  runs: objectOf<RunsMessage>({ type: literal('runs'), runs: arrayOf(runSummary) }),
  revealResult: objectOf<RevealResult>({ type: literal('revealResult'), requestId: nonNegInt, ok: bool, message: optional(str) }),
});

export const webviewToHost: Validator<WebviewToHost> = taggedUnion<WebviewToHost>({
  ready: objectOf<ReadyMessage>({ type: literal('ready') }),
  revealLayer: objectOf<RevealLayerRequest>({ type: literal('revealLayer'), requestId: nonNegInt, layer: str, path: jsonPath }),
  runCommand: objectOf<RunCommandRequest>({ type: literal('runCommand'), command: literal('train', 'stopTraining') }),
  requestRuns: objectOf<RequestRuns>({ type: literal('requestRuns') }),
  invalidMessage: objectOf<InvalidMessageReport>({ type: literal('invalidMessage'), error: str }),
});

export const parseHostToWebview = (data: unknown): ParseResult<HostToWebview> => parseWith(hostToWebview, data);
export const parseWebviewToHost = (data: unknown): ParseResult<WebviewToHost> => parseWith(webviewToHost, data);
