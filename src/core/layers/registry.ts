// The layer catalogue: every supported class name → its rule. One module per family keeps each layer's shape,
// weight and MAC rules together (as tfjs-layers keeps computeOutputShape next to each layer).
import type { LayerRule } from './types';
import { activationRules } from './activations';
import { convolutionalRules } from './convolutional';
import { convolutionalRecurrentRules } from './convolutionalRecurrent';
import { coreRules } from './denseAndShapePreserving';
import { embeddingRules } from './embedding';
import { mergeRules } from './merge';
import { normalizationRules } from './normalization';
import { poolingRules } from './pooling';
import { preprocessingRules } from './preprocessing';
import { recurrentRules } from './recurrent';
import { reshapingRules } from './reshaping';
import { wrapperRules } from './wrappers';
import { withResultBounds } from './resultBounds';

const rules = new Map<string, LayerRule>();
for (const family of [
  coreRules, activationRules, convolutionalRules, poolingRules, normalizationRules, reshapingRules,
  embeddingRules, mergeRules, recurrentRules, convolutionalRecurrentRules, wrapperRules, preprocessingRules,
]) {
  for (const [className, rule] of Object.entries(family)) rules.set(className, withResultBounds(rule));
}

/** The rule for a layer class, or undefined for a class the catalogue does not know. */
export function ruleFor(className: string): LayerRule | undefined {
  return rules.get(className);
}

/** Every class name the catalogue knows (InputLayer and nested models are handled by the engine itself). */
export function knownLayerClasses(): string[] {
  return [...rules.keys()].sort();
}

/** Class names that are models used as layers. */
export const MODEL_CLASSES: ReadonlySet<string> = new Set(['Sequential', 'Model', 'Functional']);
