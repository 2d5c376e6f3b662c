// The LeNet paper's way of naming a sequential CNN's stages: C (convolution), S (subsampling = pooling),
// F (fully connected), numbered along the network, with "maps@height×width" or "units".
// Layers that do not change the picture (activation, normalization, dropout and noise, flatten/reshape) are folded
// into the stage before them and listed as its extras. What a layer is to the drawing is its rule's (core's layer
// catalogue, carried by LayerAnalysis.drawing), so an alias (Convolution2D, MaxPool2D) is drawn as its class. Pure
// (unit-tested).
import type { LayerAnalysis, LayerDrawing } from '../src/core';

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
}

/** Drawings folded into the stage before them. */
const FOLDED: ReadonlySet<LayerDrawing | undefined> = new Set<LayerDrawing>(['activation', 'normalization', 'regularization', 'reshape']);

/** The paper stage a layer's drawing makes (a class core does not know has no drawing: its own stage, `other`). */
export function stageKindOf(drawing: LayerDrawing | undefined): StageKind {
  return drawing === 'input' || drawing === 'conv' || drawing === 'pool' || drawing === 'dense' ? drawing : 'other';
}

/** Channels-last [batch, h, w, c] (TF.js default); channels_first layers swap. */
function mapsOf(layer: LayerAnalysis, channelsFirst: boolean): { height: number; width: number; depth: number } | null {
  const shape = layer.outputShapes[0];
  if (!shape) return null;
  const dims = shape.slice(1);
  if (dims.some((d) => d === null)) return null;
  const d = dims as number[];
  if (d.length === 3) return channelsFirst ? { depth: d[0], height: d[1], width: d[2] } : { height: d[0], width: d[1], depth: d[2] };
  if (d.length === 2) return { height: d[0], width: 1, depth: d[1] };
  if (d.length === 1) return { height: d[0], width: 1, depth: 1 };
  return null;
}

export function stageLabel(kind: StageKind, index: number, m: { height: number; width: number; depth: number }, rank: number): string {
  const letter = kind === 'conv' ? 'C' : kind === 'pool' ? 'S' : kind === 'dense' ? 'F' : kind === 'input' ? 'INPUT' : 'L';
  const name = kind === 'input' ? 'INPUT' : `${letter}${index}`;
  const size = rank >= 3 ? `${m.depth}@${m.height}×${m.width}` : rank === 2 ? `${m.depth}@${m.height}` : `${m.height}`;
  return `${name}: ${size}`;
}

/**
 * The stages of a chain-shaped model, or null when the model is not a chain (a layer with several inputs or
 * several consumers) or a stage's size is unknown: then the layered graph is the right drawing.
 */
export function paperStages(layers: readonly LayerAnalysis[], configs?: Record<string, Record<string, unknown>>): Stage[] | null {
  const consumers = new Map<string, number>();
  for (const l of layers) {
    if (l.inboundLayers.length > 1) return null;
    for (const n of l.inboundLayers) consumers.set(n, (consumers.get(n) ?? 0) + 1);
  }
  if ([...consumers.values()].some((c) => c > 1)) return null;

  const stages: Stage[] = [];
  let number = 0;
  for (const layer of layers) {
    const kind = stageKindOf(layer.drawing);
    const channelsFirst = configs?.[layer.name]?.data_format === 'channels_first';
    const maps = mapsOf(layer, channelsFirst);
    if (FOLDED.has(layer.drawing) && stages.length > 0) {
      stages[stages.length - 1].extras.push(layer);
      continue;
    }
    if (!maps) return null;
    if (kind !== 'input') number++;
    const rank = (layer.outputShapes[0]?.length ?? 1) - 1;
    stages.push({ kind, label: stageLabel(kind, number, maps, rank), layer, extras: [], ...maps });
  }
  return stages;
}
