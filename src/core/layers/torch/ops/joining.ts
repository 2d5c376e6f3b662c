// Joining tensors and cutting them apart: torch.cat/concat, torch.stack, chunk, split (ATen's cat/stack/chunk/split
// shape checks and error texts). Concatenation passes the gradient through in slices: nothing is kept.
import type { Shape } from '../../../ir';
import { keepsNothing } from '../../backward';
import type { CallValue, OpContext, OpResult, TensorOp, TensorValue } from '../types';
import { TorchRuleError } from '../types';
import { resultType } from './dtypes';
import {
  batchShapeText, intValue, isTensor, isUnknown, listText, pythonTypeName, shapeText, tensor, tensorInput, unknown, wrapDimArg,
} from './opValues';

const NOTHING_KEPT = { idealAutograd: keepsNothing };

/** The tensors of a list/tuple argument; null when the list itself is unknown. */
function tensorList(ctx: OpContext, name: string, opName: string): TensorValue[] | null {
  const value = ctx.inputs[name];
  if (isUnknown(value)) return null;
  if (!Array.isArray(value)) {
    throw new TorchRuleError(`${opName}() received an invalid combination of arguments - got (${pythonTypeName(value)}), but expected a tuple or list of Tensors`, name);
  }
  return (value as readonly CallValue[]).map((item, i) => {
    if (isTensor(item)) return item;
    if (isUnknown(item)) return tensor(null, 'float32');
    throw new TorchRuleError(`expected Tensor as element ${i} in argument 0, but got ${pythonTypeName(item)}`, `${name}.${i}`);
  });
}

/** `[N, 64, 25, 25]` when axis 0 is this run's batch, else the plain list. */
function described(shape: Shape | null, batch: number): string {
  return shape && shape.length > 0 && shape[0] === batch ? batchShapeText(shape) : shapeText(shape);
}

function catOp(names: string[]): TensorOp {
  return {
    names,
    description: 'concatenates tensors along an existing dim',
    signature: [{ name: 'tensors', required: true }, { name: 'dim', default: 0 }, { name: 'out', default: null, keywordOnly: true }],
    recorded: true,
    drawing: 'merge',
    backward: NOTHING_KEPT,
    apply(ctx) {
      const list = tensorList(ctx, 'tensors', 'cat');
      const dimArg = intValue(ctx.inputs.dim, 'dim', 'cat');
      if (list === null) return { output: tensor(null, 'float32'), macs: 0 };
      if (list.length === 0) throw new TorchRuleError('torch.cat(): expected a non-empty list of Tensors', 'tensors');
      const dtype = resultType(list);
      // PyTorch still skips legacy empty 1-D tensors (shape [0]) in the size checks.
      const legacyEmpty = (t: TensorValue): boolean => t.shape !== null && t.shape.length === 1 && t.shape[0] === 0;
      const known = list.filter((t) => t.shape !== null && !legacyEmpty(t));
      if (known.length === 0) return { output: tensor(list.every(legacyEmpty) ? [0] : null, dtype), macs: 0 };
      const rank = (known[0].shape as Shape).length;
      for (const t of known) {
        if (t.shape && t.shape.length !== rank) {
          throw new TorchRuleError(`Tensors must have same number of dimensions: got ${rank} and ${t.shape.length}`, `tensors.${list.indexOf(t)}`);
        }
      }
      if (dimArg === null) return { output: tensor(Array.from({ length: rank }, () => null), dtype), macs: 0 };
      if (rank === 0) throw new TorchRuleError(`zero-dimensional tensor (at position ${list.indexOf(known[0])}) cannot be concatenated`, 'tensors');
      const dim = wrapDimArg(dimArg, rank, 'dim');
      const out: Shape = (known[0].shape as Shape).slice();
      let total: number | null = 0;
      list.forEach((t, i) => {
        if (legacyEmpty(t)) return;
        if (!t.shape) { total = null; return; }
        for (let d = 0; d < rank; d++) {
          if (d === dim) continue;
          if (out[d] === null) out[d] = t.shape[d];
          else if (t.shape[d] !== null && t.shape[d] !== out[d]) {
            throw new TorchRuleError(
              `Sizes of tensors must match except in dimension ${dim}. Expected size ${out[d]} but got size ${t.shape[d]} for tensor number ${i} in the list. ` +
              `(tensor 0 is ${described(list[0].shape, ctx.batch)}, tensor ${i} is ${described(t.shape, ctx.batch)})`, `tensors.${i}`);
          }
        }
        total = total === null || t.shape[dim] === null ? null : total + (t.shape[dim] as number);
      });
      out[dim] = total;
      ctx.derive(`dim ${dim}: ${list.map((t) => t.shape?.[dim] ?? '?').join(' + ')} = ${total ?? '?'}`);
      return { output: tensor(out, dtype), macs: 0 };
    },
  };
}

