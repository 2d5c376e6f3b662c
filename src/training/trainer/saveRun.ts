// A run's save phase, all or nothing: model.json + weights.bin first, metrics.json last (the dashboard lists a folder
// by its metrics.json), and when any write fails the files already written are removed, so a run folder holds a
// complete run or none and can be reused.
import { join } from 'node:path';
import type { RunMetrics } from './metrics';
import { METRICS_FILE, removeSavedRun, runFolderHandler, writeFileAtomic } from './runFolder';
import { inPhase } from './runPhase';
import type { LayersModel, Tf } from './tf';

export async function saveRunModel(tf: Tf, model: LayersModel, dir: string): Promise<void> {
  await undoSaveOnFailure(dir, inPhase('save', () => model.save(runFolderHandler(tf, dir))));
}

export async function saveRunMetrics(dir: string, metrics: RunMetrics): Promise<void> {
  await undoSaveOnFailure(dir, inPhase('save', () => writeFileAtomic(join(dir, METRICS_FILE), JSON.stringify(metrics, null, 1))));
}

async function undoSaveOnFailure<T>(dir: string, saving: Promise<T>): Promise<T> {
  try {
    return await saving;
  } catch (e) {
    removeSavedRun(dir);
    throw e;
  }
}
