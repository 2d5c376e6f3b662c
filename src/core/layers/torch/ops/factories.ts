// Tensors made from nothing but a size: torch.zeros/ones/empty/rand/randn/full/arange and the *_like forms (a
// recurrent net's `h0 = torch.zeros(2, x.size(0), 128)`). Their dtype: float32 unless `dtype=` says otherwise;
// full's from its fill value, arange's int64 for integer bounds. `device=` changes nothing here.
import type { Shape } from '../../../ir';
import { keepsNothing } from '../../backward';
import type { CallValue, OpResult, ParamSpec, TensorOp } from '../types';
import { TorchRuleError } from '../types';
import { DEFAULT_FLOAT, dtypeName } from './dtypes';
import { isTensor, isUnknown, listText, sizeItems, tensor, tensorInput } from './opValues';

const NOTHING_KEPT = { idealAutograd: keepsNothing };
const FACTORY_KEYWORDS: readonly ParamSpec[] = ['out', 'dtype', 'layout', 'device', 'requires_grad', 'pin_memory', 'memory_format', 'generator']
  .map((name) => ({ name, default: name === 'requires_grad' || name === 'pin_memory' ? false : null, keywordOnly: true }));
const LIKE_KEYWORDS: readonly ParamSpec[] = ['dtype', 'layout', 'device', 'requires_grad', 'memory_format']
  .map((name) => ({ name, default: name === 'requires_grad' ? false : null, keywordOnly: true }));

/** `dtype=` as a dtype name, or the fallback. */
function requestedDtype(value: CallValue | undefined, fallback: string): string {
  return typeof value === 'string' ? dtypeName(value) ?? fallback : fallback;
}

function checkSizes(shape: Shape): void {
  for (const d of shape) {
    if (d !== null && d < 0) throw new TorchRuleError(`Trying to create tensor with negative dimension ${d}: ${listText(shape)}`, 'size');
  }
}

function sizedFactory(name: string, what: string): TensorOp {
  return {
    names: [`torch.${name}`],
    description: `a new tensor ${what}`,
    signature: [{ name: 'size', variadic: true }, ...FACTORY_KEYWORDS],
    recorded: true,
    drawing: 'other',
    backward: NOTHING_KEPT,
    apply(ctx): OpResult {
      const dtype = requestedDtype(ctx.inputs.dtype, DEFAULT_FLOAT);
      const items = sizeItems(ctx.inputs.size, 'size', name, true);
      if (items === null) return { output: tensor(null, dtype), macs: 0 };
      const shape = items.map((i) => i.value);
      checkSizes(shape);
      return { output: tensor(shape, dtype), macs: 0 };
    },
  };
}

/** The dtype torch.full infers from its fill value (a bool, an int, else the default float). */
function fillDtype(value: CallValue | undefined): string {
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number' && Number.isInteger(value)) return 'int64';
  return DEFAULT_FLOAT;
}

const full: TensorOp = {
  names: ['torch.full'],
  description: 'a new tensor filled with one value',
  signature: [{ name: 'size', required: true }, { name: 'fill_value', required: true }, ...FACTORY_KEYWORDS],
  recorded: true,
  drawing: 'other',
  backward: NOTHING_KEPT,
  apply(ctx) {
    const dtype = requestedDtype(ctx.inputs.dtype, fillDtype(ctx.inputs.fill_value));
    const items = sizeItems(ctx.inputs.size, 'size', 'full', false);
    if (items === null) return { output: tensor(null, dtype), macs: 0 };
    const shape = items.map((i) => i.value);
    checkSizes(shape);
    return { output: tensor(shape, dtype), macs: 0 };
  },
};

const arange: TensorOp = {
  names: ['torch.arange'],
  description: 'the values start, start + step, … below end',
  // arange(end) and arange(start, end, step): bound positionally, `start` holds end when end is None.
  signature: [{ name: 'start', required: true }, { name: 'end', default: null }, { name: 'step', default: 1 }, ...FACTORY_KEYWORDS],
  recorded: true,
  drawing: 'other',
  backward: NOTHING_KEPT,
  apply(ctx) {
    const raw = [ctx.inputs.start, ctx.inputs.end, ctx.inputs.step];
    const allInts = raw.every((v) => v === null || v === undefined || (typeof v === 'number' && Number.isInteger(v)) || isUnknown(v));
    const dtype = requestedDtype(ctx.inputs.dtype, allInts ? 'int64' : DEFAULT_FLOAT);
    const [a, b, step] = raw.map((v) => (typeof v === 'number' ? v : v === null || v === undefined ? null : NaN));
    const start = b === null ? 0 : a;
    const end = b === null ? a : b;
    if (start === null || end === null || step === null || [start, end, step].some(Number.isNaN)) return { output: tensor([null], dtype), macs: 0 };
    if (step === 0) throw new TorchRuleError('step must be nonzero', 'step');
    if ((step > 0 && end < start) || (step < 0 && end > start)) {
      throw new TorchRuleError('upper bound and larger bound inconsistent with step sign', 'step');
    }
    const length = Math.ceil((end - start) / step);
    ctx.derive(`length = ceil((${end} − ${start}) / ${step}) = ${length}`);
    return { output: tensor([length], dtype), macs: 0 };
  },
};

