// Where the trainer finds what ships with the extension, and where a run or the dataset cache goes by default.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { runFolderName } from './runFolder';
import { RUNS_FOLDER } from '../../protocol/runs';

/**
 * media/datasets (the shipped subsets): next to a bundle in dist/ (dist/../media) or, when run from the sources with
 * tsx, from src/training/trainer (../../../media).
 */
export function shippedSubsetDir(from: string = __dirname): string | undefined {
  return [join(from, '..', 'media', 'datasets'), join(from, '..', '..', 'media', 'datasets'), join(from, '..', '..', '..', 'media', 'datasets')]
    .find((d) => existsSync(d));
}

/** The CLI's dataset download cache: $XDG_CACHE_HOME/cnn-explorer/datasets, else ~/.cache/cnn-explorer/datasets. */
export function defaultCliCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME && env.XDG_CACHE_HOME !== '' ? env.XDG_CACHE_HOME : join(homedir(), '.cache'), 'cnn-explorer', 'datasets');
}

/** `<root>/.lenet/runs/<timestamp>`: the run folder layout shared by the extension and the CLI. */
export function runDirIn(root: string, started: Date): string {
  return join(root, ...RUNS_FOLDER, runFolderName(started));
}
