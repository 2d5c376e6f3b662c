// How an image becomes the model's input (pure; the canvas decoding is in imageFile.ts). A file's RGBA pixels are
// composited over white (a transparent background reads as paper), resized to the model's H×W by area averaging
// (each output pixel is the mean of the source area it covers, fractions weighted: the same as PIL's BOX filter,
// and deterministic where a canvas's drawImage smoothing is browser-defined), made grey by TF.js's luma weights
// (tf.image.rgbToGrayscale: 0.2989 R + 0.5870 G + 0.1140 B) or kept RGB, and rounded to bytes. The model then sees
// bytes / 255 (the built-in runs' scaling, images.ts), inverted first when the user asks (255 − v: dark on light).

/** Luma weights of tf.image.rgbToGrayscale. */
export const LUMA = [0.2989, 0.587, 0.114] as const;

/** The channel counts Explore converts files and drawings to. */
export function convertibleChannels(channels: number): boolean {
  return channels === 1 || channels === 3;
}

/**
 * Area-average resize of `channels`-interleaved float values from sw×sh to dw×dh. Each output pixel averages the
 * source rectangle it maps onto ([x·sw/dw, (x+1)·sw/dw)), weighting partly covered source pixels by their overlap.
 */
export function resizeArea(src: Float32Array, sw: number, sh: number, channels: number, dw: number, dh: number): Float32Array {
  const out = new Float32Array(dw * dh * channels);
  const xs = spans(sw, dw);
  const ys = spans(sh, dh);
  const acc = new Float64Array(channels);
  for (let y = 0; y < dh; y++) {
    const ry = ys[y];
    for (let x = 0; x < dw; x++) {
      const rx = xs[x];
      acc.fill(0);
      let total = 0;
      for (let j = 0; j < ry.index.length; j++) {
        const sy = ry.index[j];
        for (let i = 0; i < rx.index.length; i++) {
          const w = ry.weight[j] * rx.weight[i];
          const base = (sy * sw + rx.index[i]) * channels;
          for (let c = 0; c < channels; c++) acc[c] += src[base + c] * w;
          total += w;
        }
      }
      const o = (y * dw + x) * channels;
      for (let c = 0; c < channels; c++) out[o + c] = acc[c] / total;
    }
  }
  return out;
}

/** For each output index, the source indices it covers and how much of each (in source pixels). */
function spans(srcSize: number, dstSize: number): { index: number[]; weight: number[] }[] {
  const ratio = srcSize / dstSize;
  return Array.from({ length: dstSize }, (_, d) => {
    const start = d * ratio;
    const end = (d + 1) * ratio;
    const index: number[] = [];
    const weight: number[] = [];
    for (let s = Math.floor(start); s < Math.min(srcSize, Math.ceil(end)); s++) {
      const w = Math.min(end, s + 1) - Math.max(start, s);
      if (w > 1e-9) {
        index.push(s);
        weight.push(w);
      }
    }
    return { index, weight };
  });
}

/**
 * A decoded image's RGBA bytes (w×h, as getImageData returns them) → the model's H×W×C bytes (C 1: luma, C 3: RGB),
 * composited over white, area-resized, rounded to the nearest byte.
 */
export function rgbaToModelPixels(rgba: ArrayLike<number>, w: number, h: number, target: { width: number; height: number; channels: number }): Uint8Array {
  if (!convertibleChannels(target.channels)) throw new Error(`Explore converts images to 1 (grey) or 3 (RGB) channels; this model takes ${target.channels}.`);
  const rgb = new Float32Array(w * h * 3);
  for (let p = 0; p < w * h; p++) {
    const a = rgba[p * 4 + 3] / 255;
    for (let c = 0; c < 3; c++) rgb[p * 3 + c] = rgba[p * 4 + c] * a + 255 * (1 - a);
  }
  const resized = resizeArea(rgb, w, h, 3, target.width, target.height);
  const n = target.width * target.height;
  const out = new Uint8Array(n * target.channels);
  for (let p = 0; p < n; p++) {
    if (target.channels === 1) {
      out[p] = toByte(LUMA[0] * resized[p * 3] + LUMA[1] * resized[p * 3 + 1] + LUMA[2] * resized[p * 3 + 2]);
    } else {
      for (let c = 0; c < 3; c++) out[p * 3 + c] = toByte(resized[p * 3 + c]);
    }
  }
  return out;
}

function toByte(v: number): number {
  return v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
}

/** The model's input from bytes: (invert ? 255 − v : v) / 255. */
export function modelInput(pixels: ArrayLike<number>, invert = false): Float32Array {
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = (invert ? 255 - pixels[i] : pixels[i]) / 255;
  return out;
}

/** Test image `index` of a dataset (count × height × width grey bytes). */
export function testImagePixels(images: Uint8Array, width: number, height: number, index: number): Uint8Array {
  const size = width * height;
  return images.subarray(index * size, (index + 1) * size);
}

/** Bytes → base64 (the state keeps pixels so; decodePixels in chartData.ts reads them back). */
export function encodePixels(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}
