// Reading a rule's inputs and arguments (the plain values of types.ts) the way PyTorch reads them: tensors and their
// shapes, integer/bool/float arguments that may be unknown, dimension indices with PyTorch's wrap-around and its
// "Dimension out of range" error. Shared by the non-spatial families (linear, activations, dropout, reshaping,
// embedding, recurrent). Unknown stays unknown: a null shape or dimension is never replaced by a number.
import type { Shape } from '../../ir';
import type { ArgValue, Args, CallValue, TensorValue } from './types';
import { TorchRuleError } from './types';

/** A tensor result. */
export function tensor(shape: Shape | null, dtype = 'float32'): TensorValue {
  return { kind: 'tensor', shape, dtype };
}

export function isTensor(value: CallValue | undefined): value is TensorValue {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && (value as { kind?: unknown }).kind === 'tensor';
}

export function isUnknown(value: CallValue | undefined): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && (value as { kind?: unknown }).kind === 'unknown';
}

/** Python's type name of a non-tensor value, for PyTorch's "must be Tensor, not int" errors. */
function pythonTypeName(value: CallValue | undefined): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return 'tuple';
  return 'object';
}

/**
 * The tensor bound to forward's parameter `name`. A value the interpreter could not follow is a tensor of unknown
 * shape (what is known downstream is still worked out); anything else is PyTorch's TypeError.
 */
export function tensorInput(inputs: Readonly<Record<string, CallValue>>, name: string, owner: string): TensorValue {
  const value = inputs[name];
  if (isTensor(value)) return value;
  if (isUnknown(value)) return tensor(null);
  // PyTorch's binding error names the function and the position: relu(): argument 'input' (position 1) must be Tensor, not int.
  const position = name === 'input' ? ' (position 1)' : '';
  throw new TorchRuleError(`${owner}(): argument '${name}'${position} must be Tensor, not ${pythonTypeName(value)}`);
}

/** An optional tensor input (`hx=None`): undefined when None. */
export function optionalTensorInput(inputs: Readonly<Record<string, CallValue>>, name: string, owner: string): TensorValue | undefined {
  const value = inputs[name];
  if (value === null || value === undefined) return undefined;
  return tensorInput(inputs, name, owner);
}

/** An argument that may be unknown to the interpreter: undefined then. */
function known(value: ArgValue | undefined): ArgValue | undefined {
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && (value as { kind?: unknown }).kind === 'unknown') return undefined;
  return value;
}

/** An integer argument; null when unknown. Throws PyTorch's TypeError for a non-integer. */
export function intArg(args: Args, name: string, owner: string): number | null {
  const value = known(args[name]);
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    // PyTorch's own TypeError comes from deep inside (`empty(): argument 'size' must be tuple of SymInts, but found
    // element of type float at pos 2`); say which argument of the layer it is.
    const got = typeof value === 'number' ? `${value} (a float)` : pythonTypeName(value as CallValue);
    throw new TorchRuleError(`${owner}: ${name} must be an int, got ${got}`, name);
  }
  return value;
}

/** An optional integer argument (`padding_idx=None`): undefined when None, null when unknown. */
export function optionalIntArg(args: Args, name: string, owner: string): number | null | undefined {
  if (args[name] === null || args[name] === undefined) return undefined;
  return intArg(args, name, owner);
}

/** A number argument (float or int); null when unknown. */
export function numberArg(args: Args, name: string): number | null {
  const value = known(args[name]);
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return null;
}

/** A bool argument; null when unknown. Python truthiness for numbers (`bias=0`). */
export function boolArg(args: Args, name: string): boolean | null {
  const value = known(args[name]);
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (value === null) return false;
  return null;
}

/** A string argument; null when unknown. */
export function stringArg(args: Args, name: string): string | null {
  const value = known(args[name]);
  return typeof value === 'string' ? value : null;
}

