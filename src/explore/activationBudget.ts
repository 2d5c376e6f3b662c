// Which layers' outputs runExplore keeps for one image: in model order until the next one would pass the budget;
// from there on every layer is skipped (with the reason), except the output layer, which the prediction needs.
import type { ExploreLayerInfo } from './types';

export interface BudgetPlan {
  /** Indices into the model's layers whose values are kept. */
  kept: number[];
  /** Why each skipped layer (by index) has no values. */
  skipped: Map<number, string>;
}

/** `outputIndex`: the model's output layer, kept whatever the budget (the prediction). */
export function planActivations(layers: readonly ExploreLayerInfo[], budgetBytes: number, outputIndex: number): BudgetPlan {
  const kept: number[] = [];
  const skipped = new Map<number, string>();
  let keptBytes = 0;
  let passedAt: string | null = null;
  layers.forEach((layer, i) => {
    if (i === outputIndex) {
      kept.push(i);
    } else if (passedAt !== null) {
      skipped.set(i, `skipped: the activations before it passed the ${mb(budgetBytes)} MB budget at ${passedAt}`);
    } else if (keptBytes + layer.bytes > budgetBytes) {
      passedAt = layer.name;
      skipped.set(i, `${layer.name}: ${mb(layer.bytes)} MB would pass the ${mb(budgetBytes)} MB budget (${mb(keptBytes)} MB kept before it)`);
    } else {
      keptBytes += layer.bytes;
      kept.push(i);
    }
  });
  return { kept, skipped };
}

/** Megabytes of 2^20 bytes (the budget's unit: 64 MiB is said "64 MB"): one decimal, two digits below 0.1 MB. */
export function mb(bytes: number): string {
  const value = bytes / 2 ** 20;
  if (value === 0) return '0';
  return value < 0.1 ? String(Number(value.toPrecision(2))) : value.toFixed(1).replace(/\.0$/, '');
}
