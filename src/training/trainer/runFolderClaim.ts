// Claims a run folder before anything is trained: creates it and proves it writable with a real write, so a bad
// `--out` fails in a second instead of after the whole run (when the model would be lost).
import { mkdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RunFolderClaim {
  dir: string;
  /** Gives the folder up; `removeIfEmpty` deletes it when this claim created it and nothing was saved in it. */
  release(options?: { removeIfEmpty?: boolean }): void;
}

export class RunFolderError extends Error {
  constructor(readonly dir: string, reason: string) {
    super(`Cannot use the run folder ${dir}: ${reason}`);
    this.name = 'RunFolderError';
  }
}

export function claimRunFolder(dir: string): RunFolderClaim {
  let created: string | undefined;
  try {
    created = mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new RunFolderError(dir, (e as Error).message);
  }
  const probe = join(dir, `.write-probe.${process.pid}`);
  try {
    writeFileSync(probe, String(process.pid));
  } catch (e) {
    throw new RunFolderError(dir, (e as Error).message);
  } finally {
    rmSync(probe, { force: true });
  }
  return {
    dir,
    release(options = {}) {
      if (options.removeIfEmpty && created !== undefined) {
        try {
          rmdirSync(dir);
        } catch {
          // not empty (something was saved) or already gone: keep it
        }
      }
    },
  };
}
