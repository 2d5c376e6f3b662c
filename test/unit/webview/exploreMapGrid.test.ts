// The activation grid's layout and hit test (webview-ui/explore/mapGrid.ts), by hand numbers.
import assert from 'node:assert/strict';
import { channelRanges, mapGridLayout, mapHit, mapOrigin, unitGridLayout } from '../../../webview-ui/explore/mapGrid';

describe('Explore activation grid (webview)', () => {
  it('lays out LeNet\'s C1 (28×28×6): zoom 3 (84 / 28), 6 maps in one row', () => {
    const g = mapGridLayout(28, 28, 6);
    assert.deepEqual(g, { mapHeight: 28, mapWidth: 28, channels: 6, zoom: 3, columns: 6, rows: 1, width: 6 * 86 - 2, height: 84 });
    assert.deepEqual(mapOrigin(g, 5), { x: 5 * 86, y: 0 });
  });

  it('wraps many maps into rows under the width limit: 1,280 7×7 maps at zoom 2 (14 / 7)', () => {
    const g = mapGridLayout(7, 7, 1280);
    // cell 14 + 2 = 16 px: floor((960 + 2) / 16) = 60 columns, ceil(1280 / 60) = 22 rows.
    assert.equal(g.zoom, 2);
    assert.equal(g.columns, 60);
    assert.equal(g.rows, 22);
    assert.equal(g.width, 60 * 16 - 2);
    assert.equal(g.height, 22 * 16 - 2);
  });

  it('never zooms a wide map past the limit (112×112 at zoom 1)', () => {
    const g = mapGridLayout(112, 112, 32);
    assert.equal(g.zoom, 1);
    assert.equal(g.columns, 8); // floor(962 / 114)
  });

  it('finds the map, row and column under a pixel; gaps and empty cells are nothing', () => {
    const g = mapGridLayout(10, 10, 16); // S2 of LeNet-like: zoom 8 (84 / 10), cell 82 px
    assert.equal(g.zoom, 8);
    assert.deepEqual(mapHit(g, 0, 0), { channel: 0, y: 0, x: 0 });
    // Map 1 starts at x 82; pixel (82 + 8·3 + 7, 8·9) is its row 9, column 3.
    assert.deepEqual(mapHit(g, 82 + 31, 72), { channel: 1, y: 9, x: 3 });
    assert.equal(mapHit(g, 80, 5), null); // the gap after map 0
    assert.equal(mapHit(g, -1, 5), null);
    const three = mapGridLayout(5, 5, 3, 100); // zoom 16 capped → 80 px cells; 1 column under 100 px
    assert.equal(three.columns, 1);
    assert.equal(mapHit(three, 10, 82 * 3), null); // past the last map
  });

  it('lays units out in rows of up to 64', () => {
    assert.deepEqual(unitGridLayout(10), { mapHeight: 1, mapWidth: 1, channels: 10, zoom: 14, columns: 10, rows: 1, width: 10 * 16 - 2, height: 14 });
    const u = unitGridLayout(120);
    assert.equal(u.columns, 64);
    assert.equal(u.rows, 2);
    assert.deepEqual(mapHit(u, 12 * 4 + 3, 12 + 1), { channel: 68, y: 0, x: 0 });
  });

  it('takes each map\'s own range', () => {
    // 2×1 pixels × 2 channels: channel 0 = [1, -3], channel 1 = [5, 7].
    const r = channelRanges(Float32Array.of(1, 5, -3, 7), 2);
    assert.deepEqual([...r.min], [-3, 5]);
    assert.deepEqual([...r.max], [1, 7]);
  });
});
