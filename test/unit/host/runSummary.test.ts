// A saved or live run's summary says whether the user stopped it early (the overlay must not present a stopped run
// as a finished one).
import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSummaryFromMetrics } from '../../../src/extension/dashboard/runs';
import { summarizeRun } from '../../../src/protocol/runs';
import type { TrainingConfig, TrainingMessage } from '../../../src/protocol/training';

const metrics = JSON.parse(readFileSync(join(__dirname, '../../fixtures/training/tuned-run-metrics.json'), 'utf8')) as Record<string, unknown>;

function summaryOf(m: Record<string, unknown>) {
  const r = runSummaryFromMetrics(m, '/w/.lenet/runs/r');
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.run;
}

describe('run summaries: stopped early', () => {
  it('a finished run (status done, 3 of 3 epochs) is not stopped early', () => {
    assert.strictEqual(metrics.status, 'done');
    assert.strictEqual(summaryOf(metrics).stoppedEarly, false);
  });

  it('a run saved with status "stopped" is stopped early', () => {
    assert.strictEqual(summaryOf({ ...metrics, status: 'stopped', completedEpochs: 1 }).stoppedEarly, true);
  });

  it('a file without status is stopped early when it completed fewer epochs than configured', () => {
    const { status: _status, ...old } = metrics;
    assert.strictEqual(summaryOf({ ...old, completedEpochs: 2 }).stoppedEarly, true); // config.epochs is 3
    assert.strictEqual(summaryOf({ ...old, completedEpochs: 3 }).stoppedEarly, false);
  });

  it('the live summary of a run that received "stopped" is stopped early; one that received "done" is not', () => {
    const config = (metrics.config as TrainingConfig);
    const started: TrainingMessage = {
      type: 'started', runId: 'r', config, backend: 'wasm', batchesPerEpoch: 6, startedAt: '2026-01-01T00:00:00Z',
      dataset: {
        name: 'mnist', source: 'subset', location: 'media/datasets/mnist', trainSize: 300, validationSize: 30, testSize: 100,
        isSubset: true, classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
      },
    };
    assert.strictEqual(summarizeRun([started, { type: 'stopped', runId: 'r', completedEpochs: 0, runDir: '/d' }])?.stoppedEarly, true);
    assert.strictEqual(summarizeRun([started])?.stoppedEarly, false);
  });
});
