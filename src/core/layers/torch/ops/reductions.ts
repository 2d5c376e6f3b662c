// Reductions over dims: mean, sum, prod, amax/amin, max/min (with a dim: a (values, indices) tuple; with a tensor:
// the elementwise maximum), argmax/argmin, std/var. `dim` is one int or a tuple (prod: one int), `keepdim` keeps the
// reduced dims as size 1; without a dim the result is a 0-dim tensor. Dtypes as PyTorch: sums of integers are int64,
// means and variances need floats, arg-reductions give int64.
import type { Shape } from '../../../ir';
import type { BackwardRule } from '../../backward';
import { keepsInputs, keepsInputsAndOutput, keepsNothing } from '../../backward';
import type { CallValue, OpContext, OpResult, ParamSpec, TensorOp, TensorValue } from '../types';
import { TorchRuleError } from '../types';
import { broadcastShapes } from './broadcasting';
import { dtypeName, isFloating, isIntegral, legacyName, resultType } from './dtypes';
import { intValue, isTensor, isUnknown, numel, perSample, tensor, tensorInput, wrapDimArg } from './opValues';

type DtypeRule = 'keep' | 'float-only' | 'sum' | 'index' | 'variance';

interface ReductionSpec {
  readonly method: string;
  readonly dtype: DtypeRule;
  /** `all`: reduces everything when dim is None; `tuple`: dim may be a tuple; `int`: one dim only. */
  readonly dims: 'tuple' | 'int';
  /** Without a dim, amax reduces all dims from `dim=()`; the others from `dim=None`. */
  readonly dimDefault: null | readonly never[];
  readonly backward: BackwardRule;
  /** Products per input element (variance squares each deviation). */
  readonly productsPerElement?: number;
  readonly description: string;
  readonly acceptsDtype?: boolean;
  readonly acceptsUnbiased?: boolean;
}

/** The reduced dims, wrapped, or PyTorch's error for a repeated one; null when unknown. */
function reducedDims(value: CallValue | undefined, rank: number, spec: ReductionSpec, method: boolean): number[] | null | 'all' {
  if (value === null || value === undefined) return 'all';
  if (isUnknown(value)) return null;
  if (Array.isArray(value)) {
    if (spec.dims === 'int') throw new TorchRuleError(tupleDimError(spec.method, method), 'dim');
    if (value.length === 0) return 'all';
    const dims: number[] = [];
    for (let i = 0; i < value.length; i++) {
      const d = intValue((value as readonly CallValue[])[i], `dim.${i}`, spec.method);
      if (d === null) return null;
      const w = wrapDimArg(d, rank, `dim.${i}`);
      if (dims.includes(w)) throw new TorchRuleError(`dim ${w} appears multiple times in the list of dims`, `dim.${i}`);
      dims.push(w);
    }
    return dims;
  }
  const d = intValue(value, 'dim', spec.method);
  return d === null ? null : [wrapDimArg(d, rank, 'dim')];
}

/**
 * PyTorch's argument parser on a tuple where only one dim is allowed: a single signature names the argument; an
 * overloaded one (prod, max, min) lists what it got.
 */
function tupleDimError(name: string, method: boolean): string {
  if (name === 'argmax' || name === 'argmin') return `${name}(): argument 'dim' (position ${method ? 1 : 2}) must be int, not tuple`;
  return `${name}() received an invalid combination of arguments - got (${method ? '' : 'Tensor, '}tuple), but expected one of:`;
}

function outputDtype(spec: ReductionSpec, self: TensorValue, requested: CallValue | undefined): string {
  const asked = typeof requested === 'string' ? dtypeName(requested) : undefined;
  if (asked) return asked;
  switch (spec.dtype) {
    case 'keep': return self.dtype;
    case 'index': return 'int64';
    case 'sum': return isIntegral(self.dtype, true) ? 'int64' : self.dtype;
    case 'float-only':
      if (!isFloating(self.dtype)) {
        throw new TorchRuleError(`mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${legacyName(self.dtype)}`);
      }
      return self.dtype;
    case 'variance':
      if (!isFloating(self.dtype)) throw new TorchRuleError('std and var only support floating point and complex dtypes');
      return self.dtype;
  }
}

function reduce(ctx: OpContext, spec: ReductionSpec, self: TensorValue, method: boolean): { shape: Shape | null; dtype: string; macs: number | null } {
  const dtype = outputDtype(spec, self, ctx.inputs.dtype);
  const keepdim = ctx.inputs.keepdim === true;
  // Whether the reduced dims stay decides the rank: an unknown keepdim leaves the shape unknown.
  if (!self.shape || isUnknown(ctx.inputs.keepdim)) return { shape: null, dtype, macs: spec.productsPerElement ? null : 0 };
  const rank = self.shape.length;
  const dims = reducedDims(ctx.inputs.dim, rank, spec, method);
  if (dims === null) return { shape: null, dtype, macs: spec.productsPerElement ? null : 0 };
  const all = dims === 'all';
  const reduced = all ? self.shape.map((_, i) => i) : dims;
  const shape = self.shape;
  const out: Shape = all && !keepdim ? [] : shape.flatMap((d, i) => (reduced.includes(i) ? (keepdim ? [1] : []) : [d]));
  const products = spec.productsPerElement ? perSample(numel(shape), ctx.batch) : 0;
  if (spec.productsPerElement) ctx.derive(`MACs = one square per input element: ${numel(shape) ?? '?'} / batch ${ctx.batch} = ${products ?? '?'} per sample`);
  ctx.derive(`${spec.method} over dim${reduced.length === 1 ? '' : 's'} ${reduced.join(', ')}${keepdim ? ' (keepdim)' : ''}: ${shape.length ? `[${shape.map((d) => d ?? '?').join(', ')}]` : '[]'} → [${out.map((d) => d ?? '?').join(', ')}]`);
  return { shape: out, dtype, macs: products };
}

