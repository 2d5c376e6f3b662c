// The Filters panel's layout: where each kernel slice of a conv layer goes in its canvas, which weight a canvas pixel
// shows, and C1's filter-beside-its-map tiles. Every figure is derived by hand in the comments (default limits:
// 960 × 1600 px, cells aim for 40 px, 2 px between cells of kernels larger than 1×1).
import assert from 'node:assert/strict';
import {
  cellAt, kernelGrid, kernelPixelAt, kernelValueIndex, responseGrid, responsePixelAt, symmetricRange, tileOrigin,
} from '../../../webview-ui/explore/kernelGrid';

describe('Explore filters: kernel grid', () => {
  it("lays C1's 6 filters of 5×5×1 out in one row at zoom 8", () => {
    const g = kernelGrid([5, 5, 1, 6], false);
    // zoom floor(40 / 5) = 8 → 40 px cells; floor((960 + 2) / 42) = 22 columns fit, 6 are needed.
    assert.equal(g.layout, 'wrapped');
    assert.deepEqual([g.zoom, g.rows, g.cols, g.shownCells, g.totalCells], [8, 1, 6, 6, 6]);
    // 6 × 40 + 5 × 2 = 250; one row: 40.
    assert.deepEqual([g.width, g.height], [250, 40]);
    assert.deepEqual(cellAt(g, 0, 5), { channel: 0, filter: 5 });
  });

  it("lays C3's 16×6 5×5 kernels out as 16 rows (filters) × 6 columns (input channels)", () => {
    const g = kernelGrid([5, 5, 6, 16], false);
    assert.equal(g.layout, 'matrix');
    assert.deepEqual([g.zoom, g.rows, g.cols, g.shownCells], [8, 16, 6, 96]);
    // width 6 × 40 + 5 × 2 = 250; height 16 × 40 + 15 × 2 = 670.
    assert.deepEqual([g.width, g.height], [250, 670]);
    // Pixel (59, 135): column floor(59 / 42) = 1, 17 px in → kx floor(17 / 8) = 2; row floor(135 / 42) = 3, 9 px in
    // → ky 1. Row 3 is filter 3, column 1 input channel 1.
    const p = kernelPixelAt(g, 59, 135);
    assert.deepEqual(p, { channel: 1, filter: 3, ky: 1, kx: 2 });
    // [5, 5, 6, 16] row-major: ((ky × 5 + kx) × 6 + channel) × 16 + filter = ((5 + 2) × 6 + 1) × 16 + 3 = 691.
    assert.equal(kernelValueIndex([5, 5, 6, 16], p!), 691);
    // x = 41 is in the 2 px gap after column 0 (40 px wide).
    assert.equal(kernelPixelAt(g, 41, 0), null);
    assert.equal(kernelPixelAt(g, 250, 0), null);
  });

  it('lays a depthwise 3×3 kernel of 32 channels out one cell per channel, wrapped', () => {
    const g = kernelGrid([3, 3, 32, 1], true);
    // zoom floor(40 / 3) = 13 → 39 px; floor(962 / 41) = 23 columns → 2 rows (23 + 9).
    assert.deepEqual([g.layout, g.zoom, g.cols, g.rows, g.shownCells], ['wrapped', 13, 23, 2, 32]);
    // width 23 × 39 + 22 × 2 = 941; height 2 × 39 + 2 = 80.
    assert.deepEqual([g.width, g.height], [941, 80]);
    assert.deepEqual(cellAt(g, 1, 8), { channel: 31, filter: 0 });
    assert.equal(cellAt(g, 1, 9), null);
  });

  it('draws a depthwise kernel with a multiplier as channels × multipliers', () => {
    const g = kernelGrid([3, 3, 4, 2], true);
    assert.deepEqual([g.layout, g.rows, g.cols], ['matrix', 4, 2]);
    assert.deepEqual(cellAt(g, 3, 1), { channel: 3, filter: 1 });
  });

  it('shrinks a wrapped grid to the largest zoom that shows every cell', () => {
    const limits = { maxWidth: 100, maxHeight: 50, targetCell: 20 };
    // [2, 2, 1, 10]: zoom 10 → 20 px cells: floor(102 / 22) = 4 columns, 3 rows needed, floor(52 / 22) = 2 fit (8 of
    // 10 shown); zoom 9 → 18 px: floor(102 / 20) = 5 columns, 2 rows: all 10.
    const g = kernelGrid([2, 2, 1, 10], false, limits);
    assert.deepEqual([g.zoom, g.cols, g.rows, g.shownCells], [9, 5, 2, 10]);
    assert.deepEqual([g.width, g.height], [5 * 18 + 4 * 2, 2 * 18 + 2]);
  });

  it('cuts a grid that cannot fit at zoom 1 to its first rows and columns', () => {
    const g = kernelGrid([3, 3, 512, 512], false);
    // At any zoom 512 columns need ≥ 512 × 3 + 511 × 2 = 2,558 px > 960: zoom 1, floor(962 / 5) = 192 columns,
    // floor(1602 / 5) = 320 rows; width 192 × 3 + 191 × 2 = 958, height 320 × 3 + 319 × 2 = 1,598.
    assert.deepEqual([g.zoom, g.cols, g.rows, g.shownCells, g.totalCells], [1, 192, 320, 61_440, 262_144]);
    assert.deepEqual([g.width, g.height, g.matrixRows, g.matrixCols], [958, 1598, 512, 512]);
  });

  it('draws a 1×1 convolution as a matrix of weights without gaps', () => {
    const g = kernelGrid([1, 1, 320, 1280], false);
    // No gap; 320 columns fit at zoom ≤ 3, 1,280 rows only at zoom 1.
    assert.deepEqual([g.gap, g.zoom, g.cols, g.rows, g.width, g.height], [0, 1, 320, 1280, 320, 1280]);
    assert.deepEqual(kernelPixelAt(g, 5, 7), { channel: 5, filter: 7, ky: 0, kx: 0 });
  });

  it('centres the diverging scale on 0: [−max |w|, max |w|]', () => {
    assert.deepEqual(symmetricRange([0.5, -2, 1]), { min: -2, max: 2 });
    assert.deepEqual(symmetricRange([]), { min: -0, max: 0 });
  });
});

