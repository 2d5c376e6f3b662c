// TF.js's backend for Explore in the webview (README "Explore": measured, wasm with SIMD is 2–2.3× faster than cpu).
// The SIMD .wasm is inlined in the bundle (esbuild 'binary' loader) and handed to the backend as a blob: URL, so the
// page never fetches from the webview's resource origin (README Known gaps: a fetch pending when a webview closes
// stalls VS Code's service worker). Single thread: a webview is not cross-origin isolated (no SharedArrayBuffer).
// Without SIMD, or when wasm cannot start, Explore runs on TF.js's cpu backend and says so.
import * as tf from '@tensorflow/tfjs-core';
// What the '@tensorflow/tfjs' umbrella registers and tfjs-core alone does not: the ops' gradients (saliency and
// Grad-CAM call tf.grad) and the chained tensor methods (t.slice(), t.sum()). The page's saliency once failed with
// "….slice is not a function" while the engine's Node tests (which load the umbrella) passed; the engine no longer
// chains, and the methods stay registered so TF.js's own layer code that does behaves as in those tests.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import simdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm';

export interface ExploreBackend {
  /** tf.getBackend() once set: 'wasm' or 'cpu'. */
  name: string;
  /** Why it is not wasm with SIMD, when it is not. */
  note: string | null;
}

export async function startExploreBackend(): Promise<ExploreBackend> {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  let why: string;
  if (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) {
    const url = URL.createObjectURL(new Blob([simdWasm as Uint8Array<ArrayBuffer>], { type: 'application/wasm' }));
    // Every name points at the SIMD binary: with SIMD on and threads off, the backend asks for that one only.
    setWasmPaths({ 'tfjs-backend-wasm.wasm': url, 'tfjs-backend-wasm-simd.wasm': url, 'tfjs-backend-wasm-threaded-simd.wasm': url });
    try {
      if (await tf.setBackend('wasm')) return { name: tf.getBackend(), note: null };
      why = 'the wasm backend did not start';
    } catch (e) {
      why = `the wasm backend did not start (${e instanceof Error ? e.message : String(e)})`;
    } finally {
      URL.revokeObjectURL(url);
    }
  } else {
    why = 'this webview has no WebAssembly SIMD';
  }
  await tf.setBackend('cpu');
  return { name: tf.getBackend(), note: `TF.js cpu backend: ${why} (wasm is about 2× faster).` };
}
