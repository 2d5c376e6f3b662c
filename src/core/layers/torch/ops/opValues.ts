// Reading an op's bound arguments and writing its results: tensors, integers, dims and shapes as PyTorch takes them
// (a variadic size or one tuple, negative dims), with PyTorch's own errors. An unknown value stays unknown (null).
import type { Shape } from '../../../ir';
import type { ArgRef, CallValue, OpContext, TensorValue, UnknownValue } from '../types';
import { TorchRuleError } from '../types';

export function isTensor(value: CallValue | undefined): value is TensorValue {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && (value as { kind?: string }).kind === 'tensor';
}

export function isUnknown(value: CallValue | undefined): value is UnknownValue {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && (value as { kind?: string }).kind === 'unknown';
}

export function tensor(shape: Shape | null, dtype: string): TensorValue {
  return { kind: 'tensor', shape, dtype };
}

export function unknown(why: string): UnknownValue {
  return { kind: 'unknown', why };
}

/**
 * The tensor bound to `name`. A value the interpreter could not follow is a tensor of unknown shape (its dtype
 * defaults to float32, the only thing assumed); anything else is PyTorch's TypeError.
 */
export function tensorInput(ctx: OpContext, name: string, opName: string): TensorValue {
  const value = ctx.inputs[name];
  if (isTensor(value)) return value;
  if (isUnknown(value)) return tensor(null, 'float32');
  throw new TorchRuleError(`${opName}(): argument '${name}' must be Tensor, not ${pythonTypeName(value)}`, name);
}

export function pythonTypeName(value: CallValue | undefined): string {
  if (value === undefined || value === null) return 'NoneType';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return 'tuple';
  const kind = (value as { kind: string }).kind;
  return kind === 'tensor' ? 'Tensor' : kind;
}

/** An integer argument: its value, null when unknown; PyTorch's TypeError for anything else. */
export function intValue(value: CallValue | undefined, ref: ArgRef, opName: string): number | null {
  if (isUnknown(value)) return null;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  throw new TorchRuleError(`${opName}(): argument '${ref}' must be int, not ${pythonTypeName(value)}`, ref);
}

/** An element of a size list with where it was written (`shape.1`, or `shape.0.1` inside one tuple argument). */
export interface SizeItem {
  readonly value: number | null;
  readonly ref: ArgRef;
}

/**
 * A size given either variadically (`view(-1, 400)`) or as one tuple/list/torch.Size (`view((-1, 400))`): both are
 * what PyTorch's IntArrayRef parsing accepts. Null when the whole size is unknown.
 */
export function sizeItems(value: CallValue | undefined, name: string, opName: string, variadic: boolean): SizeItem[] | null {
  if (isUnknown(value)) return null;
  if (!Array.isArray(value)) {
    if (typeof value === 'number') return [{ value: intValue(value, name, opName), ref: name }];
    throw new TorchRuleError(`${opName}(): argument '${name}' must be tuple of ints, not ${pythonTypeName(value)}`, name);
  }
  const items = value as readonly CallValue[];
  if (variadic && items.length === 1 && (Array.isArray(items[0]) || isUnknown(items[0]))) {
    return sizeItems(items[0], `${name}.0`, opName, false);
  }
  return items.map((item, i) => ({ value: intValue(item, `${name}.${i}`, opName), ref: `${name}.${i}` }));
}

/** A dim index as PyTorch wraps it (`-1` is the last); PyTorch's IndexError text when out of range. */
export function wrapDim(dim: number, rank: number): number {
  const size = Math.max(rank, 1);
  if (dim < -size || dim >= size) {
    throw new TorchRuleError(`Dimension out of range (expected to be in range of [${-size}, ${size - 1}], but got ${dim})`);
  }
  return dim < 0 ? dim + size : dim;
}

/** Like wrapDim, blaming the argument that gave the dim. */
export function wrapDimArg(dim: number, rank: number, ref: ArgRef): number {
  try {
    return wrapDim(dim, rank);
  } catch (e) {
    if (e instanceof TorchRuleError) throw new TorchRuleError(e.message, ref);
    throw e;
  }
}

/** Elements of a shape; null when any dim (or the shape) is unknown. */
export function numel(shape: Shape | null): number | null {
  if (!shape) return null;
  let n = 1;
  for (const d of shape) {
    if (d === null) return null;
    n *= d;
  }
  return n;
}

/** `[2, 16, 4, 4]`, PyTorch's list notation; `?` for an unknown dim. */
export function listText(values: readonly (number | null)[]): string {
  return `[${values.map((v) => (v === null ? '?' : String(v))).join(', ')}]`;
}

/** A shape for messages: the list notation, or `unknown`. */
export function shapeText(shape: Shape | null): string {
  return shape ? listText(shape) : 'unknown';
}

/** The first dim written `N` (the batch): `[N, 16, 4, 4]`, for per-sample wording. */
export function batchShapeText(shape: Shape): string {
  return `[${['N', ...shape.slice(1).map((v) => (v === null ? '?' : String(v)))].join(', ')}]`;
}

/** A Python list or tuple argument's items (one value alone is a one-item list); null when unknown. */
export function listItems(value: CallValue | undefined): readonly CallValue[] | null {
  if (isUnknown(value)) return null;
  if (Array.isArray(value)) return value as readonly CallValue[];
  return [value as CallValue];
}

/**
 * Per-sample MACs from a count over the whole call: the static engine runs at a concrete batch, and the count of an
 * op on batched tensors is the batch times the per-sample count.
 */
export function perSample(total: number | null, batch: number): number | null {
  return total === null ? null : total / batch;
}
