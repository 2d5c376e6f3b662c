// `cnn-explorer train --out` into a folder it cannot use: the run folder claim (the one check, with the stale-lock
// handling) refuses it, and the CLI reports that refusal as a failed run (exit 1), before any data is read.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT_FAILED } from '../../../src/cli/train/train';
import { RUN_LOCK_FILE } from '../../../src/training/trainer/runFolderClaim';
import { runTrainCaptured, type TrainCommandResult } from './trainCommandOutput';

describe('cnn-explorer train: an unusable --out', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'train-cli-out-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const train = (out: string): Promise<TrainCommandResult> => runTrainCaptured(['--out', out, '--epochs', '1'], dir);

  it('refuses a folder that holds a saved run, naming the file, and leaves it as it was', async () => {
    const out = join(dir, 'run');
    mkdirSync(out);
    writeFileSync(join(out, 'model.json'), '{"saved": true}');
    const r = await train(out);
    assert.equal(r.code, EXIT_FAILED, `stdout: ${r.stdout}\nstderr: ${r.stderr}`);
    assert.equal(EXIT_FAILED, 1, 'README: train exits 1 when the run failed');
    assert.match(r.stderr, /Cannot use the run folder .*run: it already holds a saved run \(model\.json\)/);
    assert.deepEqual(readdirSync(out), ['model.json']);
    assert.equal(readFileSync(join(out, 'model.json'), 'utf8'), '{"saved": true}');
  });

  it('refuses a folder another live run holds, naming its process', async () => {
    const out = join(dir, 'run');
    mkdirSync(out);
    writeFileSync(join(out, RUN_LOCK_FILE), String(process.pid));
    const r = await train(out);
    assert.equal(r.code, EXIT_FAILED, `stdout: ${r.stdout}\nstderr: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`another run \\(process ${process.pid}\\) is writing to it`));
    assert.deepEqual(readdirSync(out), [RUN_LOCK_FILE], 'the other run\'s lock is left alone');
  });
});
