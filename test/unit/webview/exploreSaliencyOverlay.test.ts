// The Saliency panel's pixel arithmetic, by hand: the input shown as an image, and Grad-CAM's heat blended over it
// (out = base × (1 − a) + colour × a, a = 0.6 × heat; the grey colour map's entry i is (i, i, i), so the colour of
// heat h is round(h × 255)).
import assert from 'node:assert/strict';
import { blendHeat, displayZoom, inputToRgb, mapMax, rgbToRgba } from '../../../webview-ui/explore/heatmapOverlay';

describe('Explore saliency: the input as an image', () => {
  it('shows [0, 1] inputs (bytes / 255) as bytes', () => {
    // 0.5 × 255 = 127.5 → 128.
    assert.deepEqual([...inputToRgb([0, 0.5, 1], 1, 3, 1)], [0, 0, 0, 128, 128, 128, 255, 255, 255]);
  });

  it('stretches any other range from its min to its max', () => {
    // [−1, 1]: (v + 1) × 127.5 → 0, 127.5 → 128, 255.
    assert.deepEqual([...inputToRgb([-1, 0, 1], 1, 3, 1)], [0, 0, 0, 128, 128, 128, 255, 255, 255]);
    // A flat image outside [0, 1] is black, not NaN.
    assert.deepEqual([...inputToRgb([3, 3], 1, 2, 1)], [0, 0, 0, 0, 0, 0]);
  });

  it('keeps 3 channels as RGB and shows channel 0 of any other count', () => {
    assert.deepEqual([...inputToRgb([0.2, 0.4, 0.6], 1, 1, 3)], [51, 102, 153]);
    assert.deepEqual([...inputToRgb([0.2, 0.4], 1, 1, 2)], [51, 51, 51]);
  });
});

describe('Explore saliency: Grad-CAM over the input', () => {
  it('blends by the heat: none at 0, 0.3 at heat 0.5, 0.6 at heat 1', () => {
    const base = [100, 100, 100, 100, 100, 100, 100, 100, 100, 0, 50, 200];
    const out = blendHeat(base, [0, 0.5, 1, 0.5], 'grey');
    // heat 0: the base. heat 0.5: colour round(127.5) = 128, 100 × 0.7 + 128 × 0.3 = 108.4 → 108.
    // heat 1: colour 255, 100 × 0.4 + 255 × 0.6 = 193. Last pixel, heat 0.5: 0 × 0.7 + 38.4 → 38; 50 × 0.7 + 38.4
    // = 73.4 → 73; 200 × 0.7 + 38.4 = 178.4 → 178.
    assert.deepEqual([...out], [100, 100, 100, 255, 108, 108, 108, 255, 193, 193, 193, 255, 38, 73, 178, 255]);
  });

  it('clamps heat outside [0, 1]', () => {
    assert.deepEqual([...blendHeat([100, 100, 100, 100, 100, 100], [-1, 2], 'grey')], [100, 100, 100, 255, 193, 193, 193, 255]);
  });

  it('turns RGB into opaque RGBA', () => {
    assert.deepEqual([...rgbToRgba([1, 2, 3, 4, 5, 6])], [1, 2, 3, 255, 4, 5, 6, 255]);
  });

  it('zooms the input-sized images to about 168 px', () => {
    // floor(168 / 28) = 6; floor(168 / 32) = 5; a 224×224 input stays at 1.
    assert.deepEqual([displayZoom(28, 28), displayZoom(32, 32), displayZoom(224, 224), displayZoom(20, 56)], [6, 5, 1, 3]);
  });

  it("scales the saliency map over [0, its max]", () => {
    assert.equal(mapMax([0, 0.25, 0.125]), 0.25);
    assert.equal(mapMax([]), 0);
  });
});
