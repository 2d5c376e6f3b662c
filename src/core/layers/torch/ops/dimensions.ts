// Ops that move, add or drop dims: permute, transpose/t/T/mT, squeeze/unsqueeze, expand/expand_as, repeat,
// contiguous. PyTorch's shape rules and error texts (ATen TensorShape.cpp); their backward needs only shapes, so they
// keep nothing.
import type { Shape } from '../../../ir';
import { keepsNothing } from '../../backward';
import type { OpResult, ParamSpec, TensorOp, TensorValue } from '../types';
import { TorchRuleError } from '../types';
import { intValue, listText, sizeItems, tensor, tensorInput, wrapDimArg, type SizeItem } from './opValues';

const NOTHING_KEPT = { idealAutograd: keepsNothing };
const SELF: ParamSpec = { name: 'self', required: true };

function same(self: TensorValue, shape: Shape | null): OpResult {
  return { output: tensor(shape, self.dtype), macs: 0 };
}

/** Distinct wrapped dims of a permutation, or PyTorch's error. */
function permutation(self: TensorValue, dims: readonly SizeItem[]): number[] | null {
  if (!self.shape) return null;
  const rank = self.shape.length;
  if (dims.length !== rank) {
    throw new TorchRuleError(`permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${rank} is not equal to len(dims) = ${dims.length}`, 'dims');
  }
  const seen = new Set<number>();
  const out: number[] = [];
  for (const d of dims) {
    if (d.value === null) return null;
    const w = wrapDimArg(d.value, rank, d.ref);
    if (seen.has(w)) throw new TorchRuleError('permute(): duplicate dims are not allowed.', d.ref);
    seen.add(w);
    out.push(w);
  }
  return out;
}

function permuteOp(names: string[], tensorName: string, variadic: boolean): TensorOp {
  return {
    names,
    description: 'reorders the dims',
    signature: [{ name: tensorName, required: true }, variadic ? { name: 'dims', variadic: true } : { name: 'dims', required: true }],
    recorded: true,
    drawing: 'reshape',
    backward: NOTHING_KEPT,
    apply(ctx) {
      const self = tensorInput(ctx, tensorName, 'permute');
      const dims = sizeItems(ctx.inputs.dims, 'dims', 'permute', variadic);
      if (dims === null) return same(self, null);
      const order = permutation(self, dims);
      if (!order || !self.shape) return same(self, self.shape ? self.shape.map(() => null) : null);
      const shape = self.shape;
      const out = order.map((d) => shape[d]);
      ctx.derive(`permute(${order.join(', ')}): ${listText(shape)} → ${listText(out)}`);
      return same(self, out);
    },
  };
}

function transposeOp(names: string[], tensorName: string): TensorOp {
  return {
    names,
    description: 'swaps two dims',
    signature: [{ name: tensorName, required: true }, { name: 'dim0', required: true }, { name: 'dim1', required: true }],
    recorded: true,
    drawing: 'reshape',
    backward: NOTHING_KEPT,
    apply(ctx) {
      const self = tensorInput(ctx, tensorName, 'transpose');
      const d0 = intValue(ctx.inputs.dim0, 'dim0', 'transpose');
      const d1 = intValue(ctx.inputs.dim1, 'dim1', 'transpose');
      if (!self.shape) return same(self, null);
      if (d0 === null || d1 === null) return same(self, self.shape.map(() => null));
      const a = wrapDimArg(d0, self.shape.length, 'dim0');
      const b = wrapDimArg(d1, self.shape.length, 'dim1');
      const out = self.shape.slice();
      if (out.length > 0) [out[a], out[b]] = [out[b], out[a]];
      ctx.derive(`swap dims ${a} and ${b}: ${listText(self.shape)} → ${listText(out)}`);
      return same(self, out);
    },
  };
}

function transposeMatrixOp(names: string[], tensorName: string): TensorOp {
  return {
    names,
    description: 'transposes a matrix (a tensor of at most 2 dims)',
    signature: [{ name: tensorName, required: true }],
    recorded: true,
    drawing: 'reshape',
    backward: NOTHING_KEPT,
    apply(ctx) {
      const self = tensorInput(ctx, tensorName, 't');
      if (!self.shape) return same(self, null);
      if (self.shape.length > 2) throw new TorchRuleError(`t() expects a tensor with <= 2 dimensions, but self is ${self.shape.length}D`);
      return same(self, self.shape.slice().reverse());
    },
  };
}

