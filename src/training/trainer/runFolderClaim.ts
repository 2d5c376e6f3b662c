// Claims a run folder before anything is trained: creates it, proves it writable with a real write, and holds it
// alone. The proof is the lock file itself (holding this process's id), so a bad `--out` fails in a second instead
// of after the whole run, and a second run into the same folder is refused instead of both reporting done while
// one's results are lost. A lock whose process is gone (a crash, a kill -9) is taken over.
import { randomUUID } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
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
  let tookOverStaleLock: boolean;
  try {
    tookOverStaleLock = createLock(dir, lock);
  } catch (e) {
    removeCreatedFolders(dir, created);
    throw e;
  }
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
      if (options.removeIfEmpty) removeCreatedFolders(dir, created);
    },
  };
}

/**
 * Removes `dir` and the parents up to `created` (the topmost folder mkdirSync made for it), deepest first, each only
 * while it is empty, so a failed first run leaves no empty `.lenet/runs` behind and never removes anything else's.
 */
function removeCreatedFolders(dir: string, created: string | undefined): void {
  if (created === undefined) return;
  const below = relative(created, dir);
  const depth = below === '' ? 0 : below.split(sep).length;
  let folder = dir;
  for (let i = 0; i <= depth; i++, folder = dirname(folder)) {
    try {
      rmdirSync(folder);
    } catch {
      return; // not empty (something was saved) or already gone: keep it and its parents
    }
  }
}

/**
 * Creates the lock file; true when it took over a stale one. The lock is linked into place from a temporary file
 * that already holds this process's id (link fails with EEXIST atomically), so no other process ever sees it empty.
 */
function createLock(dir: string, lock: string): boolean {
  const mine = join(dir, `${RUN_LOCK_FILE}.${process.pid}.${randomUUID()}`);
  try {
    writeFileSync(mine, String(process.pid), { flag: 'wx' });
  } catch (e) {
    rmSync(mine, { force: true });
    throw new RunFolderError(dir, (e as Error).message);
  }
  try {
    let stale = false;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        linkSync(mine, lock);
        return stale;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new RunFolderError(dir, (e as Error).message);
      }
      const holder = lockHolder(lock);
      if (holder === 'gone') continue; // released between our link and our read: try again
      if (holder !== undefined && isRunning(holder)) throw anotherRun(dir, holder);
      if (takeOverStaleLock(dir, lock)) stale = true;
    }
    throw new RunFolderError(dir, `could not take the lock ${lock}: another run took it at the same time`);
  } finally {
    rmSync(mine, { force: true });
  }
}

/**
 * Moves a stale lock aside under a unique name, so of two runs that both found it stale only the one whose rename
 * succeeded takes over. If what it moved turns out to be a live run's lock (the other run took over between our
 * read and our rename), it is linked back and this run is refused.
 */
function takeOverStaleLock(dir: string, lock: string): boolean {
  const aside = join(dir, `${RUN_LOCK_FILE}.stale.${process.pid}.${randomUUID()}`);
  try {
    renameSync(lock, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false; // another run moved it first
    throw new RunFolderError(dir, (e as Error).message);
  }
  const holder = lockHolder(aside);
  if (typeof holder === 'number' && isRunning(holder)) {
    try {
      linkSync(aside, lock);
    } catch {
      // EEXIST: a third run linked its lock in the instant it was away; it holds the folder now
    }
    rmSync(aside, { force: true });
    throw anotherRun(dir, holder);
  }
  rmSync(aside, { force: true });
  return true;
}

function anotherRun(dir: string, holder: number): RunFolderError {
  return new RunFolderError(dir, `another run (process ${holder}) is writing to it; wait for it to end or choose another folder`);
}

/** The lock holder's process id; undefined when the lock names none (a corrupt file), 'gone' when it is not there. */
function lockHolder(lock: string): number | 'gone' | undefined {
  let text: string;
  try {
    text = readFileSync(lock, 'utf8');
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : undefined;
  }
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
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
