// The model up to its pre-softmax class scores (types.ts: Saliency): the model itself when it emits logits; up to
// the softmax layer's input; or, for a weighted output layer with activation 'softmax', that layer's linear twin
// (same config and weights, activation 'linear') applied to the same input.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { ExploreError } from './types';
import type { Layer } from './layerGraph';
import type { LoadedExploreModel } from './loadedModel';
import { softmaxOf } from './softmaxOutput';

export function logitsModel(m: LoadedExploreModel): tfl.LayersModel {
  let sub = m.derived.get('logits');
  if (sub) return sub;
  const output = m.tfModel.outputs[0];
  const layer = output.sourceLayer;
  const place = softmaxOf(layer);
  if (place === null) {
    sub = m.tfModel;
  } else if (place === 'nested') {
    throw new ExploreError(
      `The model's softmax is inside its nested model "${layer.name}": the class score before the softmax cannot be reached there.`,
    );
  } else {
    const inputs = layer.inboundNodes[output.nodeIndex].inputTensors;
    if (inputs.length !== 1) throw new ExploreError(`The output layer "${layer.name}" has ${inputs.length} inputs: the class score before its softmax cannot be taken.`);
    const logits = place === 'layer' ? inputs[0] : linearTwinOutput(m, layer, inputs[0]);
    sub = tfl.model({ inputs: m.tfModel.inputs, outputs: logits });
  }
  m.derived.set('logits', sub);
  return sub;
}

function linearTwinOutput(m: LoadedExploreModel, layer: Layer, input: tfl.SymbolicTensor): tfl.SymbolicTensor {
  const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap[layer.getClassName()];
  const twin = fromConfig(cls, { ...layer.getConfig(), name: `${layer.name}_logits`, activation: 'linear' }) as unknown as Layer;
  const output = twin.apply(input) as tfl.SymbolicTensor; // builds the twin's weights, then they take the layer's values
  m.ownLayers.push(twin);
  twin.setWeights(layer.getWeights());
  return output;
}
