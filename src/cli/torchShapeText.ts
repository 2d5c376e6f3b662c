// Shapes as PyTorch prints them, the batch written N: [null, 6, 28, 28] → "[N, 6, 28, 28]"; null → "?".
import type { Shape } from '../core';

export function formatTorchShapeText(shape: Shape | null): string {
  return shape ? `[${shape.map((d) => (d === null ? 'N' : String(d))).join(', ')}]` : '?';
}
