// metrics.json: everything a run's numbers depend on and everything it measured, so a saved run can be compared,
// overlaid on the dashboard and reproduced. The top level IS the protocol's RunSummary (runId, backend, losses,
// epochs, testAccuracy, ...), so the dashboard reads a saved run exactly as it drew it live; the details follow.
import { cpus } from 'node:os';
import type { RunSummary } from '../../protocol/runs';
import type { DatasetInfo, TrainingBatch, TrainingConfig, TrainingEpoch } from '../../protocol/training';
import type { BackendSelection } from '../backend/selectBackend';
import type { FitResult } from './fit';
import type { RunData } from './runData';
import { MODEL_FILE, WEIGHTS_FILE } from './runFolder';

export const METRICS_FORMAT = 'cnn-explorer-training-run';
export const METRICS_VERSION = 1;

export interface RunMetrics extends RunSummary {
  format: typeof METRICS_FORMAT;
  version: typeof METRICS_VERSION;
  /** `done`: all epochs and the test evaluation; `stopped`: the user stopped it, the weights are those learned so far. */
  status: 'done' | 'stopped';
  finishedAt: string;
  config: TrainingConfig;
  /** `backend` (RunSummary) is the one TF.js used; this says what was asked for and how it runs (SIMD, kernels). */
  backendDetails: { requested: string; details: string[] };
  dataset: DatasetInfo & { checksumsVerified: boolean; limited: boolean };
  model: { parameters: number; file: string; weightsFile: string };
  history: { batches: TrainingBatch[]; epochs: TrainingEpoch[] };
  completedEpochs: number;
  /** Null when the run was stopped before the test evaluation. */
  test: null | {
    examples: number;
    accuracy: number;
    loss: number;
    confusionMatrix: number[][];
    perClassAccuracy: number[];
    /** Test-set indices of the first misclassified images, with true and predicted class. */
    misclassified: { index: number; label: number; predicted: number }[];
    /**
     * The prediction for every test image, one byte each in test-file order, base64 (done.predictions): present when
     * the run evaluated the whole test set, so the Explore tab can open the images behind a confusion-matrix cell.
     */
    predictions?: string;
  };
  /** Training samples per second over the training steps only (validation and test excluded). */
  samplesPerSecond: number;
  /** Wall time of training steps only, seconds. */
  trainSeconds: number;
  /** Wall time from start (after data loading) to the saved run, seconds. */
  seconds: number;
  /** Seconds spent finding and reading the dataset. */
  dataSeconds: number;
  environment: { node: string; platform: string; arch: string; cpus: number; cpuModel: string; tfjs: string };
}

export interface RunRecord {
  /** The run's messages summarised (protocol/runs' summarizeRun); completed here with what only the end knows. */
  summary: RunSummary;
  runDir: string;
  config: TrainingConfig;
  selection: BackendSelection;
  data: RunData;
  parameters: number;
  fitted: FitResult;
  test: RunMetrics['test'];
  /** Seconds from the start of training to the saved model. */
  seconds: number;
}

export function runMetrics(r: RunRecord): RunMetrics {
  const { fitted, data } = r;
  return {
    format: METRICS_FORMAT,
    version: METRICS_VERSION,
    ...r.summary,
    runDir: r.runDir,
    testAccuracy: r.test?.accuracy ?? null,
    samplesPerSecond: fitted.samplesPerSecond,
    status: fitted.stopped ? 'stopped' : 'done',
    finishedAt: new Date().toISOString(),
    config: r.config,
    backendDetails: { requested: r.config.requestedBackend, details: r.selection.details },
    dataset: { ...data.info, checksumsVerified: data.dataset.source.checksumsVerified, limited: data.examples.limited },
    model: { parameters: r.parameters, file: MODEL_FILE, weightsFile: WEIGHTS_FILE },
    history: { batches: fitted.batches, epochs: fitted.epochs },
    completedEpochs: fitted.completedEpochs,
    test: r.test,
    trainSeconds: fitted.trainSeconds,
    seconds: r.seconds,
    dataSeconds: data.seconds,
    environment: {
      node: process.version, platform: process.platform, arch: process.arch, cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown', tfjs: r.selection.tf.version.tfjs,
    },
  };
}
