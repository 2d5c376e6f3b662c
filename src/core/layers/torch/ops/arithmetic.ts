// Elementwise arithmetic: the operators (`+`, `-`, `*`, `/`, `**`, unary `-`, their reflected and in-place forms),
// torch.add/sub/mul/div/pow and the methods, and the elementwise functions exp/log/sqrt/abs/clamp. Shapes broadcast
// as PyTorch broadcasts; dtypes follow its type promotion (true division of integers gives the default float).
// MACs count products (`*`, `/`: one per output element, as the Keras catalogue's Multiply), not sums, powers or
// nonlinearities.
import type { Shape } from '../../../ir';
import type { BackwardRule } from '../../backward';
import { keepsInputs, keepsInputsAndOutput, keepsNothing, keepsOutput } from '../../backward';
import type { CallValue, OpContext, OpResult, ParamSpec, TensorOp, TensorValue } from '../types';
import { TorchRuleError } from '../types';
import { broadcastShapes } from './broadcasting';
import { DEFAULT_FLOAT, canCast, isFloating, isIntegral, legacyName, resultType } from './dtypes';
import { isTensor, isUnknown, listText, numel, perSample, pythonTypeName, tensor, tensorInput } from './opValues';

type BinaryKind = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'rpow' | 'floordiv' | 'mod' | 'and' | 'or' | 'xor' | 'compare';

const SYMBOL: Record<BinaryKind, string> = {
  add: '+', sub: '-', mul: '*', div: '/', pow: '**', rpow: '**', floordiv: '//', mod: '%', and: '&', or: '|', xor: '^', compare: '==',
};

const WHAT: Record<BinaryKind, string> = {
  add: 'sum', sub: 'difference', mul: 'product', div: 'quotient', pow: 'power', rpow: 'power', floordiv: 'floor division',
  mod: 'remainder', and: 'bitwise and', or: 'bitwise or', xor: 'bitwise xor', compare: 'comparison (a bool tensor)',
};

/**
 * What each kind's backward keeps: sums nothing; a product or quotient its operands; x**y its operands and result
 * (2**x only its result); a remainder's gradient for the divisor needs floor(a / b), so both operands. Floor
 * division, bitwise ops and comparisons have no gradient.
 */
const BACKWARD: Record<BinaryKind, BackwardRule> = {
  add: keepsNothing, sub: keepsNothing, mul: keepsInputs, div: keepsInputs, pow: keepsInputsAndOutput, rpow: keepsOutput,
  floordiv: keepsNothing, mod: keepsInputs, and: keepsNothing, or: keepsNothing, xor: keepsNothing, compare: keepsNothing,
};

const BITWISE_KERNEL: Partial<Record<BinaryKind, string>> = { and: 'bitwise_and_cpu', or: 'bitwise_or_cpu', xor: 'bitwise_xor_cpu' };

interface BinarySpec {
  readonly names: readonly string[];
  readonly kind: BinaryKind;
  /** The tensor parameter's name: `self` for methods and operators, `input` for torch functions. */
  readonly selfName: string;
  /** The other operand's parameter name: `other`, `exponent`. */
  readonly otherName: string;
  readonly inPlace?: boolean;
  /** Keyword-only extras after `other` (`alpha`, `rounding_mode`, `out`). */
  readonly extras?: readonly ParamSpec[];
  /** The operator as written, for messages (comparisons: `<`, `>=`, …). */
  readonly symbol?: string;
  /** `__rsub__` etc.: the other operand (a number) is on the left. */
  readonly reflected?: boolean;
}

/** The other operand as a shape: a Python number broadcasts like a 0-dim tensor; null when unknown. */
function operandShape(value: CallValue | undefined, symbol: string): Shape | null {
  if (isTensor(value)) return value.shape;
  if (typeof value === 'number' || typeof value === 'boolean') return [];
  if (isUnknown(value)) return null;
  throw new TorchRuleError(`unsupported operand type(s) for ${symbol}: 'Tensor' and '${pythonTypeName(value)}'`);
}

