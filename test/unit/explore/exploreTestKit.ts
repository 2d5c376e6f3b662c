// What the Explore engine's tests share: backends (cpu, wasm from the package's dist/), seeded inputs, models saved
// the way TF.js saves them (model.save → topology, weight specs, bytes), the fixture LeNet run, and TF.js's own
// per-layer outputs as the reference.
import { strict as assert } from 'node:assert';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ExploreArtifacts } from '../../../src/explore';
import { withInputGradientKernels } from '../../../src/explore/inputGradientsOnly';
// The project's seeded generator (the trainer's split uses it): the same numbers on every run.
import { mulberry32 } from '../../../src/training/data/split';

const ROOT = resolve(__dirname, '../../..');
export const LENET_RUN_DIR = join(ROOT, 'test/fixtures/explore/lenet-run');

let wasmPathsSet = false;

/** Makes `name` TF.js's backend; returns the one that was active, if any (restoreBackend it in an after hook). */
export async function useBackend(name: 'cpu' | 'wasm'): Promise<string | undefined> {
  const previous = tf.getBackend() as string | undefined;
  if (name === 'wasm' && !wasmPathsSet) {
    setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
    wasmPathsSet = true;
  }
  if (!(await tf.setBackend(name))) throw new Error(`TF.js backend ${name} did not start`);
  await tf.ready();
  return previous;
}

/**
 * `compute` on the cpu backend (the reference), then on wasm inside the engine's gradient kernels (what the engine
 * runs); asserts that the wasm run left no tensor and no wasm heap buffer behind. Both results, for the caller's tolerance.
 */
export async function cpuThenWasmGradient(compute: () => Float32Array): Promise<{ expected: Float32Array; actual: Float32Array }> {
  await useBackend('cpu');
  const expected = compute();
  await useBackend('wasm');
  const backend = tf.backend() as unknown as { numDataIds(): number };
  const tensors = tf.memory().numTensors;
  const buffers = backend.numDataIds();
  const actual = withInputGradientKernels(compute);
  assert.equal(tf.memory().numTensors, tensors, 'no tensor left behind');
  assert.equal(backend.numDataIds(), buffers, 'no wasm heap buffer left behind');
  return { expected, actual };
}

/** Back to the backend useBackend found (none had started: leave it). */
export async function restoreBackend(previous: string | undefined): Promise<void> {
  if (previous) await tf.setBackend(previous);
}

/** An H×W×C image of seeded values in [0, 1). */
export function seededImage(height: number, width: number, channels: number, seed: number): Float32Array {
  const next = mulberry32(seed);
  return Float32Array.from({ length: height * width * channels }, next);
}

/** A TF.js model as model.save writes it (modelTopology, weightSpecs, the weight bytes). */
export async function artifactsOf(model: tf.LayersModel): Promise<ExploreArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  return {
    modelTopology: saved!.modelTopology as Record<string, unknown>,
    weightSpecs: saved!.weightSpecs as ExploreArtifacts['weightSpecs'],
    weightData: new Uint8Array(saved!.weightData as ArrayBuffer),
  };
}

/** The fixture LeNet run (a real trained run of the project's trainer; its README says how it was made). */
export function lenetRunArtifacts(): ExploreArtifacts {
  const json = JSON.parse(readFileSync(join(LENET_RUN_DIR, 'model.json'), 'utf8')) as {
    modelTopology: Record<string, unknown>;
    weightsManifest: { paths: string[]; weights: ExploreArtifacts['weightSpecs'] }[];
  };
  const parts = json.weightsManifest.flatMap((g) => g.paths.map((p) => readFileSync(join(LENET_RUN_DIR, p))));
  return {
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
    weightData: new Uint8Array(Buffer.concat(parts)),
  };
}

/**
 * A functional model with branches and seeded weights: a stem conv feeds a 3×3 conv and a depthwise 3×3 + BN +
 * ReLU6 branch that are added, concatenated with the stem, max-pooled, convolved (2×2, dilation 2 by default) and
 * classified by a softmax dense layer. 12×12×2 input. (TF.js 4.22 has no gradient for a dilated convolution.)
 */
