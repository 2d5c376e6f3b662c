// Which call of each layer belongs to the model, found by walking back from the model's outputs: a layer's `.output`
// throws as soon as it has several inbound nodes (a nested model has its own inner node besides the outer call; a
// shared layer one per call), so everything else in the engine reads the layer's node from here.
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';

export type Layer = LayersModel['layers'][number];
type Node = Layer['inboundNodes'][number];

export interface LayerCall {
  layer: Layer;
  /** The layer's output tensors in this model (one per call; several for a shared layer or a multi-output layer). */
  outputs: SymbolicTensor[];
  /** The layers whose outputs feed this call (none for an InputLayer). */
  inputs: { layer: string; shape: (number | null)[] }[];
  /** Number of distinct calls of the layer in the model (>1: a shared layer). */
  calls: number;
}

/** Every layer that the model's outputs depend on, by name. */
export function layerCalls(model: LayersModel): Map<string, LayerCall> {
  const calls = new Map<string, LayerCall>();
  const seen = new Set<Node>();
  const pending: SymbolicTensor[] = [...model.outputs];
  while (pending.length > 0) {
    const tensor = pending.pop()!;
    const layer = tensor.sourceLayer;
    const node = layer.inboundNodes[tensor.nodeIndex];
    if (seen.has(node)) continue;
    seen.add(node);
    const entry = calls.get(layer.name);
    const inputs = node.inboundLayers.length === 0 ? [] : node.inputTensors.map((t) => ({ layer: t.sourceLayer.name, shape: [...t.shape] }));
    if (entry) {
      entry.calls += 1;
      entry.outputs.push(...node.outputTensors);
    } else {
      calls.set(layer.name, { layer, outputs: [...node.outputTensors], inputs, calls: 1 });
    }
    // An InputLayer's node (no inbound layers) lists its own output as its input: stop there. (A shared layer's
    // second call may read its first call's output: that is followed.)
    if (node.inboundLayers.length > 0) pending.push(...node.inputTensors);
  }
  return calls;
}
