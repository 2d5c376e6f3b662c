// Collapsing repeated blocks of a layered graph (ResNet stages, stacks of identical layers) so that a model of
// hundreds of layers reads as a few dozen boxes. Pure (unit-tested): finds, along the execution order, runs of a
// block of k consecutive layers repeated r ≥ 2 times with the same layer classes, output shapes and internal wiring.

export interface GraphLayer {
  name: string;
  className: string;
  /** Output shape text (e.g. "7×7×64"); part of the signature so blocks that change the shape are not merged. */
  shape: string;
  inboundLayers: string[];
}

export interface RepeatedBlock {
  /** Stable id: the first layer's name. */
  id: string;
  /** Index of the first layer in the execution order. */
  start: number;
  /** Layers per block. */
  period: number;
  repeats: number;
  /** The block's layer classes, e.g. ["Conv2D", "BatchNormalization", "Activation"]. */
  classes: string[];
}

const MAX_PERIOD = 40;

export function findRepeatedBlocks(layers: readonly GraphLayer[]): RepeatedBlock[] {
  const n = layers.length;
  const index = new Map(layers.map((l, i) => [l.name, i] as const));
  const sig = layers.map((l) => `${l.className}|${l.shape}|${l.inboundLayers.length}`);
  const inbound = layers.map((l) => l.inboundLayers.map((name) => index.get(name) ?? -1));

  /** Wiring of layer i relative to a block starting at b: inputs inside the block by offset, outside as 'x'. */
  const wiring = (i: number, b: number) => inbound[i].map((j) => (j >= b && j < i ? String(j - b) : 'x')).join(',');
  const sameBlock = (b0: number, b1: number, k: number) => {
    for (let t = 0; t < k; t++) {
      if (sig[b0 + t] !== sig[b1 + t] || wiring(b0 + t, b0) !== wiring(b1 + t, b1)) return false;
    }
    return true;
  };

  const blocks: RepeatedBlock[] = [];
  let i = 0;
  while (i < n) {
    let best: { period: number; repeats: number } | null = null;
    for (let k = 1; k <= MAX_PERIOD && i + 2 * k <= n; k++) {
      let r = 1;
      while (i + (r + 1) * k <= n && sameBlock(i, i + r * k, k)) r++;
      // Worth collapsing when it hides at least 3 layers; prefer more layers covered, then the shorter period.
      if (r >= 2 && k * r >= 3 && (!best || k * r > best.period * best.repeats)) best = { period: k, repeats: r };
    }
    if (best) {
      blocks.push({
        id: layers[i].name, start: i, period: best.period, repeats: best.repeats,
        classes: layers.slice(i, i + best.period).map((l) => l.className),
      });
      i += best.period * best.repeats;
    } else {
      i++;
    }
  }
  return blocks;
}

export interface VisibleGraph {
  nodes: { id: string; layerIndex: number; block: RepeatedBlock | null }[];
  edges: { source: string; target: string }[];
  /** Layer name → id of the node that shows it (itself, or its collapsed block). */
  nodeOf: Map<string, string>;
}

/** The graph as drawn: layers of collapsed blocks are replaced by one node per block; edges are contracted. */
export function visibleGraph(layers: readonly GraphLayer[], blocks: readonly RepeatedBlock[], expanded: ReadonlySet<string>): VisibleGraph {
  const nodeOf = new Map<string, string>();
  const nodes: VisibleGraph['nodes'] = [];
  const blockAt = new Map(blocks.filter((b) => !expanded.has(b.id)).map((b) => [b.start, b] as const));
  for (let i = 0; i < layers.length; i++) {
    const b = blockAt.get(i);
    if (b) {
      const id = `block:${b.id}`;
      nodes.push({ id, layerIndex: i, block: b });
      for (let j = i; j < i + b.period * b.repeats; j++) nodeOf.set(layers[j].name, id);
      i += b.period * b.repeats - 1;
    } else {
      nodes.push({ id: layers[i].name, layerIndex: i, block: null });
      nodeOf.set(layers[i].name, layers[i].name);
    }
  }
  const seen = new Set<string>();
  const edges: VisibleGraph['edges'] = [];
  for (const l of layers) {
    const target = nodeOf.get(l.name)!;
    for (const from of l.inboundLayers) {
      const source = nodeOf.get(from);
      if (source === undefined || source === target) continue;
      const key = `${source}\u0000${target}`;
      if (seen.has(key)) continue;
      seen.add(key);
      edges.push({ source, target });
    }
  }
  return { nodes, edges, nodeOf };
}
