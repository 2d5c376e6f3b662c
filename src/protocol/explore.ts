// The Explore tab's messages (issue #14): the host reads a model's weights (only from the model's own folder) and the
// run's test images, and hands them to the webview, which runs TF.js on them (README "Explore": why the webview).
// Bytes cross as Uint8Array: VS Code transfers typed arrays in webview messages without JSON (engines ≥ 1.57).
import type { DatasetName } from './training';
import {
  arrayOf, literal, nonNegInt, nullable, num, objectOf, ProtocolError, record, str, unknownValue, type Validator,
} from './validate';

/** One weight of a model.json's `weightsManifest` (TF.js's WeightsManifestEntry, without quantization: refused by the host). */
export interface ExploreWeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool';
}

/** Where an explored model comes from. */
export type ExploreOrigin =
  /** A saved run folder (`.lenet/runs/<run>/model.json` + weights.bin + metrics.json). */
  | { kind: 'run'; runId: string; runDir: string }
  /** The LeNet run being trained now: weights after `epoch` (1-based) of `epochs`. */
  | { kind: 'live'; runId: string; epoch: number; epochs: number }
  /** Any TF.js layers model.json with its weight files. */
  | { kind: 'file'; uri: string };

/** A model with its weights, ready for TF.js's `tf.io.fromMemory`. */
export interface ExploreModelMessage {
  type: 'exploreModel';
  /** Stable per model and weights version: `run:<dir>`, `live:<runId>:<epoch>`, `file:<uri>:<mtime>`. */
  modelId: string;
  /** For the tab's header: `run 2026-12-04T10-00-00 · epoch 5/5`, `model.json (models/mnist)`. */
  title: string;
  origin: ExploreOrigin;
  /** model.json's `modelTopology` (a layers model: `class_name` Sequential/Model/Functional, `config`). */
  modelTopology: Record<string, unknown>;
  /** Every manifest group's weights, in manifest order. */
  weightSpecs: ExploreWeightSpec[];
  /** The weight files' bytes, concatenated in manifest order (exactly what `weightSpecs` need). */
  weightData: Uint8Array;
  /**
   * Images of the dataset the model was trained on, when known (a run): its class names, test images and the run's
   * predictions of them. Null: no dataset (the user draws or loads an image).
   */
  dataset: ExploreDataset | null;
}

/** The test set of a run's dataset, sent with its model (once per model: ~7.9 MB for 10,000 28×28 images). */
export interface ExploreDataset {
  name: DatasetName;
  classNames: string[];
  /** Where the images were read from (shown in the tab), e.g. `/usr/share/datasets/fashion-mnist`. */
  location: string;
  width: number;
  height: number;
  /** Test images, row-major uint8 grey values, `count × height × width` bytes, in test-set order (index = test index). */
  images: Uint8Array;
  /** One label per image. */
  labels: Uint8Array;
  /**
   * The run's prediction for each image (same order), from its test evaluation, when metrics.json has them; null for
   * older runs and the live run (the tab then classifies what it needs itself).
   */
  predictions: Uint8Array | null;
  /** How the model's input was made from the bytes: `bytes / 255` (images.ts), the same for every built-in run. */
  scale: 'divide-by-255';
}

/** Why the tab cannot explore this model, and what to do about it. */
export interface ExploreUnavailableMessage {
  type: 'exploreUnavailable';
  /** e.g. `model.json lists no weights: Explore needs the trained weights.` */
  reason: string;
  /** e.g. `Train it with "LeNet: Train", or export it with model.save('file://…') next to model.json.` */
  hint: string | null;
}

/** The answer to `pickExploreImage`: the chosen file's bytes (the webview decodes, resizes and converts them). */
export interface ExploreImageFileMessage {
  type: 'exploreImageFile';
  requestId: number;
  /** `cancelled`: the user closed the dialog; `error`: `message` says why (too large, unreadable, not in the workspace). */
  status: 'ok' | 'cancelled' | 'error';
  name: string | null;
  bytes: Uint8Array | null;
  message: string | null;
}

export type ExploreHostMessage = ExploreModelMessage | ExploreUnavailableMessage | ExploreImageFileMessage;

/**
 * The Explore tab was shown (or its run choice changed): send its model. `runDir`: a saved run the user chose on
 * the built-in LeNet's dashboard; null: the panel's own model (a file's folder; for the built-in LeNet the live run,
 * else the newest saved run).
 */
export interface RequestExploreModel {
  type: 'requestExploreModel';
  runDir: string | null;
}

/** Open a file dialog for an image (PNG, JPEG, GIF, BMP, WebP) in the workspace; answered by `exploreImageFile`. */
export interface PickExploreImage {
  type: 'pickExploreImage';
  requestId: number;
}

