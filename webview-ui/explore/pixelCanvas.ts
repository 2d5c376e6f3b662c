// Draws H×W×C bytes (C 1 grey or 3 RGB) into a canvas at their own size (CSS scales it up, pixelated).
import { h } from '../dom';

export function paintPixels(canvas: HTMLCanvasElement, pixels: ArrayLike<number>, width: number, height: number, channels: number, invert = false): void {
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) return;
  const image = context.createImageData(width, height);
  for (let p = 0; p < width * height; p++) {
    for (let c = 0; c < 3; c++) {
      const v = pixels[p * channels + (channels === 3 ? c : 0)];
      image.data[p * 4 + c] = invert ? 255 - v : v;
    }
    image.data[p * 4 + 3] = 255;
  }
  context.putImageData(image, 0, 0);
}

export function pixelCanvas(className: string, pixels: ArrayLike<number>, width: number, height: number, channels: number, invert = false): HTMLCanvasElement {
  const canvas = h('canvas', { class: className });
  paintPixels(canvas, pixels, width, height, channels, invert);
  return canvas;
}

/**
 * The point under the pointer in a canvas's own pixels, or in a `width` × `height` grid drawn over it (a drawing pad,
 * a map shown larger): the canvas may be drawn at another size than its pixels (max-width 100%, CSS zoom).
 */
export function canvasPoint(canvas: HTMLCanvasElement, e: MouseEvent, width = canvas.width, height = canvas.height): [number, number] {
  const r = canvas.getBoundingClientRect();
  const sx = r.width > 0 ? width / r.width : 1;
  const sy = r.height > 0 ? height / r.height : 1;
  return [(e.clientX - r.left) * sx, (e.clientY - r.top) * sy];
}
