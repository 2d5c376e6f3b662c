// Offset → layer without the JSON tree: core's LayerLocator keeps the whole jsonc-parser tree alive (for rangeOf),
// and the analysis worker keeps each open document's index, so it keeps only the located layers. Same lookup as
// LayerLocator.layerAt — a binary search, then outward through enclosing layers — and a unit test checks the two
// agree at every offset.
import type { LocatedLayer } from '../../core/formats/tfjs';

export interface LocatedLayerEntry extends LocatedLayer {
  /** Position in the list of the innermost layer enclosing this one (a nested model's), or -1. */
  enclosing: number;
}

export class LayerIndex {
  private constructor(private readonly entries: readonly LocatedLayerEntry[]) {}

  /** From layers in text order, as LayerLocator.layers gives them. */
  static fromSorted(sorted: readonly LocatedLayer[]): LayerIndex {
    const open: number[] = [];
    return new LayerIndex(sorted.map((layer, i) => {
      while (open.length > 0 && !contains(sorted[open[open.length - 1]], layer.offset)) open.pop();
      const enclosing = open.length > 0 ? open[open.length - 1] : -1;
      open.push(i);
      return { index: layer.index, offset: layer.offset, length: layer.length, anchorOffset: layer.anchorOffset, enclosing };
    }));
  }

  /** All located layers, in text order. */
  get layers(): readonly LocatedLayer[] {
    return this.entries;
  }

  /** The innermost layer object containing `offset` (a nested model's layer wins over the model-as-layer). */
  layerAt(offset: number): LocatedLayer | undefined {
    const located = this.entries;
    let lo = 0;
    let hi = located.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (located[mid].offset <= offset) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    for (let i = found; i >= 0; i = located[i].enclosing) {
      if (contains(located[i], offset)) return located[i];
    }
    return undefined;
  }
}

function contains(range: { offset: number; length: number }, offset: number): boolean {
  return offset >= range.offset && offset < range.offset + range.length;
}