describe("Explore filters: C1's filters beside their feature maps", () => {
  // LeNet's C1: 6 filters 5×5×1, 28×28 maps. Kernel zoom 8 (40 px), map zoom floor(84 / 28) = 3 (84 px); the map
  // starts 40 + 8 = 48 px into a tile; a tile is 48 + 84 = 132 × max(40, 84) = 84; floor((960 + 12) / 144) = 6 fit.
  const g = responseGrid([5, 5, 1, 6], 28, 28);

  it('sizes the tiles and wraps them', () => {
    assert.deepEqual([g.kernelZoom, g.mapZoom, g.mapX, g.tileWidth, g.tileHeight], [8, 3, 48, 132, 84]);
    // 6 × 132 + 5 × 12 = 852 wide, one row.
    assert.deepEqual(g.wrap, { cols: 6, rows: 1, shown: 6, width: 852, height: 84 });
    assert.deepEqual(tileOrigin(g, 2), { x: 288, y: 0 });
  });

  it('tells a map value from a kernel weight under the pointer', () => {
    // Tile 2 starts at x 288. (352, 32): 64 px in, past the map's 48 → map x floor(16 / 3) = 5, y floor(32 / 3) = 10.
    assert.deepEqual(responsePixelAt(g, 352, 32), { part: 'map', filter: 2, y: 10, x: 5 });
    // (305, 9): 17 px in → the kernel, kx floor(17 / 8) = 2, ky floor(9 / 8) = 1.
    assert.deepEqual(responsePixelAt(g, 305, 9), { part: 'kernel', filter: 2, channel: 0, ky: 1, kx: 2 });
    // 44 px in: between kernel (40) and map (48); 50 px down under the kernel (40 tall); the 12 px between tiles.
    assert.equal(responsePixelAt(g, 332, 5), null);
    assert.equal(responsePixelAt(g, 300, 50), null);
    assert.equal(responsePixelAt(g, 136, 5), null);
  });
});
