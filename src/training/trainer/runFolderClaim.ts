// Claims a run folder before anything is trained: creates it, proves it writable with a real write, and holds it
// alone. The proof is the lock file itself (created with O_EXCL, holding this process's id), so a bad `--out` fails
// in a second instead of after the whole run, and a second run into the same folder is refused instead of both
// reporting done while one's results are lost. A lock whose process is gone (a crash, a kill -9) is taken over.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmdirSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { METRICS_FILE, removeSavedRun, RUN_FILES } from './runFolder';

export const RUN_LOCK_FILE = '.run.lock';

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
  const lock = join(dir, RUN_LOCK_FILE);
  const tookOverStaleLock = createLock(dir, lock);
  // A run that died while saving (kill -9, power loss) left a lock and maybe a model without its metrics.json:
  // debris of an incomplete run, not a run, so it is cleared. With metrics.json the run had completed.
  if (tookOverStaleLock && !existsSync(join(dir, METRICS_FILE))) removeSavedRun(dir);
  for (const file of RUN_FILES) {
    if (existsSync(join(dir, file))) {
      rmSync(lock, { force: true });
      throw new RunFolderError(dir, `it already holds a saved run (${file}); choose another folder so nothing is overwritten`);
    }
  }
  return {
    dir,
    release(options = {}) {
      rmSync(lock, { force: true });
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

/** Creates the lock file; true when it took over a stale one. */
function createLock(dir: string, lock: string): boolean {
  let stale = false;
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(lock, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new RunFolderError(dir, (e as Error).message);
      const holder = lockHolder(lock);
      if (holder !== undefined && isRunning(holder)) {
        throw new RunFolderError(dir, `another run (process ${holder}) is writing to it; wait for it to end or choose another folder`);
      }
      rmSync(lock, { force: true }); // stale: its process is gone (or it never got to write its id)
      stale = true;
      continue;
    }
    try {
      writeSync(fd, String(process.pid));
    } catch (e) {
      closeSync(fd);
      rmSync(lock, { force: true });
      throw new RunFolderError(dir, (e as Error).message);
    }
    closeSync(fd);
    return stale;
  }
  throw new RunFolderError(dir, `could not take the lock ${lock}: another run took it at the same time`);
}

function lockHolder(lock: string): number | undefined {
  try {
    const pid = Number(readFileSync(lock, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