/** `x.T` reverses all dims (PyTorch 1.13 allows any rank); `x.mT` swaps the last two (at least 2 dims). */
const reversedDims: TensorOp = {
  names: ['Tensor.T'],
  description: 'the tensor with its dims reversed (an attribute)',
  signature: [{ name: 'self', required: true }],
  recorded: true,
  drawing: 'reshape',
  backward: NOTHING_KEPT,
  apply(ctx) {
    const self = tensorInput(ctx, 'self', 'T');
    if (self.shape && self.shape.length !== 2) {
      ctx.warn(`PyTorch warns: the use of \`x.T\` on tensors of dimension other than 2 to reverse their shape is deprecated (this one has ${self.shape.length}); \`x.mT\` transposes batches of matrices`);
    }
    return same(self, self.shape ? self.shape.slice().reverse() : null);
  },
};

const matrixTranspose: TensorOp = {
  names: ['Tensor.mT'],
  description: 'the tensor with its last two dims swapped (an attribute)',
  signature: [{ name: 'self', required: true }],
  recorded: true,
  drawing: 'reshape',
  backward: NOTHING_KEPT,
  apply(ctx) {
    const self = tensorInput(ctx, 'self', 'mT');
    if (!self.shape) return same(self, null);
    const rank = self.shape.length;
    if (rank < 2) throw new TorchRuleError(`tensor.mT is only supported on matrices or batches of matrices. Got ${rank}-D tensor.`);
    return same(self, [...self.shape.slice(0, -2), self.shape[rank - 1], self.shape[rank - 2]]);
  },
};

function squeezeOp(names: string[], tensorName: string): TensorOp {
  return {
    names,
    description: 'removes dims of size 1 (all of them, or the one given)',
    signature: [{ name: tensorName, required: true }, { name: 'dim', default: null }],
    recorded: true,
    drawing: 'reshape',
    backward: NOTHING_KEPT,
    apply(ctx) {
      const self = tensorInput(ctx, tensorName, 'squeeze');
      if (!self.shape) return same(self, null);
      const shape = self.shape;
      if (ctx.inputs.dim === null || ctx.inputs.dim === undefined) {
        // Which dims go depends on their sizes: an unknown one leaves the rank unknown.
        if (shape.some((d) => d === null)) return same(self, null);
        return same(self, shape.filter((d) => d !== 1));
      }
      const dimArg = intValue(ctx.inputs.dim, 'dim', 'squeeze');
      if (dimArg === null) return same(self, null);
      const dim = wrapDimArg(dimArg, shape.length, 'dim');
      if (shape.length === 0) return same(self, []);
      if (shape[dim] === null) return same(self, null);
      if (shape[dim] !== 1) ctx.derive(`dim ${dim} has size ${shape[dim]}, not 1: squeeze(${dimArg}) leaves the tensor as it is`);
      return same(self, shape[dim] === 1 ? [...shape.slice(0, dim), ...shape.slice(dim + 1)] : shape.slice());
    },
  };
}

function unsqueezeOp(names: string[], tensorName: string): TensorOp {
  return {
    names,
    description: 'inserts a dim of size 1',
    signature: [{ name: tensorName, required: true }, { name: 'dim', required: true }],
    recorded: true,
    drawing: 'reshape',
    backward: NOTHING_KEPT,
    apply(ctx) {
      const self = tensorInput(ctx, tensorName, 'unsqueeze');
      const dimArg = intValue(ctx.inputs.dim, 'dim', 'unsqueeze');
      if (!self.shape || dimArg === null) return same(self, null);
      const dim = wrapDimArg(dimArg, self.shape.length + 1, 'dim');
      const out = [...self.shape.slice(0, dim), 1, ...self.shape.slice(dim)];
      ctx.derive(`a dim of size 1 at ${dim}: ${listText(self.shape)} → ${listText(out)}`);
      return same(self, out);
    },
  };
}

/** expand's rule (ATen inferExpandGeometry): sizes align from the right; -1 keeps a dim; only size-1 dims grow. */
function expandShape(self: TensorValue, sizes: readonly SizeItem[]): Shape | null {
  const shape = self.shape;
  if (!shape) return null;
  const target = listText(sizes.map((s) => s.value));
  if (sizes.length < shape.length) {
    throw new TorchRuleError(`expand(torch.${legacyTensorName(self.dtype)}{${listText(shape)}}, size=${target}): the number of sizes provided (${sizes.length}) must be greater or equal to the number of dimensions in the tensor (${shape.length})`, 'size');
  }
  const lead = sizes.length - shape.length;
  return sizes.map((s, i) => {
    const existing = i >= lead ? shape[i - lead] : undefined;
    if (s.value === null) return null;
    if (existing === undefined) {
      if (s.value < 0) throw new TorchRuleError(`The expanded size of the tensor (${s.value}) isn't allowed in a leading, non-existing dimension ${i}`, s.ref);
      return s.value;
    }
    if (s.value === -1) return existing;
    if (existing === null) return s.value;
    if (existing !== 1 && existing !== s.value) {
      throw new TorchRuleError(`The expanded size of the tensor (${s.value}) must match the existing size (${existing}) at non-singleton dimension ${i}.  Target sizes: ${target}.  Tensor sizes: ${listText(shape)}`, s.ref);
    }
    return s.value;
  });
}

