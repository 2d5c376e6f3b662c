// Where the channels and the spatial axes of a layer's output are, by the layout its framework uses: TF.js and Keras
// put channels last ([N, H, W, C], unless a layer says data_format channels_first), PyTorch first ([N, C, H, W],
// [N, C, L], [N, C, T, H, W]). Every view that reads maps, heights or widths from a shape asks here instead of
// assuming positions; and a PyTorch shape is written as PyTorch users read it. Pure (unit-tested).
import type { Shape } from '../src/core';
import { formatSampleShapes } from '../src/core/format';

export type ChannelLayout = 'channels-last' | 'channels-first';

/** The layout of a model's tensors, from its analysis's format (and a Keras layer's own data_format). */
export function layoutOf(format: string, config?: Readonly<Record<string, unknown>>): ChannelLayout {
  return format === 'pytorch' || config?.data_format === 'channels_first' ? 'channels-first' : 'channels-last';
}

/** One sample's feature maps: their count (channels) and size along each spatial axis ([L], [H, W] or [T, H, W]). */
export interface FeatureMaps {
  channels: number;
  spatial: number[];
}

/**
 * The feature maps of a batch-first output shape, or null when a dimension is unknown or the rank has no maps. A
 * rank-2 shape ([N, F]) is F features with no spatial axis.
 */
export function featureMapsOf(shape: Shape | null | undefined, layout: ChannelLayout): FeatureMaps | null {
  if (!shape || shape.length < 2) return null;
  const dims = shape.slice(1);
  if (dims.some((d) => d === null)) return null;
  const d = dims as number[];
  if (d.length === 1) return { channels: d[0], spatial: [] };
  if (d.length > 4) return null;
  return layout === 'channels-first' ? { channels: d[0], spatial: d.slice(1) } : { channels: d[d.length - 1], spatial: d.slice(0, -1) };
}

/**
 * A PyTorch shape as the editor's hover and inlay hints write it: `[N, 6, 28, 28]`. The batch axis is the first null
 * (it is not always axis 0: a GRU's h_n is `[4, N, 64]`); any other null is a size that is not known, `?`.
 */
export function formatTorchShape(shape: Shape | null | undefined): string {
  if (!shape) return '?';
  const batch = shape.indexOf(null);
  return `[${shape.map((d, i) => (i === batch ? 'N' : d === null ? '?' : String(d))).join(', ')}]`;
}

/** A layer's outputs as the model's framework writes them: `28×28×6` (one TF.js sample) or `[N, 6, 28, 28]` (PyTorch). */
export function formatOutputShapes(shapes: readonly (Shape | null)[], format: string): string {
  if (format !== 'pytorch') return formatSampleShapes(shapes);
  return shapes.length === 0 ? '—' : shapes.map(formatTorchShape).join(', ');
}
