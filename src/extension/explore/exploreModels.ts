// The Explore tab's model messages: a model.json with its weights (a file's own folder, a saved run's folder) or the
// live run's newest weights, each with the test set of the run's dataset when known. Weights and test sets are read
// once and kept while their files are unchanged (a page reload, a run choice changed back, every live epoch reuses the
// test set). Pure of vscode (unit-tested).
import { statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  METRICS_FILE, type ExploreDataset, type ExploreModelMessage, type ExploreOrigin, type ExploreUnavailableMessage,
  type TrainingDone, type TrainingStarted, type TrainingWeights,
} from '../../protocol';
import { DATASETS } from '../../training/data/datasets';
import { readRegularFile } from './boundedRead';
import { readModelWeights, type FileStamp, type ModelWeights } from './modelWeights';
import { runFolderLabel } from './runChoice';
import { predictionsFor, readTestSet, type RunDatasetRef, type TestSet, type TestSetPlaces } from './testSet';

export type ExploreAnswer = ExploreModelMessage | ExploreUnavailableMessage;

export interface ExploreLog {
  appendLine(line: string): void;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const unavailable = (reason: string, hint: string | null): ExploreUnavailableMessage => ({ type: 'exploreUnavailable', reason, hint });

/** The files a cached value was read from are unchanged (same size and modification time). */
function unchanged(files: readonly FileStamp[]): boolean {
  return files.every((f) => {
    const s = statSync(f.path, { throwIfNoEntry: false });
    return s !== undefined && s.size === f.size && s.mtimeMs === f.mtimeMs;
  });
}

function stamps(paths: readonly string[]): FileStamp[] {
  return paths.map((path) => {
    const s = statSync(path);
    return { path, size: s.size, mtimeMs: s.mtimeMs };
  });
}

/** What a run folder's metrics.json says about the run (absent or unreadable: nothing). */
interface RunMetricsFacts {
  runId: string | null;
  dataset: RunDatasetRef | null;
  predictions: unknown;
  completedEpochs: number | null;
  epochs: number | null;
}

/** A run's metrics.json is tens of KB (its history, one byte per test prediction and label); far more is not one. */
const MAX_METRICS_BYTES = 16 * 2 ** 20;

async function readRunMetrics(folder: string): Promise<RunMetricsFacts | null> {
  let m: Json;
  try {
    m = obj(JSON.parse((await readRegularFile(join(folder, METRICS_FILE), MAX_METRICS_BYTES)).toString('utf8')));
  } catch {
    return null;
  }
  const d = obj(m.dataset);
  const name = d.name ?? m.datasetName;
  const dataset: RunDatasetRef | null = typeof name === 'string' && Object.hasOwn(DATASETS, name)
    ? { name: name as RunDatasetRef['name'], location: typeof d.location === 'string' ? d.location : null, isSubset: d.isSubset === true || m.isSubset === true }
    : null;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return {
    runId: typeof m.runId === 'string' ? m.runId : null,
    dataset,
    predictions: obj(m.test).predictions,
    completedEpochs: num(m.completedEpochs),
    epochs: num(obj(m.config).epochs),
  };
}

/** What the host keeps of models' weights between requests (LeNet's are 250 KB; MobileNetV2's 14 MB). */
const WEIGHTS_CACHE_BYTES = 256 * 2 ** 20;

export class ExploreModels {
  private readonly weights = new Map<string, ModelWeights>();
  private readonly testSets = new Map<string, { testSet: TestSet; files: FileStamp[] }>();

  constructor(private readonly places: TestSetPlaces, private readonly log?: ExploreLog) {}

  /** A saved run's folder: its model.json and weights, and its dataset's test set with its predictions. */
  async fromRun(runDir: string): Promise<ExploreAnswer> {
    const metrics = await readRunMetrics(runDir);
    const folder = runFolderLabel(runDir);
    const epochs = metrics?.completedEpochs !== null && metrics?.completedEpochs !== undefined && metrics.epochs !== null
      ? ` · epoch ${metrics.completedEpochs}/${metrics.epochs}` : '';
    const origin: ExploreOrigin = { kind: 'run', runId: metrics?.runId ?? folder, runDir };
    return this.fromFolder(join(runDir, 'model.json'), `run:${runDir}`, `run ${folder}${epochs}`, origin, metrics);
  }

