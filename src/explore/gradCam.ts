// Grad-CAM (Selvaraju et al. 2017) of a class on a feature-map layer: alpha_k = the spatial mean of d score / d A_k,
// cam = ReLU(Σ_k alpha_k A_k), resized bilinearly to the input and divided by its maximum.
//
// d score / d A is taken by running the model with the layer's output replaced by a given tensor A (its `call` is
// swapped for the one run, synchronously), so that A is an input of the differentiated function: this works for
// any graph, branches that bypass the layer included, with TF.js's public layer API.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { ExploreError, type ExploreModel, type GradCam } from './types';
import { loaded, type LoadedExploreModel } from './loadedModel';
import { logitsModel } from './classLogits';
import { imageTensor } from './runExplore';
import { checkClass } from './saliency';
import { withGradientBackend } from './gradientBackend';
import { LAYERS_MODEL_CLASSES } from './loadModel';
import type { Layer } from './layerGraph';

export async function gradCam(model: ExploreModel, image: Float32Array, classIndex: number, layer?: string): Promise<GradCam> {
  const m = loaded(model);
  checkClass(m, classIndex);
  const name = layer ?? m.lastConvLayer;
  if (name === null) throw new ExploreError('The model has no layer with feature maps larger than 1×1: Grad-CAM needs one.');
  const info = m.info(name);
  if (info.kind !== 'maps') {
    throw new ExploreError(`Grad-CAM needs a layer whose output is feature maps (height × width × channels); "${name}" outputs [${info.shape.join(', ')}].`);
  }
  if (LAYERS_MODEL_CLASSES.has(info.className)) {
    throw new ExploreError(`"${name}" is a nested model: Grad-CAM needs one of the model's own layers.`);
  }
  const [height, width] = info.shape;
  const logits = logitsModel(m);
  const target = m.calls.get(name)!.layer;
  const maps = outputModel(m, name);
  const { value, note } = await withGradientBackend(m, `gradCam:${name}`, () => tf.tidy(() => {
    const x = imageTensor(m, image);
    const a = maps.predict(x) as tf.Tensor4D;
    const dA = tf.grad((aIn: tf.Tensor) => withOutputReplaced(target, aIn, () => tf.sum(tf.slice(logits.apply(x) as tf.Tensor, [0, classIndex], [1, 1]))))(a);
    const alphas = tf.mean(dA, [0, 1, 2]);
    const cam = tf.reshape(tf.relu(tf.sum(tf.mul(a, alphas), -1)), [height, width, 1]) as tf.Tensor3D;
    const resized = tf.image.resizeBilinear(cam, [m.input.height, m.input.width], false);
    const peak = tf.max(resized);
    const heatmap = peak.dataSync()[0] > 0 ? tf.div(resized, peak) : resized;
    return { alphas: alphas.dataSync() as Float32Array, cam: cam.dataSync() as Float32Array, heatmap: heatmap.dataSync() as Float32Array };
  }));
  return {
    classIndex, layer: name, height, width,
    alphas: Float32Array.from(value.alphas), cam: Float32Array.from(value.cam), heatmap: Float32Array.from(value.heatmap), note,
  };
}

function outputModel(m: LoadedExploreModel, layer: string): tfl.LayersModel {
  const key = `output:${layer}`;
  let sub = m.derived.get(key);
  if (!sub) {
    sub = tfl.model({ inputs: m.tfModel.inputs, outputs: m.outputOf(layer) });
    m.derived.set(key, sub);
  }
  return sub;
}

/** Runs `run` with `layer` returning `output` instead of computing it (restored before returning). */
function withOutputReplaced<T>(layer: Layer, output: tf.Tensor, run: () => T): T {
  const target = layer as unknown as { call: (...args: unknown[]) => unknown };
  const hadOwn = Object.prototype.hasOwnProperty.call(target, 'call');
  const own = target.call;
  // A clone: TF.js's executor disposes a layer's output once its readers have run, and `output` is the caller's.
  target.call = () => tf.clone(output);
  try {
    return run();
  } finally {
    if (hadOwn) target.call = own;
    else delete (target as { call?: unknown }).call;
  }
}
