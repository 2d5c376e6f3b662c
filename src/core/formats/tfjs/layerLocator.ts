// Maps a text offset to the layer whose JSON object contains it, and layer/diagnostic paths to text ranges.
// Built once per document version from the tree; a lookup is a binary search, so hovering stays fast on
// models with thousands of layers.
import type { Node } from 'jsonc-parser';
import type { JsonPath } from '../../ir';
import { nodeAtPath, rangeOfPath, type TextRange } from './jsonTree';

export interface LocatedLayer extends TextRange {
  /** Index into the list the locator was built from. */
  index: number;
  /** Where the layer's class name value ends (for an inline hint after it); the object start when there is none. */
  anchorOffset: number;
}

export class LayerLocator {
  private readonly sorted: LocatedLayer[];
  /** For each sorted layer, the index of the innermost layer enclosing it (a nested model's), or -1. */
  private readonly enclosing: number[];

  private constructor(private readonly root: Node | undefined, located: LocatedLayer[]) {
    this.sorted = located.sort((a, b) => a.offset - b.offset || b.length - a.length);
    this.enclosing = [];
    const open: number[] = [];
    this.sorted.forEach((layer, i) => {
      while (open.length > 0 && !contains(this.sorted[open[open.length - 1]], layer.offset)) open.pop();
      this.enclosing.push(open.length > 0 ? open[open.length - 1] : -1);
      open.push(i);
    });
  }

  /** `layers[i].path` is where layer i sits in the JSON (paths of nested layers included). */
  static build(root: Node | undefined, layers: readonly { path: JsonPath }[]): LayerLocator {
    const located: LocatedLayer[] = [];
    if (root) {
      layers.forEach((layer, index) => {
        const node = layer.path.length > 0 ? nodeAtPath(root, layer.path) : undefined;
        if (!node || node.type !== 'object') return;
        const className = nodeAtPath(node, ['class_name']);
        const anchorOffset = className ? className.offset + className.length : node.offset + 1;
        located.push({ index, offset: node.offset, length: node.length, anchorOffset });
      });
    }
    return new LayerLocator(root, located);
  }

  /** All located layers, in text order. */
  get layers(): readonly LocatedLayer[] {
    return this.sorted;
  }

  /** The innermost layer object containing `offset` (a nested model's layer wins over the model-as-layer). */
  layerAt(offset: number): LocatedLayer | undefined {
    // Last layer starting at or before offset...
    let lo = 0;
    let hi = this.sorted.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid].offset <= offset) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    // ...or, when that one ends before offset, the enclosing layers outward (only nested models have any).
    for (let i = found; i >= 0; i = this.enclosing[i]) {
      if (contains(this.sorted[i], offset)) return this.sorted[i];
    }
    return undefined;
  }

  rangeOf(path: JsonPath): TextRange | undefined {
    return this.root ? rangeOfPath(this.root, path) : undefined;
  }
}

function contains(range: TextRange, offset: number): boolean {
  return offset >= range.offset && offset < range.offset + range.length;
}