  /** Any TF.js layers model.json; its folder's metrics.json (a run folder opened as a file) gives the dataset. */
  async fromModelFile(modelFile: string, uri: string): Promise<ExploreAnswer> {
    const metrics = await readRunMetrics(dirname(modelFile));
    const parent = basename(dirname(modelFile));
    return this.fromFolder(modelFile, null, `${basename(modelFile)} (${parent})`, { kind: 'file', uri }, metrics);
  }

  /**
   * The live run after an epoch: its weights message, with the test set of the `started` message's dataset and, once
   * the run is done, its predictions.
   */
  async fromLive(weights: TrainingWeights, started: TrainingStarted | undefined, done: TrainingDone | undefined): Promise<ExploreAnswer> {
    const weightData = new Uint8Array(Buffer.from(weights.weightData, 'base64'));
    const needed = weights.weightSpecs.reduce((a, s) => a + 4 * s.shape.reduce((x, y) => x * y, 1), 0);
    if (weightData.length !== needed) {
      return unavailable(`The live run's weights after epoch ${weights.epoch} hold ${weightData.length} bytes, but its ${weights.weightSpecs.length} weights need ${needed}.`, null);
    }
    const ref: RunDatasetRef | null = started ? { name: started.dataset.name, location: started.dataset.location, isSubset: started.dataset.isSubset } : null;
    return {
      type: 'exploreModel',
      modelId: `live:${weights.runId}:${weights.epoch}`,
      title: `live run · epoch ${weights.epoch}/${weights.epochs}`,
      origin: { kind: 'live', runId: weights.runId, epoch: weights.epoch, epochs: weights.epochs },
      modelTopology: weights.modelTopology,
      weightSpecs: weights.weightSpecs.map((s) => ({ name: s.name, shape: [...s.shape], dtype: s.dtype })),
      weightData,
      dataset: ref ? await this.dataset(ref, done?.predictions) : null,
    };
  }

  private async fromFolder(modelFile: string, modelId: string | null, title: string, origin: ExploreOrigin, metrics: RunMetricsFacts | null): Promise<ExploreAnswer> {
    const weights = await this.modelWeights(modelFile);
    if ('reason' in weights) return unavailable(weights.reason, weights.hint);
    const version = Math.max(...weights.files.map((f) => f.mtimeMs));
    return {
      type: 'exploreModel',
      modelId: modelId ?? `file:${origin.kind === 'file' ? origin.uri : modelFile}:${version}`,
      title,
      origin,
      modelTopology: weights.modelTopology,
      weightSpecs: weights.weightSpecs,
      weightData: weights.weightData,
      dataset: metrics?.dataset ? await this.dataset(metrics.dataset, metrics.predictions) : null,
    };
  }

  private async modelWeights(modelFile: string): Promise<ModelWeights | { reason: string; hint: string | null }> {
    const cached = this.weights.get(modelFile);
    if (cached && unchanged(cached.files)) return cached;
    this.weights.delete(modelFile);
    const read = await readModelWeights(modelFile);
    if (!read.ok) return { reason: read.reason, hint: read.hint };
    const { modelTopology, weightSpecs, weightData, files } = read;
    const value = { modelTopology, weightSpecs, weightData, files };
    this.weights.set(modelFile, value);
    // A few models (a panel per model) and at most WEIGHTS_CACHE_BYTES in all: the oldest reads go first (the newest
    // stays even when it alone is larger: it is the one being shown).
    let total = 0;
    for (const w of this.weights.values()) total += w.weightData.byteLength;
    for (const [key, w] of this.weights) {
      if (key === modelFile || (this.weights.size <= 4 && total <= WEIGHTS_CACHE_BYTES)) break;
      this.weights.delete(key);
      total -= w.weightData.byteLength;
    }
    return value;
  }

  /** The test set with the run's predictions, or null (logged) when the images cannot be found. */
  private async dataset(ref: RunDatasetRef, predictions: unknown): Promise<ExploreDataset | null> {
    const key = JSON.stringify(ref);
    let cached = this.testSets.get(key);
    if (!cached || !unchanged(cached.files)) {
      const read = await readTestSet(ref, this.places);
      if (!read.ok) {
        this.testSets.delete(key);
        this.log?.appendLine(`[explore] ${read.reason}`);
        return null;
      }
      if (this.testSets.size >= 2) this.testSets.delete(this.testSets.keys().next().value as string);
      cached = { testSet: read.testSet, files: stamps(read.files) };
      this.testSets.set(key, cached);
    }
    return { ...cached.testSet, predictions: predictionsFor(predictions, cached.testSet) };
  }
}
