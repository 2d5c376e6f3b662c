// The activation painter's fast path (webview-ui/explore/layerPainter.ts paintMaps) against the colour maps' own
// painter (colorMaps.paintValues, one channel per call): the same pixels, byte for byte.
import assert from 'node:assert/strict';
import { paintValues } from '../../../webview-ui/explore/colorMaps';
import { paintMaps } from '../../../webview-ui/explore/layerPainter';
import { channelRanges, mapGridLayout, mapOrigin } from '../../../webview-ui/explore/mapGrid';

/** ImageData's shape (Node has none). */
function image(width: number, height: number): ImageData {
  return { width, height, data: new Uint8ClampedArray(width * height * 4), colorSpace: 'srgb' } as ImageData;
}

/** A seeded linear congruential generator in [-2, 3). */
function values(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return (s / 2 ** 32) * 5 - 2;
  });
}

describe('Explore layer painter (webview)', () => {
  for (const [h, w, c, perMap] of [[10, 10, 16, false], [10, 10, 16, true], [5, 7, 3, true], [28, 28, 6, false]] as const) {
    it(`paints ${h}×${w}×${c} maps (${perMap ? 'per-map' : 'shared'} scale) exactly as paintValues does`, () => {
      const g = mapGridLayout(h, w, c);
      const v = values(h * w * c, h * 31 + c);
      // One channel flat: its per-map range is empty (max = min) and must paint the middle colour in both.
      for (let i = 1; i < v.length; i += c) v[i] = 0.5;
      let min = Infinity;
      let max = -Infinity;
      for (const x of v) { min = Math.min(min, x); max = Math.max(max, x); }
      const ranges = perMap ? channelRanges(v, c) : null;
      const fast = image(g.width, g.height);
      paintMaps(fast, v, g, ranges, min, max);
      const oracle = image(g.width, g.height);
      for (let k = 0; k < c; k++) {
        const { x, y } = mapOrigin(g, k);
        paintValues(oracle, v, { width: w, height: h, channels: c, channel: k, map: 'viridis', x0: x, y0: y, zoom: g.zoom, min: ranges ? ranges.min[k] : min, max: ranges ? ranges.max[k] : max });
      }
      assert.deepEqual(fast.data, oracle.data);
    });
  }
});
