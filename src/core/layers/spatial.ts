// Where the spatial axes and the channel axis of an N-D image tensor are, by data_format; shared by convolution,
// pooling, padding, cropping and upsampling rules.
import type { Shape } from '../ir';
import type { InferContext } from './types';
import { shapeTuple } from './shape';

export type DataFormat = 'channels_last' | 'channels_first';

export const AXIS_NAMES: Record<number, string[]> = { 1: ['L'], 2: ['H', 'W'], 3: ['D', 'H', 'W'] };

export interface SpatialInput {
  shape: Shape;
  spatial: (number | null)[];
  channels: number | null;
  /** Index of the channel axis in the full shape. */
  channelAxis: number;
}

/** Checks the rank of the (single) input and splits it into spatial dims and channels; reports and returns undefined on a bad rank. */
export function spatialInput(ctx: InferContext, rank: number, format: DataFormat): SpatialInput | undefined {
  const shape = ctx.inputs[0];
  if (!shape) return undefined;
  if (shape.length !== rank + 2) {
    const layout = format === 'channels_last'
      ? `(batch, ${AXIS_NAMES[rank].join(', ')}, channels)`
      : `(batch, channels, ${AXIS_NAMES[rank].join(', ')})`;
    ctx.report('error', `${ctx.layer.className} expects a rank-${rank + 2} input ${layout}, got ${shapeTuple(shape)}`);
    return undefined;
  }
  const channelAxis = format === 'channels_last' ? rank + 1 : 1;
  const spatial = format === 'channels_last' ? shape.slice(1, rank + 1) : shape.slice(2);
  return { shape, spatial, channels: shape[channelAxis], channelAxis };
}

/** Builds an output shape from batch, spatial dims and channels in the given format. */
export function spatialShape(batch: number | null, spatial: (number | null)[], channels: number | null, format: DataFormat): Shape {
  return format === 'channels_last' ? [batch, ...spatial, channels] : [batch, channels, ...spatial];
}
