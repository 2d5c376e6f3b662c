// Where a model's softmax is, so that scores are taken before it: saliency and Grad-CAM differentiate the class's
// pre-softmax logit (types.ts: Saliency), and runExplore applies a softmax only to a model that has none.
import type { Layer } from './layerGraph';
import * as tfl from '@tensorflow/tfjs-layers';

/**
 * How the output layer applies a softmax: `layer` (an Activation('softmax') or Softmax layer: the logits are its
 * input), `activation` (a weighted layer with activation 'softmax': the logits are the same layer without it),
 * `nested` (inside a nested model's output), or null (the model emits logits).
 */
export type SoftmaxPlace = 'layer' | 'activation' | 'nested' | null;

export function softmaxOf(layer: Layer): SoftmaxPlace {
  if (layer instanceof tfl.LayersModel) return softmaxOf(layer.outputs[0].sourceLayer) ? 'nested' : null;
  const className = layer.getClassName();
  if (className === 'Softmax') return 'layer';
  const activation = layer.getConfig().activation;
  if (activation !== 'softmax') return null;
  return className === 'Activation' ? 'layer' : 'activation';
}
