// Reading the spatial layers' arguments and inputs as PyTorch reads them: an int or a tuple per spatial axis
// (torch.nn.modules.utils._pair and friends), the input tensor with its optional batch axis, shapes as PyTorch prints
// them. An argument the interpreter could not follow reads as null (unknown), never as a default.
import type { Shape } from '../../ir';
import type { ArgValue, Args, CallValue, TensorValue } from './types';
import { TorchRuleError } from './types';

/** True for a value the interpreter could not follow. */
export function isUnknownValue(v: CallValue | undefined): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && (v as { kind?: string }).kind === 'unknown';
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

/** An int argument; null when unknown. A bool is an int in Python (True = 1). */
export function intArg(args: Args, name: string): number | null {
  const v = args[name];
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (isInt(v)) return v;
  if (v === undefined || isUnknownValue(v)) return null;
  throw new TorchRuleError(`${name} must be an int, but got ${pyRepr(v)}`, name);
}

/** A number argument (int or float); null when unknown. */
export function numberArg(args: Args, name: string): number | null {
  const v = args[name];
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v === undefined || isUnknownValue(v)) return null;
  throw new TorchRuleError(`${name} must be a number, but got ${pyRepr(v)}`, name);
}

/** A bool argument (Python truthiness of ints); null when unknown. */
export function boolArg(args: Args, name: string): boolean | null {
  const v = args[name];
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (v === null) return false;
  return null;
}

/**
 * An int-or-tuple argument expanded to `rank` values (an int repeats, as `_pair(3)` = (3, 3)); a tuple of one
 * also repeats (the pools accept it). null when unknown or when any element is unknown.
 */
export function intTupleArg(args: Args, name: string, rank: number, what: string): number[] | null {
  const v = args[name];
  if (v === undefined || isUnknownValue(v)) return null;
  if (typeof v === 'boolean') return Array<number>(rank).fill(v ? 1 : 0);
  if (isInt(v)) return Array<number>(rank).fill(v);
  if (Array.isArray(v)) {
    const list = v as readonly ArgValue[];
    if (list.some((e) => isUnknownValue(e))) return null;
    if (!list.every(isInt)) throw new TorchRuleError(`${name} must be a tuple of ints, but got ${pyRepr(v)}`, name);
    const ints = list as readonly number[];
    if (ints.length === rank) return [...ints];
    if (ints.length === 1) return Array<number>(rank).fill(ints[0]);
    throw new TorchRuleError(
      `expected ${name} to be a single integer value or a list of ${rank} values to match the ${what} dimensions, but got ${name}=${pyRepr(v)}`,
      name,
    );
  }
  throw new TorchRuleError(`${name} must be an int or a tuple of ints, but got ${pyRepr(v)}`, name);
}

/** A Python-looking repr of a plain value, for messages. */
export function pyRepr(v: ArgValue | CallValue): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return `[${(v as readonly CallValue[]).map(pyRepr).join(', ')}]`;
  const kind = (v as { kind: string }).kind;
  if (kind === 'tensor') return `Tensor${shapeText((v as TensorValue).shape)}`;
  return '?';
}

/** A shape as PyTorch prints it in messages: `[2, 16, 12, 12]`, unknown dims as `?`. */
export function shapeText(shape: Shape | readonly (number | null)[] | null): string {
  if (!shape) return '[?]';
  return `[${shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;
}

/** The input as a tensor: an unknown value is a tensor of unknown shape. */
export function tensorArg(value: CallValue | undefined, name = 'input'): TensorValue {
  if (value !== undefined && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const kind = (value as { kind: string }).kind;
    if (kind === 'tensor') return value as TensorValue;
    if (kind === 'unknown') return { kind: 'tensor', shape: null, dtype: 'float32' };
  }
  if (value === undefined) throw new TorchRuleError(`missing required argument '${name}'`, name);
  throw new TorchRuleError(`${name} must be a Tensor, not ${pyRepr(value)}`, name);
}

/** An optional tensor argument (`bias=None`): null when None. */
export function optionalTensorArg(value: CallValue | undefined, name: string): TensorValue | null {
  if (value === null || value === undefined) return null;
  return tensorArg(value, name);
}

/**
 * A spatial input split as PyTorch sees it: `rank + 2` dims are batched (N, C, spatial…), `rank + 1` unbatched
 * (C, spatial…). Unknown rank: batched is unknown too.
 */
export interface SpatialInput {
  readonly shape: Shape | null;
  /** null when the rank is unknown. */
  readonly batched: boolean | null;
  readonly batch: number | null;
  readonly channels: number | null;
  /** One entry per spatial axis; all null when the rank is unknown. */
  readonly spatial: (number | null)[];
}

export function spatialInput(tensor: TensorValue, rank: SpatialRank): SpatialInput | 'wrong rank' {
  const shape = tensor.shape;
  if (!shape) return { shape, batched: null, batch: null, channels: null, spatial: Array<null>(rank).fill(null) };
  if (shape.length === rank + 2) return { shape, batched: true, batch: shape[0], channels: shape[1], spatial: shape.slice(2) };
  if (shape.length === rank + 1) return { shape, batched: false, batch: null, channels: shape[0], spatial: shape.slice(1) };
  return 'wrong rank';
}

type SpatialRank = 1 | 2 | 3;

/** The output shape for a spatial input: the batch axis kept when there was one; unknown rank → [null, C, …]. */
export function spatialOutput(input: SpatialInput, channels: number | null, spatial: readonly (number | null)[]): Shape {
  if (input.batched === false) return [channels, ...spatial];
  return [input.batch, channels, ...spatial];
}

/** `3 x 9 x 9` as PyTorch joins sizes in its pooling and convolution messages. */
export function xJoin(values: readonly (number | null)[], sep = ' x '): string {
  return values.map((v) => (v === null ? '?' : String(v))).join(sep);
}

/**
 * F.pad's reflect error (PyTorch 1.13): `j` counts the padded axes from the last; the input is named by its rank for
 * 2-D padding and by its shape for 1-D and 3-D (the three kernels word it differently).
 */
export function reflectionPadMessage(paddedAxes: number, j: number, before: number, after: number, dim: number, shape: Shape): string {
  const input = paddedAxes === 2 ? String(shape.length) : shapeText(shape);
  return `Argument #${4 + 2 * j}: Padding size should be less than the corresponding input dimension, but got: padding (${before}, ${after}) at dimension ${dim} of input ${input}`;
}
