// Each walked layer's cost in one framework: the rule's `backward.tfjs` / `backward.pytorch` field (FrameworkCost,
// layers/backward.ts), or, where the rule has none, a documented default by its drawing. Read once per layer per
// analysis, into plain arrays the walks index.
import { ruleFor } from '../layers/registry';
import { torchLayerTraits } from '../layers/torch/registry';
import type { FrameworkCost, FrameworkCostRule, LayerGeometry } from '../layers/backward';
import type { LayerSemantics } from '../layers/types';
import { tfjsDefault } from '../layers/tfjsCosts';
import { pytorchConvolution, pytorchDefault, pytorchDropout, pytorchMaxPooling, pytorchView } from '../layers/pytorchCosts';
import type { WalkedLayer } from './nestedModels';
import { elementsPerSample } from '../layers/shape';

export type CostFramework = 'tfjs' | 'pytorch';

/**
 * PyTorch catalogue classes whose rule has no `pytorch` field yet, by class (or recorded call) name: what autograd
 * saves beyond the ideal needs (layers/pytorchCosts.ts). Anything else falls back to the ideal needs, by reference.
 */
const TORCH_CLASS_DEFAULTS: ReadonlyMap<string, FrameworkCostRule> = new Map<string, FrameworkCostRule>([
  ...['Conv1d', 'Conv2d', 'Conv3d', 'F.conv1d', 'F.conv2d', 'F.conv3d'].map((c) => [c, pytorchConvolution(false)] as const),
  ...['MaxPool1d', 'MaxPool2d', 'MaxPool3d', 'F.max_pool1d', 'F.max_pool2d', 'F.max_pool3d'].map((c) => [c, pytorchMaxPooling] as const),
  ...['Dropout', 'Dropout1d', 'Dropout2d', 'Dropout3d', 'F.dropout', 'F.dropout1d', 'F.dropout2d', 'F.dropout3d'].map((c) => [c, pytorchDropout] as const),
  ...['Flatten', 'Unflatten', 'torch.flatten', 'flatten', 'view', 'reshape', 'torch.reshape'].map((c) => [c, pytorchView] as const),
  // No LSTM/GRU/RNN here: the torch rules count what they save themselves (sequence-first, stacked, bidirectional);
  // pytorchRecurrent is the Keras layout's (one batch-first layer, one bias vector).
]);

const INPUT_COST: FrameworkCost = { saved: { perSample: 0, fixed: 0 }, gradients: { perSample: 0, fixed: 0 }, inputGradient: 0, why: 'model input' };

/**
 * The layer's cost in `framework`, from its rule in the semantics' catalogue (or the default by drawing). A layer
 * called several times (a shared Dense) runs its kernels once per call: the rule sees one call (the inputs of all
 * calls and the outputs, divided by the calls) and its tensors count once per call.
 */
export function frameworkCost(layer: WalkedLayer, inputElements: number, framework: CostFramework, semantics: LayerSemantics, device: 'cuda' | 'cpu'): FrameworkCost {
  if (layer.className === 'InputLayer') return INPUT_COST;
  const traits = semantics === 'pytorch' ? torchLayerTraits(layer.className) : ruleFor(layer.className);
  const rule: FrameworkCostRule = traits?.backward[framework]
    ?? (framework === 'tfjs' ? tfjsDefault(traits?.drawing) : (semantics === 'pytorch' ? TORCH_CLASS_DEFAULTS.get(layer.className) : undefined) ?? pytorchDefault(traits?.backward.idealAutograd));
  const calls = Math.max(1, layer.calls?.length ?? 1);
  const ruled = rule(geometryOf(layer, inputElements / calls, device, calls));
  // An in-place op (ReLU(inplace=True)) writes into its input: PyTorch allocates no output.
  const cost = framework === 'pytorch' && layer.inplace ? { ...ruled, outputSharesInput: true, why: `${ruled.why}; in place: no new output` } : ruled;
  return calls === 1 ? cost : {
    ...cost,
    saved: { perSample: cost.saved.perSample * calls, fixed: cost.saved.fixed * calls },
    gradients: { perSample: cost.gradients.perSample * calls, fixed: cost.gradients.fixed * calls },
    ...(cost.inferenceLeftLive !== undefined ? { inferenceLeftLive: cost.inferenceLeftLive * calls } : {}),
  };
}

/** Elements of one sample of all inputs of all the layer's calls (NaN when one is unknown). */
export function inputElementsOfCalls(layer: WalkedLayer): number {
  const shapesOfCalls = layer.calls && layer.calls.length > 0 ? layer.calls.map((c) => c.inputShapes) : [layer.inputShapes];
  let total = 0;
  for (const shapes of shapesOfCalls) {
    for (const shape of shapes) {
      const e = elementsPerSample(shape);
      if (e === null) return NaN;
      total += e;
    }
  }
  return total;
}

function geometryOf(layer: WalkedLayer, inputElements: number, device: 'cuda' | 'cpu', calls: number): LayerGeometry {
  return {
    device,
    outputShapes: layer.outputShapes,
    input: inputElements,
    output: (layer.outputElementsPerSample ?? NaN) / calls,
    weights: layer.params ?? NaN,
    inputShapes: layer.inputShapes,
    activation: layer.activation,
    inplace: layer.inplace,
  };
}

