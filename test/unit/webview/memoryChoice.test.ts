// Whose memory the memory view computes: the framework choice resolved for the model's format, as core's options.
import assert from 'node:assert/strict';
import { frameworkLabel, gibToBytes, memoryOptionsOf, resolvedFramework } from '../../../webview-ui/memoryChoice';

const memory = { batchSize: 32, dtype: 'float16' as const, optimizer: 'sgd' as const };

describe('memory view: framework choice', () => {
  it('auto is what the editor computed (its settings), else the model\'s own framework', () => {
    assert.equal(resolvedFramework('auto', 'keras', { framework: 'pytorch', device: 'cpu' }), 'pytorch');
    assert.deepEqual(memoryOptionsOf({ memory, memoryModel: { framework: 'auto', device: 'cuda', deviceGiB: 8 } }, 'keras', { framework: 'pytorch', device: 'cpu' }),
      { ...memory, framework: 'pytorch', device: 'cpu' });
    // Picked explicitly, the page's own device counts.
    assert.deepEqual(memoryOptionsOf({ memory, memoryModel: { framework: 'pytorch', device: 'cuda', deviceGiB: 8 } }, 'keras', { framework: 'pytorch', device: 'cpu' }),
      { ...memory, framework: 'pytorch', device: 'cuda' });
  });

  it('without the analysis\'s figures, auto is the model\'s own framework: PyTorch for PyTorch code, TF.js for TF.js/Keras files', () => {
    assert.equal(resolvedFramework('auto', 'pytorch'), 'pytorch');
    assert.equal(resolvedFramework('auto', 'tfjs-layers'), 'tfjs');
    assert.equal(resolvedFramework('auto', 'keras'), 'tfjs');
    assert.equal(resolvedFramework('idealAutograd', 'pytorch'), 'idealAutograd');
  });

  it('gives core PyTorch\'s catalogue for PyTorch code, and a device only to PyTorch\'s figures', () => {
    assert.deepEqual(memoryOptionsOf({ memory, memoryModel: { framework: 'auto', device: 'cpu', deviceGiB: 8 } }, 'pytorch'),
      { ...memory, semantics: 'pytorch', framework: 'pytorch', device: 'cpu' });
    assert.deepEqual(memoryOptionsOf({ memory, memoryModel: { framework: 'auto', device: 'cpu', deviceGiB: 8 } }, 'tfjs-layers'),
      { ...memory, framework: 'tfjs' });
    // "The same network in PyTorch" for a Keras file: Keras's catalogue, PyTorch's allocations.
    assert.deepEqual(memoryOptionsOf({ memory, memoryModel: { framework: 'pytorch', device: 'cuda', deviceGiB: 8 } }, 'keras'),
      { ...memory, framework: 'pytorch', device: 'cuda' });
  });

  it('names the figures and converts GiB (2^30 B)', () => {
    assert.equal(frameworkLabel('pytorch', 'cuda'), 'PyTorch 2.x eager on a CUDA GPU');
    assert.equal(frameworkLabel('tfjs'), 'TF.js 4.x');
    assert.equal(gibToBytes(8), 8 * 1024 * 1024 * 1024);
    assert.equal(gibToBytes(0.5), 536_870_912);
  });
});
