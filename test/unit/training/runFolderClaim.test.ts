// The run folder claim: a run proves its folder writable and holds it alone (issue #10 D11, D13).
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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

  // Interleavings of two claims, made deterministic: the claim reads node:fs functions at call time, so a wrapper
  // can run a second, complete claim at a chosen point of the first one (as a second process would).
  const fs = createRequire(__filename)('node:fs') as Record<string, (...args: unknown[]) => unknown>;
  function withFsHook(names: readonly string[], hook: (name: string, args: unknown[], result: unknown) => void, body: () => void): void {
    const originals = new Map(names.map((n) => [n, fs[n]]));
    for (const [name, original] of originals) {
      fs[name] = (...args: unknown[]) => {
        const result = original(...args);
        hook(name, args, result);
        return result;
      };
    }
    try {
      body();
    } finally {
      for (const [name, original] of originals) fs[name] = original;
    }
  }
  function tryClaim(run: string): 'won' | 'refused' {
    try {
      claimRunFolder(run);
      return 'won';
    } catch (e) {
      if (e instanceof RunFolderError) return 'refused';
      throw e;
    }
  }
  const FS_STEPS = ['openSync', 'writeSync', 'closeSync', 'writeFileSync', 'linkSync', 'renameSync', 'rmSync', 'unlinkSync', 'readFileSync'];

  it('never lets the lock file be seen empty: a second claim at any step of the first is refused or the first is', () => {
    const run = join(dir, 'run');
    const lock = join(run, RUN_LOCK_FILE);
    const outcomes: string[] = [];
    const emptySeen: string[] = [];
    let nested = false;
    withFsHook(FS_STEPS, (name) => {
      if (nested || !existsSync(lock)) return;
      nested = true;
      try {
        // What another process sees at this moment: a lock it cannot read a holder from would be taken as stale.
        if (fs.readFileSync(lock, 'utf8') === '') emptySeen.push(name);
        outcomes.push(tryClaim(run));
      } finally {
        nested = false;
      }
    }, () => outcomes.push(tryClaim(run)));
    assert.deepEqual(emptySeen, [], 'the lock file existed empty after these steps');
    assert.equal(outcomes.filter((o) => o === 'won').length, 1, `exactly one claim wins: ${outcomes.join(', ')}`);
  });

  it('lets exactly one of two claims take over the same stale lock', () => {
    const run = join(dir, 'run');
    const lock = join(run, RUN_LOCK_FILE);
    mkdirSync(run);
    writeFileSync(lock, String(spawnSync(process.execPath, ['-e', '0']).pid));
    const outcomes: string[] = [];
    let interleaved = false;
    // Both read the dead holder; then the second runs to the end before the first goes on with its takeover.
    withFsHook(['readFileSync'], (_name, args) => {
      if (interleaved || args[0] !== lock) return;
      interleaved = true;
      let readsInSecond = 0;
      withFsHook(['readFileSync'], (_n, a) => { if (a[0] === lock) readsInSecond++; }, () => outcomes.push(tryClaim(run)));
      assert.ok(readsInSecond > 0, 'the second claim read the stale holder too');
    }, () => outcomes.push(tryClaim(run)));
    assert.deepEqual(outcomes.sort(), ['refused', 'won'], 'exactly one claim wins');
    assert.equal(fs.readFileSync(lock, 'utf8'), String(process.pid), 'the winner holds the lock');
    assert.deepEqual(readdirSync(run), [RUN_LOCK_FILE], 'no renamed or temporary lock files are left');
  });

  it('removes on release the parent folders it created, when they are still empty, and no more', () => {
    const run = join(dir, 'a', 'b', 'run');
    claimRunFolder(run).release({ removeIfEmpty: true });
    assert.deepEqual(readdirSync(dir), [], 'a/b/run and the parents a/b, a made for it are gone');

    const kept = join(dir, 'kept');
    mkdirSync(kept);
    const claim = claimRunFolder(join(kept, 'x', 'run'));
    writeFileSync(join(kept, 'x', 'other.txt'), 'saved by someone else meanwhile');
    claim.release({ removeIfEmpty: true });
    assert.deepEqual(readdirSync(join(kept, 'x')), ['other.txt'], 'run is gone; x holds a file, so it and kept stay');
    assert.deepEqual(readdirSync(dir), ['kept']);
  });

  it('lets exactly one of many processes claiming at once win, over a free folder and over a stale lock', async function () {
    this.timeout(120000);
    const claimModule = join(__dirname, '../../../src/training/trainer/runFolderClaim.ts');
    // Each child waits for the go file, claims, reports, then holds its claim until told to stop.
    const child = `
      const fs = require('node:fs');
      const { claimRunFolder } = require(${JSON.stringify(claimModule)});
      const [run, go, stop] = process.argv.slice(-3);
      const nap = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
      while (!fs.existsSync(go)) nap();
      let result;
      try { claimRunFolder(run); result = 'won'; } catch (e) { result = e.name === 'RunFolderError' ? 'refused' : String(e); }
      process.stdout.write(result);
      while (!fs.existsSync(stop)) nap();`;
    const race = async (run: string, go: string, stop: string, count: number): Promise<string[]> => {
      const children = Array.from({ length: count }, () => spawn(process.execPath, ['-r', 'tsx/cjs', '-e', child, run, go, stop], { stdio: ['ignore', 'pipe', 'inherit'] }));
      const results = children.map((c) => new Promise<string>((done) => {
        let out = '';
        c.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out !== '') done(out);
        });
        c.on('exit', () => done(out));
      }));
      // Let them all start and spin on the go file before releasing them together.
      await new Promise((r) => setTimeout(r, 4000));
      writeFileSync(go, '');
      const outcomes = await Promise.all(results);
      writeFileSync(stop, '');
      await Promise.all(children.map((c) => new Promise((r) => c.exitCode !== null ? r(null) : c.on('exit', r))));
      return outcomes;
    };
    const free = await race(join(dir, 'free'), join(dir, 'go1'), join(dir, 'stop1'), 6);
    assert.equal(free.filter((o) => o === 'won').length, 1, `free folder: ${free.join(', ')}`);
    assert.equal(free.filter((o) => o === 'refused').length, 5, `free folder: ${free.join(', ')}`);

    const stale = join(dir, 'stale');
    mkdirSync(stale);
    writeFileSync(join(stale, RUN_LOCK_FILE), String(spawnSync(process.execPath, ['-e', '0']).pid));
    const takeovers = await race(stale, join(dir, 'go2'), join(dir, 'stop2'), 6);
    assert.equal(takeovers.filter((o) => o === 'won').length, 1, `stale lock: ${takeovers.join(', ')}`);
    assert.equal(takeovers.filter((o) => o === 'refused').length, 5, `stale lock: ${takeovers.join(', ')}`);
  });
});
