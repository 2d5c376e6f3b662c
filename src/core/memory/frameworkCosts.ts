// Each walked layer's cost in one framework: the rule's `backward.tfjs` / `backward.pytorch` field (FrameworkCost,
// layers/backward.ts), or, where the rule has none, a documented default by its drawing. Read once per layer per
// analysis, into plain arrays the walks index.
import { ruleFor } from '../layers/registry';
import { torchLayerTraits } from '../layers/torch/registry';
import type { FrameworkCost, FrameworkCostRule, LayerGeometry } from '../layers/backward';
import type { LayerSemantics } from '../layers/types';
import { tfjsDefault } from '../layers/tfjsCosts';
import { pytorchDefault } from '../layers/pytorchCosts';
import type { WalkedLayer } from './nestedModels';

export type CostFramework = 'tfjs' | 'pytorch';

const INPUT_COST: FrameworkCost = { saved: { perSample: 0, fixed: 0 }, gradients: { perSample: 0, fixed: 0 }, inputGradient: 0, why: 'model input' };

/** The layer's cost in `framework`, from its rule in the semantics' catalogue (or the default by drawing). */
export function frameworkCost(layer: WalkedLayer, inputElements: number, framework: CostFramework, semantics: LayerSemantics, device: 'cuda' | 'cpu'): FrameworkCost {
  if (layer.className === 'InputLayer') return INPUT_COST;
  const traits = semantics === 'pytorch' ? torchLayerTraits(layer.className) : ruleFor(layer.className);
  const rule: FrameworkCostRule = traits?.backward[framework] ?? (framework === 'tfjs' ? tfjsDefault(traits?.drawing) : pytorchDefault(traits?.backward.idealAutograd));
  return rule(geometryOf(layer, inputElements, device));
}

function geometryOf(layer: WalkedLayer, inputElements: number, device: 'cuda' | 'cpu'): LayerGeometry {
  return {
    device,
    outputShapes: layer.outputShapes,
    input: inputElements,
    output: layer.outputElementsPerSample ?? NaN,
    weights: layer.params ?? NaN,
    inputShapes: layer.inputShapes,
    activation: layer.activation,
    inplace: layer.inplace,
  };
}

