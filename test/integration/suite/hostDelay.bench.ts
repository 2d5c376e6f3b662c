// Benchmark, not a test (loaded only when LENET_INTEGRATION_ONLY names this file; run by `npm run bench:host-delay`):
// the extension host's event-loop delay while "LeNet: Train" trains the notebook's recipe on the full dataset in the
// forked trainer — the goal is < 50 ms. The idle host is measured first as the baseline: on a shared 2-core
// machine the OS scheduler alone delays the loop. Prints one JSON line per measurement (the runner collects them).
import * as assert from 'node:assert';
import { rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { CnnExplorerTestApi } from '../../../src/extension/extension';
import type { TrainingRunResult } from '../../../src/extension/training/trainingController';

const EXTENSION_ID = 'cnn-explorer.cnn-explorer';
const epochs = Number(process.env.LENET_HOST_DELAY_EPOCHS ?? 1);

describe('bench: extension host event-loop delay during LeNet: Train', function () {
  this.timeout(0);
  let training: CnnExplorerTestApi['training'];

  before(async () => {
    const extension = vscode.extensions.getExtension<CnnExplorerTestApi>(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not installed in the host`);
    training = (await extension.activate()).training;
  });

  /** Notes each tick of a 5 ms timer more than 25 ms late, with the last training message seen before it. */
  function stallRecorder(): { stop(): { atS: number; lagMs: number; after: string }[] } {
    const start = performance.now();
    const stalls: { atS: number; lagMs: number; after: string }[] = [];
    let lastMessage = 'none';
    const subscription = training.onMessage((m) => { lastMessage = `${m.type} at ${((performance.now() - start) / 1000).toFixed(2)} s`; });
    let expected = performance.now() + 5;
    const timer = setInterval(() => {
      const now = performance.now();
      if (now - expected > 25) stalls.push({ atS: +((now - start) / 1000).toFixed(2), lagMs: +(now - expected).toFixed(1), after: lastMessage });
      expected = now + 5;
    }, 5);
    return {
      stop: () => {
        clearInterval(timer);
        subscription.dispose();
        return stalls.sort((a, b) => b.lagMs - a.lagMs).slice(0, 8);
      },
    };
  }

  it('idle baseline (10 s)', async () => {
    const stalls = stallRecorder();
    const h = monitorEventLoopDelay({ resolution: 10 });
    h.enable();
    await new Promise((r) => setTimeout(r, 10_000));
    h.disable();
    console.log(`BENCH ${JSON.stringify({ what: 'idle', seconds: 10, meanMs: h.mean / 1e6, p99Ms: h.percentile(99) / 1e6, maxMs: h.max / 1e6, stalls: stalls.stop() })}`);
  });

  it(`notebook recipe, ${epochs} epoch(s), full data`, async () => {
    // LENET_HOST_PROFILE=<file.cpuprofile>: a V8 CPU profile of the extension host during the run (what it did when late).
    const profileFile = process.env.LENET_HOST_PROFILE;
    const session = profileFile ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const stalls = stallRecorder();
    const result = await vscode.commands.executeCommand<TrainingRunResult>('lenet.train', { preset: 'notebook', overrides: { epochs }, pick: false });
    const trainingStalls = stalls.stop();
    if (session && profileFile) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(profileFile, JSON.stringify(profile));
      session.disconnect();
    }
    if (result.runDir) rmSync(result.runDir, { recursive: true, force: true });
    assert.strictEqual(result.status, 'done', JSON.stringify(result.final));
    const started = result.messages.find((m) => m.type === 'started');
    const done = result.final?.type === 'done' ? result.final : undefined;
    const d = result.eventLoopDelay!;
    console.log(`BENCH ${JSON.stringify({
      what: 'training', seconds: d.seconds, meanMs: d.meanMs, p99Ms: d.p99Ms, maxMs: d.maxMs,
      backend: started?.type === 'started' ? started.backend : null,
      dataset: started?.type === 'started' ? started.dataset : null,
      samplesPerSecond: done?.samplesPerSecond ?? null, testAccuracy: done?.testAccuracy ?? null, stalls: trainingStalls,
    })}`);
    assert.strictEqual(training.isRunning, false);
  });
});
