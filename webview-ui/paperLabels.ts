// The LeNet paper's way of naming a sequential CNN's stages: C (convolution), S (subsampling = pooling),
// F (fully connected), numbered along the network, with "maps@height×width" or "units".
// Layers that do not change the picture (activation, normalization, dropout and noise, flatten/reshape) are folded
// into the stage before them and listed as its extras. What a layer is to the drawing is its rule's (core's layer
// catalogue, carried by LayerAnalysis.drawing), so an alias (Convolution2D, MaxPool2D) is drawn as its class. Pure
// (unit-tested).
import type { LayerAnalysis, LayerDrawing } from '../src/core';
import { featureMapsOf, layoutOf, type ChannelLayout } from './tensorLayout';

export type StageKind = 'input' | 'conv' | 'pool' | 'dense' | 'other';

export interface Stage {
  kind: StageKind;
  /** "C1: 6@28×28", "S2: 6@14×14", "F5: 120", "INPUT: 1@28×28". */
  label: string;
  /** The layer that defines the stage (selecting the stage selects it). */
  layer: LayerAnalysis;
  /** Layers folded into this stage (BatchNormalization, Activation, Dropout, Flatten …). */
  extras: LayerAnalysis[];
  /** Spatial map size and depth for drawing; for dense stages height = units, width = 1, depth = 1. */
  height: number;
  width: number;
  depth: number;
  /** A 3-D stage's frames (T of C×T×H×W); absent for other stages. */
  frames?: number;
  /** Spatial axes of the output: 0 (features), 1 (C@L), 2 (C@H×W) or 3 (C@T×H×W). */
  spatialRank: number;
}

/** Drawings folded into the stage before them. */
const FOLDED: ReadonlySet<LayerDrawing | undefined> = new Set<LayerDrawing>(['activation', 'normalization', 'regularization', 'reshape']);

/** The paper stage a layer's drawing makes (a class core does not know has no drawing: its own stage, `other`). */
export function stageKindOf(drawing: LayerDrawing | undefined): StageKind {
  return drawing === 'input' || drawing === 'conv' || drawing === 'pool' || drawing === 'dense' ? drawing : 'other';
}

/** Where a stage's maps are drawn from: the output's feature maps, read by the model's layout (tensorLayout.ts). */
type StageMaps = Pick<Stage, 'height' | 'width' | 'depth' | 'frames'>;


function mapsOf(layer: LayerAnalysis, layout: ChannelLayout): { maps: StageMaps; spatialRank: number } | null {
  const fm = featureMapsOf(layer.outputShapes[0], layout);
  if (!fm) return null;
  const [a, b, c] = fm.spatial;
  const spatialRank = fm.spatial.length;
  switch (spatialRank) {
    case 0: return { maps: { height: fm.channels, width: 1, depth: 1 }, spatialRank };
    case 1: return { maps: { height: a, width: 1, depth: fm.channels }, spatialRank };
    case 2: return { maps: { height: a, width: b, depth: fm.channels }, spatialRank };
    default: return { maps: { frames: a, height: b, width: c, depth: fm.channels }, spatialRank };
  }
}

/** "C1: 6@28×28"; a 1-D stage "C1: 16@4000", a 3-D one "C1: 16@8×32×32" (maps@frames×height×width), dense "F5: 120". */
export function stageLabel(kind: StageKind, index: number, m: StageMaps, spatialRank: number): string {
  const letter = kind === 'conv' ? 'C' : kind === 'pool' ? 'S' : kind === 'dense' ? 'F' : kind === 'input' ? 'INPUT' : 'L';
  const name = kind === 'input' ? 'INPUT' : `${letter}${index}`;
  const size = spatialRank >= 3 ? `${m.depth}@${m.frames}×${m.height}×${m.width}` : spatialRank === 2 ? `${m.depth}@${m.height}×${m.width}`
    : spatialRank === 1 ? `${m.depth}@${m.height}` : `${m.height}`;
  return `${name}: ${size}`;
}

/**
 * The stages of a chain-shaped model, or null when the model is not a chain (a layer with several inputs or
 * several consumers) or a stage's size is unknown: then the layered graph is the right drawing.
 */
export function paperStages(layers: readonly LayerAnalysis[], configs?: Record<string, Record<string, unknown>>, format = ''): Stage[] | null {
  const consumers = new Map<string, number>();
  for (const l of layers) {
    if (l.inboundLayers.length > 1) return null;
    for (const n of l.inboundLayers) consumers.set(n, (consumers.get(n) ?? 0) + 1);
  }
  if ([...consumers.values()].some((c) => c > 1)) return null;

  const stages: Stage[] = [];
  let number = 0;
  for (const layer of layers) {
    // A PyTorch module forward never calls (a registered loss_fn) has no output: it is no stage of the network.
    if (layer.outputShapes.length === 0 && layer.inboundLayers.length === 0 && layer.drawing !== 'input') continue;
    const kind = stageKindOf(layer.drawing);
    const found = mapsOf(layer, layoutOf(format, configs?.[layer.name]));
    if (FOLDED.has(layer.drawing) && stages.length > 0) {
      stages[stages.length - 1].extras.push(layer);
      continue;
    }
    if (!found) return null;
    if (kind !== 'input') number++;
    stages.push({ kind, label: stageLabel(kind, number, found.maps, found.spatialRank), layer, extras: [], ...found.maps, spatialRank: found.spatialRank });
  }
  return stages;
}
