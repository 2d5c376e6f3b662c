// metrics.json: everything a run's numbers depend on and everything it measured, so a saved run can be compared,
// overlaid on the dashboard and reproduced. The top level IS the protocol's RunSummary (runId, backend, losses,
// epochs, testAccuracy, ...), so the dashboard reads a saved run exactly as it drew it live; the details follow.
import type { RunSummary } from '../../protocol/runs';
import type { DatasetInfo, TrainingBatch, TrainingConfig, TrainingEpoch } from '../../protocol/training';

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
