// A run's data phase: find and read the dataset (the download's progress logged at most once a second), say where it
// came from, and choose the examples (runPolicy.ts). Only finding and reading is the 'dataset' phase.
import type { DatasetInfo, TrainingConfig } from '../../protocol/training';
import type { ExampleLimits } from '../../protocol/trainer';
import { describeSource, loadDataset, type DatasetProgress, type DatasetSourceOptions, type LoadedDataset } from '../data/sources';
import { inPhase, type RunLog } from './runPhase';
import { chooseRunExamples, type RunExamples } from './runPolicy';

export interface RunData {
  dataset: LoadedDataset;
  examples: RunExamples;
  /** What the `started` message and metrics.json say about the data. */
  info: DatasetInfo;
  /** Seconds spent finding and reading the dataset. */
  seconds: number;
}

export type RunDataSources = Omit<DatasetSourceOptions, 'dataset' | 'onProgress'>;

export async function loadRunData(config: TrainingConfig, sources: RunDataSources, limits: ExampleLimits | undefined, log: RunLog): Promise<RunData> {
  const start = performance.now();
  const dataset = await inPhase('dataset', () => loadDataset({ ...sources, dataset: config.dataset, onProgress: downloadLogger(log) }));
  const seconds = (performance.now() - start) / 1000;
  for (const s of dataset.skipped) log(`Dataset source ${s.kind} ${s.dir} skipped: ${s.reason}`);
  log(`Dataset: ${describeSource(dataset)}`, dataset.source.isSubset ? 'warning' : 'info');

  const examples = chooseRunExamples(dataset.train.count, dataset.test.count, config.seed, limits);
  const { train, validation, test } = examples;
  if (examples.limited) log(`Limited run: ${train.length} training, ${validation.length} validation, ${test.length} test examples.`, 'warning');
  const info: DatasetInfo = {
    name: dataset.name,
    source: dataset.source.kind,
    location: dataset.source.url ?? dataset.source.dir,
    trainSize: train.length,
    validationSize: validation.length,
    testSize: test.length,
    isSubset: dataset.source.isSubset,
    classNames: [...dataset.classNames],
  };
  return { dataset, examples, info, seconds };
}

/** Logs a download's progress at most once a second, and always its last chunk. */
function downloadLogger(log: RunLog): (p: DatasetProgress) => void {
  let lastLog = 0;
  return (p) => {
    if (p.phase !== 'downloading') return;
    const now = performance.now();
    if (now - lastLog < 1000 && p.receivedBytes !== p.totalBytes) return;
    lastLog = now;
    const total = p.totalBytes ? ` of ${(p.totalBytes / 1e6).toFixed(1)} MB` : '';
    log(`Downloading ${p.file} (${p.fileIndex + 1}/${p.fileCount}): ${(p.receivedBytes / 1e6).toFixed(1)} MB${total}`);
  };
}
