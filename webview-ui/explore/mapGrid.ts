// Where a layer's activations go in its one canvas (pure): feature maps (H×W×C) as a grid of C maps, each zoomed by
// an integer so small maps stay legible; units as rows of square cells. And the way back: a canvas pixel → the map
// (channel), row and column, or the unit, under it (the hover readout).

export const MAP_GAP = 2;
/** The widest a layer's canvas gets (CSS px): maps wrap into rows below it. */
export const MAX_GRID_WIDTH = 960;

export interface GridLayout {
  /** Map size in values. */
  mapHeight: number;
  mapWidth: number;
  channels: number;
  zoom: number;
  columns: number;
  rows: number;
  /** Canvas size in pixels. */
  width: number;
  height: number;
}

/** About how wide a map is drawn: large when there are few maps, smaller for hundreds (MobileNet's 1,280 7×7 maps). */
function targetSide(channels: number): number {
  return channels <= 16 ? 84 : channels <= 64 ? 56 : channels <= 256 ? 28 : 14;
}

export function mapGridLayout(mapHeight: number, mapWidth: number, channels: number, maxWidth = MAX_GRID_WIDTH): GridLayout {
  const side = Math.max(mapHeight, mapWidth);
  let zoom = Math.max(1, Math.min(16, Math.floor(targetSide(channels) / side)));
  while (zoom > 1 && mapWidth * zoom > maxWidth) zoom--;
  const cell = mapWidth * zoom + MAP_GAP;
  const columns = Math.max(1, Math.min(channels, Math.floor((maxWidth + MAP_GAP) / cell)));
  const rows = Math.ceil(channels / columns);
  return {
    mapHeight, mapWidth, channels, zoom, columns, rows,
    width: columns * cell - MAP_GAP,
    height: rows * (mapHeight * zoom + MAP_GAP) - MAP_GAP,
  };
}

/** Top-left canvas pixel of map `channel`. */
export function mapOrigin(g: GridLayout, channel: number): { x: number; y: number } {
  const col = channel % g.columns;
  const row = Math.floor(channel / g.columns);
  return { x: col * (g.mapWidth * g.zoom + MAP_GAP), y: row * (g.mapHeight * g.zoom + MAP_GAP) };
}

/** The map value under canvas pixel (px, py), or null over a gap or past the last map. */
export function mapHit(g: GridLayout, px: number, py: number): { channel: number; y: number; x: number } | null {
  const cw = g.mapWidth * g.zoom + MAP_GAP;
  const ch = g.mapHeight * g.zoom + MAP_GAP;
  const col = Math.floor(px / cw);
  const row = Math.floor(py / ch);
  const ix = px - col * cw;
  const iy = py - row * ch;
  if (px < 0 || py < 0 || col >= g.columns || ix >= g.mapWidth * g.zoom || iy >= g.mapHeight * g.zoom) return null;
  const channel = row * g.columns + col;
  if (channel >= g.channels) return null;
  return { channel, y: Math.floor(iy / g.zoom), x: Math.floor(ix / g.zoom) };
}

/** Units as square cells in rows: 10 px cells, up to 64 a row. */
export function unitGridLayout(units: number): GridLayout {
  const zoom = units <= 64 ? 14 : 10;
  const columns = Math.min(units, 64);
  const rows = Math.ceil(units / columns);
  return { mapHeight: 1, mapWidth: 1, channels: units, zoom, columns, rows, width: columns * (zoom + MAP_GAP) - MAP_GAP, height: rows * (zoom + MAP_GAP) - MAP_GAP };
}

/** Per-map minimum and maximum of H×W×C values (the per-map colour scale). */
export function channelRanges(values: Float32Array, channels: number): { min: Float32Array; max: Float32Array } {
  const min = new Float32Array(channels).fill(Infinity);
  const max = new Float32Array(channels).fill(-Infinity);
  for (let i = 0; i < values.length; i++) {
    const c = i % channels;
    const v = values[i];
    if (v < min[c]) min[c] = v;
    if (v > max[c]) max[c] = v;
  }
  return { min, max };
}
