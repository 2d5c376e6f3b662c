// Saliency (Simonyan et al. 2014): the gradient of the class's pre-softmax score w.r.t. the input image.
import * as tf from '@tensorflow/tfjs-core';
import { ExploreError, type ExploreModel, type Saliency } from './types';
import { loaded, type LoadedExploreModel } from './loadedModel';
import { logitsModel } from './classLogits';
import { imageTensor } from './runExplore';
import { withGradientBackend } from './gradientBackend';

export async function saliency(model: ExploreModel, image: Float32Array, classIndex: number): Promise<Saliency> {
  const m = loaded(model);
  checkClass(m, classIndex);
  const logits = logitsModel(m);
  const { value, note } = await withGradientBackend(m, 'saliency', () => tf.tidy(() => {
    const x = imageTensor(m, image);
    const { value: score, grad } = tf.valueAndGrad((input: tf.Tensor) =>
      tf.reshape(tf.slice(logits.apply(input) as tf.Tensor, [0, classIndex], [1, 1]), []) as tf.Scalar)(x);
    return { gradient: grad.dataSync() as Float32Array, score: score.dataSync()[0] };
  }));
  const gradient = Float32Array.from(value.gradient);
  return { classIndex, score: value.score, gradient, map: channelMaxAbs(gradient, m.input.channels), note };
}

export function checkClass(m: LoadedExploreModel, classIndex: number): void {
  if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex >= m.classCount) {
    throw new ExploreError(`Class ${classIndex} is not one of the model's ${m.classCount} classes (0–${m.classCount - 1}).`);
  }
}

/** H×W: the largest |value| over the channels of an H×W×C array. */
function channelMaxAbs(values: Float32Array, channels: number): Float32Array {
  const map = new Float32Array(values.length / channels);
  for (let p = 0; p < map.length; p++) {
    let best = 0;
    for (let c = 0; c < channels; c++) best = Math.max(best, Math.abs(values[p * channels + c]));
    map[p] = best;
  }
  return map;
}