function likeFactory(name: string, what: string): TensorOp {
  return {
    names: [`torch.${name}_like`],
    description: `a new tensor ${what}, the input's shape`,
    signature: [{ name: 'input', required: true }, ...LIKE_KEYWORDS],
    recorded: true,
    drawing: 'other',
    backward: NOTHING_KEPT,
    apply(ctx) {
      const input = tensorInput(ctx, 'input', `${name}_like`);
      return { output: tensor(input.shape, requestedDtype(ctx.inputs.dtype, input.dtype)), macs: 0 };
    },
  };
}

/** x.new_zeros(size): a new tensor of x's dtype (and device) with the given size. */
function newFactory(name: string, what: string, withFill: boolean): TensorOp {
  return {
    names: [`Tensor.new_${name}`],
    description: `a new tensor ${what} with the tensor's dtype`,
    signature: [{ name: 'self', required: true }, { name: 'size', required: true }, ...(withFill ? [{ name: 'fill_value', required: true }] : []), ...LIKE_KEYWORDS],
    recorded: true,
    drawing: 'other',
    backward: NOTHING_KEPT,
    apply(ctx) {
      const self = tensorInput(ctx, 'self', `new_${name}`);
      const dtype = requestedDtype(ctx.inputs.dtype, self.dtype);
      const items = sizeItems(ctx.inputs.size, 'size', `new_${name}`, false);
      if (items === null) return { output: tensor(null, dtype), macs: 0 };
      const shape = items.map((i) => i.value);
      checkSizes(shape);
      return { output: tensor(shape, dtype), macs: 0 };
    },
  };
}

/** torch.tensor(data): the nested lists' shape, PyTorch's error for a ragged one; null when an item is unknown. */
function dataShape(value: CallValue, axis: number): { shape: Shape; kinds: Set<string> } | null {
  if (isUnknown(value) || isTensor(value)) return null;
  if (!Array.isArray(value)) {
    const kind = typeof value === 'boolean' ? 'bool' : typeof value === 'number' ? (Number.isInteger(value) ? 'int' : 'float') : 'other';
    if (kind === 'other') throw new TorchRuleError(`Could not infer dtype of ${typeof value === 'string' ? 'str' : 'object'}`, 'data');
    return { shape: [], kinds: new Set([kind]) };
  }
  const items = value as readonly CallValue[];
  const parts = items.map((item) => dataShape(item, axis + 1));
  if (parts.some((p) => p === null)) return null;
  const known = parts as { shape: Shape; kinds: Set<string> }[];
  const first = known[0]?.shape ?? [];
  known.forEach((p) => {
    if (p.shape.length !== first.length || p.shape.some((d, i) => d !== first[i])) {
      throw new TorchRuleError(`expected sequence of length ${first[0] ?? 0} at dim ${axis + 1} (got ${p.shape[0] ?? 0})`, 'data');
    }
  });
  const kinds = new Set(known.flatMap((p) => [...p.kinds]));
  return { shape: [items.length, ...first], kinds };
}

const fromData: TensorOp = {
  names: ['torch.tensor', 'torch.as_tensor'],
  description: 'a new tensor holding the given (nested) list of numbers',
  signature: [{ name: 'data', required: true }, ...['dtype', 'device', 'requires_grad', 'pin_memory']
    .map((name) => ({ name, default: name === 'requires_grad' || name === 'pin_memory' ? false : null, keywordOnly: true }))],
  recorded: true,
  drawing: 'other',
  backward: NOTHING_KEPT,
  apply(ctx) {
    const data = ctx.inputs.data;
    if (isTensor(data)) return { output: tensor(data.shape, requestedDtype(ctx.inputs.dtype, data.dtype)), macs: 0 };
    const found = dataShape(data, 0);
    // A list holding a float is float32; else int64; all bools is bool (an empty list is float32).
    const inferred = !found || found.kinds.has('float') || found.kinds.size === 0 ? DEFAULT_FLOAT : found.kinds.has('int') ? 'int64' : 'bool';
    return { output: tensor(found ? found.shape : null, requestedDtype(ctx.inputs.dtype, inferred)), macs: 0 };
  },
};

export const factoryOps: readonly TensorOp[] = [
  sizedFactory('zeros', 'of zeros'),
  sizedFactory('ones', 'of ones'),
  sizedFactory('empty', 'left uninitialised'),
  sizedFactory('rand', 'of uniform random numbers in [0, 1)'),
  sizedFactory('randn', 'of standard normal random numbers'),
  full,
  arange,
  fromData,
  likeFactory('zeros', 'of zeros'),
  likeFactory('ones', 'of ones'),
  likeFactory('empty', 'left uninitialised'),
  likeFactory('rand', 'of uniform random numbers'),
  likeFactory('randn', 'of standard normal random numbers'),
  newFactory('zeros', 'of zeros', false),
  newFactory('ones', 'of ones', false),
  newFactory('empty', 'left uninitialised', false),
  newFactory('full', 'filled with one value', true),
];
