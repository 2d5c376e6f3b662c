// One training run from start to saved folder, shared by the training process (forked by the extension) and the
// CLI: backend → dataset → split → LeNet → fit → test → model.json + weights.bin + metrics.json. It reports only
// through `emit` (protocol messages) and never throws: every failure becomes an `error` message naming its phase.
import { cpus } from 'node:os';
import { summarizeRun } from '../../protocol/runs';
import type { DatasetInfo, MisclassifiedImage, TrainingConfig, TrainingMessage } from '../../protocol/training';
import { describeSelection, selectBackend, summarizeSelection, type BackendPreference, type BackendSelection } from '../backend/selectBackend';
import type { LabelledImages } from '../data/images';
import { describeSource, loadDataset, type DownloadSettings, type LoadedDataset } from '../data/sources';
import { allIndices } from '../data/images';
import { notebookValidationCount, splitTrainValidation } from '../data/split';
import { confusionMatrix, evaluate, perClassAccuracy } from './evaluate';
import { batchesPerEpoch, fit, type BatchProgress, type FitResult } from './fit';
import { METRICS_FORMAT, METRICS_VERSION, type RunMetrics } from './metrics';
import { buildTrainableModel, lenetTopologyFor, outputsLogits, type LayersTopology } from './model';
import type { LayersModel } from './tf';
import { METRICS_FILE, MODEL_FILE, removeSavedRun, runFolderHandler, WEIGHTS_FILE, writeFileAtomic } from './runFolder';
import { claimRunFolder, type RunFolderClaim } from './runFolderClaim';
import { join } from 'node:path';

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
  /** How many misclassified test images the `done` message carries. */
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

class PhaseError extends Error {
  constructor(readonly phase: string, cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

async function inPhase<T>(phase: string, f: () => Promise<T> | T): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw e instanceof PhaseError ? e : new PhaseError(phase, e);
  }
}

function limit(indices: Uint32Array, n: number | undefined): Uint32Array {
  return n === undefined ? indices : indices.subarray(0, Math.min(n, indices.length));
}

