// The Saliency panel's pixel arithmetic: the model's input as an image to look at, and a heatmap (Grad-CAM's, in
// [0, 1]) blended over it. Pure: no DOM (the panel puts the bytes into an ImageData), unit-tested by hand numbers.
import { colorIndex, colorTable, type ColorMapName } from './colorMaps';

/**
 * The input (H×W×C, as the model takes it) as RGB bytes to show: values in [0, 1] (the built-in runs' bytes/255) are
 * ×255; any other range (a model that takes [−1, 1] or raw bytes) is stretched from its min to its max, so the image
 * is visible whatever the scaling. C = 3: RGB; any other C: channel 0 as grey.
 */
export function inputToRgb(image: ArrayLike<number>, height: number, width: number, channels: number): Uint8ClampedArray {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < image.length; i++) {
    if (image[i] < min) min = image[i];
    if (image[i] > max) max = image[i];
  }
  const unit = min >= 0 && max <= 1;
  const lo = unit ? 0 : min;
  const scale = unit ? 255 : max > min ? 255 / (max - min) : 0;
  const out = new Uint8ClampedArray(height * width * 3);
  for (let p = 0; p < height * width; p++) {
    for (let c = 0; c < 3; c++) {
      const v = image[p * channels + (channels === 3 ? c : 0)];
      out[p * 3 + c] = Math.round((v - lo) * scale);
    }
  }
  return out;
}

/** The heat's opacity at heat 1 (at heat h: h × this), so the cold parts of the image stay visible. */
export const OVERLAY_MAX_ALPHA = 0.6;

/**
 * `heat` (H×W in [0, 1]) coloured with `map` and blended over `base` (H×W RGB), per pixel and channel:
 * out = base × (1 − a) + colour × a, a = alphaMax × heat (rounded to a byte). RGBA out, opaque.
 */
export function blendHeat(
  base: ArrayLike<number>, heat: ArrayLike<number>, map: ColorMapName = 'viridis', alphaMax: number = OVERLAY_MAX_ALPHA,
): Uint8ClampedArray {
  const table = colorTable(map);
  const out = new Uint8ClampedArray(heat.length * 4);
  for (let p = 0; p < heat.length; p++) {
    const h = Math.min(1, Math.max(0, heat[p]));
    const a = alphaMax * h;
    const k = colorIndex(h, 0, 1) * 3;
    for (let c = 0; c < 3; c++) out[p * 4 + c] = Math.round(base[p * 3 + c] * (1 - a) + table[k + c] * a);
    out[p * 4 + 3] = 255;
  }
  return out;
}

/** RGB bytes → opaque RGBA bytes (an ImageData's layout). */
export function rgbToRgba(rgb: ArrayLike<number>): Uint8ClampedArray {
  const n = rgb.length / 3;
  const out = new Uint8ClampedArray(n * 4);
  for (let p = 0; p < n; p++) {
    out[p * 4] = rgb[p * 3];
    out[p * 4 + 1] = rgb[p * 3 + 1];
    out[p * 4 + 2] = rgb[p * 3 + 2];
    out[p * 4 + 3] = 255;
  }
  return out;
}

/** The size the panel's images aim for on screen: 28×28 at zoom 6 = 168 px. */
export const SALIENCY_TARGET_PX = 168;

/** The integer zoom the input-sized images are shown at (at least 1). */
export function displayZoom(height: number, width: number, target: number = SALIENCY_TARGET_PX): number {
  return Math.max(1, Math.floor(target / Math.max(height, width)));
}

/** The largest value of a non-negative map (the saliency map's colour scale runs over [0, max]). */
export function mapMax(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > m) m = values[i];
  return m;
}