/**
 * The page drew Explore for a model and input (every layer that is not skipped), or its engine failed: the host logs
 * it in the output channel (an engine error is worth seeing) and the integration tests read it.
 */
export interface ExploreDrawnReport {
  type: 'exploreDrawn';
  modelId: string;
  /** `tf.getBackend()` in the page. */
  backend: string;
  layersDrawn: number;
  layersSkipped: number;
  predicted: number | null;
  /** From the input chosen to every map drawn, in the page. */
  ms: number;
}

export interface ExploreFailedReport {
  type: 'exploreFailed';
  modelId: string;
  message: string;
}

export type ExploreWebviewMessage = RequestExploreModel | PickExploreImage | ExploreDrawnReport | ExploreFailedReport;

// ---------- validators ----------

/** A Uint8Array (VS Code and the browser deliver typed arrays as such; an ArrayBuffer is accepted and wrapped). */
export const bytes: Validator<Uint8Array> = (v, p) => {
  if (v instanceof Uint8Array) return v;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  throw new ProtocolError(p, 'bytes (a Uint8Array)', v);
};

const dims: Validator<number[]> = arrayOf(nonNegInt);

export const exploreWeightSpec: Validator<ExploreWeightSpec> = objectOf<ExploreWeightSpec>({
  name: str, shape: dims, dtype: literal('float32', 'int32', 'bool'),
});

const exploreOrigin: Validator<ExploreOrigin> = (v, p) => {
  const { kind } = objectOf<{ kind: ExploreOrigin['kind'] }>({ kind: literal('run', 'live', 'file') })(v, p);
  if (kind === 'run') return objectOf<Extract<ExploreOrigin, { kind: 'run' }>>({ kind: literal('run'), runId: str, runDir: str })(v, p);
  if (kind === 'live') return objectOf<Extract<ExploreOrigin, { kind: 'live' }>>({ kind: literal('live'), runId: str, epoch: nonNegInt, epochs: nonNegInt })(v, p);
  return objectOf<Extract<ExploreOrigin, { kind: 'file' }>>({ kind: literal('file'), uri: str })(v, p);
};

const exploreDataset: Validator<ExploreDataset> = (v, p) => {
  const d = objectOf<ExploreDataset>({
    name: literal('fashion-mnist', 'mnist'), classNames: arrayOf(str), location: str, width: nonNegInt, height: nonNegInt,
    images: bytes, labels: bytes, predictions: nullable(bytes), scale: literal('divide-by-255'),
  })(v, p);
  const count = d.labels.length;
  if (d.images.length !== count * d.width * d.height) throw new ProtocolError(`${p}.images`, `${count} × ${d.height} × ${d.width} bytes`, `${d.images.length} bytes`);
  if (d.predictions && d.predictions.length !== count) throw new ProtocolError(`${p}.predictions`, `${count} predictions`, `${d.predictions.length}`);
  return d;
};

export const exploreModelMessage: Validator<ExploreModelMessage> = objectOf<ExploreModelMessage>({
  type: literal('exploreModel'), modelId: str, title: str, origin: exploreOrigin,
  modelTopology: record(unknownValue) as Validator<Record<string, unknown>>,
  weightSpecs: arrayOf(exploreWeightSpec), weightData: bytes, dataset: nullable(exploreDataset),
});

export const exploreUnavailableMessage: Validator<ExploreUnavailableMessage> = objectOf<ExploreUnavailableMessage>({
  type: literal('exploreUnavailable'), reason: str, hint: nullable(str),
});

export const exploreImageFileMessage: Validator<ExploreImageFileMessage> = objectOf<ExploreImageFileMessage>({
  type: literal('exploreImageFile'), requestId: nonNegInt, status: literal('ok', 'cancelled', 'error'),
  name: nullable(str), bytes: nullable(bytes), message: nullable(str),
});

export const requestExploreModel: Validator<RequestExploreModel> = objectOf<RequestExploreModel>({
  type: literal('requestExploreModel'), runDir: nullable(str),
});

export const exploreDrawnReport: Validator<ExploreDrawnReport> = objectOf<ExploreDrawnReport>({
  type: literal('exploreDrawn'), modelId: str, backend: str, layersDrawn: nonNegInt, layersSkipped: nonNegInt,
  predicted: nullable(nonNegInt), ms: num,
});

export const exploreFailedReport: Validator<ExploreFailedReport> = objectOf<ExploreFailedReport>({
  type: literal('exploreFailed'), modelId: str, message: str,
});

export const pickExploreImage: Validator<PickExploreImage> = objectOf<PickExploreImage>({
  type: literal('pickExploreImage'), requestId: nonNegInt,
});
