// `x[...]`: basic indexing (ints, negative ints, slices, None, `...`) and one tensor index, as PyTorch applies it.
// Values the engine does not know (an index computed from data) leave the shape unknown, never guessed.
import type { Shape } from '../../../ir';
import { keepsNothing } from '../../backward';
import type { CallValue, SliceValue, TensorOp, TensorValue } from '../types';
import { TorchRuleError } from '../types';
import { isTensor, isUnknown, listText, tensor, tensorInput } from './opValues';

function isSlice(value: CallValue): value is SliceValue {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && (value as { kind?: string }).kind === 'slice';
}

function isEllipsis(value: CallValue): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && (value as { kind?: string }).kind === 'ellipsis';
}

/** Python's slice.indices and len(range(...)) for a dim of `size`. */
function sliceLength(slice: SliceValue, size: number | null, ref: string): number | null {
  const step = slice.step ?? 1;
  if (step <= 0) throw new TorchRuleError('step must be greater than zero', ref);
  if (size === null) return null;
  const clampIndex = (v: number | null, fallback: number): number => {
    if (v === null) return fallback;
    const w = v < 0 ? v + size : v;
    return Math.min(Math.max(w, 0), size);
  };
  const start = clampIndex(slice.start, 0);
  const stop = clampIndex(slice.stop, size);
  return Math.max(0, Math.ceil((stop - start) / step));
}

/** How many of the tensor's dims an index item consumes. */
function consumes(item: CallValue): number {
  if (item === null || isEllipsis(item) || typeof item === 'boolean') return 0;
  if (isTensor(item) && item.dtype === 'bool' || isTensor(item) && item.dtype === 'uint8') return item.shape?.length ?? 1;
  return 1;
}

function indexShape(self: TensorValue, index: CallValue): Shape | null {
  if (!self.shape || isUnknown(index)) return null;
  const shape = self.shape;
  const items: readonly CallValue[] = Array.isArray(index) ? (index as readonly CallValue[]) : [index];
  if (items.some((i) => isUnknown(i))) return null;
  const consumed = items.reduce<number>((n, i) => n + consumes(i), 0);
  if (consumed > shape.length && !(shape.length === 0 && typeof items[0] === 'number')) throw new TorchRuleError(`too many indices for tensor of dimension ${shape.length}`, 'index');
  const tensorIndices = items.filter(isTensor);
  if (tensorIndices.length > 1) return null;
  const out: Shape = [];
  let dim = 0;
  items.forEach((item, k) => {
    const ref = Array.isArray(index) ? `index.${k}` : 'index';
    if (isEllipsis(item)) {
      // PyTorch 1.13 accepts a second `...`: it skips the same count again, past the last dim (nothing more).
      const skip = shape.length - consumed;
      out.push(...shape.slice(dim, dim + skip));
      dim += skip;
    } else if (item === null) {
      out.push(1);
    } else if (typeof item === 'boolean') {
      out.push(item ? 1 : 0);
    } else if (typeof item === 'number') {
      if (shape.length === 0) {
        throw new TorchRuleError('invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number', ref);
      }
      const size = shape[dim];
      if (!Number.isInteger(item)) throw new TorchRuleError('only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got float)', ref);
      if (size !== null && (item >= size || item < -size)) {
        throw new TorchRuleError(`index ${item} is out of bounds for dimension ${dim} with size ${size}`, ref);
      }
      dim += 1;
    } else if (isSlice(item)) {
      out.push(sliceLength(item, shape[dim], ref));
      dim += 1;
    } else if (isTensor(item)) {
      const n = consumes(item);
      // A mask keeps as many elements as are true: data, not shape. A long index contributes its own shape.
      if (item.dtype === 'bool' || item.dtype === 'uint8') out.push(null);
      else if (item.shape) out.push(...item.shape);
      else return;
      dim += n;
    } else {
      throw new TorchRuleError('only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices', ref);
    }
  });
  if (tensorIndices.length === 1 && tensorIndices[0].shape === null) return null;
  out.push(...shape.slice(dim));
  return out;
}

export const indexingOps: readonly TensorOp[] = [{
  names: ['Tensor.__getitem__'],
  description: 'indexing: picks elements, slices and inserts dims (None)',
  signature: [{ name: 'self', required: true }, { name: 'index', required: true }],
  recorded: true,
  drawing: 'reshape',
  // Index backward scatters dy into zeros of the input's shape: it needs the indices, not the tensors.
  backward: { idealAutograd: keepsNothing },
  apply(ctx) {
    const self = tensorInput(ctx, 'self', '__getitem__');
    const out = indexShape(self, ctx.inputs.index as CallValue);
    if (self.shape && out) ctx.derive(`${listText(self.shape)} indexed → ${listText(out)}`);
    return { output: tensor(out, self.dtype), macs: 0 };
  },
}];