export function branchModel({ seed = 11, dilation = 2 }: { seed?: number; dilation?: number } = {}): tf.LayersModel {
  let next = seed;
  const init = () => tf.initializers.glorotUniform({ seed: next++ });
  const L = tf.layers;
  const apply = (layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]) => layer.apply(x) as tf.SymbolicTensor;
  const input = tf.input({ shape: [12, 12, 2], name: 'image' });
  const stem = apply(L.conv2d({ filters: 4, kernelSize: 3, padding: 'valid', activation: 'relu', kernelInitializer: init(), biasInitializer: init(), name: 'stem' }), input); // 10×10×4
  const a = apply(L.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'tanh', kernelInitializer: init(), biasInitializer: init(), name: 'branch_a' }), stem);
  let b = apply(L.depthwiseConv2d({ kernelSize: 3, padding: 'same', depthwiseInitializer: init(), biasInitializer: init(), name: 'branch_b_dw' }), stem);
  b = apply(L.batchNormalization({ name: 'branch_b_bn', betaInitializer: init(), gammaInitializer: init(), movingMeanInitializer: init(), movingVarianceInitializer: 'ones' }), b);
  b = apply(L.reLU({ maxValue: 6, name: 'branch_b_relu6' }), b);
  const sum = apply(L.add({ name: 'add' }), [a, b]);
  const both = apply(L.concatenate({ name: 'concat' }), [sum, stem]); // 10×10×8
  const pooled = apply(L.maxPooling2d({ poolSize: 2, name: 'pool' }), both); // 5×5×8
  const top = apply(L.conv2d({ filters: 3, kernelSize: 2, dilationRate: dilation, padding: 'valid', activation: 'relu', kernelInitializer: init(), biasInitializer: init(), name: 'top' }), pooled); // 3×3×3
  const flat = apply(L.flatten({ name: 'flatten' }), top);
  const out = apply(L.dense({ units: 5, activation: 'softmax', kernelInitializer: init(), biasInitializer: init(), name: 'probs' }), flat);
  return tf.model({ inputs: input, outputs: out, name: 'branch_net' });
}

/**
 * TF.js's own outputs of every layer for one image, on the cpu backend: the saved model loaded by TF.js and
 * `tf.model({ inputs, outputs: [each layer's output] })`. Keyed by layer name (the input layer: the image).
 */
export async function referenceActivations(artifacts: ExploreArtifacts, image: Float32Array): Promise<Map<string, Float32Array>> {
  const previous = await useBackend('cpu');
  try {
    const model = await tf.loadLayersModel(tf.io.fromMemory({
      modelTopology: artifacts.modelTopology, weightSpecs: artifacts.weightSpecs, weightData: artifacts.weightData.slice().buffer,
    }));
    const [, h, w, c] = model.inputs[0].shape as number[];
    const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
    const all = tf.model({ inputs: model.inputs, outputs: layers.map((l) => l.output as tf.SymbolicTensor) });
    const outputs = tf.tidy(() => all.predict(tf.tensor4d(image, [1, h, w, c])) as tf.Tensor[]);
    const result = new Map<string, Float32Array>([[model.inputs[0].sourceLayer.name, image]]);
    layers.forEach((l, i) => result.set(l.name, outputs[i].dataSync() as Float32Array));
    tf.dispose(outputs);
    model.dispose();
    return result;
  } finally {
    await restoreBackend(previous);
  }
}

/** Largest |actual − expected| / max(1, |expected|): absolute for small values, relative for large ones. */
export function maxScaledDiff(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new Error(`lengths differ: ${actual.length} vs ${expected.length}`);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const d = Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
    if (!(d <= worst)) worst = Number.isNaN(d) ? Infinity : Math.max(worst, d);
  }
  return worst;
}

/** Largest |actual − expected| over the largest |expected|: for small values such as gradients (all zeros: absolute). */
export function maxDiffOverPeak(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new Error(`lengths differ: ${actual.length} vs ${expected.length}`);
  let diff = 0;
  let peak = 0;
  for (let i = 0; i < actual.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    diff = Number.isNaN(d) ? Infinity : Math.max(diff, d);
    peak = Math.max(peak, Math.abs(expected[i]));
  }
  return peak > 0 ? diff / peak : diff;
}
