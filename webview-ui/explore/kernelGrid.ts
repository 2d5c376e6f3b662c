// Where the Filters panel puts each kernel of a conv layer in the layer's one canvas, and which weight a canvas pixel
// shows (for the hover readout). Pure: no DOM, unit-tested with hand-derived numbers.
// A kernel is TF.js's [kh, kw, inChannels, filters] (depthwise: [kh, kw, channels, multiplier]); one cell is one
// kh×kw slice, drawn at an integer zoom with a gap between cells.

export interface GridLimits {
  /** The canvas's largest size in pixels (larger grids shrink to zoom 1, then show their first rows/columns). */
  maxWidth: number;
  maxHeight: number;
  /** The size a kernel cell aims for (a 5×5 kernel at zoom 8 = 40 px). */
  targetCell: number;
}

export const KERNEL_GRID_LIMITS: GridLimits = { maxWidth: 960, maxHeight: 1600, targetCell: 40 };

/** Tiles of one size wrapped into rows: how many fit, and the canvas they need. */
export interface TileWrap {
  cols: number;
  rows: number;
  /** Tiles drawn (the first `shown` of `count`; fewer when the height limit is reached). */
  shown: number;
  width: number;
  height: number;
}

export function wrapTiles(count: number, tileWidth: number, tileHeight: number, gap: number, limits: GridLimits): TileWrap {
  const fitCols = Math.max(1, Math.floor((limits.maxWidth + gap) / (tileWidth + gap)));
  const fitRows = Math.max(1, Math.floor((limits.maxHeight + gap) / (tileHeight + gap)));
  const cols = Math.max(1, Math.min(count, fitCols));
  const rows = Math.min(Math.ceil(count / cols), fitRows);
  const shown = Math.min(count, rows * cols);
  return { cols, rows, shown, width: span(cols, tileWidth, gap), height: span(rows, tileHeight, gap) };
}

function span(n: number, size: number, gap: number): number {
  return n > 0 ? n * size + (n - 1) * gap : 0;
}

/** One kernel slice: its index on the kernel's third axis (input channel) and fourth (filter, or depthwise multiplier). */
export interface KernelCell {
  channel: number;
  filter: number;
}

export interface KernelGrid {
  kh: number;
  kw: number;
  inChannels: number;
  filters: number;
  depthwise: boolean;
  /**
   * `matrix`: a conv layer's filters as rows and its input channels as columns (C3: 16 rows × 6 columns); a depthwise
   * kernel with a multiplier > 1: channels as rows, multipliers as columns. `wrapped`: when one of the two axes is 1
   * (C1: 6 filters of 1 channel; a depthwise kernel: one cell per channel), the cells in reading order, wrapped.
   */
  layout: 'matrix' | 'wrapped';
  rows: number;
  cols: number;
  /** Cells drawn, and all cells of the kernel (fewer drawn when the limits cut the grid). */
  shownCells: number;
  totalCells: number;
  /** Rows and columns of the full matrix (matrix layout), to say what was cut. */
  matrixRows: number;
  matrixCols: number;
  zoom: number;
  gap: number;
  cellWidth: number;
  cellHeight: number;
  width: number;
  height: number;
}

/** The gap between cells: none for 1×1 kernels (a cell is then one weight, the grid a matrix of weights). */
export function cellGap(kh: number, kw: number): number {
  return kh * kw === 1 ? 0 : 2;
}

/** The largest integer zoom at which a kernel cell stays within the target size (at least 1). */
export function maxCellZoom(kh: number, kw: number, limits: GridLimits): number {
  return Math.max(1, Math.floor(limits.targetCell / Math.max(kh, kw)));
}

