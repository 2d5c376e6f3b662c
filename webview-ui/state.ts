// The dashboard's state: what the user chose (persisted with the webview's setState so it survives the panel
// being hidden or VS Code restarting — no retainContextWhenHidden) and what the host sent (not persisted: the
// host re-sends the model and replays training on `ready`). Pure reducers, unit-tested without a browser.
import type { DType, OptimizerName } from '../src/core';
import type {
  ModelErrorMessage, ModelMessage, RunSummary, TrainingDone, TrainingEpoch, TrainingMessage, TrainingStarted,
} from '../src/protocol';

export const TABS = ['architecture', 'layers', 'memory', 'training', 'theory'] as const;
export type TabId = (typeof TABS)[number];

export type SortKey = 'index' | 'name' | 'className' | 'output' | 'params' | 'trainable' | 'nonTrainable' | 'macs' | 'memory' | 'share';

export interface PersistedState {
  version: 1;
  tab: TabId;
  selectedLayer: string | null;
  memory: { batchSize: number; dtype: DType; optimizer: OptimizerName };
  sort: { key: SortKey; descending: boolean };
  /** Ids of earlier runs overlaid on the training charts. */
  overlayRuns: string[];
  /** Repeated blocks the user expanded in the layered graph (by block id). */
  expandedBlocks: string[];
  /** Theory calculator inputs by field id. */
  theory: Record<string, number>;
  /** Which model this panel shows: the host's serializer reads it to revive the panel after a reload. */
  modelRef: { source: 'builtin' | 'file'; uri: string | null } | null;
}

export const DEFAULT_STATE: PersistedState = {
  version: 1,
  tab: 'architecture',
  selectedLayer: null,
  // The notebook's training setup: batch 100, float32, Adam.
  memory: { batchSize: 100, dtype: 'float32', optimizer: 'adam' },
  sort: { key: 'index', descending: false },
  overlayRuns: [],
  expandedBlocks: [],
  theory: {},
  modelRef: null,
};

const DTYPES: readonly DType[] = ['float32', 'float16'];
const OPTIMIZERS: readonly OptimizerName[] = ['sgd', 'momentum', 'rmsprop', 'adam', 'adamax', 'adagrad', 'adadelta'];
const SORT_KEYS: readonly SortKey[] = ['index', 'name', 'className', 'output', 'params', 'trainable', 'nonTrainable', 'macs', 'memory', 'share'];

/**
 * Reads a state saved by an earlier (possibly older) build. Anything unknown or out of range falls back to the
 * default for that field, so a stale state never breaks the panel.
 */
export function restoreState(saved: unknown): PersistedState {
  const s = (typeof saved === 'object' && saved !== null ? saved : {}) as Record<string, unknown>;
  const d = DEFAULT_STATE;
  const mem = (typeof s.memory === 'object' && s.memory !== null ? s.memory : {}) as Record<string, unknown>;
  const sort = (typeof s.sort === 'object' && s.sort !== null ? s.sort : {}) as Record<string, unknown>;
  const batch = typeof mem.batchSize === 'number' && Number.isInteger(mem.batchSize) && mem.batchSize >= 1 && mem.batchSize <= 1_000_000
    ? mem.batchSize : d.memory.batchSize;
  const theory: Record<string, number> = {};
  if (typeof s.theory === 'object' && s.theory !== null) {
    for (const [k, v] of Object.entries(s.theory)) if (typeof v === 'number' && Number.isFinite(v)) theory[k] = v;
  }
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return {
    version: 1,
    tab: TABS.includes(s.tab as TabId) ? (s.tab as TabId) : d.tab,
    selectedLayer: typeof s.selectedLayer === 'string' ? s.selectedLayer : null,
    memory: {
      batchSize: batch,
      dtype: DTYPES.includes(mem.dtype as DType) ? (mem.dtype as DType) : d.memory.dtype,
      optimizer: OPTIMIZERS.includes(mem.optimizer as OptimizerName) ? (mem.optimizer as OptimizerName) : d.memory.optimizer,
    },
    sort: {
      key: SORT_KEYS.includes(sort.key as SortKey) ? (sort.key as SortKey) : d.sort.key,
      descending: sort.descending === true,
    },
    overlayRuns: strings(s.overlayRuns),
    expandedBlocks: strings(s.expandedBlocks),
    theory,
    modelRef: restoreModelRef(s.modelRef),
  };
}

function restoreModelRef(v: unknown): PersistedState['modelRef'] {
  const r = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
  if (r.source === 'builtin') return { source: 'builtin', uri: null };
  if (r.source === 'file' && typeof r.uri === 'string') return { source: 'file', uri: r.uri };
  return null;
}

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

export interface HostData {
  model: ModelMessage | null;
  modelError: ModelErrorMessage | null;
  run: LiveRun | null;
  runs: RunSummary[];
}

export const EMPTY_HOST_DATA: HostData = { model: null, modelError: null, run: null, runs: [] };