function binaryOp(spec: BinarySpec): TensorOp {
  const symbol = spec.symbol ?? SYMBOL[spec.kind];
  return {
    names: spec.names,
    description: `elementwise ${WHAT[spec.kind]} with broadcasting`,
    signature: [{ name: spec.selfName, required: true }, { name: spec.otherName, required: true }, ...(spec.extras ?? [])],
    recorded: true,
    drawing: 'merge',
    backward: { idealAutograd: BACKWARD[spec.kind] },
    apply(ctx) {
      const self = tensorInput(ctx, spec.selfName, spec.names[0]);
      const other = ctx.inputs[spec.otherName];
      const otherShape = operandShape(other, symbol);
      const roundingMode = ctx.inputs.rounding_mode;
      const dtype = binaryDtype(spec, self, other, roundingMode);
      if (spec.kind === 'div' && typeof roundingMode === 'string' && roundingMode !== 'trunc' && roundingMode !== 'floor') {
        throw new TorchRuleError(`div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '${roundingMode}'`, 'rounding_mode');
      }
      if (spec.kind === 'sub') checkBoolSubtraction(self, other);
      if (spec.kind === 'pow' && isIntegral(self.dtype, false) && typeof other === 'number' && Number.isInteger(other) && other < 0) {
        throw new TorchRuleError('Integers to negative integer powers are not allowed.', spec.otherName);
      }
      // In place, the result must cast back to x's dtype: PyTorch checks that before running the kernel.
      if (spec.inPlace) checkInPlaceDtype(self, dtype);
      const bitwise = BITWISE_KERNEL[spec.kind];
      if (bitwise && !isIntegral(dtype, true)) throw new TorchRuleError(`"${bitwise}" not implemented for '${legacyName(dtype)}'`);
      if (!self.shape || !otherShape) {
        return { output: tensor(spec.inPlace ? self.shape : null, spec.inPlace ? self.dtype : dtype), macs: spec.kind === 'mul' || spec.kind === 'div' ? null : 0 };
      }
      const out = broadcastShapes(self.shape, otherShape, ctx.batch, spec.otherName);
      if (spec.inPlace) checkInPlace(self, out);
      const otherText = isTensor(other) ? listText(otherShape) : String(other);
      const [left, right] = spec.reflected ? [otherText, listText(self.shape)] : [listText(self.shape), otherText];
      ctx.derive(`${left} ${symbol} ${right} → ${listText(out)}${sameShape(self.shape, out) && sameShape(otherShape, out) ? '' : ' (broadcast)'}`);
      return { output: tensor(spec.inPlace ? self.shape : out, spec.inPlace ? self.dtype : dtype), macs: binaryMacs(ctx, spec, out) };
    },
  };
}

function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** The result's dtype: promoted; true division (no rounding_mode) of integers gives the default float. */
function binaryDtype(spec: BinarySpec, self: TensorValue, other: CallValue | undefined, roundingMode: CallValue | undefined): string {
  if (spec.kind === 'compare') return 'bool';
  if (isUnknown(other)) return self.dtype;
  const promoted = resultType([self, other as CallValue]);
  const trueDivision = spec.kind === 'div' && typeof roundingMode !== 'string';
  return trueDivision && !isFloating(promoted) ? DEFAULT_FLOAT : promoted;
}

/** ATen's sub_check: `-` refuses bool tensors (the mask idioms are `~` and `^`). */
function checkBoolSubtraction(self: TensorValue, other: CallValue | undefined): void {
  const otherBool = (isTensor(other) && other.dtype === 'bool') || typeof other === 'boolean';
  if (self.dtype === 'bool' && otherBool) {
    throw new TorchRuleError('Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.');
  }
  if (self.dtype === 'bool' || otherBool) {
    throw new TorchRuleError('Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.');
  }
}

/** PyTorch's check on `x += y`: the broadcast result keeps x's shape. */
function checkInPlace(self: TensorValue, out: Shape): void {
  const shape = self.shape as Shape;
  const differs = out.length !== shape.length || out.some((d, i) => d !== null && shape[i] !== null && d !== shape[i]);
  if (differs) throw new TorchRuleError(`output with shape ${listText(shape)} doesn't match the broadcast shape ${listText(out)}`);
}

function checkInPlaceDtype(self: TensorValue, dtype: string): void {
  if (!canCast(dtype, self.dtype)) {
    throw new TorchRuleError(`result type ${legacyName(dtype)} can't be cast to the desired output type ${legacyName(self.dtype)}`);
  }
}

function binaryMacs(ctx: OpContext, spec: BinarySpec, out: Shape): number | null {
  if (spec.kind !== 'mul' && spec.kind !== 'div') return 0;
  const total = numel(out);
  const macs = perSample(total, ctx.batch);
  ctx.derive(`MACs = ${total ?? '?'} products / batch ${ctx.batch} = ${macs ?? '?'} per sample`);
  return macs;
}

function operator(kind: BinaryKind, dunder: string): TensorOp[] {
  return [binaryOp({ names: [`Tensor.__${dunder}__`], kind, selfName: 'self', otherName: 'other', reflected: dunder.startsWith('r') })];
}

