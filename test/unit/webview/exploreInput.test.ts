// Explore's input conversion (webview-ui/explore): file pixels → model input (composite, area resize, luma, invert,
// bytes / 255), the drawing brush, and the persisted choice → pixels. Every expected number is derived by hand here.
import assert from 'node:assert/strict';
import type { ExploreDataset } from '../../../src/protocol';
import { bytesToGrid, gridToBytes, stampPoint, stampSegment } from '../../../webview-ui/explore/brush';
import { resolveInput } from '../../../webview-ui/explore/inputChoice';
import { encodePixels, LUMA, modelInput, resizeArea, rgbaToModelPixels } from '../../../webview-ui/explore/inputImage';

const close = (a: ArrayLike<number>, b: number[], eps = 1e-6) => {
  assert.equal(a.length, b.length);
  for (let i = 0; i < b.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= eps, `[${i}] ${a[i]} vs ${b[i]}`);
};

describe('Explore input conversion (webview)', () => {
  it('area-averages a downscale, weighting partly covered pixels', () => {
    // 4 → 2: each output covers two whole pixels: (0 + 10) / 2, (20 + 40) / 2.
    close(resizeArea(Float32Array.of(0, 10, 20, 40), 4, 1, 1, 2, 1), [5, 30]);
    // 3 → 2: output 0 covers [0, 1.5): pixel 0 whole, pixel 1 half → (0 + 0.5·30) / 1.5 = 10;
    // output 1 covers [1.5, 3): (0.5·30 + 60) / 1.5 = 50.
    close(resizeArea(Float32Array.of(0, 30, 60), 3, 1, 1, 2, 1), [10, 50]);
    // 2×2 RGB → 1×1: the mean of each channel.
    close(resizeArea(Float32Array.of(0, 100, 8, 10, 100, 8, 20, 100, 8, 30, 100, 12), 2, 2, 3, 1, 1), [15, 100, 9]);
    // An upscale 1 → 2 repeats the value.
    close(resizeArea(Float32Array.of(7), 1, 1, 1, 2, 2), [7, 7, 7, 7]);
  });

  it('composites over white, then takes TF.js\'s luma for one channel or keeps RGB', () => {
    // Red, green, blue (opaque) and a transparent pixel (→ white 255,255,255). Mean per channel: (255 + 255) / 4 = 127.5.
    const rgba = [255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 0, 0, 0, 0];
    // Grey: 127.5 × (0.2989 + 0.587 + 0.114) = 127.487 → 127.
    assert.deepEqual([...rgbaToModelPixels(rgba, 2, 2, { width: 1, height: 1, channels: 1 })], [127]);
    assert.equal(Math.round(127.5 * (LUMA[0] + LUMA[1] + LUMA[2])), 127);
    // RGB: 127.5 rounds to 128 in each channel.
    assert.deepEqual([...rgbaToModelPixels(rgba, 2, 2, { width: 1, height: 1, channels: 3 })], [128, 128, 128]);
    // Black at alpha 128: 255 × (1 − 128/255) = 127 in each channel; grey 127 × 0.9999 = 126.99 → 127.
    assert.deepEqual([...rgbaToModelPixels([0, 0, 0, 128], 1, 1, { width: 1, height: 1, channels: 1 })], [127]);
    // Pure red at 28×28 from 1×1: 255 × 0.2989 = 76.22 → 76 everywhere.
    const red = rgbaToModelPixels([255, 0, 0, 255], 1, 1, { width: 28, height: 28, channels: 1 });
    assert.equal(red.length, 784);
    assert.ok(red.every((v) => v === 76));
    assert.throws(() => rgbaToModelPixels(rgba, 2, 2, { width: 1, height: 1, channels: 4 }), /1 \(grey\) or 3 \(RGB\) channels; this model takes 4/);
  });

  it('scales bytes by 1/255, inverting first when asked', () => {
    close(modelInput([0, 51, 255]), [0, 0.2, 1]);
    close(modelInput([0, 51, 255], true), [1, 0.8, 0]);
  });

  it('paints a round soft brush and keeps the largest value', () => {
    const grid = new Float32Array(28 * 28);
    // The pen at the corner (14, 14): pixel (13, 13)'s centre (13.5, 13.5) is 0.707 px away (≤ 0.9: full);
    // pixel (12, 13)'s centre is √(1.5² + 0.5²) = 1.581 px away: (1.9 − 1.581) / (1.9 − 0.9) = 0.3189 → byte 81;
    // pixel (12, 12) is √4.5 = 2.12 px away (≥ 1.9): 0.
    stampPoint(grid, 28, 14, 14);
    const bytes = gridToBytes(grid);
    assert.equal(bytes[13 * 28 + 13], 255);
    assert.equal(bytes[13 * 28 + 12], 81);
    assert.equal(bytes[12 * 28 + 12], 0);
    // Symmetric about the pen: the four pixels around it are full.
    for (const [y, x] of [[13, 14], [14, 13], [14, 14]]) assert.equal(bytes[y * 28 + x], 255);
    // A second, weaker touch does not darken: the stamp at (14, 14) is already the largest.
    stampPoint(grid, 28, 16, 14);
    assert.equal(gridToBytes(grid)[13 * 28 + 13], 255);
    // A segment leaves no gap: every pixel whose centre is on the line y = 5.5 from x 2.5 to 25.5 is full.
    const line = new Float32Array(28 * 28);
    stampSegment(line, 28, 2.5, 5.5, 25.5, 5.5);
    for (let x = 2; x <= 25; x++) assert.equal(line[5 * 28 + x], 1, `x ${x}`);
    assert.equal(line[0 * 28 + 10], 0);
    // Off-grid strokes are clipped, not wrapped.
    const edge = new Float32Array(28 * 28);
    stampPoint(edge, 28, 0, 0);
    assert.equal(edge[0], 1);
    assert.equal(edge[27], 0);
    assert.deepEqual([...gridToBytes(bytesToGrid(Uint8Array.of(0, 81, 255)))], [0, 81, 255]);
  });

  describe('the persisted choice → pixels', () => {
    const images = new Uint8Array(3 * 28 * 28);
    images.fill(9, 784, 2 * 784); // image 1 is all 9s
    const dataset: ExploreDataset = {
      name: 'mnist', classNames: ['0', '1', '2'], location: '/x', width: 28, height: 28, images, labels: Uint8Array.of(2, 1, 0),
      predictions: null, scale: 'divide-by-255',
    };
    const lenet = { height: 28, width: 28, channels: 1 };

    it('a test image by index, with its label; none chosen: the probe, test image 0', () => {
      const r = resolveInput({ source: 'test', index: 1 }, lenet, dataset);
      assert.ok(r.ok);
      assert.equal(r.label, 1);
      assert.ok(r.pixels.every((v) => v === 9) && r.pixels.length === 784);
      const probe = resolveInput(null, lenet, dataset);
      assert.ok(probe.ok && probe.label === 2 && probe.description === 'test image #0');
      assert.deepEqual(resolveInput({ source: 'test', index: 3 }, lenet, dataset), { ok: false, reason: 'Test image #3 is not in the test set (3 images).' });
      assert.deepEqual(resolveInput(null, lenet, null), { ok: false, reason: 'Choose an input: draw one or load an image file.' });
      assert.deepEqual(resolveInput(null, { height: 224, width: 224, channels: 3 }, null), { ok: false, reason: 'Choose an input: load an image file.' });
      assert.match((resolveInput({ source: 'test', index: 0 }, { height: 32, width: 32, channels: 3 }, dataset) as { reason: string }).reason, /28×28×1; the model takes 32×32×3/);
    });

    it('a drawing only for a 28×28×1 model and only when it decodes to 784 bytes', () => {
      const pixels = Uint8Array.from({ length: 784 }, (_, i) => i % 256);
      const r = resolveInput({ source: 'drawn', pixels: encodePixels(pixels) }, lenet, null);
      assert.ok(r.ok);
      assert.deepEqual([...r.pixels], [...pixels]);
      assert.equal(resolveInput({ source: 'drawn', pixels: encodePixels(new Uint8Array(785)) }, lenet, null).ok, false);
      assert.equal(resolveInput({ source: 'drawn', pixels: encodePixels(pixels) }, { height: 28, width: 28, channels: 3 }, null).ok, false);
    });

    it('a file\'s converted pixels only for the input shape they were made for, with the invert switch', () => {
      const pixels = new Uint8Array(4 * 2 * 3).fill(200);
      const file = { source: 'file' as const, name: 'cat.png', width: 2, height: 4, channels: 3, pixels: encodePixels(pixels), invert: true };
      const r = resolveInput(file, { height: 4, width: 2, channels: 3 }, null);
      assert.ok(r.ok && r.invert && r.description === 'cat.png');
      close(modelInput(r.pixels, r.invert).subarray(0, 2), [55 / 255, 55 / 255]);
      assert.match((resolveInput(file, lenet, dataset) as { reason: string }).reason, /cat\.png was converted for a 4×2×3 input; the model takes 28×28×1/);
    });
  });
});