/**
 * The shape of a tensor a constructor creates (`torch.empty(out_features, in_features)`): PyTorch's error for a
 * negative size, `Trying to create tensor with negative dimension -1: [120, -1]`, blaming the argument that gave it.
 */
export function createdShape(dims: readonly { size: number; arg: string }[]): number[] {
  const shape = dims.map((d) => d.size);
  const negative = dims.find((d) => d.size < 0);
  if (negative) throw new TorchRuleError(`Trying to create tensor with negative dimension ${negative.size}: ${shapeList(shape)}`, negative.arg);
  return shape;
}

/** PyTorch's bracket notation for a shape in messages: `[2, 16, 5, 5]`, `?` for unknown. */
export function shapeList(shape: Shape | readonly number[] | null): string {
  if (!shape) return '[?]';
  return `[${shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;
}

/** A shape in derivation lines: `(2, 16, 5, 5)`. */
export function shapeTuple(shape: Shape | readonly number[] | null): string {
  if (!shape) return 'unknown';
  return `(${shape.map((d) => (d === null ? '?' : String(d))).join(', ')})`;
}

/**
 * `dim` resolved against `rank` as PyTorch does (negative counts from the end; a 0-d tensor takes -1 and 0), or
 * PyTorch's IndexError: `Dimension out of range (expected to be in range of [-2, 1], but got 2)`.
 */
export function wrapDim(dim: number, rank: number, arg?: string): number {
  const r = Math.max(rank, 1);
  if (dim < -r || dim >= r) {
    throw new TorchRuleError(`Dimension out of range (expected to be in range of [${-r}, ${r - 1}], but got ${dim})`, arg);
  }
  return dim < 0 ? dim + r : dim;
}

/** Product of dims; null when any is unknown. */
export function productOf(dims: readonly (number | null)[]): number | null {
  let result = 1;
  for (const d of dims) {
    if (d === null) return null;
    result *= d;
  }
  return result;
}

/**
 * Elements of one sample when the batch is on `batchAxis` (0 for most layers; 1 for a sequence-first RNN's input);
 * null when the shape or a dim is unknown. An input without that axis is one sample.
 */
export function elementsPerSample(shape: Shape | null, batchAxis = 0): number | null {
  if (!shape) return null;
  return productOf(shape.filter((_, i) => i !== batchAxis));
}

/** A count in a derivation line, `?` when unknown. */
export function count(value: number | null | undefined): string {
  return value === null || value === undefined ? '?' : String(value);
}

/** null-propagating product of two counts. */
export function times(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a * b;
}

/** null-propagating sum. */
export function plus(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a + b;
}

/**
 * Set in the module arguments a functional form maps to (`F.linear(x, w)`): the weights are the caller's tensors, not
 * the layer's parameters, so no params line is derived (the same marker the spatial rules use).
 */
export const FUNCTIONAL = '_functional';

/**
 * A module's parameter count with its factors, for the derivation: `params = 400·120 + 120 = 48120 (weight [120, 400]
 * + bias [120])`. Nothing for a functional call or unknown shapes.
 */
export function deriveParams(ctx: { args: Args; derive(line: string): void }, parameters: readonly { name: string; shape: readonly number[] }[] | null): void {
  if (!parameters || ctx.args[FUNCTIONAL] === true || parameters.length === 0) return;
  const sizes = parameters.map((p) => p.shape.reduce((a, b) => a * b, 1));
  const total = sizes.reduce((a, b) => a + b, 0);
  const factors = parameters.map((p) => (p.shape.length > 1 ? p.shape.join('·') : String(p.shape[0] ?? 1))).join(' + ');
  const names = parameters.map((p) => `${p.name} [${p.shape.join(', ')}]`).join(' + ');
  ctx.derive(`params = ${factors === String(total) ? '' : `${factors} = `}${total} (${names})`);
}

/** An unknown argument value, with why (for functional forms whose module argument comes from an unknown tensor). */
export function unknownArg(why: string): ArgValue {
  return { kind: 'unknown', why };
}
