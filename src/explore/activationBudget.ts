// Which layers' outputs runExplore keeps for one image: in model order until the next one would pass the budget;
// from there on every layer is skipped (with the reason), except the output layer, which the prediction needs.
import { formatBytes } from '../core/format';
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
      skipped.set(i, `${layer.name}: skipped, the ${formatBytes(budgetBytes)} budget ran out at ${passedAt}`);
    } else if (keptBytes + layer.bytes > budgetBytes) {
      passedAt = layer.name;
      skipped.set(i, `${layer.name}: ${formatBytes(layer.bytes)} would pass the ${formatBytes(budgetBytes)} budget (${formatBytes(keptBytes)} kept before it)`);
    } else {
      keptBytes += layer.bytes;
      kept.push(i);
    }
  });
  return { kept, skipped };
}
