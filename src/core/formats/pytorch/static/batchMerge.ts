// The two forward runs (batch 2 and batch 3, as the oracle runs them) → shapes with `null` where a dimension
// follows the batch. A dimension that is 2k then 3k (the batch merged into it, as `view(-1, k)` does) is also
// `null` here: the Shape type has no symbolic form for it yet (the oracle writes "N*k").
import type { Shape } from '../../../ir';
import type { TracedCall } from '../trace';
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
