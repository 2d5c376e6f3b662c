// The run folder claim: a run proves its folder writable and holds it alone (issue #10 D11, D13).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimRunFolder, RUN_LOCK_FILE, RunFolderError } from '../../../src/training/trainer/runFolderClaim';

describe('run folder claim', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'claim-test-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a second claim of a held folder, naming the holder, and allows it after release', () => {
    const run = join(dir, 'run');
    const first = claimRunFolder(run);
    assert.throws(() => claimRunFolder(run), (e: Error) =>
      e instanceof RunFolderError && e.message.includes(run) && e.message.includes(`another run (process ${process.pid})`));
    first.release();
    assert.ok(!existsSync(join(run, RUN_LOCK_FILE)));
    claimRunFolder(run).release();
  });

  it('takes over a lock whose process is gone', () => {
    const run = join(dir, 'run');
    mkdirSync(run);
    // A real pid that no longer runs: a child that has exited.
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    assert.ok(gone !== undefined);
    writeFileSync(join(run, RUN_LOCK_FILE), String(gone));
    const claim = claimRunFolder(run);
    claim.release();
    assert.deepEqual(readdirSync(run), []);
  });

  it('refuses a folder that already holds a saved run', () => {
    const run = join(dir, 'run');
    mkdirSync(run);
    writeFileSync(join(run, 'model.json'), '{}');
    assert.throws(() => claimRunFolder(run), (e: Error) => e instanceof RunFolderError && /already holds a saved run \(model\.json\)/.test(e.message));
    assert.ok(!existsSync(join(run, RUN_LOCK_FILE)), 'the lock is not left behind');
  });

  it('clears what a crashed run saved part-way (a stale lock, no metrics.json), so the folder is not half a run', () => {
    const run = join(dir, 'run');
    mkdirSync(run);
    writeFileSync(join(run, RUN_LOCK_FILE), String(spawnSync(process.execPath, ['-e', '0']).pid));
    writeFileSync(join(run, 'weights.bin'), 'partial');
    writeFileSync(join(run, 'model.json'), '{}');
    claimRunFolder(run).release();
    assert.deepEqual(readdirSync(run), []);
  });
});