export async function runTraining(o: RunTrainingOptions): Promise<RunOutcome> {
  const messages: TrainingMessage[] = [];
  const emit = (m: TrainingMessage): void => {
    messages.push(m);
    o.emit(m);
  };
  const log = (text: string, level: 'info' | 'warning' | 'detail' = 'info'): void => emit({ type: 'log', runId: o.runId, level, text });
  const { config } = o;
  const started = new Date();
  let selection: BackendSelection | undefined;
  let claim: RunFolderClaim | undefined;
  try {
    claim = await inPhase('output', () => claimRunFolder(o.outDir));
    selection = await inPhase('backend', () => selectBackend(config.requestedBackend as BackendPreference, { wasmDir: o.wasmDir }));
    const tf = selection.tf;
    log(summarizeSelection(selection));
    log(`Backend details: ${describeSelection(selection)}`, 'detail');

    const dataStart = performance.now();
    let lastDownloadLog = 0;
    const dataset: LoadedDataset = await inPhase('dataset', () => loadDataset({
      dataset: config.dataset,
      dataDir: o.dataDir ?? undefined,
      cacheDir: o.cacheDir,
      subsetDir: o.subsetDir,
      systemDirs: o.systemDirs,
      download: o.download,
      signal: o.signal,
      onProgress: (p) => {
        if (p.phase !== 'downloading') return;
        const now = performance.now();
        if (now - lastDownloadLog < 1000 && p.receivedBytes !== p.totalBytes) return;
        lastDownloadLog = now;
        const total = p.totalBytes ? ` of ${(p.totalBytes / 1e6).toFixed(1)} MB` : '';
        log(`Downloading ${p.file} (${p.fileIndex + 1}/${p.fileCount}): ${(p.receivedBytes / 1e6).toFixed(1)} MB${total}`);
      },
    }));
    const dataSeconds = (performance.now() - dataStart) / 1000;
    for (const s of dataset.skipped) log(`Dataset source ${s.kind} ${s.dir} skipped: ${s.reason}`);
    log(`Dataset: ${describeSource(dataset)}`, dataset.source.isSubset ? 'warning' : 'info');

    // The notebook's random_split(training_data, [50000, 10000]) with seed 3; the same 1/6 for other sizes.
    const validationCount = notebookValidationCount(dataset.train.count);
    const split = splitTrainValidation(dataset.train.count, validationCount, config.seed);
    const limits = o.limits ?? {};
    const train = limit(split.train, limits.train);
    const validation = limit(split.validation, limits.validation ?? (limits.train !== undefined ? Math.max(1, Math.ceil(limits.train / 5)) : undefined));
    const testIndices = limit(allIndices(dataset.test.count), limits.test);
    const limited = train.length < split.train.length || validation.length < split.validation.length || testIndices.length < dataset.test.count;
    if (limited) log(`Limited run: ${train.length} training, ${validation.length} validation, ${testIndices.length} test examples.`, 'warning');
    const info: DatasetInfo = {
      name: dataset.name,
      source: dataset.source.kind,
      location: dataset.source.url ?? dataset.source.dir,
      trainSize: train.length,
      validationSize: validation.length,
      testSize: testIndices.length,
      isSubset: dataset.source.isSubset,
      classNames: [...dataset.classNames],
    };

    const model = await inPhase('model', () => buildTrainableModel(tf, o.topology ?? lenetTopologyFor(config), config));
    const logits = outputsLogits(model);
    emit({
      type: 'started', runId: o.runId, config, backend: selection.backendName, dataset: info,
      batchesPerEpoch: batchesPerEpoch(train.length, config.batchSize), startedAt: started.toISOString(),
    });
    const runStart = performance.now();

    if (o.shouldStop()) {
      release(model);
      emit({ type: 'stopped', runId: o.runId, completedEpochs: 0, runDir: null });
      return { status: 'stopped', runDir: null };
    }

    const fitted: FitResult = await inPhase('training', () => fit(tf, model, config, { data: dataset.train, train, validation }, {
      runId: o.runId, emit, onBatch: o.onBatch, shouldStop: o.shouldStop,
    }, logits));

    if (fitted.stopped && fitted.samplesSeen === 0) {
      release(model);
      emit({ type: 'stopped', runId: o.runId, completedEpochs: 0, runDir: null });
      return { status: 'stopped', runDir: null };
    }

    let test: RunMetrics['test'] = null;
    let misclassified: MisclassifiedImage[] = [];
    if (!fitted.stopped) {
      const t = await inPhase('test', () => evaluate(tf, model, dataset.test, testIndices, logits));
      const confusion = confusionMatrix(t.labels, t.predictions, info.classNames.length);
      misclassified = firstMisclassified(dataset.test, testIndices, t.labels, t.predictions, o.misclassifiedCount ?? 16);
      test = {
        examples: testIndices.length, accuracy: t.accuracy, loss: t.loss, confusionMatrix: confusion,
        perClassAccuracy: perClassAccuracy(confusion),
        misclassified: misclassified.map(({ index, label, predicted }) => ({ index, label, predicted })),
      };
    }

    await undoSaveOnFailure(o.outDir, inPhase('save', () => model.save(runFolderHandler(tf, o.outDir))));
    const parameters = model.countParams();
    release(model);
    const seconds = (performance.now() - runStart) / 1000;
    const summary = summarizeRun(messages);
    if (summary === null) throw new PhaseError('save', 'internal: no started message');
    summary.runDir = o.outDir;
    summary.testAccuracy = test?.accuracy ?? null;
    summary.samplesPerSecond = fitted.samplesPerSecond;
    const metrics: RunMetrics = {
      format: METRICS_FORMAT,
      version: METRICS_VERSION,
      ...summary,
      status: fitted.stopped ? 'stopped' : 'done',
      finishedAt: new Date().toISOString(),
      config,
      backendDetails: { requested: config.requestedBackend, details: selection.details },
      dataset: { ...info, checksumsVerified: dataset.source.checksumsVerified, limited },
      model: { parameters, file: MODEL_FILE, weightsFile: WEIGHTS_FILE },
      history: { batches: fitted.batches, epochs: fitted.epochs },
      completedEpochs: fitted.completedEpochs,
      test,
      samplesPerSecond: fitted.samplesPerSecond,
      trainSeconds: fitted.trainSeconds,
      seconds,
      dataSeconds,
      environment: {
        node: process.version, platform: process.platform, arch: process.arch, cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown', tfjs: tf.version.tfjs,
      },
    };
    await undoSaveOnFailure(o.outDir, inPhase('save', () => writeFileAtomic(join(o.outDir, METRICS_FILE), JSON.stringify(metrics, null, 1))));

    if (fitted.stopped || test === null) {
      emit({ type: 'stopped', runId: o.runId, completedEpochs: fitted.completedEpochs, runDir: o.outDir });
      return { status: 'stopped', runDir: o.outDir, metrics };
    }
    emit({
      type: 'done', runId: o.runId, testAccuracy: test.accuracy, confusionMatrix: test.confusionMatrix,
      perClassAccuracy: test.perClassAccuracy, misclassified, seconds, samplesPerSecond: fitted.samplesPerSecond, runDir: o.outDir,
    });
    return { status: 'done', runDir: o.outDir, metrics };
  } catch (e) {
    if (o.signal?.aborted && e instanceof PhaseError && e.phase === 'dataset') {
      // Stopped while the data loaded: nothing learned, nothing saved.
      emit({ type: 'stopped', runId: o.runId, completedEpochs: 0, runDir: null });
      return { status: 'stopped', runDir: null };
    }
    const phase = e instanceof PhaseError ? e.phase : 'crash';
    const message = e instanceof Error ? e.message : String(e);
    emit({ type: 'error', runId: o.runId, message, phase });
    return { status: 'error', runDir: null, error: message };
  } finally {
    // A folder this run created and left empty (an error, a stop before the first batch, an undone save) goes.
    claim?.release({ removeIfEmpty: true });
  }
}

/** A save is all or nothing: when a part fails, the parts already written are removed. */
async function undoSaveOnFailure<T>(dir: string, saving: Promise<T>): Promise<T> {
  try {
    return await saving;
  } catch (e) {
    removeSavedRun(dir);
    throw e;
  }
}

/**
 * Frees the model and its optimizer's state (Adam's moments): a model compiled with an Optimizer instance does not
 * own it, so model.dispose() alone would leave those tensors behind in a process that trains more than once.
 */
function release(model: LayersModel): void {
  const optimizer = model.optimizer;
  model.dispose();
  optimizer?.dispose();
}

/** The first `count` misclassified test images (in test-set order), with their pixels for the dashboard. */
function firstMisclassified(test: LabelledImages, indices: Uint32Array, labels: Uint8Array, predictions: Uint8Array, count: number): MisclassifiedImage[] {
  const pixels = test.height * test.width;
  const out: MisclassifiedImage[] = [];
  for (let i = 0; i < predictions.length && out.length < count; i++) {
    if (predictions[i] === labels[i]) continue;
    const index = indices[i];
    const bytes = test.images.subarray(index * pixels, (index + 1) * pixels);
    out.push({ index, label: labels[i], predicted: predictions[i], pixels: Buffer.from(bytes).toString('base64') });
  }
  return out;
}
