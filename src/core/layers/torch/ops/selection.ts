// Choosing elements by mask or index: masked_fill, torch.where, narrow, index_select, gather, flip, roll, and item()
// (a value, known only when the code runs). Shapes and errors as ATen's. Their backward needs the mask or index
// (counted as the inputs: errs high).
import type { Shape } from '../../../ir';
import { keepsInputs, keepsNothing } from '../../backward';
import type { CallValue, OpResult, ParamSpec, TensorOp, TensorValue } from '../types';
import { TorchRuleError } from '../types';
import { broadcastShapes } from './broadcasting';
import { legacyName, resultType } from './dtypes';
import { intValue, isTensor, isUnknown, listText, numel, sizeItems, tensor, tensorInput, unknown, wrapDimArg } from './opValues';

const KEEPS_SELECTOR = { idealAutograd: keepsInputs };
const NOTHING_KEPT = { idealAutograd: keepsNothing };

function selectionOp(names: string[], description: string, signature: readonly ParamSpec[], backward: TensorOp['backward'], apply: TensorOp['apply']): TensorOp {
  return { names, description, signature, recorded: true, drawing: 'reshape', backward, apply };
}

function maskedFill(names: string[], inPlace: boolean): TensorOp {
  return selectionOp(names, 'the tensor with the masked elements set to a value', [
    { name: 'self', required: true }, { name: 'mask', required: true }, { name: 'value', required: true },
  ], KEEPS_SELECTOR, (ctx): OpResult => {
    const self = tensorInput(ctx, 'self', 'masked_fill');
    const mask = tensorInput(ctx, 'mask', 'masked_fill');
    if (!self.shape || !mask.shape) return { output: tensor(inPlace ? self.shape : null, self.dtype), macs: 0 };
    // ATen expands the mask against the tensor: the mask is tensor a of the message.
    const out = broadcastShapes(mask.shape, self.shape, ctx.batch, 'mask');
    if (inPlace && (out.length !== self.shape.length || out.some((d, i) => d !== null && self.shape?.[i] !== null && d !== self.shape?.[i]))) {
      throw new TorchRuleError(`output with shape ${listText(self.shape)} doesn't match the broadcast shape ${listText(out)}`, 'mask');
    }
    return { output: tensor(inPlace ? self.shape : out, self.dtype), macs: 0 };
  });
}

const where = selectionOp(['torch.where'], 'elements of x where the condition holds, else of y (broadcast)', [
  { name: 'condition', required: true }, { name: 'input', default: null }, { name: 'other', default: null },
], KEEPS_SELECTOR, (ctx): OpResult => {
  const condition = tensorInput(ctx, 'condition', 'where');
  const x = ctx.inputs.input;
  const y = ctx.inputs.other;
  if (x === null && y === null) {
    // where(condition) lists the indices of the true elements: how many is data.
    return { output: unknown('torch.where(condition) gives as many indices as elements are true: known only when the code runs'), macs: 0 };
  }
  if (condition.dtype !== 'bool' && condition.dtype !== 'uint8') {
    throw new TorchRuleError(`where expected condition to be a boolean tensor, but got a tensor with dtype ${legacyName(condition.dtype)}`, 'condition');
  }
  const operands = [x, y].filter((v): v is CallValue => v !== null && v !== undefined);
  const dtype = operands.some(isUnknown) ? 'float32' : resultType(operands);
  const shapes: (Shape | null)[] = [condition.shape, ...operands.map((v) => (isTensor(v) ? v.shape : isUnknown(v) ? null : []))];
  if (shapes.some((s) => s === null)) return { output: tensor(null, dtype), macs: 0 };
  const out = (shapes as Shape[]).reduce((acc, s) => broadcastShapes(acc, s, ctx.batch));
  return { output: tensor(out, dtype), macs: 0 };
});

