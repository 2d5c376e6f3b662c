// What the memory walks read from a layer, in a module of its own: both the walks (memoryModel.ts) and the flattening
// of nested models (nestedModels.ts) use it.
import type { LayerAnalysis, LayerCall } from '../analysisResult';

/**
 * What the memory model reads from a layer; `LayerAnalysis` is one. `activation` is the layer's `config.activation`
 * (absent or null: the default, linear), which decides what its backward keeps (its rule's backward, layers/backward.ts).
 */
export type MemoryLayer = Pick<
  LayerAnalysis,
  'name' | 'className' | 'params' | 'trainableParams' | 'outputElementsPerSample' | 'inputShapes' | 'inboundLayers' |
  'intermediateElementsPerSample' | 'nestedOutputs' | 'inboundTensors' | 'buffers'
> & {
  activation?: string | null;
  /** The layers of a nested model used as this layer, in execution order (LayerAnalysis.nested). */
  nested?: readonly MemoryLayer[];
  /** Output shapes (LayerAnalysis.outputShapes), when known: the framework models read channel counts from them. */
  outputShapes?: LayerAnalysis['outputShapes'];
  /** PyTorch: the module or call said `inplace=True` (its output is its input's storage). */
  inplace?: boolean;
  /** Every call of a layer called more than once (LayerAnalysis.calls). */
  calls?: readonly Pick<LayerCall, 'inputShapes' | 'inboundLayers' | 'inboundTensors'>[];
};