const ALPHA: ParamSpec = { name: 'alpha', default: 1, keywordOnly: true };
const OUT: ParamSpec = { name: 'out', default: null, keywordOnly: true };
const ROUNDING_MODE: ParamSpec = { name: 'rounding_mode', default: null, keywordOnly: true };

/** `~x`: bitwise not, for bool and integer tensors only. */
const invert: TensorOp = {
  names: ['Tensor.__invert__'],
  description: 'elementwise not (bool and integer tensors)',
  signature: [{ name: 'self', required: true }],
  recorded: true,
  drawing: 'merge',
  backward: { idealAutograd: keepsNothing },
  apply(ctx) {
    const self = tensorInput(ctx, 'self', '__invert__');
    if (!isIntegral(self.dtype, true)) {
      throw new TorchRuleError(`~ (operator.invert) is only implemented on integer and Boolean-type tensors (this one is ${self.dtype})`);
    }
    return { output: tensor(self.shape, self.dtype), macs: 0 };
  },
};

const negation: TensorOp[] = [
  unaryOp(['Tensor.__neg__', 'Tensor.neg'], 'self', 'negation', keepsNothing, false),
  unaryOp(['torch.neg'], 'input', 'negation', keepsNothing, false),
];

/** An elementwise function of one tensor: same shape; exp/log/sqrt give floats for integer inputs. */
function unaryOp(names: string[], selfName: string, what: string, backward: BackwardRule, toFloat: boolean, extras: readonly ParamSpec[] = []): TensorOp {
  return {
    names,
    description: `elementwise ${what}`,
    signature: [{ name: selfName, required: true }, ...extras],
    recorded: true,
    drawing: what === 'negation' ? 'merge' : 'activation',
    backward: { idealAutograd: backward },
    apply(ctx): OpResult {
      const self = tensorInput(ctx, selfName, names[0]);
      if (what === 'negation' && self.dtype === 'bool') {
        throw new TorchRuleError('Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.');
      }
      const extraValues = extras.map((p) => ctx.inputs[p.name]).filter((v): v is CallValue => v !== null && v !== undefined && !isUnknown(v));
      if (names[0].endsWith('clamp') && extras.every((p) => ctx.inputs[p.name] === null || ctx.inputs[p.name] === undefined)) {
        throw new TorchRuleError("torch.clamp: At least one of 'min' or 'max' must not be None");
      }
      let dtype = extraValues.length > 0 ? resultType([self, ...extraValues]) : self.dtype;
      if (toFloat && !isFloating(dtype)) dtype = DEFAULT_FLOAT;
      for (const v of extraValues) {
        if (isTensor(v) && v.shape && self.shape) broadcastShapes(self.shape, v.shape, ctx.batch);
      }
      return { output: tensor(self.shape, dtype), macs: 0 };
    },
  };
}

const CLAMP_BOUNDS: readonly ParamSpec[] = [{ name: 'min', default: null }, { name: 'max', default: null }];

function elementwiseFunctions(): TensorOp[] {
  const functions: [string, string, BackwardRule, boolean][] = [
    // exp' = exp (the output); log' = 1/x and |x|' = sign(x) (the input); sqrt' = 1/(2·sqrt(x)) (the output).
    ['exp', 'exponential', keepsOutput, true],
    ['log', 'natural logarithm', keepsInputs, true],
    ['sqrt', 'square root', keepsOutput, true],
    ['abs', 'absolute value', keepsInputs, false],
  ];
  const ops: TensorOp[] = [];
  for (const [name, what, backward, toFloat] of functions) {
    ops.push(unaryOp([`Tensor.${name}`], 'self', what, backward, toFloat));
    ops.push(unaryOp([`torch.${name}`], 'input', what, backward, toFloat));
  }
  // clamp's gradient is dy where min ≤ x ≤ max: a mask computed from the input.
  ops.push(unaryOp(['Tensor.clamp', 'Tensor.clip'], 'self', 'clamp', keepsInputs, false, CLAMP_BOUNDS));
  ops.push(unaryOp(['torch.clamp', 'torch.clip'], 'input', 'clamp', keepsInputs, false, CLAMP_BOUNDS));
  return ops;
}

