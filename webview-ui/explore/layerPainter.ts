// Paints one layer's activations into its canvas: maps with viridis on one colour scale per layer (shared) or per map,
// units likewise as cells, the input image as itself (grey or RGB values × 255). One putImageData per layer.
import type { ExploreLayerKind, LayerActivations } from '../../src/explore/types';
import { colorIndex, colorTable } from './colorMaps';
import { channelRanges, mapOrigin, type GridLayout } from './mapGrid';

export type ScaleMode = 'shared' | 'perMap';

export function paintLayer(canvas: HTMLCanvasElement, g: GridLayout, act: LayerActivations, kind: ExploreLayerKind, scale: ScaleMode): void {
  const values = act.values;
  if (!values) return;
  if (canvas.width !== g.width) canvas.width = g.width;
  if (canvas.height !== g.height) canvas.height = g.height;
  const context = canvas.getContext('2d');
  if (!context) return;
  const image = context.createImageData(g.width, g.height);
  const imageChannels = act.shape[2];
  if (kind === 'image' && (imageChannels === 1 || imageChannels === 3)) paintImage(image, values, g.mapHeight, g.mapWidth, imageChannels, g.zoom);
  // Units are a grid of 1×1 maps (unitGridLayout), on the layer's one scale.
  else if (kind === 'units') paintMaps(image, values, g, null, act.min, act.max);
  else paintMaps(image, values, g, scale === 'perMap' ? channelRanges(values, g.channels) : null, act.min, act.max);
  context.putImageData(image, 0, 0);
}

/**
 * The input as a picture at the top-left of `image`, grey (C 1; other C: channel 0) or RGB (C 3), values in [0, 1]
 * shown × 255, each value `zoom` × `zoom` pixels.
 */
export function paintImage(image: ImageData, values: Float32Array, height: number, width: number, channels: number, zoom: number): void {
  const d = image.data;
  for (let y = 0; y < height * zoom; y++) {
    for (let x = 0; x < width * zoom; x++) {
      const src = (Math.floor(y / zoom) * width + Math.floor(x / zoom)) * channels;
      const p = (y * image.width + x) * 4;
      for (let c = 0; c < 3; c++) d[p + c] = values[src + (channels === 3 ? c : 0)] * 255;
      d[p + 3] = 255;
    }
  }
}

/** viridis as packed RGBA words for a Uint32Array view of ImageData (little-endian: R in the low byte). */
let packedViridis: Uint32Array | null = null;
function packedTable(): Uint32Array {
  if (!packedViridis) {
    const t = colorTable('viridis');
    const probe = new Uint8ClampedArray(new Uint32Array([0x0a0b0c0d]).buffer);
    const little = probe[0] === 0x0d;
    packedViridis = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      const [r, g, b] = [t[i * 3], t[i * 3 + 1], t[i * 3 + 2]];
      packedViridis[i] = little ? ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0 : ((r << 24) | (g << 16) | (b << 8) | 255) >>> 0;
    }
  }
  return packedViridis;
}

/**
 * Every map of H×W×C values into its grid cell: the colour of each value as colorIndex gives it (the same index:
 * round((v − min) / (max − min) · 255), clamped; a flat range → 128), one 32-bit write per pixel. A MobileNetV2-size
 * model has ~16 M values to paint; colorMaps.paintValues (one channel per call, byte by byte) took 1.3 s for them.
 */
export function paintMaps(image: ImageData, values: Float32Array, g: GridLayout, ranges: { min: Float32Array; max: Float32Array } | null, min: number, max: number): void {
  const table = packedTable();
  const out = new Uint32Array(image.data.buffer, image.data.byteOffset, image.data.length / 4);
  const stride = image.width;
  const { mapWidth: w, mapHeight: hgt, channels: cs, zoom } = g;
  for (let c = 0; c < cs; c++) {
    const lo = ranges ? ranges.min[c] : min;
    const hi = ranges ? ranges.max[c] : max;
    const { x: x0, y: y0 } = mapOrigin(g, c);
    for (let y = 0; y < hgt; y++) {
      for (let x = 0; x < w; x++) {
        const colour = table[colorIndex(values[(y * w + x) * cs + c], lo, hi)];
        let p = (y0 + y * zoom) * stride + x0 + x * zoom;
        for (let dy = 0; dy < zoom; dy++, p += stride) {
          for (let dx = 0; dx < zoom; dx++) out[p + dx] = colour;
        }
      }
    }
  }
}
