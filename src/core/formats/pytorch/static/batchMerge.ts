// The two forward runs (batch 2 and batch 3, as the oracle runs them) → shapes with `null` where a dimension
// follows the batch. A dimension that is 2k then 3k (the batch merged into it, as `view(-1, k)` can do) has no
// symbolic form in the Shape type yet (the oracle writes "N*k"): it is written null too, and the call that first
// makes such a dimension gets a warning saying what PyTorch really gives (mergedBatchWarnings).
import type { Shape } from '../../../ir';
import type { Span, TracedCall } from '../trace';
import type { RawCall } from './recorder';

export const BATCHES = [2, 3] as const;

export function mergeShape(a: Shape | null, b: Shape | null): Shape | null {
  if (!a || !b || a.length !== b.length) return null;
  return a.map((x, i) => (x === b[i] ? x : null));
}

function mergeShapes(a: readonly (Shape | null)[], b: readonly (Shape | null)[]): (Shape | null)[] {
  return a.map((s, i) => (i < b.length ? mergeShape(s, b[i]) : null));
}

/** One layer's calls from both runs. A run with fewer calls (control flow that follows the batch) keeps run 1's. */
export function mergeCalls(first: readonly RawCall[], second: readonly RawCall[] | null): TracedCall[] {
  return first.map((c, i) => {
    const other = second ? second[i] : c;
    const inputShapes = other ? mergeShapes(c.inputShapes, other.inputShapes) : c.inputShapes.map(() => null);
    const outputShapes = other ? mergeShapes(c.outputShapes, other.outputShapes) : c.outputShapes.map(() => null);
    return {
      inputShapes, outputShapes, order: c.order, ...(c.span ? { span: c.span } : {}), inboundLayers: c.inboundLayers,
      macs: c.macs, derivation: c.derivation, ...(c.intermediateElements !== undefined ? { intermediateElements: c.intermediateElements } : {}),
    };
  });
}

/** Dimensions that are neither fixed nor the batch itself: `N*k` (2k then 3k) or not linear in the batch at all. */
function oddDimensions(a: readonly (Shape | null)[], b: readonly (Shape | null)[]): string[] {
  const out: string[] = [];
  a.forEach((s, i) => {
    const t = b[i];
    if (!s || !t || s.length !== t.length) return;
    s.forEach((x, axis) => {
      const y = t[axis];
      if (x === null || y === null || x === y || (x === BATCHES[0] && y === BATCHES[1])) return;
      const k = x / BATCHES[0];
      out.push(Number.isInteger(k) && y === k * BATCHES[1]
        ? `dimension ${axis} is ${k}·N (${x} at batch ${BATCHES[0]}, ${y} at batch ${BATCHES[1]})`
        : `dimension ${axis} is ${x} at batch ${BATCHES[0]} and ${y} at batch ${BATCHES[1]}`);
    });
  });
  return out;
}

export interface MergedBatchWarning {
  readonly layer: string;
  readonly span?: Span;
  readonly message: string;
}

/**
 * The first call (in execution order) whose outputs carry a batch-merged dimension while its inputs do not: shown
 * as null like the batch, it is not the batch, and the warning says what PyTorch gives. Later calls (a leaf class
 * whose forward made it, the layers downstream) follow from it and are not repeated.
 */
export function mergedBatchWarning(calls: readonly { layer: string; first: RawCall; second: RawCall }[]): MergedBatchWarning | null {
  for (const { layer, first, second } of calls) {
    if (oddDimensions(first.inputShapes, second.inputShapes).length) continue;
    const odd = oddDimensions(first.outputShapes, second.outputShapes);
    if (!odd.length) continue;
    return {
      layer, span: first.span,
      message: `${layer} mixes the batch into another axis: ${odd.join('; ')}. The shapes after it show that dimension as unknown (null), not as the batch.`,
    };
  }
  return null;
}