const stack: TensorOp = {
  names: ['torch.stack'],
  description: 'stacks equal-shaped tensors along a new dim',
  signature: [{ name: 'tensors', required: true }, { name: 'dim', default: 0 }, { name: 'out', default: null, keywordOnly: true }],
  recorded: true,
  drawing: 'merge',
  backward: NOTHING_KEPT,
  apply(ctx) {
    const list = tensorList(ctx, 'tensors', 'stack');
    const dimArg = intValue(ctx.inputs.dim, 'dim', 'stack');
    if (list === null) return { output: tensor(null, 'float32'), macs: 0 };
    if (list.length === 0) throw new TorchRuleError('stack expects a non-empty TensorList', 'tensors');
    const dtype = resultType(list);
    const first = list.find((t) => t.shape !== null);
    if (!first?.shape) return { output: tensor(null, dtype), macs: 0 };
    const entry = list.indexOf(first);
    const shape: Shape = first.shape.slice();
    list.forEach((t, i) => {
      if (!t.shape) return;
      const mismatch = t.shape.length !== shape.length || t.shape.some((d, k) => d !== null && shape[k] !== null && d !== shape[k]);
      if (mismatch) {
        throw new TorchRuleError(`stack expects each tensor to be equal size, but got ${listText(first.shape as Shape)} at entry ${entry} and ${listText(t.shape)} at entry ${i}`, `tensors.${i}`);
      }
      t.shape.forEach((d, k) => { if (shape[k] === null) shape[k] = d; });
    });
    if (dimArg === null) return { output: tensor(null, dtype), macs: 0 };
    const dim = wrapDimArg(dimArg, shape.length + 1, 'dim');
    return { output: tensor([...shape.slice(0, dim), list.length, ...shape.slice(dim)], dtype), macs: 0 };
  },
};

/** The pieces' sizes along the cut dim; tensors with that dim replaced. */
function pieces(self: TensorValue, dim: number, sizes: readonly number[]): OpResult {
  const shape = self.shape as Shape;
  return { output: sizes.map((s) => tensor([...shape.slice(0, dim), s, ...shape.slice(dim + 1)], self.dtype)), macs: 0 };
}

