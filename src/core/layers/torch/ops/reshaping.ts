// Ops that give the same elements a new shape: view/reshape (one -1 inferred), view_as, unflatten, flatten. ATen's
// infer_size rules and error texts, plus what one sample holds when the batch is axis 0, and a warning where a
// leading -1 cuts rows across samples. Their backward needs only shapes: nothing kept.
import type { Shape } from '../../../ir';
import { keepsNothing } from '../../backward';
import type { OpContext, OpResult, ParamSpec, TensorOp, TensorValue } from '../types';
import { TorchRuleError } from '../types';
import {
  batchShapeText, intValue, listText, numel, shapeText, sizeItems, tensor, tensorInput, wrapDimArg,
  type SizeItem,
} from './opValues';

const NOTHING_KEPT = { idealAutograd: keepsNothing };
const SELF: ParamSpec = { name: 'self', required: true };

function same(self: TensorValue, shape: Shape | null): OpResult {
  return { output: tensor(shape, self.dtype), macs: 0 };
}
/** Elements in one sample when axis 0 is this run's batch (the static engine's runs), else null. */
function perSampleElements(shape: Shape | null, batch: number): number | null {
  if (!shape || shape.length === 0 || shape[0] !== batch) return null;
  const total = numel(shape);
  return total === null ? null : total / batch;
}

/** `view(-1, 400)` as the user wrote it, for messages. */
function callText(opName: string, items: readonly SizeItem[]): string {
  return `${opName}(${items.map((i) => (i.value === null ? '?' : String(i.value))).join(', ')})`;
}

/**
 * ATen's infer_size: the shape `view`/`reshape` give `items` on `self`. Throws PyTorch's errors, adding what one
 * sample holds when axis 0 is the batch, and warns when a leading -1 cuts rows across samples.
 */
function viewShape(ctx: OpContext, self: TensorValue, items: readonly SizeItem[], opName: string, mismatch?: () => string): Shape {
  // unflatten's part (a custom mismatch text) is no batched tensor: no per-sample wording.
  const batch = mismatch ? Number.NaN : ctx.batch;
  const inferred: number[] = [];
  items.forEach((item, i) => {
    if (item.value === null) return;
    if (item.value === -1) inferred.push(i);
    else if (item.value < 0) throw new TorchRuleError(`invalid shape dimension ${item.value}`, item.ref);
  });
  if (inferred.length > 1) throw new TorchRuleError('only one dimension can be inferred', items[inferred[1]].ref);
  const shapeList = listText(items.map((i) => i.value));
  const total = numel(self.shape);
  const known = items.every((i) => i.value !== null);
  const others = items.reduce<number | null>((acc, i) => (acc === null || i.value === null ? null : i.value === -1 ? acc : acc * i.value), 1);
  const out: Shape = items.map((i) => (i.value === -1 ? null : i.value));
  const sample = perSampleElements(self.shape, batch);
  const fix = sampleFix(items, batch, sample);
  const sampleNote = (): string => sample === null || !self.shape
    ? ''
    : ` (a ${batchShapeText(self.shape)} tensor at batch N = ${ctx.batch}: ${sample} elements per sample; ` +
      `${opName}(-1, ${sample}) or ${opName}(x.size(0), -1) keeps one row per sample)`;
  if (total === null || !known || others === null) return out;
  const invalid = (): TorchRuleError => new TorchRuleError(
    mismatch ? mismatch() : `shape '${shapeList}' is invalid for input of size ${total}${sampleNote()}`, fix?.ref, fix?.replacement);
  if (inferred.length === 0) {
    if (others !== total) throw invalid();
    return out;
  }
  if (others === 0) {
    throw new TorchRuleError(`cannot reshape tensor of ${total} elements into shape ${shapeList} because the unspecified dimension size -1 can be any value and is ambiguous`);
  }
  if (total % others !== 0) throw invalid();
  const minusOne = total / others;
  out[inferred[0]] = minusOne;
  ctx.derive(sample !== null
    ? `-1 = ${ctx.batch}·${sample} / ${others} = ${minusOne}`
    : `-1 = ${total} / ${others} = ${minusOne}`);
  if (inferred[0] === 0 && sample !== null && items.length > 1 && sample % others !== 0) {
    ctx.warn(
      `${callText(opName, items)} mixes samples: each sample of the ${batchShapeText(self.shape as Shape)} tensor has ${sample} elements, ` +
      `and rows of ${others} straddle two samples (it runs at batch ${ctx.batch} only because ${ctx.batch}·${sample} = ${total} divides by ${others}). ` +
      `${opName}(-1, ${sample}) or ${opName}(x.size(0), -1) keeps one row per sample.`,
      fix?.ref, fix?.replacement);
  }
  return out;
}

/** In `view(-1, k)` or `view(N, k)` the k to blame, and the per-sample size that makes it right. */
function sampleFix(items: readonly SizeItem[], batch: number, sample: number | null): { ref: string; replacement: number } | undefined {
  if (sample === null || items.length !== 2) return undefined;
  const [first, second] = items;
  if (first.value !== -1 && first.value !== batch) return undefined;
  if (second.value === null || second.value === sample) return undefined;
  return { ref: second.ref, replacement: sample };
}

