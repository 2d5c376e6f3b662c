// The engine's handle on a loaded model: the public ExploreModel facts plus the TF.js model and what the engine
// derives from it once (each layer's call, the sub-models it runs). Only src/explore sees the TF.js side.
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import { ExploreError, type ExploreLayerInfo, type ExploreModel } from './types';
import type { Layer, LayerCall } from './layerGraph';

export class LoadedExploreModel implements ExploreModel {
  /** Sub-models by purpose (`activations:<n kept>`, `logits`), built on first use and kept for the model's life. */
  readonly derived = new Map<string, LayersModel>();
  /** Layers the engine made itself (the linear twin of a softmax output layer); disposed with the model. */
  readonly ownLayers: Layer[] = [];
  /**
   * Gradients that needed a kernel the backend lacks, by what they differentiate (`saliency`, `gradCam:<layer>`):
   * why they now run on cpu straight away.
   */
  readonly cpuGradients = new Map<string, string>();
  /** Index in `layers` of the model's output layer. */
  readonly outputIndex: number;
  private disposed = false;

  constructor(
    readonly tfModel: LayersModel,
    readonly calls: ReadonlyMap<string, LayerCall>,
    readonly layers: readonly ExploreLayerInfo[],
    readonly input: ExploreModel['input'],
    readonly classCount: number,
    readonly output: ExploreModel['output'],
    readonly lastConvLayer: string | null,
    readonly backend: string,
  ) {
    this.outputIndex = layers.findIndex((l) => l.name === tfModel.outputs[0].sourceLayer.name);
  }

  /** The single output tensor of a layer in this model (the engine only asks for layers that have one). */
  outputOf(layer: string): SymbolicTensor {
    const call = this.calls.get(layer);
    if (!call || call.outputs.length !== 1) throw new ExploreError(`Layer "${layer}" has no single output in this model.`);
    return call.outputs[0];
  }

  info(layer: string): ExploreLayerInfo {
    const info = this.layers.find((l) => l.name === layer);
    if (!info) throw new ExploreError(`The model has no layer "${layer}".`);
    return info;
  }

  assertUsable(): void {
    if (this.disposed) throw new ExploreError('This model was disposed (a newer model replaced it).');
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    // Derived models share the layers (and weights) of tfModel: disposing them would free those weights twice.
    this.derived.clear();
    for (const layer of this.ownLayers) layer.dispose();
    this.tfModel.dispose();
  }
}

/** The engine's functions take the public type; every model they get was made by loadExploreModel. */
export function loaded(model: ExploreModel): LoadedExploreModel {
  if (!(model instanceof LoadedExploreModel)) throw new ExploreError('Not a model loaded by loadExploreModel.');
  model.assertUsable();
  return model;
}
