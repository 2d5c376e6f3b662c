// PyTorch's broadcasting (ATen infer_size): shapes align from the last dim; each pair of sizes must be equal or one
// of them 1. The error names the first mismatch from the right, as PyTorch does; when that is not the channel dim
// of two conv-style [N, C, …] tensors whose channels also differ, the message says so (PyTorch never mentions it).
import type { Shape } from '../../../ir';
import { TorchRuleError } from '../types';
import { batchShapeText, shapeText } from './opValues';

/**
 * The broadcast shape of `a` and `b`. An unknown size against a known size k > 1 is k (any other size would have
 * raised); against 1 or another unknown it stays unknown.
 */
export function broadcastShapes(a: Shape, b: Shape, batch: number, blame?: string): Shape {
  const rank = Math.max(a.length, b.length);
  const out: Shape = new Array<number | null>(rank).fill(null);
  for (let i = rank - 1; i >= 0; i--) {
    const offset = rank - 1 - i;
    const da = a.length - 1 - offset;
    const db = b.length - 1 - offset;
    const sa = da >= 0 ? a[da] : 1;
    const sb = db >= 0 ? b[db] : 1;
    if (sa !== null && sb !== null && sa !== sb && sa !== 1 && sb !== 1) {
      throw new TorchRuleError(
        `The size of tensor a (${sa}) must match the size of tensor b (${sb}) at non-singleton dimension ${i}${mismatchNote(a, b, i, batch)}`, blame);
    }
    if (sa === null) out[i] = sb !== null && sb !== 1 ? sb : null;
    else if (sb === null) out[i] = sa !== 1 ? sa : null;
    else out[i] = sa === 1 ? sb : sa;
  }
  return out;
}

/** `(a is [N, 32, 16, 16], b is [N, 16, 32, 32]; the channels differ too: 32 vs 16)`. */
function mismatchNote(a: Shape, b: Shape, reported: number, batch: number): string {
  const conv = a.length >= 3 && a.length === b.length && a[0] === batch && b[0] === batch;
  const show = (s: Shape): string => (conv ? batchShapeText(s) : shapeText(s));
  const ca = a[1];
  const cb = b[1];
  const channels = conv && reported !== 1 && ca !== null && cb !== null && ca !== cb && ca !== 1 && cb !== 1
    ? `; the channels differ too: ${ca} vs ${cb}` : '';
  const which = conv && reported === 1 ? '; these are the channels' : '';
  return ` (a is ${show(a)}, b is ${show(b)}${channels}${which})`;
}
