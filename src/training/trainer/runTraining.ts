// One training run from start to saved folder, shared by the training process (forked by the extension) and the
// CLI, in phases: output folder → backend → data (runData.ts, examples chosen by runPolicy.ts) → model (model.ts) →
// fit (fit.ts, the weights after each epoch from epochWeights.ts) → test (testResults.ts) → save (saveRun.ts, metrics.json from metrics.ts). It reports only through
// `emit` (protocol messages) and never throws: every failure becomes an `error` message naming its phase.
import { summarizeRun } from '../../protocol/runs';
import type { TrainingConfig, TrainingMessage } from '../../protocol/training';
import { describeSelection, selectBackend, summarizeSelection, type BackendPreference } from '../backend/selectBackend';
import type { DownloadSettings } from '../data/sources';
import { epochWeightsMessage } from './epochWeights';
import { batchesPerEpoch, fit, type BatchProgress, type FitResult } from './fit';
import { runMetrics, type RunMetrics } from './metrics';
import { buildTrainableModel, lenetTopologyFor, outputsLogits, releaseModel, type LayersTopology } from './model';
import { loadRunData } from './runData';
import { claimRunFolder, type RunFolderClaim } from './runFolderClaim';
import { inPhase, PhaseError, type RunLog } from './runPhase';
import { MISCLASSIFIED_SHOWN } from './runPolicy';
import { saveRunMetrics, saveRunModel } from './saveRun';
import { evaluateTestSet, type TestResults } from './testResults';

/** Caps on the number of examples, for quick runs and tests (`--limit-train`, `--limit-test`). */
export type { ExampleLimits } from '../../protocol/trainer';
import type { ExampleLimits } from '../../protocol/trainer';

export interface RunTrainingOptions {
  runId: string;
  config: TrainingConfig;
  /** The run folder; created (and checked writable) before anything else. */
  outDir: string;
  dataDir?: string | null;
  /** Dataset download cache root (the extension's global storage); without it there is no cache and no download. */
  cacheDir?: string;
  /** Folder of the shipped subsets (media/datasets). */
  subsetDir?: string;
  /** Download settings (tests: a local mirror); default: the dataset's mirrors. */
  download?: false | DownloadSettings;
  /** Folders of OS-installed data; default: the dataset's (e.g. /usr/share/datasets/fashion-mnist). Tests pass []. */
  systemDirs?: readonly string[];
  /** Folder of the wasm binaries (dist/wasm in the bundles). */
  wasmDir?: string;
  limits?: ExampleLimits;
  /** A different layers topology (tests); default: the core's LeNet with the run's activation and dropout. */
  topology?: LayersTopology;
  /** How many misclassified test images the `done` message carries (default: runPolicy's MISCLASSIFIED_SHOWN). */
  misclassifiedCount?: number;
  emit: (m: TrainingMessage) => void;
  onBatch?: (p: BatchProgress) => void;
  shouldStop: () => boolean;
  /** Aborts finding, reading and downloading the data (Ctrl+C, a stop); during training `shouldStop` is asked. */
  signal?: AbortSignal;
}

export interface RunOutcome {
  status: 'done' | 'stopped' | 'error';
  /** Null when nothing was saved (an error, or a stop before the first batch). */
  runDir: string | null;
  metrics?: RunMetrics;
  error?: string;
}

export async function runTraining(o: RunTrainingOptions): Promise<RunOutcome> {
  const messages: TrainingMessage[] = [];
  const emit = (m: TrainingMessage): void => {
    // The summary never reads weights (~250 KB each): a long run does not keep one per epoch.
    if (m.type !== 'weights') messages.push(m);
    o.emit(m);
  };
  const log: RunLog = (text, level = 'info') => emit({ type: 'log', runId: o.runId, level, text });
  const stopped = (completedEpochs: number, runDir: string | null): RunOutcome => {
    emit({ type: 'stopped', runId: o.runId, completedEpochs, runDir });
    return { status: 'stopped', runDir };
  };
  const { config } = o;
  const started = new Date();
  let claim: RunFolderClaim | undefined;
  try {
    claim = await inPhase('output', () => claimRunFolder(o.outDir));
    const selection = await inPhase('backend', () => selectBackend(config.requestedBackend as BackendPreference, { wasmDir: o.wasmDir }));
    const tf = selection.tf;
    log(summarizeSelection(selection));
    log(`Backend details: ${describeSelection(selection)}`, 'detail');

    const data = await loadRunData(config, {
      dataDir: o.dataDir ?? undefined, cacheDir: o.cacheDir, subsetDir: o.subsetDir, systemDirs: o.systemDirs, download: o.download, signal: o.signal,
    }, o.limits, log);
    const { dataset, examples } = data;

    const model = await inPhase('model', () => buildTrainableModel(tf, o.topology ?? lenetTopologyFor(config), config));
    const logits = outputsLogits(model);
    emit({
      type: 'started', runId: o.runId, config, backend: selection.backendName, dataset: data.info,
      batchesPerEpoch: batchesPerEpoch(examples.train.length, config.batchSize), startedAt: started.toISOString(),
    });
    const runStart = performance.now();

    if (o.shouldStop()) {
      releaseModel(model);
      return stopped(0, null);
    }

    const fitted: FitResult = await inPhase('training', () => fit(tf, model, config, { data: dataset.train, train: examples.train, validation: examples.validation }, {
      runId: o.runId, emit, onBatch: o.onBatch, shouldStop: o.shouldStop,
      afterEpoch: async (epoch) => emit(await epochWeightsMessage(tf, model, o.runId, epoch, config.epochs)),
    }, logits));

    if (fitted.stopped && fitted.samplesSeen === 0) {
      releaseModel(model);
      return stopped(0, null);
    }

    const tested: TestResults | null = fitted.stopped ? null
      : await evaluateTestSet(tf, model, dataset.test, examples.test, logits, data.info.classNames.length, o.misclassifiedCount ?? MISCLASSIFIED_SHOWN);

    await saveRunModel(tf, model, o.outDir);
    const parameters = model.countParams();
    releaseModel(model);
    const seconds = (performance.now() - runStart) / 1000;
    const summary = summarizeRun(messages);
    if (summary === null) throw new PhaseError('save', 'internal: no started message');
    const metrics = runMetrics({ summary, runDir: o.outDir, config, selection, data, parameters, fitted, test: tested?.test ?? null, seconds });
    await saveRunMetrics(o.outDir, metrics);

    if (fitted.stopped || tested === null) return { ...stopped(fitted.completedEpochs, o.outDir), metrics };
    const { test, misclassified, labels } = tested;
    emit({
      type: 'done', runId: o.runId, testAccuracy: test.accuracy, confusionMatrix: test.confusionMatrix,
      perClassAccuracy: test.perClassAccuracy, misclassified, seconds, samplesPerSecond: fitted.samplesPerSecond, runDir: o.outDir,
      ...(test.predictions !== undefined && labels !== undefined ? { predictions: test.predictions, labels } : {}),
    });
    return { status: 'done', runDir: o.outDir, metrics };
  } catch (e) {
    // Stopped while the data loaded: nothing learned, nothing saved.
    if (o.signal?.aborted && e instanceof PhaseError && e.phase === 'dataset') return stopped(0, null);
    const phase = e instanceof PhaseError ? e.phase : 'crash';
    const message = e instanceof Error ? e.message : String(e);
    emit({ type: 'error', runId: o.runId, message, phase });
    return { status: 'error', runDir: null, error: message };
  } finally {
    // A folder this run created and left empty (an error, a stop before the first batch, an undone save) goes.
    claim?.release({ removeIfEmpty: true });
  }
}