function narrowOp(names: string[], selfName: string): TensorOp {
  return selectionOp(names, 'a slice of `length` elements from `start` along a dim', [
    { name: selfName, required: true }, { name: 'dim', required: true }, { name: 'start', required: true }, { name: 'length', required: true },
  ], NOTHING_KEPT, (ctx): OpResult => {
    const self = tensorInput(ctx, selfName, 'narrow');
    const dimArg = intValue(ctx.inputs.dim, 'dim', 'narrow');
    const startArg = intValue(ctx.inputs.start, 'start', 'narrow');
    const length = intValue(ctx.inputs.length, 'length', 'narrow');
    if (!self.shape || dimArg === null) return { output: tensor(null, self.dtype), macs: 0 };
    if (self.shape.length === 0) throw new TorchRuleError('narrow() cannot be applied to a 0-dim tensor.');
    const dim = wrapDimArg(dimArg, self.shape.length, 'dim');
    const size = self.shape[dim];
    if (length !== null && length < 0) throw new TorchRuleError('narrow(): length must be non-negative.', 'length');
    if (size !== null && startArg !== null && length !== null) {
      if (startArg < -size || startArg > size) {
        throw new TorchRuleError(`start out of range (expected to be in range of [${-size}, ${size}], but got ${startArg})`, 'start');
      }
      const start = startArg < 0 ? startArg + size : startArg;
      if (start + length > size) throw new TorchRuleError(`start (${start}) + length (${length}) exceeds dimension size (${size}).`, 'length');
    }
    const out = self.shape.slice();
    out[dim] = length;
    return { output: tensor(out, self.dtype), macs: 0 };
  });
}

function indexSelectOp(names: string[], selfName: string): TensorOp {
  return selectionOp(names, 'the entries at the given indices along a dim', [
    { name: selfName, required: true }, { name: 'dim', required: true }, { name: 'index', required: true },
  ], KEEPS_SELECTOR, (ctx): OpResult => {
    const self = tensorInput(ctx, selfName, 'index_select');
    const index = tensorInput(ctx, 'index', 'index_select');
    const dimArg = intValue(ctx.inputs.dim, 'dim', 'index_select');
    if (index.dtype !== 'int64' && index.dtype !== 'int32') throw new TorchRuleError('index_select(): Expected dtype int32 or int64 for index', 'index');
    if (index.shape && index.shape.length > 1) throw new TorchRuleError('index_select(): Index is supposed to be a vector', 'index');
    if (!self.shape || !index.shape || dimArg === null) return { output: tensor(null, self.dtype), macs: 0 };
    const dim = wrapDimArg(dimArg, self.shape.length, 'dim');
    const out = self.shape.slice();
    if (out.length > 0) out[dim] = numel(index.shape);
    return { output: tensor(out, self.dtype), macs: 0 };
  });
}

function gatherOp(names: string[], selfName: string): TensorOp {
  return selectionOp(names, 'the entries picked by an index tensor along a dim (the output has the index\'s shape)', [
    { name: selfName, required: true }, { name: 'dim', required: true }, { name: 'index', required: true },
    { name: 'sparse_grad', default: false, keywordOnly: true }, { name: 'out', default: null, keywordOnly: true },
  ], KEEPS_SELECTOR, (ctx): OpResult => {
    const self = tensorInput(ctx, selfName, 'gather');
    const index = tensorInput(ctx, 'index', 'gather');
    const dimArg = intValue(ctx.inputs.dim, 'dim', 'gather');
    if (index.dtype !== 'int64') throw new TorchRuleError('gather(): Expected dtype int64 for index', 'index');
    if (!self.shape || !index.shape || dimArg === null) return { output: tensor(index.shape, self.dtype), macs: 0 };
    const dim = wrapDimArg(dimArg, self.shape.length, 'dim');
    if (index.shape.length !== self.shape.length && !(index.shape.length <= 1 && self.shape.length <= 1)) {
      throw new TorchRuleError('Index tensor must have the same number of dimensions as input tensor', 'index');
    }
    index.shape.forEach((d, i) => {
      const s = self.shape?.[i];
      if (i !== dim && d !== null && s !== null && s !== undefined && d > s) {
        throw new TorchRuleError(`Size does not match at dimension ${i} expected index ${listText(index.shape as Shape)} to be smaller than self ${listText(self.shape as Shape)} apart from dimension ${dim}`, 'index');
      }
    });
    return { output: tensor(index.shape, self.dtype), macs: 0 };
  });
}

