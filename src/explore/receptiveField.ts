// receptiveField: the input pixels that can change one pixel of a layer's maps, walked back layer by layer from the
// layers' configs (kernel, stride, dilation, padding as TF computes it), clipped to each layer's map on the way (a
// row of padding depends on nothing). Over branches the answer is the bounding rectangle of every path's region;
// one layer on the way whose geometry the engine does not know (Flatten, Reshape, a nested model, ...) → null.
import { ExploreError, type ExploreModel, type InputRegion } from './types';
import { loaded, type LoadedExploreModel } from './loadedModel';
import { dilatedKernelSize, samePaddingSizes } from '../core/theory';
import type { LayerCall } from './layerGraph';

/** Rows and columns of a region: [top, bottom] and [left, right], inclusive. */
type Span = [number, number];
type Region = { rows: Span; cols: Span };
/** One layer's region in its output → the region in its input (unclipped); null: not known. */
type BackStep = (region: Region) => Region | null;

export function receptiveField(model: ExploreModel, layer: string, y: number, x: number): InputRegion | null {
  const m = loaded(model);
  const info = m.info(layer);
  if (info.kind !== 'maps' && info.kind !== 'image') return null;
  const [height, width] = info.shape;
  if (!Number.isInteger(y) || !Number.isInteger(x) || y < 0 || x < 0 || y >= height || x >= width) {
    throw new ExploreError(`(${y}, ${x}) is not a pixel of "${layer}"'s ${height}×${width} maps.`);
  }
  const regions = new Map<string, Region>([[layer, { rows: [y, y], cols: [x, x] }]]);
  // m.layers is in topological order: by the time a layer is reached in reverse, all its readers have added to it.
  for (let i = m.layers.length - 1; i >= 0; i--) {
    const name = m.layers[i].name;
    const region = regions.get(name);
    if (!region) continue;
    if (m.layers[i].kind === 'image') {
      return { top: region.rows[0], left: region.cols[0], bottom: region.rows[1], right: region.cols[1] };
    }
    const call = m.calls.get(name)!;
    const step = backStep(m, call);
    if (!step || call.calls !== 1) return null;
    for (const input of call.inputs) {
      const back = step(region);
      if (!back) return null;
      const clipped = clip(back, input.shape);
      if (!clipped) return null;
      if (clipped === 'empty') continue;
      const seen = regions.get(input.layer);
      regions.set(input.layer, seen ? union(seen, clipped) : clipped);
    }
  }
  return null; // the image input was not reached: only padding depends on it
}

const POINTWISE = new Set([
  'Activation', 'ReLU', 'LeakyReLU', 'PReLU', 'ELU', 'ThresholdedReLU', 'BatchNormalization', 'Dropout',
  'SpatialDropout2D', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout', 'Add', 'Multiply', 'Average', 'Maximum',
  'Minimum', 'Rescaling',
]);
const CONVOLUTIONS = new Set(['Conv2D', 'DepthwiseConv2D', 'SeparableConv2D']);
const POOLINGS = new Set(['MaxPooling2D', 'AveragePooling2D']);

const steps = new WeakMap<LoadedExploreModel, Map<string, BackStep | null>>();

function backStep(m: LoadedExploreModel, call: LayerCall): BackStep | null {
  let cache = steps.get(m);
  if (!cache) steps.set(m, (cache = new Map()));
  if (!cache.has(call.layer.name)) cache.set(call.layer.name, makeBackStep(call));
  return cache.get(call.layer.name)!;
}

