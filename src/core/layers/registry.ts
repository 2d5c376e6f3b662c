// The layer catalogue: every supported class name → its rule. One module per family keeps each layer's shape,
// weight, MAC, backward and drawing rules together (as tfjs-layers keeps computeOutputShape next to each layer).
// Aliases (Keras 2's Convolution2D, TF.js's MaxPool2D) are resolved here and only here: an alias is its class's rule.
import type { LayerFamily, LayerRule, LayerSemantics } from './types';
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

/** A rule as the catalogue holds it: with the semantics of the family that registered it. */
export interface RegisteredRule extends LayerRule {
  readonly semantics: LayerSemantics;
}

const FAMILIES: readonly LayerFamily[] = [
  coreRules, activationRules, convolutionalRules, poolingRules, normalizationRules, reshapingRules,
  embeddingRules, mergeRules, recurrentRules, convolutionalRecurrentRules, wrapperRules, preprocessingRules,
];

const rules = new Map<string, RegisteredRule>();
/** alias → the class it names. */
const aliasOf = new Map<string, string>();

for (const family of FAMILIES) {
  for (const [className, rule] of Object.entries(family.rules)) {
    register(className, { ...withResultBounds(rule), semantics: family.semantics });
  }
}
for (const family of FAMILIES) {
  for (const [alias, className] of Object.entries(family.aliases ?? {})) {
    const rule = rules.get(className);
    // A load-time check: an alias of a class no family registers is a catalogue bug, not a user's problem.
    if (!rule || !Object.hasOwn(family.rules, className)) throw new Error(`layer alias ${alias} names ${className}, which its family does not register`);
    register(alias, rule);
    aliasOf.set(alias, className);
  }
}

function register(className: string, rule: RegisteredRule): void {
  if (rules.has(className)) throw new Error(`layer class ${className} is registered twice`);
  rules.set(className, rule);
}

/** The rule for a layer class (an alias gives its class's rule), or undefined for a class the catalogue does not know. */
export function ruleFor(className: string): RegisteredRule | undefined {
  return rules.get(className);
}

/** Every class name the catalogue knows, aliases included (InputLayer and nested models are handled by the engine itself). */
export function knownLayerClasses(): string[] {
  return [...rules.keys()].sort();
}

/** Every alias with the class it names. */
export function layerAliases(): [alias: string, className: string][] {
  return [...aliasOf.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Class names that are models used as layers. */
export const MODEL_CLASSES: ReadonlySet<string> = new Set(['Sequential', 'Model', 'Functional']);
