// Earlier training runs, as the host reads them from `.lenet/runs/<timestamp>/metrics.json` and sends them to the
// dashboard for overlay. Only what the charts need crosses the boundary (not weights, not images).
import { arrayOf, bool, fraction, nonNegInt, nullable, num, object, str, type Validator } from './validate';
import { trainingConfig, type TrainingConfig, type TrainingMessage } from './training';

/** Where a workspace keeps its runs, relative to the workspace folder: `.lenet/runs/<run>/`. */
export const RUNS_FOLDER = ['.lenet', 'runs'] as const;
/** A run's summary, written last: a run folder with it is a complete run. */
export const METRICS_FILE = 'metrics.json';

export interface RunLossPoint {
  samplesSeen: number;
  loss: number;
}

export interface RunEpochPoint {
  epoch: number;
  samplesSeen: number;
  valLoss: number;
  valAccuracy: number;
}

export interface RunSummary {
  runId: string;
  /** Absolute folder of the run (shown as a tooltip; the host can reveal it). */
  runDir: string;
  startedAt: string;
  backend: string;
  datasetName: string;
  isSubset: boolean;
  config: TrainingConfig;
  losses: RunLossPoint[];
  epochs: RunEpochPoint[];
  testAccuracy: number | null;
  samplesPerSecond: number | null;
  /** The user stopped the run before its last epoch ended (`epochs` holds the complete ones). */
  stoppedEarly: boolean;
}

export const runSummary: Validator<RunSummary> = object({
  runId: str,
  runDir: str,
  startedAt: str,
  backend: str,
  datasetName: str,
  isSubset: bool,
  config: trainingConfig,
  losses: arrayOf(object({ samplesSeen: nonNegInt, loss: num })),
  epochs: arrayOf(object({ epoch: nonNegInt, samplesSeen: nonNegInt, valLoss: num, valAccuracy: fraction })),
  testAccuracy: nullable(fraction),
  samplesPerSecond: nullable(num),
  stoppedEarly: bool,
});

/**
 * Folds one run's message stream into its summary: what the dashboard draws for the live run and what the
 * host may write into metrics.json, so that a saved run overlays exactly as it looked live.
 * Returns null until the run's `started` message has been seen.
 */
export function summarizeRun(messages: readonly TrainingMessage[]): RunSummary | null {
  const started = messages.find((m) => m.type === 'started');
  if (!started || started.type !== 'started') return null;
  const summary: RunSummary = {
    runId: started.runId,
    runDir: '',
    startedAt: started.startedAt,
    backend: started.backend,
    datasetName: started.dataset.name,
    isSubset: started.dataset.isSubset,
    config: started.config,
    losses: [],
    epochs: [],
    testAccuracy: null,
    samplesPerSecond: null,
    stoppedEarly: false,
  };
  for (const m of messages) {
    if (m.runId !== started.runId) continue;
    if (m.type === 'batch') summary.losses.push({ samplesSeen: m.samplesSeen, loss: m.loss });
    else if (m.type === 'epoch') {
      summary.epochs.push({ epoch: m.epoch, samplesSeen: m.samplesSeen, valLoss: m.valLoss, valAccuracy: m.valAccuracy });
      summary.samplesPerSecond = m.samplesPerSecond;
    } else if (m.type === 'done') {
      summary.testAccuracy = m.testAccuracy;
      summary.samplesPerSecond = m.samplesPerSecond;
      summary.runDir = m.runDir;
    } else if (m.type === 'stopped') {
      summary.stoppedEarly = true;
      if (m.runDir) summary.runDir = m.runDir;
    }
  }
  return summary;
}