/** The dims of flip: wrapped, without repeats. */
function flipDims(self: TensorValue, value: CallValue | undefined, variadic: boolean): void {
  const items = sizeItems(value, 'dims', 'flip', variadic);
  if (!items || !self.shape) return;
  const seen = new Set<number>();
  for (const item of items) {
    if (item.value === null) continue;
    const d = wrapDimArg(item.value, self.shape.length, item.ref);
    if (seen.has(d)) throw new TorchRuleError(`dim ${d} appears multiple times in the list of dims`, item.ref);
    seen.add(d);
  }
}

function flipOp(names: string[], selfName: string, variadic: boolean): TensorOp {
  return selectionOp(names, 'the tensor with the order of elements reversed along the given dims', [
    { name: selfName, required: true }, variadic ? { name: 'dims', variadic: true } : { name: 'dims', required: true },
  ], NOTHING_KEPT, (ctx): OpResult => {
    const self = tensorInput(ctx, selfName, 'flip');
    flipDims(self, ctx.inputs.dims, variadic);
    return { output: tensor(self.shape, self.dtype), macs: 0 };
  });
}

function rollOp(names: string[], selfName: string): TensorOp {
  return selectionOp(names, 'the tensor shifted cyclically along dims', [
    { name: selfName, required: true }, { name: 'shifts', required: true }, { name: 'dims', default: null },
  ], NOTHING_KEPT, (ctx): OpResult => {
    const self = tensorInput(ctx, selfName, 'roll');
    const shifts = sizeItems(ctx.inputs.shifts, 'shifts', 'roll', false);
    const dimsValue = ctx.inputs.dims;
    const dims = dimsValue === null || dimsValue === undefined ? [] : sizeItems(dimsValue, 'dims', 'roll', false);
    if (shifts && dims && dims.length > 0 && shifts.length !== dims.length) {
      throw new TorchRuleError(`shifts and dimensions must align. shifts: ${shifts.length}, dims:${dims.length}`, 'dims');
    }
    if (self.shape && dims) for (const d of dims) if (d.value !== null) wrapDimArg(d.value, self.shape.length, d.ref);
    return { output: tensor(self.shape, self.dtype), macs: 0 };
  });
}

const item: TensorOp = {
  names: ['Tensor.item'],
  description: "a one-element tensor's value as a Python number",
  signature: [{ name: 'self', required: true }],
  recorded: false,
  drawing: 'other',
  backward: NOTHING_KEPT,
  apply(ctx): OpResult {
    const self = tensorInput(ctx, 'self', 'item');
    const n = numel(self.shape);
    if (n !== null && n !== 1) throw new TorchRuleError(`only one element tensors can be converted to Python scalars (this one has ${n})`);
    return { output: unknown("a tensor's value is known only when the code runs"), macs: 0 };
  },
};

export const selectionOps: readonly TensorOp[] = [
  maskedFill(['Tensor.masked_fill'], false),
  maskedFill(['Tensor.masked_fill_'], true),
  where,
  narrowOp(['Tensor.narrow'], 'self'),
  narrowOp(['torch.narrow'], 'input'),
  indexSelectOp(['Tensor.index_select'], 'self'),
  indexSelectOp(['torch.index_select'], 'input'),
  gatherOp(['Tensor.gather'], 'self'),
  gatherOp(['torch.gather'], 'input'),
  flipOp(['Tensor.flip'], 'self', true),
  flipOp(['torch.flip'], 'input', false),
  rollOp(['Tensor.roll'], 'self'),
  rollOp(['torch.roll'], 'input'),
  item,
];