function makeBackStep(call: LayerCall): BackStep | null {
  const className = call.layer.getClassName();
  const config = call.layer.getConfig() as Record<string, unknown>;
  const identity: BackStep = (r) => r;
  const channelsAxis = (axis: unknown) => axis === -1 || axis === 3 || (Array.isArray(axis) && axis.length === 1 && (axis[0] === -1 || axis[0] === 3));
  if (POINTWISE.has(className)) return identity;
  if (className === 'Concatenate' || className === 'Softmax' || className === 'LayerNormalization') {
    return channelsAxis(config.axis) ? identity : null;
  }
  // Dense on maps acts on the channels of each pixel.
  if (className === 'Dense') return call.inputs[0]?.shape.length === 4 ? identity : null;
  if (CONVOLUTIONS.has(className) || POOLINGS.has(className)) {
    const kernel = pair(CONVOLUTIONS.has(className) ? config.kernelSize : config.poolSize);
    const strides = pair(config.strides ?? config.poolSize);
    const dilation = CONVOLUTIONS.has(className) ? pair(config.dilationRate ?? 1) : [1, 1];
    const padding = config.padding;
    const input = call.inputs[0]?.shape;
    if (!kernel || !strides || !dilation || (padding !== 'valid' && padding !== 'same') || !input) return null;
    const [, inH, inW] = input as number[];
    const rows = windowStep(kernel[0], strides[0], dilation[0], padding === 'same' ? samePadBefore(inH, kernel[0], strides[0], dilation[0]) : 0);
    const cols = windowStep(kernel[1], strides[1], dilation[1], padding === 'same' ? samePadBefore(inW, kernel[1], strides[1], dilation[1]) : 0);
    return (r) => ({ rows: rows(r.rows), cols: cols(r.cols) });
  }
  if (className === 'ZeroPadding2D' || className === 'Cropping2D') {
    const amounts = config[className === 'ZeroPadding2D' ? 'padding' : 'cropping'] as number[][] | undefined;
    if (!Array.isArray(amounts) || !Array.isArray(amounts[0]) || !Array.isArray(amounts[1])) return null;
    const sign = className === 'ZeroPadding2D' ? -1 : 1;
    const [top, left] = [amounts[0][0] * sign, amounts[1][0] * sign];
    return (r) => ({ rows: [r.rows[0] + top, r.rows[1] + top], cols: [r.cols[0] + left, r.cols[1] + left] });
  }
  if (className === 'UpSampling2D') {
    const size = pair(config.size);
    if (!size) return null;
    // TF.js resizes with align_corners and half-pixel centers off: output o reads input o / size (nearest: its
    // floor; bilinear: its floor and, unless o / size is whole, the next row).
    const bilinear = config.interpolation === 'bilinear';
    const up = (s: number) => ([a, b]: Span): Span => [Math.floor(a / s), Math.floor(b / s) + (bilinear && b % s !== 0 ? 1 : 0)];
    return (r) => ({ rows: up(size[0])(r.rows), cols: up(size[1])(r.cols) });
  }
  return null;
}

/** A window of `kernel` taps `dilation` apart, moved by `stride`, after `padBefore` rows of padding. */
function windowStep(kernel: number, stride: number, dilation: number, padBefore: number): (span: Span) => Span {
  return ([a, b]) => [a * stride - padBefore, b * stride - padBefore + (kernel - 1) * dilation];
}

/** TF's 'same' padding before the first row or column (core's samePaddingSizes: the smaller half goes before). */
function samePadBefore(size: number, kernel: number, stride: number, dilation: number): number {
  return samePaddingSizes(size, dilatedKernelSize(kernel, dilation), stride).before;
}

function pair(value: unknown): [number, number] | null {
  if (typeof value === 'number') return [value, value];
  if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number')) return [value[0], value[1]];
  return null;
}

/** The region inside a [null, H, W, C] map; 'empty' when it lies wholly in padding; null when the map is not H×W. */
function clip(region: Region, shape: (number | null)[]): Region | 'empty' | null {
  if (shape.length !== 4 || shape[1] == null || shape[2] == null) return null;
  const rows = clipSpan(region.rows, shape[1]);
  const cols = clipSpan(region.cols, shape[2]);
  return rows && cols ? { rows, cols } : 'empty';
}

function clipSpan([a, b]: Span, size: number): Span | null {
  const lo = Math.max(a, 0);
  const hi = Math.min(b, size - 1);
  return lo <= hi ? [lo, hi] : null;
}

function union(p: Region, q: Region): Region {
  return {
    rows: [Math.min(p.rows[0], q.rows[0]), Math.max(p.rows[1], q.rows[1])],
    cols: [Math.min(p.cols[0], q.cols[0]), Math.max(p.cols[1], q.cols[1])],
  };
}
