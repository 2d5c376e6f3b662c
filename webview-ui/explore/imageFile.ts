// An image file's bytes (from the host's file dialog) → the model's pixels: decoded by the browser
// (createImageBitmap), read back as RGBA at its own size, then converted by inputImage.ts. Very large pictures are
// first scaled down by the browser to at most 2,048 px a side (the area average after it works on ≤ 4 M pixels).
import { rgbaToModelPixels } from './inputImage';

const MAX_SIDE = 2048;

export async function decodeToModelPixels(bytes: Uint8Array, target: { width: number; height: number; channels: number }): Promise<Uint8Array> {
  const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>]));
  try {
    const k = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const w = Math.max(1, Math.round(bitmap.width * k));
    const hgt = Math.max(1, Math.round(bitmap.height * k));
    const canvas = new OffscreenCanvas(w, hgt);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas to decode the image on');
    context.drawImage(bitmap, 0, 0, w, hgt);
    const { data } = context.getImageData(0, 0, w, hgt);
    return rgbaToModelPixels(data, w, hgt, target);
  } finally {
    bitmap.close();
  }
}