export function kernelGrid(shape: readonly [number, number, number, number], depthwise: boolean, limits: GridLimits = KERNEL_GRID_LIMITS): KernelGrid {
  const [kh, kw, inChannels, filters] = shape;
  const gap = cellGap(kh, kw);
  const totalCells = inChannels * filters;
  const base = { kh, kw, inChannels, filters, depthwise, gap, totalCells };
  const zmax = maxCellZoom(kh, kw, limits);
  if (inChannels === 1 || filters === 1) {
    // The largest zoom that shows every cell; else zoom 1 and the first cells.
    let zoom = zmax;
    let wrap = wrapTiles(totalCells, kw * zoom, kh * zoom, gap, limits);
    while (zoom > 1 && wrap.shown < totalCells) {
      zoom--;
      wrap = wrapTiles(totalCells, kw * zoom, kh * zoom, gap, limits);
    }
    return {
      ...base, layout: 'wrapped', rows: wrap.rows, cols: wrap.cols, shownCells: wrap.shown, matrixRows: 1, matrixCols: totalCells,
      zoom, cellWidth: kw * zoom, cellHeight: kh * zoom, width: wrap.width, height: wrap.height,
    };
  }
  const matrixRows = depthwise ? inChannels : filters;
  const matrixCols = depthwise ? filters : inChannels;
  let zoom = zmax;
  const fits = (z: number) => span(matrixCols, kw * z, gap) <= limits.maxWidth && span(matrixRows, kh * z, gap) <= limits.maxHeight;
  while (zoom > 1 && !fits(zoom)) zoom--;
  const cellWidth = kw * zoom;
  const cellHeight = kh * zoom;
  const cols = Math.min(matrixCols, Math.max(1, Math.floor((limits.maxWidth + gap) / (cellWidth + gap))));
  const rows = Math.min(matrixRows, Math.max(1, Math.floor((limits.maxHeight + gap) / (cellHeight + gap))));
  return {
    ...base, layout: 'matrix', rows, cols, shownCells: rows * cols, matrixRows, matrixCols,
    zoom, cellWidth, cellHeight, width: span(cols, cellWidth, gap), height: span(rows, cellHeight, gap),
  };
}

/** The kernel slice drawn at grid row `row`, column `col` (null: an empty place at the end of a wrapped grid). */
export function cellAt(grid: KernelGrid, row: number, col: number): KernelCell | null {
  if (row < 0 || col < 0 || row >= grid.rows || col >= grid.cols) return null;
  if (grid.layout === 'wrapped') {
    const k = row * grid.cols + col;
    if (k >= grid.shownCells) return null;
    return grid.inChannels === 1 ? { channel: 0, filter: k } : { channel: k, filter: 0 };
  }
  return grid.depthwise ? { channel: row, filter: col } : { channel: col, filter: row };
}

/** The top-left canvas pixel of the cell at grid row `row`, column `col`. */
export function cellOrigin(grid: KernelGrid, row: number, col: number): { x: number; y: number } {
  return { x: col * (grid.cellWidth + grid.gap), y: row * (grid.cellHeight + grid.gap) };
}

export interface KernelPixel extends KernelCell {
  ky: number;
  kx: number;
}

/** The weight under canvas pixel (px, py): its cell and its kernel row/column; null over a gap or outside the grid. */
export function kernelPixelAt(grid: KernelGrid, px: number, py: number): KernelPixel | null {
  const x = Math.floor(px);
  const y = Math.floor(py);
  if (x < 0 || y < 0) return null;
  const col = Math.floor(x / (grid.cellWidth + grid.gap));
  const row = Math.floor(y / (grid.cellHeight + grid.gap));
  const inX = x - col * (grid.cellWidth + grid.gap);
  const inY = y - row * (grid.cellHeight + grid.gap);
  if (inX >= grid.cellWidth || inY >= grid.cellHeight) return null;
  const cell = cellAt(grid, row, col);
  return cell ? { ...cell, ky: Math.floor(inY / grid.zoom), kx: Math.floor(inX / grid.zoom) } : null;
}

/**
 * Where weight (ky, kx) of slice (channel, filter) is in a kernel's row-major [kh, kw, inChannels, filters] values.
 * Equivalently: pixel (ky, kx) of a map with `inChannels × filters` interleaved channels, channel `channel × filters +
 * filter` (what colorMaps.paintValues takes).
 */
export function kernelValueIndex(shape: readonly [number, number, number, number], p: KernelPixel): number {
  const [, kw, inChannels, filters] = shape;
  return ((p.ky * kw + p.kx) * inChannels + p.channel) * filters + p.filter;
}

/** The largest |weight|: the diverging colour scale runs over [−m, m], so white is exactly 0. */
export function symmetricRange(values: ArrayLike<number>): { min: number; max: number } {
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    if (a > m) m = a;
  }
  return { min: -m, max: m };
}

