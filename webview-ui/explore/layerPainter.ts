// Paints one layer's activations into its canvas: maps with viridis on one colour scale per layer (shared) or per map,
// units likewise as cells, the input image as itself (grey or RGB values × 255). One putImageData per layer.
import type { ExploreLayerKind, LayerActivations } from '../../src/explore/types';
import { colorIndex, colorTable, paintValues } from './colorMaps';
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
  if (kind === 'image' && (imageChannels === 1 || imageChannels === 3)) paintImage(image, values, g, imageChannels);
  else if (kind === 'units') paintUnits(image, values, g, act.min, act.max);
  else {
    const ranges = scale === 'perMap' ? channelRanges(values, g.channels) : null;
    for (let c = 0; c < g.channels; c++) {
      const { x, y } = mapOrigin(g, c);
      paintValues(image, values, {
        width: g.mapWidth, height: g.mapHeight, channels: g.channels, channel: c, map: 'viridis', x0: x, y0: y, zoom: g.zoom,
        min: ranges ? ranges.min[c] : act.min, max: ranges ? ranges.max[c] : act.max,
      });
    }
  }
  context.putImageData(image, 0, 0);
}

/** The input as a picture (the layout's one cell), grey (C 1) or RGB (C 3), values in [0, 1] shown × 255. */
function paintImage(image: ImageData, values: Float32Array, g: GridLayout, channels: number): void {
  const d = image.data;
  for (let y = 0; y < g.mapHeight * g.zoom; y++) {
    for (let x = 0; x < g.mapWidth * g.zoom; x++) {
      const src = (Math.floor(y / g.zoom) * g.mapWidth + Math.floor(x / g.zoom)) * channels;
      const p = (y * image.width + x) * 4;
      for (let c = 0; c < 3; c++) d[p + c] = values[src + (channels === 3 ? c : 0)] * 255;
      d[p + 3] = 255;
    }
  }
}

function paintUnits(image: ImageData, values: Float32Array, g: GridLayout, min: number, max: number): void {
  const table = colorTable('viridis');
  const d = image.data;
  for (let u = 0; u < values.length; u++) {
    const { x, y } = mapOrigin(g, u);
    const k = colorIndex(values[u], min, max) * 3;
    for (let dy = 0; dy < g.zoom; dy++) {
      for (let dx = 0; dx < g.zoom; dx++) {
        const p = ((y + dy) * image.width + x + dx) * 4;
        d[p] = table[k];
        d[p + 1] = table[k + 1];
        d[p + 2] = table[k + 2];
        d[p + 3] = 255;
      }
    }
  }
}
