// What a layer's backward keeps, as the memory walks ask for it: read from the layer's rule in the catalogue
// (LayerRule.backward, layers/backward.ts), where each layer class says it once beside its shape rules.
import { ruleFor } from '../layers/registry';
import { torchLayerTraits } from '../layers/torch/registry';
import type { LayerSemantics } from '../layers/types';
import { KEEPS_NOTHING, unknownClass, type BackwardNeeds } from '../layers/backward';

export { KEEPS_NOTHING, type BackwardNeeds };

/**
 * What `className`'s backward keeps in the ideal-autograd model; `activation` is the layer's `config.activation` when
 * known (absent: the default, linear). A class the catalogue does not know keeps its inputs and output: the figure
 * errs high, never low.
 */
export function backwardNeeds(className: string, activation?: string | null, semantics: LayerSemantics = 'keras'): BackwardNeeds {
  // An InputLayer has no rule (the engine reads it itself) and no backward.
  if (className === 'InputLayer') return KEEPS_NOTHING;
  // Class names of the two catalogues overlap (Flatten, Dropout, LSTM) with different configs: the model's semantics decide.
  const rule = semantics === 'pytorch' ? torchLayerTraits(className) : ruleFor(className);
  return (rule?.backward.idealAutograd ?? unknownClass)(activation);
}
