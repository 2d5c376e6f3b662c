// Gradients, run safely, with the kernel table of inputGradientsOnly.ts (no filter gradients nobody reads; on wasm,
// the engine's own depthwise input gradient and max-pool gradient, the trainer's faster Tile and Conv2DBackpropInput).
// A backend can still lack a gradient kernel
// (tfjs-backend-wasm 4.22 has no UnsortedSegmentSum, the gradient of a gather, for one): then the whole gradient is
// computed again on 'cpu', and the model remembers it so that its later gradients go to 'cpu' straight away; the
// caller is told (`note`). Any other failure (TF.js cannot differentiate a dilated convolution)
// becomes an ExploreError.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// The gradient functions of TF.js's ops (the tfjs umbrella package registers them; a bundle of core + layers may not).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { ExploreError } from './types';
import type { LoadedExploreModel } from './loadedModel';
import { withInputGradientKernels } from './inputGradientsOnly';

const MISSING_KERNEL = /Kernel '(\w+)' not registered for backend '(\w+)'/;

export interface WithNote<T> {
  value: T;
  /** Set when the gradient ran on another backend than the current one, and why. */
  note: string | null;
}

/** `purpose` names what is differentiated (`saliency`, `gradCam:<layer>`): the kernels it needs depend on it. */
export async function withGradientBackend<T>(m: LoadedExploreModel, purpose: string, compute: () => T): Promise<WithNote<T>> {
  const current = tf.getBackend();
  if (current === 'cpu' || !m.cpuGradients.has(purpose)) {
    try {
      return { value: withInputGradientKernels(compute), note: null };
    } catch (e) {
      disposeAbandonedTape();
      const missing = MISSING_KERNEL.exec(String((e as Error)?.message));
      if (!missing || current === 'cpu') throw gradientError(e);
      m.cpuGradients.set(purpose, `gradients run on cpu: the ${missing[2]} backend has no ${missing[1]} kernel`);
    }
  }
  await switchBackend('cpu');
  try {
    return { value: withInputGradientKernels(compute), note: m.cpuGradients.get(purpose)! };
  } catch (e) {
    disposeAbandonedTape();
    throw gradientError(e);
  } finally {
    await switchBackend(current);
  }
}

/**
 * tf.setBackend switches at once when the backend is already initialised (its promise only reports it): then nothing
 * else (a runExplore of the page) can run while the backend is cpu. A first initialisation is awaited.
 */
async function switchBackend(name: string): Promise<void> {
  const switching = tf.setBackend(name);
  if (tf.getBackend() === name) return;
  if (!(await switching)) throw new ExploreError(`TF.js could not switch to its ${name} backend for the gradient.`);
}

/**
 * TF.js keeps the tensors each recorded op saved for its gradient until the backward pass ends; when that pass
 * throws, nothing frees them (for a large model, every activation). Free them as TF.js does after a successful pass.
 */
function disposeAbandonedTape(): void {
  const state = tf.engine().state;
  if (state.gradientDepth !== 0 || !state.activeTape) return;
  for (const node of state.activeTape) for (const t of node.saved ?? []) t.dispose();
  state.activeTape = null as unknown as typeof state.activeTape;
}

function gradientError(e: unknown): Error {
  if (e instanceof ExploreError) return e;
  const message = String((e as Error)?.message ?? e).split('\n')[0];
  return new ExploreError(`TF.js cannot compute this gradient: ${message}`);
}