function viewOp(names: string[], opName: string, description: string, tensorName: string, variadic: boolean): TensorOp {
  return {
    names,
    description,
    signature: [{ name: tensorName, required: true }, variadic ? { name: 'shape', variadic: true } : { name: 'shape', required: true }],
    recorded: true,
    drawing: 'reshape',
    backward: NOTHING_KEPT,
    apply(ctx) {
      const self = tensorInput(ctx, tensorName, opName);
      const items = sizeItems(ctx.inputs.shape, 'shape', opName, variadic);
      if (items === null) return same(self, null);
      const out = viewShape(ctx, self, items, opName);
      ctx.derive(`${shapeText(self.shape)} → ${shapeText(out)}`);
      return same(self, out);
    },
  };
}

/** unflatten(dim, sizes): one dim into several, one of them may be -1 (ATen's unflatten: infer_size on that dim). */
function unflattenOp(names: string[], tensorName: string): TensorOp {
  return {
    names,
    description: 'splits one dim into several (one of the sizes may be -1)',
    signature: [{ name: tensorName, required: true }, { name: 'dim', required: true }, { name: 'sizes', required: true }],
    recorded: true,
    drawing: 'reshape',
    backward: NOTHING_KEPT,
    apply(ctx) {
      const self = tensorInput(ctx, tensorName, 'unflatten');
      const dimArg = intValue(ctx.inputs.dim, 'dim', 'unflatten');
      const items = sizeItems(ctx.inputs.sizes, 'sizes', 'unflatten', false);
      if (!self.shape || dimArg === null || items === null) return same(self, null);
      if (items.length === 0) throw new TorchRuleError('unflatten: sizes must be non-empty', 'sizes');
      const dim = wrapDimArg(dimArg, self.shape.length, 'dim');
      const size = self.shape[dim];
      const part = viewShape(ctx, tensor([size], self.dtype), items, 'unflatten', () =>
        `unflatten: Provided sizes ${listText(items.map((i) => i.value))} don't multiply up to the size of dim ${dim} (${size ?? '?'}) in the input tensor`);
      return same(self, [...self.shape.slice(0, dim), ...part, ...self.shape.slice(dim + 1)]);
    },
  };
}

const viewAs: TensorOp = {
  names: ['Tensor.view_as', 'Tensor.reshape_as'],
  description: "views the tensor with another tensor's shape",
  signature: [SELF, { name: 'other', required: true }],
  recorded: true,
  drawing: 'reshape',
  backward: NOTHING_KEPT,
  apply(ctx) {
    const self = tensorInput(ctx, 'self', 'view_as');
    const other = tensorInput(ctx, 'other', 'view_as');
    if (!other.shape) return same(self, null);
    const items = other.shape.map((value, i) => ({ value, ref: `other.${i}` }));
    const total = numel(self.shape);
    const wanted = numel(other.shape);
    if (total !== null && wanted !== null && total !== wanted) {
      throw new TorchRuleError(`shape '${listText(other.shape)}' is invalid for input of size ${total}`);
    }
    return same(self, viewShape(ctx, self, items, 'view'));
  },
};

function flattenOp(names: string[], tensorName: string): TensorOp {
  return {
    names,
    description: 'flattens the dims start_dim..end_dim into one (torch.flatten starts at dim 0, nn.Flatten at 1)',
    signature: [{ name: tensorName, required: true }, { name: 'start_dim', default: 0 }, { name: 'end_dim', default: -1 }],
    recorded: true,
    drawing: 'reshape',
    backward: NOTHING_KEPT,
    apply(ctx) {
      const self = tensorInput(ctx, tensorName, 'flatten');
      const startArg = intValue(ctx.inputs.start_dim, 'start_dim', 'flatten');
      const endArg = intValue(ctx.inputs.end_dim, 'end_dim', 'flatten');
      if (!self.shape || startArg === null || endArg === null) return same(self, null);
      const rank = self.shape.length;
      const start = wrapDimArg(startArg, rank, 'start_dim');
      const end = wrapDimArg(endArg, rank, 'end_dim');
      if (start > end) throw new TorchRuleError('flatten() has invalid args: start_dim cannot come after end_dim', 'start_dim');
      if (rank === 0) return same(self, [1]);
      const merged = self.shape.slice(start, end + 1);
      const size = numel(merged);
      const out: Shape = [...self.shape.slice(0, start), size, ...self.shape.slice(end + 1)];
      if (merged.length > 1) ctx.derive(`flatten dims ${start}..${end}: ${merged.map((d) => d ?? '?').join('·')} = ${size ?? '?'}`);
      return same(self, out);
    },
  };
}

export const reshapingOps: readonly TensorOp[] = [
  viewOp(['Tensor.view'], 'view', "the same elements in a new shape (one -1 is inferred); a view, so the tensor's strides must allow it", 'self', true),
  viewOp(['Tensor.reshape'], 'reshape', 'the same elements in a new shape (one -1 is inferred)', 'self', true),
  viewOp(['torch.reshape'], 'reshape', 'the same elements in a new shape (one -1 is inferred)', 'input', false),
  viewAs,
  unflattenOp(['Tensor.unflatten'], 'self'),
  flattenOp(['Tensor.flatten'], 'self'),
  flattenOp(['torch.flatten'], 'input'),
];