const KEEPDIM: ParamSpec = { name: 'keepdim', default: false };
const DTYPE: ParamSpec = { name: 'dtype', default: null, keywordOnly: true };

function reductionOp(names: string[], selfName: string, spec: ReductionSpec): TensorOp {
  const signature: ParamSpec[] = [{ name: selfName, required: true }, { name: 'dim', default: spec.dimDefault }];
  if (spec.acceptsUnbiased) signature.push({ name: 'unbiased', default: true });
  signature.push(KEEPDIM);
  if (spec.acceptsDtype) signature.push(DTYPE);
  if (spec.acceptsUnbiased) signature.push({ name: 'correction', default: null, keywordOnly: true });
  return {
    names,
    description: spec.description,
    signature,
    recorded: true,
    drawing: 'pool',
    backward: { idealAutograd: spec.backward },
    apply(ctx): OpResult {
      const self = tensorInput(ctx, selfName, spec.method);
      const { shape, dtype, macs } = reduce(ctx, spec, self, selfName === 'self');
      return { output: tensor(shape, dtype), macs };
    },
  };
}

/**
 * max/min: no dim → the 0-dim maximum; an int dim → (values, indices); a tensor → the elementwise maximum with
 * broadcasting (torch.max(a, b)).
 */
function extremumOp(names: string[], selfName: string, method: 'max' | 'min'): TensorOp {
  const spec: ReductionSpec = { method, dtype: 'keep', dims: 'int', dimDefault: null, backward: keepsInputsAndOutput, description: '' };
  return {
    names,
    description: `the ${method}imum: of all elements, along a dim (values and indices), or elementwise with another tensor`,
    signature: [{ name: selfName, required: true }, { name: 'dim', default: null }, KEEPDIM],
    recorded: true,
    drawing: 'pool',
    // The gradient goes to the arg-max: found from the input and the result (or the kept indices).
    backward: { idealAutograd: keepsInputsAndOutput },
    apply(ctx): OpResult {
      const self = tensorInput(ctx, selfName, method);
      const other = ctx.inputs.dim;
      if (isTensor(other)) {
        const dtype = resultType([self, other]);
        if (!self.shape || !other.shape) return { output: tensor(null, dtype), macs: 0 };
        return { output: tensor(broadcastShapes(self.shape, other.shape, ctx.batch, 'other'), dtype), macs: 0 };
      }
      const { shape, dtype } = reduce(ctx, spec, self, selfName === 'self');
      if (other === null || other === undefined) return { output: tensor(shape, dtype), macs: 0 };
      return { output: [tensor(shape, dtype), tensor(shape, 'int64')], macs: 0 };
    },
  };
}

const SPECS: readonly [string, ReductionSpec][] = [
  ['mean', { method: 'mean', dtype: 'float-only', dims: 'tuple', dimDefault: null, backward: keepsNothing, acceptsDtype: true, description: 'the mean over dims' }],
  ['sum', { method: 'sum', dtype: 'sum', dims: 'tuple', dimDefault: null, backward: keepsNothing, acceptsDtype: true, description: 'the sum over dims' }],
  // prod's gradient is prod / x: the input and the result.
  ['prod', { method: 'prod', dtype: 'sum', dims: 'int', dimDefault: null, backward: keepsInputsAndOutput, acceptsDtype: true, description: 'the product over a dim' }],
  ['amax', { method: 'amax', dtype: 'keep', dims: 'tuple', dimDefault: [], backward: keepsInputsAndOutput, description: 'the maximum over dims' }],
  ['amin', { method: 'amin', dtype: 'keep', dims: 'tuple', dimDefault: [], backward: keepsInputsAndOutput, description: 'the minimum over dims' }],
  ['argmax', { method: 'argmax', dtype: 'index', dims: 'int', dimDefault: null, backward: keepsNothing, description: 'the index of the maximum' }],
  ['argmin', { method: 'argmin', dtype: 'index', dims: 'int', dimDefault: null, backward: keepsNothing, description: 'the index of the minimum' }],
  // var's gradient is 2(x − mean)/n: the input; std's divides that by std: the input and the result.
  ['var', { method: 'var', dtype: 'variance', dims: 'tuple', dimDefault: null, backward: keepsInputs, productsPerElement: 1, acceptsUnbiased: true, description: 'the variance over dims' }],
  ['std', { method: 'std', dtype: 'variance', dims: 'tuple', dimDefault: null, backward: keepsInputsAndOutput, productsPerElement: 1, acceptsUnbiased: true, description: 'the standard deviation over dims' }],
];

export const reductionOps: readonly TensorOp[] = [
  ...SPECS.flatMap(([name, spec]) => [reductionOp([`Tensor.${name}`], 'self', spec), reductionOp([`torch.${name}`], 'input', spec)]),
  extremumOp(['Tensor.max'], 'self', 'max'),
  extremumOp(['torch.max'], 'input', 'max'),
  extremumOp(['Tensor.min'], 'self', 'min'),
  extremumOp(['torch.min'], 'input', 'min'),
];
