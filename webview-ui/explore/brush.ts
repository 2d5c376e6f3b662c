// The drawing pad's brush (pure): a round stroke with a soft edge painted into a 28×28 grid of [0, 1] values, white
// on black like MNIST's digits. A stroke is stamped at steps of a quarter pixel along each segment so fast mouse moves
// leave no gaps; a pixel keeps the largest value any stamp gave it (overdrawing never darkens).

/** Full intensity out to `core` pixels from the stroke's centre, falling linearly to 0 at `edge`. */
export interface BrushShape {
  core: number;
  edge: number;
}

/** A pen about 2.5 px wide on a 28-pixel grid: MNIST's strokes are 2–3 px wide. */
export const DEFAULT_BRUSH: BrushShape = { core: 0.9, edge: 1.9 };

/** Paints the segment (x0, y0) → (x1, y1), in pixel units (pixel i covers [i, i + 1)), into `grid` (size × size). */
export function stampSegment(grid: Float32Array, size: number, x0: number, y0: number, x1: number, y1: number, brush: BrushShape = DEFAULT_BRUSH): void {
  const steps = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) * 4));
  for (let s = 0; s <= steps; s++) stampPoint(grid, size, x0 + ((x1 - x0) * s) / steps, y0 + ((y1 - y0) * s) / steps, brush);
}

export function stampPoint(grid: Float32Array, size: number, x: number, y: number, brush: BrushShape = DEFAULT_BRUSH): void {
  const r = Math.ceil(brush.edge);
  for (let py = Math.floor(y) - r; py <= Math.floor(y) + r; py++) {
    if (py < 0 || py >= size) continue;
    for (let px = Math.floor(x) - r; px <= Math.floor(x) + r; px++) {
      if (px < 0 || px >= size) continue;
      // Distance from the pixel's centre to the pen.
      const d = Math.hypot(px + 0.5 - x, py + 0.5 - y);
      const v = d <= brush.core ? 1 : d >= brush.edge ? 0 : (brush.edge - d) / (brush.edge - brush.core);
      const i = py * size + px;
      if (v > grid[i]) grid[i] = v;
    }
  }
}

/** The grid as bytes (round(v × 255)): what the state keeps and the model reads as bytes / 255. */
export function gridToBytes(grid: Float32Array): Uint8Array {
  return Uint8Array.from(grid, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255));
}

export function bytesToGrid(bytes: Uint8Array): Float32Array {
  return Float32Array.from(bytes, (b) => b / 255);
}
