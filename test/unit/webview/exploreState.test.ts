// The webview's Explore host data (webview-ui/state.ts): a live epoch's model without its test set keeps the one the
// same live run brought; anything else replaces the model whole.
import assert from 'node:assert/strict';
import type { ExploreDataset, ExploreModelMessage } from '../../../src/protocol';
import { reduceExploreModel } from '../../../webview-ui/state';

const dataset: ExploreDataset = {
  name: 'fashion-mnist', classNames: ['a', 'b'], location: '/d', width: 1, height: 1, images: Uint8Array.of(1, 2),
  labels: Uint8Array.of(0, 1), predictions: null, scale: 'divide-by-255',
};

function live(runId: string, epoch: number, withData: boolean): ExploreModelMessage {
  return {
    type: 'exploreModel', modelId: `live:${runId}:${epoch}`, title: `epoch ${epoch}`, origin: { kind: 'live', runId, epoch, epochs: 5 },
    modelTopology: {}, weightSpecs: [], weightData: new Uint8Array(0), dataset: withData ? dataset : null,
  };
}

describe('Explore host data (webview state)', () => {
  it('keeps the live run\'s test set across its epochs', () => {
    const first = reduceExploreModel(null, live('r1', 1, true));
    const second = reduceExploreModel(first, live('r1', 2, false));
    assert.equal(second.modelId, 'live:r1:2');
    assert.equal(second.dataset, dataset);
  });

  it('does not carry a test set to another run or to a saved run', () => {
    const first = reduceExploreModel(null, live('r1', 1, true));
    assert.equal(reduceExploreModel(first, live('r2', 1, false)).dataset, null);
    const saved: ExploreModelMessage = { ...live('r1', 1, false), modelId: 'run:/x', origin: { kind: 'run', runId: 'r1', runDir: '/x' } };
    assert.equal(reduceExploreModel(first, saved).dataset, null);
  });
});
