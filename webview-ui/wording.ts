// Counts in words, singular or plural, shared by the views. Pure (unit-tested).
import type { LayerAnalysis } from '../src/core';
import { formatCount } from '../src/core/format';

/** "1 epoch", "5 epochs", "1 repeated block" (the dashboard once said "1 epochs"). */
export function plural(n: number, word: string): string {
  return `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * "10 layers + input" for a Sequential whose analysis lists its InputLayer as an 11th layer (Keras's summary
 * does not count it); "12 layers + 2 inputs" for a model with two.
 */
export function layerCountText(layers: readonly Pick<LayerAnalysis, 'drawing'>[]): string {
  const inputs = layers.filter((l) => l.drawing === 'input').length;
  const main = plural(layers.length - inputs, 'layer');
  return inputs === 0 ? main : `${main} + ${inputs === 1 ? 'input' : `${inputs} inputs`}`;
}