function legacyTensorName(dtype: string): string {
  const names: Record<string, string> = { float32: 'FloatTensor', float64: 'DoubleTensor', float16: 'HalfTensor', int64: 'LongTensor', int32: 'IntTensor', bool: 'BoolTensor', uint8: 'ByteTensor' };
  return names[dtype] ?? 'Tensor';
}

const expand: TensorOp = {
  names: ['Tensor.expand'],
  description: 'broadcasts size-1 dims to a larger size without copying',
  signature: [SELF, { name: 'size', variadic: true }],
  recorded: true,
  drawing: 'reshape',
  backward: NOTHING_KEPT,
  apply(ctx) {
    const self = tensorInput(ctx, 'self', 'expand');
    const sizes = sizeItems(ctx.inputs.size, 'size', 'expand', true);
    return same(self, sizes === null ? null : expandShape(self, sizes));
  },
};

const expandAs: TensorOp = {
  names: ['Tensor.expand_as'],
  description: "expands the tensor to another tensor's shape",
  signature: [SELF, { name: 'other', required: true }],
  recorded: true,
  drawing: 'reshape',
  backward: NOTHING_KEPT,
  apply(ctx) {
    const self = tensorInput(ctx, 'self', 'expand_as');
    const other = tensorInput(ctx, 'other', 'expand_as');
    if (!other.shape) return same(self, null);
    return same(self, expandShape(self, other.shape.map((value, i) => ({ value, ref: `other.${i}` }))));
  },
};

const repeat: TensorOp = {
  names: ['Tensor.repeat'],
  description: 'tiles the tensor: each dim times its repeat count',
  signature: [SELF, { name: 'repeats', variadic: true }],
  recorded: true,
  drawing: 'reshape',
  backward: NOTHING_KEPT,
  apply(ctx) {
    const self = tensorInput(ctx, 'self', 'repeat');
    const reps = sizeItems(ctx.inputs.repeats, 'repeats', 'repeat', true);
    if (reps === null || !self.shape) return same(self, null);
    if (reps.length < self.shape.length) {
      throw new TorchRuleError('Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor', 'repeats');
    }
    const padded: Shape = [...reps.slice(self.shape.length).map(() => 1), ...self.shape];
    for (const r of reps) {
      if (r.value !== null && r.value < 0) throw new TorchRuleError(`Trying to create tensor with negative dimension ${r.value}: ${listText(reps.map((x) => x.value))}`, r.ref);
    }
    const out = reps.map((r, i) => (r.value === null || padded[i] === null ? null : (padded[i] as number) * r.value));
    ctx.derive(`${listText(padded)} × ${listText(reps.map((r) => r.value))} = ${listText(out)}`);
    return same(self, out);
  },
};

const contiguous: TensorOp = {
  names: ['Tensor.contiguous'],
  description: "the same tensor, laid out contiguously (a copy only when it was not)",
  signature: [SELF, { name: 'memory_format', default: null, keywordOnly: true }],
  recorded: false,
  drawing: 'reshape',
  backward: NOTHING_KEPT,
  apply(ctx) {
    const self = tensorInput(ctx, 'self', 'contiguous');
    return same(self, self.shape);
  },
};

export const dimensionOps: readonly TensorOp[] = [
  permuteOp(['Tensor.permute'], 'self', true),
  permuteOp(['torch.permute'], 'input', false),
  transposeOp(['Tensor.transpose', 'Tensor.swapaxes', 'Tensor.swapdims'], 'self'),
  transposeOp(['torch.transpose', 'torch.swapaxes', 'torch.swapdims'], 'input'),
  transposeMatrixOp(['Tensor.t'], 'self'),
  transposeMatrixOp(['torch.t'], 'input'),
  reversedDims,
  matrixTranspose,
  squeezeOp(['Tensor.squeeze'], 'self'),
  squeezeOp(['torch.squeeze'], 'input'),
  unsqueezeOp(['Tensor.unsqueeze'], 'self'),
  unsqueezeOp(['torch.unsqueeze'], 'input'),
  expand,
  expandAs,
  repeat,
  contiguous,
];
