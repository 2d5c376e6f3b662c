import { strict as assert } from 'node:assert';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describeSelection, selectBackend, summarizeSelection } from '../../../src/training/backend/selectBackend';

const WASM_DIR = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));

describe('backend selection', function () {
  this.timeout(30_000);
  after(async () => { await tf.setBackend('cpu'); });

  it("auto skips tfjs-node when it is not installed (as here), says why, and runs on wasm — read back from tf.getBackend()", async () => {
    const s = await selectBackend('auto', { wasmDir: WASM_DIR });
    assert.equal(s.candidate, 'wasm');
    assert.equal(s.backendName, 'wasm');
    assert.equal(tf.getBackend(), 'wasm');
    assert.equal(s.tf.engine(), tf.engine(), 'the project TF.js, not a native package');
    assert.equal(s.attempts[0].candidate, 'tfjs-node');
    assert.equal(s.attempts[0].ok, false);
    assert.match(s.attempts[0].reason!, /@tensorflow\/tfjs-node is not installed or failed to load/);
    assert.match(describeSelection(s), /^wasm \(requested auto\); tfjs-node skipped: .*training kernels: Conv2DBackpropFilter/);
    // The line a user reads: which backend and why, calmly; no loader error, no kernel list (those are details).
    assert.equal(summarizeSelection(s), "Backend: wasm (WebAssembly, one thread, with CNN Explorer's training kernels): the first that loads here; "
      + "tfjs-node not available (details with --verbose, or VS Code's log level Debug).");
  });

  it('tfjs-node-gpu that fails to load falls back down the chain with the loader error', async () => {
    const s = await selectBackend('tfjs-node-gpu', { wasmDir: WASM_DIR, requireNative: () => { throw new Error('libcudart.so.11.0: cannot open shared object file'); } });
    assert.equal(s.backendName, 'wasm');
    assert.match(s.attempts[0].reason!, /tfjs-node-gpu is not installed or failed to load \(libcudart/);
  });

  it('cpu on request: one line, nothing skipped', async () => {
    const s = await selectBackend('cpu', { wasmDir: WASM_DIR });
    assert.equal(summarizeSelection(s), 'Backend: cpu (plain JavaScript, the slowest).');
  });

  it('cpu on request', async () => {
    const s = await selectBackend('cpu');
    assert.equal(s.backendName, 'cpu');
    assert.equal(tf.getBackend(), 'cpu');
    assert.deepEqual(s.attempts, [{ candidate: 'cpu', ok: true }]);
  });

  it('wasm without its binaries falls back to cpu and names the missing files', async () => {
    const s = await selectBackend('wasm', { wasmDir: '/nonexistent/wasm' });
    assert.equal(s.backendName, 'cpu');
    assert.match(s.attempts[0].reason!, /wasm binaries missing in \/nonexistent\/wasm: tfjs-backend-wasm\.wasm, tfjs-backend-wasm-simd\.wasm/);
  });

  it('rejects an unknown preference', async () => {
    await assert.rejects(selectBackend('gpu' as never), /Unknown backend 'gpu'/);
  });
});
