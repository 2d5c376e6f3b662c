// Which saved run the built-in LeNet's Explore tab shows. The webview names a run by its folder; the host reads only a
// folder that is one of the workspace's runs (RunsRepository's list), never an arbitrary path from the page.
// Pure of vscode (unit-tested).
import { resolve } from 'node:path';
import type { RunSummary } from '../../protocol';

export type RunChoice =
  | { kind: 'run'; run: RunSummary }
  | { kind: 'none' }
  | { kind: 'refused'; reason: string };

/**
 * `requested`: the folder the page asked for (null: the newest run). `runs`: the workspace's runs, newest first.
 * `caseInsensitive`: compare folders ignoring case (Windows, macOS's default file system).
 */
export function chooseRun(requested: string | null, runs: readonly RunSummary[], caseInsensitive = process.platform === 'win32' || process.platform === 'darwin'): RunChoice {
  if (requested === null) return runs.length > 0 ? { kind: 'run', run: runs[0] } : { kind: 'none' };
  const key = (dir: string) => (caseInsensitive ? resolve(dir).toLowerCase() : resolve(dir));
  const wanted = key(requested);
  const run = runs.find((r) => key(r.runDir) === wanted);
  if (run) return { kind: 'run', run };
  return { kind: 'refused', reason: `${requested} is not a saved run of this workspace (.lenet/runs/<run>/ with its metrics.json): Explore opens only those.` };
}

/** `2026-12-04T10-00-00`: a run's folder name, for titles. */
export function runFolderLabel(runDir: string): string {
  return runDir.split(/[\\/]/).filter(Boolean).pop() ?? runDir;
}