// ---------- the first conv layer: each filter beside its feature map on the chosen input ----------

/** The size a feature map aims for beside its filter (28×28 at zoom 3 = 84 px). */
export const RESPONSE_MAP_TARGET = 84;
/** Pixels between a filter's kernel and its map, and between two filter/map pairs. */
export const PAIR_GAP = 8;
export const TILE_GAP = 12;

export interface ResponseGrid {
  kh: number;
  kw: number;
  inChannels: number;
  filters: number;
  mapHeight: number;
  mapWidth: number;
  kernelZoom: number;
  mapZoom: number;
  /** Gap between the kernel's per-channel cells. */
  gap: number;
  /** Within a tile: the map's left edge (the kernel's cells start at 0). */
  mapX: number;
  tileWidth: number;
  tileHeight: number;
  wrap: TileWrap;
}

/** One tile per filter (its kernel's cells for each input channel, then its feature map), wrapped into rows. */
export function responseGrid(
  shape: readonly [number, number, number, number], mapHeight: number, mapWidth: number, limits: GridLimits = KERNEL_GRID_LIMITS,
): ResponseGrid {
  const [kh, kw, inChannels, filters] = shape;
  const gap = cellGap(kh, kw);
  const kernelZoom = maxCellZoom(kh, kw, limits);
  const mapZoom = Math.max(1, Math.floor(RESPONSE_MAP_TARGET / Math.max(mapHeight, mapWidth)));
  const mapX = span(inChannels, kw * kernelZoom, gap) + PAIR_GAP;
  const tileWidth = mapX + mapWidth * mapZoom;
  const tileHeight = Math.max(kh * kernelZoom, mapHeight * mapZoom);
  return {
    kh, kw, inChannels, filters, mapHeight, mapWidth, kernelZoom, mapZoom, gap, mapX, tileWidth, tileHeight,
    wrap: wrapTiles(filters, tileWidth, tileHeight, TILE_GAP, limits),
  };
}

/** The top-left canvas pixel of filter `filter`'s tile. */
export function tileOrigin(grid: ResponseGrid, filter: number): { x: number; y: number } {
  const row = Math.floor(filter / grid.wrap.cols);
  const col = filter % grid.wrap.cols;
  return { x: col * (grid.tileWidth + TILE_GAP), y: row * (grid.tileHeight + TILE_GAP) };
}

/** What a pixel of the response canvas shows: a weight of a filter's kernel, a value of its map, or nothing. */
export type ResponsePixel =
  | ({ part: 'kernel' } & KernelPixel)
  | { part: 'map'; filter: number; y: number; x: number };

export function responsePixelAt(grid: ResponseGrid, px: number, py: number): ResponsePixel | null {
  const x = Math.floor(px);
  const y = Math.floor(py);
  if (x < 0 || y < 0) return null;
  const col = Math.floor(x / (grid.tileWidth + TILE_GAP));
  const row = Math.floor(y / (grid.tileHeight + TILE_GAP));
  const filter = row * grid.wrap.cols + col;
  if (col >= grid.wrap.cols || filter >= grid.wrap.shown) return null;
  const inX = x - col * (grid.tileWidth + TILE_GAP);
  const inY = y - row * (grid.tileHeight + TILE_GAP);
  if (inX >= grid.tileWidth || inY >= grid.tileHeight) return null;
  if (inX >= grid.mapX) {
    const my = Math.floor(inY / grid.mapZoom);
    const mx = Math.floor((inX - grid.mapX) / grid.mapZoom);
    return my < grid.mapHeight && mx < grid.mapWidth ? { part: 'map', filter, y: my, x: mx } : null;
  }
  const cellW = grid.kw * grid.kernelZoom;
  const channel = Math.floor(inX / (cellW + grid.gap));
  const cx = inX - channel * (cellW + grid.gap);
  if (cx >= cellW || channel >= grid.inChannels || inY >= grid.kh * grid.kernelZoom) return null;
  return { part: 'kernel', filter, channel, ky: Math.floor(inY / grid.kernelZoom), kx: Math.floor(cx / grid.kernelZoom) };
}
