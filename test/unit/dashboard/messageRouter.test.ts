// The dashboard's webview → host messages: each valid one runs its action with its own fields; anything else (a
// webview is untrusted content) is logged and runs nothing.
import * as assert from 'node:assert';
import { routeWebviewMessage, type DashboardPageActions } from '../../../src/extension/dashboard/messageRouter';

function recordingActions() {
  const calls: unknown[][] = [];
  const actions: DashboardPageActions = {
    pageReady: async () => void calls.push(['pageReady']),
    revealLayer: async (requestId, layer, path) => void calls.push(['revealLayer', requestId, layer, path]),
    runCommand: async (command) => void calls.push(['runCommand', command]),
    sendRuns: async () => void calls.push(['sendRuns']),
    pageRejected: (error) => void calls.push(['pageRejected', error]),
    requestExploreModel: async (runDir) => void calls.push(['requestExploreModel', runDir]),
    pickExploreImage: async (requestId) => void calls.push(['pickExploreImage', requestId]),
  };
  return { calls, actions };
}

describe('dashboard message router', () => {
  it('runs the action of each valid message, with its fields', async () => {
    const { calls, actions } = recordingActions();
    const log: string[] = [];
    for (const m of [
      { type: 'ready' },
      { type: 'revealLayer', requestId: 3, layer: 'c1', path: ['modelTopology', 'config', 'layers', 0] },
      { type: 'runCommand', command: 'stopTraining' },
      { type: 'requestRuns' },
      { type: 'requestExploreModel', runDir: '/w/.lenet/runs/r1' },
      { type: 'requestExploreModel', runDir: null },
      { type: 'pickExploreImage', requestId: 7 },
      { type: 'exploreDrawn', modelId: 'run:/w/r1', backend: 'wasm', layersDrawn: 20, layersSkipped: 0, predicted: 9, ms: 41.6 },
      { type: 'exploreFailed', modelId: 'file:/w/m.json', message: 'Kernel X not registered' },
      { type: 'invalidMessage', error: 'runs[0].runId: expected a string' },
    ]) {
      assert.deepStrictEqual(await routeWebviewMessage(m, actions, { appendLine: (l) => log.push(l) }), m);
    }
    assert.deepStrictEqual(calls, [
      ['pageReady'],
      ['revealLayer', 3, 'c1', ['modelTopology', 'config', 'layers', 0]],
      ['runCommand', 'stopTraining'],
      ['sendRuns'],
      ['requestExploreModel', '/w/.lenet/runs/r1'],
      ['requestExploreModel', null],
      ['pickExploreImage', 7],
      ['pageRejected', 'runs[0].runId: expected a string'],
    ]);
    assert.deepStrictEqual(log, [
      '[explore] run:/w/r1: 20 layers drawn in 42 ms on wasm',
      '[explore] file:/w/m.json: Kernel X not registered',
      '[dashboard] the webview rejected a host message: runs[0].runId: expected a string',
    ]);
  });

  it('an invalid message runs nothing and is logged', async () => {
    const { calls, actions } = recordingActions();
    const log: string[] = [];
    for (const m of [undefined, 'ready', { type: 'runCommand', command: 'rm -rf' }, { type: 'revealLayer', requestId: -1, layer: 'x', path: [] }, { type: 'nope' },
      { type: 'requestExploreModel', runDir: 3 }, { type: 'pickExploreImage' }]) {
      assert.strictEqual(await routeWebviewMessage(m, actions, { appendLine: (l) => log.push(l) }), undefined, JSON.stringify(m));
    }
    assert.deepStrictEqual(calls, []);
    assert.strictEqual(log.length, 7);
    for (const line of log) assert.match(line, /^\[dashboard\] ignored an invalid message from the webview: /);
  });
});
