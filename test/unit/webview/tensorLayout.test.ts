// Reading feature maps from a shape by the framework's layout, and writing PyTorch shapes as PyTorch users read them.
// Expected values derived by hand in the comments.
import assert from 'node:assert/strict';
import { featureMapsOf, formatOutputShapes, formatTorchShape, layoutOf } from '../../../webview-ui/tensorLayout';

describe('tensor layout (webview)', () => {
  it('takes the layout from the analysis format, and a Keras layer\'s own data_format', () => {
    assert.equal(layoutOf('pytorch'), 'channels-first');
    assert.equal(layoutOf('tfjs-layers'), 'channels-last');
    assert.equal(layoutOf('keras', { data_format: 'channels_first' }), 'channels-first');
    assert.equal(layoutOf('keras', { data_format: 'channels_last' }), 'channels-last');
  });

  it('reads channels first: [N, C, L], [N, C, H, W], [N, C, T, H, W]', () => {
    // Conv1d(1, 16) on 1×16000 → 16 maps of 16000; Conv2d(1, 6) on 28×28 → 6 maps of 28×28; Conv3d on 8×32×32 → 16 of 8×32×32.
    assert.deepEqual(featureMapsOf([null, 16, 16000], 'channels-first'), { channels: 16, spatial: [16000] });
    assert.deepEqual(featureMapsOf([null, 6, 28, 28], 'channels-first'), { channels: 6, spatial: [28, 28] });
    assert.deepEqual(featureMapsOf([null, 16, 8, 32, 32], 'channels-first'), { channels: 16, spatial: [8, 32, 32] });
    // A wide map: 200 rows, 300 columns, 3 channels — never mistaken for 300 channels.
    assert.deepEqual(featureMapsOf([null, 3, 200, 300], 'channels-first'), { channels: 3, spatial: [200, 300] });
  });

  it('reads channels last: [N, L, C], [N, H, W, C]; a feature vector [N, F] has no spatial axis', () => {
    assert.deepEqual(featureMapsOf([null, 16000, 16], 'channels-last'), { channels: 16, spatial: [16000] });
    assert.deepEqual(featureMapsOf([null, 28, 28, 6], 'channels-last'), { channels: 6, spatial: [28, 28] });
    assert.deepEqual(featureMapsOf([null, 120], 'channels-first'), { channels: 120, spatial: [] });
    assert.deepEqual(featureMapsOf([null, 120], 'channels-last'), { channels: 120, spatial: [] });
  });

  it('has no maps for an unknown size, an unknown shape or a rank it cannot draw', () => {
    assert.equal(featureMapsOf([null, 6, null, null], 'channels-first'), null);
    assert.equal(featureMapsOf(null, 'channels-first'), null);
    assert.equal(featureMapsOf([null], 'channels-first'), null);
    assert.equal(featureMapsOf([null, 1, 2, 3, 4, 5], 'channels-first'), null);
  });

  it('writes PyTorch shapes with N on the batch axis, wherever it is, and ? for an unknown size', () => {
    assert.equal(formatTorchShape([null, 6, 28, 28]), '[N, 6, 28, 28]');
    // A bidirectional 2-layer GRU's h_n: (num_layers × directions, N, hidden) — the batch on axis 1.
    assert.equal(formatTorchShape([4, null, 64]), '[4, N, 64]');
    // Conv2d on an unknown input: the channels are known, the spatial sizes are not.
    assert.equal(formatTorchShape([null, 6, null, null]), '[N, 6, ?, ?]');
    assert.equal(formatTorchShape(null), '?');
    assert.equal(formatOutputShapes([[null, 50, 128], [4, null, 64]], 'pytorch'), '[N, 50, 128], [4, N, 64]');
    assert.equal(formatOutputShapes([], 'pytorch'), '—');
    // TF.js/Keras keep the sample shape the dashboard always showed.
    assert.equal(formatOutputShapes([[null, 28, 28, 6]], 'tfjs-layers'), '28×28×6');
  });
});
