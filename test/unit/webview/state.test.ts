import assert from 'node:assert/strict';
import { DEFAULT_DASHBOARD_STATE, restoreDashboardState } from '../../../src/protocol';
import { reduceTraining, replayTraining, runProgress, type LiveRun } from '../../../webview-ui/state';
import { trainingStream } from '../../browser/fixtures';

describe('webview state', () => {
  it('restores a saved state and repairs what is invalid field by field', () => {
    assert.deepEqual(restoreDashboardState(undefined), DEFAULT_DASHBOARD_STATE);
    assert.deepEqual(restoreDashboardState('garbage'), DEFAULT_DASHBOARD_STATE);
    const s = restoreDashboardState({
      tab: 'memory', selectedLayer: 'c1_conv', memory: { batchSize: 0, dtype: 'float16', optimizer: 'lion' },
      sort: { key: 'macs', descending: true }, overlayRuns: ['a', 3], theory: { 'output.n': 64, 'output.f': 'x' },
      modelRef: { source: 'file', uri: 'file:///m.json' },
    });
    assert.equal(s.tab, 'memory');
    assert.equal(s.selectedLayer, 'c1_conv');
    assert.deepEqual(s.memory, { batchSize: 100, dtype: 'float16', optimizer: 'adam' });
    assert.deepEqual(s.sort, { key: 'macs', descending: true });
    assert.deepEqual(s.overlayRuns, ['a']);
    assert.deepEqual(s.theory, { 'output.n': 64 });
    assert.deepEqual(s.modelRef, { source: 'file', uri: 'file:///m.json' });
    assert.equal(restoreDashboardState({ tab: 'nope' }).tab, 'architecture');
  });

  it('restores only the saved state\'s own fields (src/protocol validates it), never inherited ones', () => {
    const inherited = Object.create({ tab: 'memory', modelRef: { source: 'file', uri: 'file:///evil.json' } });
    assert.deepEqual(restoreDashboardState(inherited), DEFAULT_DASHBOARD_STATE);
    assert.deepEqual(Object.entries(restoreDashboardState(JSON.parse('{"theory": {"__proto__": 5}}')).theory), [['__proto__', 5]]);
  });

  it('folds a full run: losses, epochs, results', () => {
    const stream = trainingStream('r1');
    const run = replayTraining(stream)!;
    assert.equal(run.status, 'done');
    assert.equal(run.losses.length, 25);
    assert.equal(run.epochs.length, 5);
    // Values of the recorded run (test/fixtures/training/notebook-run.jsonl).
    assert.equal(run.losses[0].loss, 2.3427670001983643);
    assert.equal(run.log.length, 2, 'the backend and dataset lines logged before `started` stay with the run');
    assert.equal(run.done?.testAccuracy, 0.8889);
    assert.equal(runProgress(run), 1);
  });

  it('starts afresh on a new run and ignores late messages of another run', () => {
    let run: LiveRun | null = replayTraining(trainingStream('old').slice(0, 10));
    assert.equal(run?.runId, 'old');
    const fresh = trainingStream('new');
    assert.equal(reduceTraining(run, fresh[0]), run, 'a log line of another run while this one runs changes nothing');
    run = reduceTraining(run, fresh.find((m) => m.type === 'started')!);
    assert.equal(run?.runId, 'new');
    assert.equal(run?.losses.length, 0);
    const late = trainingStream('old')[3];
    assert.equal(reduceTraining(run, late), run, 'a message of the old run changes nothing');
  });

  it('reports progress from samples seen over the planned total', () => {
    const stream = trainingStream('p');
    // 2 set-up logs + started + epoch 1 (5 batches, 1 epoch message) = 9 messages; 50,000 of 250,000 samples.
    const run = replayTraining(stream.slice(0, 9))!;
    assert.equal(run.status, 'running');
    assert.equal(runProgress(run), 0.2);
  });

  it('records stop and error', () => {
    const stream = trainingStream('s');
    const stopped = reduceTraining(replayTraining(stream.slice(0, 9)), { type: 'stopped', runId: 's', completedEpochs: 1, runDir: '/r' })!;
    assert.equal(stopped.status, 'stopped');
    assert.equal(stopped.stoppedAfterEpochs, 1);
    const failed = reduceTraining(replayTraining(stream.slice(0, 3)), { type: 'error', runId: 's', message: 'dataset missing' })!;
    assert.equal(failed.status, 'error');
    assert.equal(failed.errorMessage, 'dataset missing');
  });
});
