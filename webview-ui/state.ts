// The dashboard's state: what the user chose (persisted with the webview's setState so it survives the panel
// being hidden or VS Code restarting — no retainContextWhenHidden) and what the host sent (not persisted: the
// host re-sends the model and replays training on `ready`). Pure reducers, unit-tested without a browser.
// The persisted part's type, defaults and validation live in src/protocol/dashboardState.ts, because the host's
// serializer reads the same state.
import type {
  ExploreModelMessage, ExploreUnavailableMessage, ModelErrorMessage, ModelMessage, RunSummary, TrainingDone, TrainingEpoch,
  TrainingMessage, TrainingStarted,
} from '../src/protocol';

// ---------- training ----------

export type RunStatus = 'running' | 'done' | 'stopped' | 'error';

export interface LiveRun {
  runId: string;
  status: RunStatus;
  started: TrainingStarted | null;
  /** Batch losses (x = samples seen). */
  losses: { samplesSeen: number; loss: number; epoch: number; batch: number }[];
  epochs: TrainingEpoch[];
  done: TrainingDone | null;
  errorMessage: string | null;
  stoppedAfterEpochs: number | null;
  runDir: string | null;
  /** The notebook-format log (bounded, newest last). */
  log: string[];
}

const MAX_LOG_LINES = 500;

function emptyRun(runId: string): LiveRun {
  return { runId, status: 'running', started: null, losses: [], epochs: [], done: null, errorMessage: null, stoppedAfterEpochs: null, runDir: null, log: [] };
}

/**
 * Folds one training message into the live run. A `started` with a new run id begins a new run; so does any message
 * of a new run once the current one has ended (the trainer logs its backend and dataset before `started`, and those
 * lines belong to the new run). A message of another run while the current one is running (a late message of a
 * stopped run) is ignored. Returns the same object when nothing changed, a new one otherwise (so the view can tell
 * what to redraw).
 */
export function reduceTraining(run: LiveRun | null, m: TrainingMessage): LiveRun | null {
  if (m.type === 'started') {
    const next = emptyRun(m.runId);
    next.started = m;
    if (run?.runId === m.runId) next.log = run.log; // the lines logged while the run was being set up
    return next;
  }
  const current = run && run.runId === m.runId ? run : run === null || run.status !== 'running' ? emptyRun(m.runId) : null;
  if (current === null) return run;
  const next: LiveRun = { ...current };
  switch (m.type) {
    case 'batch':
      next.losses = [...current.losses, { samplesSeen: m.samplesSeen, loss: m.loss, epoch: m.epoch, batch: m.batch }];
      break;
    case 'epoch':
      next.epochs = [...current.epochs.filter((e) => e.epoch !== m.epoch), m];
      break;
    case 'done':
      next.done = m;
      next.status = 'done';
      next.runDir = m.runDir;
      break;
    case 'stopped':
      next.status = 'stopped';
      next.stoppedAfterEpochs = m.completedEpochs;
      next.runDir = m.runDir;
      break;
    case 'error':
      next.status = 'error';
      next.errorMessage = m.message;
      break;
    case 'log':
      next.log = [...current.log, m.text].slice(-MAX_LOG_LINES);
      break;
  }
  return next;
}

/** A replay replaces whatever the webview had: the host's buffer is the truth. */
export function replayTraining(messages: readonly TrainingMessage[]): LiveRun | null {
  let run: LiveRun | null = null;
  for (const m of messages) run = reduceTraining(run, m);
  return run;
}

/** Progress through the run in [0, 1], from samples seen over the planned total. */
export function runProgress(run: LiveRun): number {
  if (run.status === 'done') return 1;
  const s = run.started;
  if (!s) return 0;
  const total = s.config.epochs * s.dataset.trainSize;
  const seen = Math.max(run.losses.at(-1)?.samplesSeen ?? 0, run.epochs.at(-1)?.samplesSeen ?? 0);
  return total > 0 ? Math.min(1, seen / total) : 0;
}

// ---------- everything the host sent ----------

/** The Explore tab's model (with weights and test set) or why there is none. */
export interface ExploreHostData {
  model: ExploreModelMessage | null;
  unavailable: ExploreUnavailableMessage | null;
}

export interface HostData {
  model: ModelMessage | null;
  modelError: ModelErrorMessage | null;
  run: LiveRun | null;
  runs: RunSummary[];
  explore: ExploreHostData;
}

export const EMPTY_HOST_DATA: HostData = { model: null, modelError: null, run: null, runs: [], explore: { model: null, unavailable: null } };

/**
 * Folds an exploreModel message in. A live epoch's message may leave the test set out (the host sends the ~8 MB once
 * per run): it keeps the one the previous message of the same live run brought.
 */
export function reduceExploreModel(prev: ExploreModelMessage | null, m: ExploreModelMessage): ExploreModelMessage {
  if (m.dataset === null && m.origin.kind === 'live' && prev?.origin.kind === 'live' && prev.origin.runId === m.origin.runId && prev.dataset) {
    return { ...m, dataset: prev.dataset };
  }
  return m;
}