function chunkOp(names: string[], tensorName: string): TensorOp {
  return {
    names,
    description: 'splits into (at most) `chunks` equal pieces along a dim; a tuple of tensors',
    signature: [{ name: tensorName, required: true }, { name: 'chunks', required: true }, { name: 'dim', default: 0 }],
    recorded: true,
    drawing: 'reshape',
    backward: NOTHING_KEPT,
    apply(ctx) {
      const self = tensorInput(ctx, tensorName, 'chunk');
      const chunks = intValue(ctx.inputs.chunks, 'chunks', 'chunk');
      const dimArg = intValue(ctx.inputs.dim, 'dim', 'chunk');
      if (self.shape && self.shape.length === 0) throw new TorchRuleError('chunk expects at least a 1-dimensional tensor');
      if (chunks !== null && chunks <= 0) throw new TorchRuleError(`chunk expects \`chunks\` to be greater than 0, got: ${chunks}`, 'chunks');
      if (!self.shape || chunks === null || dimArg === null) return { output: unknown('the number of chunks depends on an unknown size'), macs: 0 };
      const dim = wrapDimArg(dimArg, self.shape.length, 'dim');
      const size = self.shape[dim];
      if (size === null) return { output: unknown(`the size of dim ${dim} is unknown`), macs: 0 };
      const splitSize = Math.ceil(size / chunks);
      ctx.derive(`chunk size = ceil(${size} / ${chunks}) = ${splitSize}`);
      if (splitSize === 0) return pieces(self, dim, Array.from({ length: chunks }, () => 0));
      return pieces(self, dim, splitSizes(size, splitSize));
    },
  };
}

/** split(int): pieces of `splitSize`, the last one smaller (ATen: at least one piece). */
function splitSizes(size: number, splitSize: number): number[] {
  const count = splitSize === 0 ? (size === 0 ? 1 : 0) : Math.max(Math.ceil(size / splitSize), 1);
  return Array.from({ length: count }, (_, i) => (i < count - 1 ? splitSize : size - splitSize * (count - 1)));
}

function splitOp(names: string[], tensorName: string, sizeName: string): TensorOp {
  return {
    names,
    description: 'splits into pieces of a given size (or the listed sizes) along a dim; a tuple of tensors',
    signature: [{ name: tensorName, required: true }, { name: sizeName, required: true }, { name: 'dim', default: 0 }],
    recorded: true,
    drawing: 'reshape',
    backward: NOTHING_KEPT,
    apply(ctx) {
      const self = tensorInput(ctx, tensorName, 'split');
      const sizeArg = ctx.inputs[sizeName];
      const dimArg = intValue(ctx.inputs.dim, 'dim', 'split');
      if (!self.shape || dimArg === null || isUnknown(sizeArg)) return { output: unknown('the pieces depend on an unknown size'), macs: 0 };
      if (self.shape.length === 0) throw new TorchRuleError('split expects at least a 1-dimensional tensor');
      const dim = wrapDimArg(dimArg, self.shape.length, 'dim');
      const size = self.shape[dim];
      if (Array.isArray(sizeArg)) {
        const sections = (sizeArg as readonly CallValue[]).map((v, i) => intValue(v, `${sizeName}.${i}`, 'split'));
        if (size === null || sections.some((s) => s === null)) return { output: unknown('the pieces depend on an unknown size'), macs: 0 };
        const known = sections as number[];
        const total = known.reduce((a, b) => a + b, 0);
        if (total !== size || known.some((s) => s < 0)) {
          throw new TorchRuleError(`split_with_sizes expects split_sizes to sum exactly to ${size} (input tensor's size at dimension ${dim}), but got split_sizes=${listText(known)}`, sizeName);
        }
        return pieces(self, dim, known);
      }
      const splitSize = intValue(sizeArg, sizeName, 'split');
      if (splitSize === null || size === null) return { output: unknown('the pieces depend on an unknown size'), macs: 0 };
      if (splitSize < 0) throw new TorchRuleError(`split expects split_size be non-negative, but got split_size=${splitSize}`, sizeName);
      if (splitSize === 0 && size !== 0) throw new TorchRuleError(`split_size can only be 0 if dimension size is 0, but got dimension size of ${size}`, sizeName);
      return pieces(self, dim, splitSizes(size, splitSize));
    },
  };
}

export const joiningOps: readonly TensorOp[] = [
  catOp(['torch.cat', 'torch.concat']),
  stack,
  chunkOp(['Tensor.chunk'], 'self'),
  chunkOp(['torch.chunk'], 'input'),
  splitOp(['Tensor.split'], 'self', 'split_size'),
  splitOp(['torch.split'], 'tensor', 'split_size_or_sections'),
];
