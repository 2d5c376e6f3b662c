// Collapsing repeated blocks of a layered graph (ResNet stages, stacks of identical layers) so that a model of
// hundreds of layers reads as a few dozen boxes. Pure (unit-tested): finds, along the execution order, runs of a
// block of k consecutive layers repeated r ≥ 2 times with the same layer classes, configs, output shapes and internal
// wiring, each repeat fed by the one before it (a chain: parallel branches off one layer are never folded).
import type { LayerDrawing } from '../../src/core';

export interface GraphLayer {
  name: string;
  className: string;
  /** How core's catalogue draws the layer (LayerAnalysis.drawing): only to align blocks on their conv/dense layer. */
  drawing?: LayerDrawing;
  /** Output shape text (e.g. "7×7×64"); part of the signature so blocks that change the shape are not merged. */
  shape: string;
  inboundLayers: string[];
  /** The layer's config without its name (see configKey); layers fold together only when these are equal. */
  config?: string;
}

/** A layer config as a comparable key: every field but the name, keys sorted (so key order does not matter). */
export function configKey(config: Readonly<Record<string, unknown>> | undefined): string {
  if (config === undefined) return '';
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])]));
    return v;
  };
  const { name: _name, ...rest } = config;
  return JSON.stringify(sorted(rest));
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

/**
 * Candidates are the best repetition starting at every layer; they are taken greedily by layers covered (ties: the
 * earlier start), without overlap. Taking the biggest first aligns blocks with the model's real ones: a ResNet's
 * stem (Conv-BN-ReLU) also looks like the first third of a block, but the run of whole blocks covers far more.
 */
export function findRepeatedBlocks(layers: readonly GraphLayer[]): RepeatedBlock[] {
  const n = layers.length;
  const index = new Map(layers.map((l, i) => [l.name, i] as const));
  const sigIds = new Map<string, number>();
  const sig = layers.map((l) => {
    const key = `${l.className}|${l.shape}|${l.inboundLayers.length}|${l.config ?? ''}`;
    if (!sigIds.has(key)) sigIds.set(key, sigIds.size);
    return sigIds.get(key)!;
  });
  // How far back each input is (i - producer); Infinity for an unknown producer.
  const back = layers.map((l, i) => l.inboundLayers.map((name) => {
    const j = index.get(name);
    return j === undefined ? Infinity : i - j;
  }));

  /** Layer b0+t and b1+t are wired alike relative to their blocks: same inputs inside the block, outside ones anywhere. */
  const sameWiring = (a: number, b: number, t: number) => {
    const da = back[a];
    const db = back[b];
    for (let q = 0; q < da.length; q++) {
      const inA = da[q] <= t;
      const inB = db[q] <= t;
      if (inA !== inB || (inA && da[q] !== db[q])) return false;
    }
    return true;
  };
  /** Every input of the block at b that comes from outside it comes from the k layers just before (the previous repeat). */
  const fedByPrevious = (b: number, k: number) => {
    for (let t = 0; t < k; t++) {
      for (const d of back[b + t]) if (d > t && d > t + k) return false;
    }
    return true;
  };
  const sameBlock = (b0: number, b1: number, k: number) => {
    for (let t = 0; t < k; t++) {
      if (sig[b0 + t] !== sig[b1 + t] || !sameWiring(b0 + t, b1 + t, t)) return false;
    }
    return fedByPrevious(b1, k);
  };

  const candidates: { start: number; period: number; repeats: number }[] = [];
  for (let i = 0; i < n; i++) {
    let best: { period: number; repeats: number } | null = null;
    for (let k = 1; k <= MAX_PERIOD && i + 2 * k <= n; k++) {
      if (sig[i] !== sig[i + k]) continue; // cheap first test
      let r = 1;
      while (i + (r + 1) * k <= n && sameBlock(i, i + r * k, k)) r++;
      // Worth collapsing when it hides at least 3 layers; prefer more layers covered, then the shorter period.
      if (r >= 2 && k * r >= 3 && (!best || k * r > best.period * best.repeats)) best = { period: k, repeats: r };
    }
    if (best) candidates.push({ start: i, ...best });
  }
  // Ties (the same run seen from a shifted start): prefer the block that starts with a convolution or dense layer, as
  // blocks in the literature are drawn (conv-BN-ReLU, not ReLU-conv-BN), then the earlier start. What a layer is
  // comes from its drawing (core's catalogue, aliases included); the signature above keeps the class name, because
  // layers fold only when identical (a Dropout and a SpatialDropout2D with one rate are both 'regularization').
  const heavy = (i: number) => (layers[i].drawing === 'conv' || layers[i].drawing === 'dense' ? 0 : 1);
  candidates.sort((a, b) => b.period * b.repeats - a.period * a.repeats || heavy(a.start) - heavy(b.start) || a.start - b.start);
  const taken = new Uint8Array(n);
  const blocks: RepeatedBlock[] = [];
  for (const c of candidates) {
    const end = c.start + c.period * c.repeats;
    let free = true;
    for (let j = c.start; j < end && free; j++) free = taken[j] === 0;
    if (!free) continue;
    taken.fill(1, c.start, end);
    blocks.push({
      id: layers[c.start].name, start: c.start, period: c.period, repeats: c.repeats,
      classes: layers.slice(c.start, c.start + c.period).map((l) => l.className),
    });
  }
  return blocks.sort((a, b) => a.start - b.start);
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