export const arithmeticOps: readonly TensorOp[] = [
  ...operator('add', 'add'), ...operator('add', 'radd'),
  binaryOp({ names: ['Tensor.__iadd__'], kind: 'add', selfName: 'self', otherName: 'other', inPlace: true }),
  binaryOp({ names: ['Tensor.add'], kind: 'add', selfName: 'self', otherName: 'other', extras: [ALPHA] }),
  binaryOp({ names: ['Tensor.add_'], kind: 'add', selfName: 'self', otherName: 'other', inPlace: true, extras: [ALPHA] }),
  binaryOp({ names: ['torch.add'], kind: 'add', selfName: 'input', otherName: 'other', extras: [ALPHA, OUT] }),
  ...operator('sub', 'sub'), ...operator('sub', 'rsub'),
  binaryOp({ names: ['Tensor.__isub__'], kind: 'sub', selfName: 'self', otherName: 'other', inPlace: true }),
  binaryOp({ names: ['Tensor.sub'], kind: 'sub', selfName: 'self', otherName: 'other', extras: [ALPHA] }),
  binaryOp({ names: ['torch.sub'], kind: 'sub', selfName: 'input', otherName: 'other', extras: [ALPHA, OUT] }),
  ...operator('mul', 'mul'), ...operator('mul', 'rmul'),
  binaryOp({ names: ['Tensor.__imul__'], kind: 'mul', selfName: 'self', otherName: 'other', inPlace: true }),
  binaryOp({ names: ['Tensor.mul'], kind: 'mul', selfName: 'self', otherName: 'other' }),
  binaryOp({ names: ['Tensor.mul_'], kind: 'mul', selfName: 'self', otherName: 'other', inPlace: true }),
  binaryOp({ names: ['torch.mul'], kind: 'mul', selfName: 'input', otherName: 'other', extras: [OUT] }),
  binaryOp({ names: ['Tensor.__truediv__'], kind: 'div', selfName: 'self', otherName: 'other' }),
  binaryOp({ names: ['Tensor.__rtruediv__'], kind: 'div', selfName: 'self', otherName: 'other', reflected: true }),
  binaryOp({ names: ['Tensor.__itruediv__'], kind: 'div', selfName: 'self', otherName: 'other', inPlace: true }),
  binaryOp({ names: ['Tensor.div'], kind: 'div', selfName: 'self', otherName: 'other', extras: [ROUNDING_MODE] }),
  binaryOp({ names: ['torch.div'], kind: 'div', selfName: 'input', otherName: 'other', extras: [ROUNDING_MODE, OUT] }),
  binaryOp({ names: ['Tensor.__pow__', 'Tensor.pow'], kind: 'pow', selfName: 'self', otherName: 'exponent' }),
  binaryOp({ names: ['torch.pow'], kind: 'pow', selfName: 'input', otherName: 'exponent', extras: [OUT] }),
  binaryOp({ names: ['Tensor.__rpow__'], kind: 'rpow', selfName: 'self', otherName: 'other', reflected: true }),
  ...negation,
  invert,
  ...elementwiseFunctions(),
  ...moreOperators(),
];

/** `//`, `%`, `&`, `|`, `^` and the comparisons, with their reflected and in-place forms. */
function moreOperators(): TensorOp[] {
  const ops: TensorOp[] = [];
  const families: [BinaryKind, string, string][] = [['floordiv', 'floordiv', '//'], ['mod', 'mod', '%'], ['and', 'and', '&'], ['or', 'or', '|'], ['xor', 'xor', '^']];
  for (const [kind, dunder, symbol] of families) {
    ops.push(binaryOp({ names: [`Tensor.__${dunder}__`], kind, selfName: 'self', otherName: 'other', symbol }));
    ops.push(binaryOp({ names: [`Tensor.__r${dunder}__`], kind, selfName: 'self', otherName: 'other', symbol, reflected: true }));
    ops.push(binaryOp({ names: [`Tensor.__i${dunder}__`], kind, selfName: 'self', otherName: 'other', symbol, inPlace: true }));
  }
  const comparisons: [string, string][] = [['eq', '=='], ['ne', '!='], ['lt', '<'], ['le', '<='], ['gt', '>'], ['ge', '>=']];
  for (const [dunder, symbol] of comparisons) {
    ops.push(binaryOp({ names: [`Tensor.__${dunder}__`, `Tensor.${dunder}`], kind: 'compare', selfName: 'self', otherName: 'other', symbol }));
    ops.push(binaryOp({ names: [`torch.${dunder}`], kind: 'compare', selfName: 'input', otherName: 'other', symbol, extras: [OUT] }));
  }
  ops.push(binaryOp({ names: ['Tensor.__ipow__'], kind: 'pow', selfName: 'self', otherName: 'other', inPlace: true }));
  return ops;
}
