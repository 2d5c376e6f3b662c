// Linear layers: Linear (y = x·Wᵀ + b on the last axis, any leading dims), LazyLinear (in_features read from the
// first call), Bilinear (y_k = x1ᵀ·A_k·x2 + b_k), Identity.
// MACs per sample: Linear positions·in·out (positions = the dims between the batch and the last axis); Bilinear
// out·(in1·in2 + in1) per position (A_k·x2 is in1·in2 products, x1ᵀ·(A_k·x2) in1 more).
import { keepsInputs, keepsNothing } from '../backward';
import { linearSaves, sharesInput } from './savedForBackward';
import type { Shape } from '../../ir';
import type { Args, CallValue, ForwardContext, ForwardResult, FunctionalForm, ParamSpec, TorchModuleRule, TorchWeights } from './types';
import { TorchRuleError } from './types';
import {
  boolArg, count, createdShape, deriveParams, FUNCTIONAL, intArg, isTensor, productOf, shapeTuple, tensor, tensorInput, times, unknownArg,
} from './tensorInputs';

const DEVICE_DTYPE: readonly ParamSpec[] = [{ name: 'device', default: null }, { name: 'dtype', default: null }];

function linearWeights(inFeatures: number | null, outFeatures: number | null, bias: boolean | null): TorchWeights | null {
  if (inFeatures === null || outFeatures === null || bias === null) return null;
  const weight = createdShape([{ size: outFeatures, arg: 'out_features' }, { size: inFeatures, arg: 'in_features' }]);
  return {
    parameters: [{ name: 'weight', shape: weight }, ...(bias ? [{ name: 'bias', shape: [outFeatures] }] : [])],
    buffers: [],
  };
}

/**
 * y = x·Wᵀ + b for an input [..., in]. PyTorch multiplies the input folded to 2-D (mat1: leading dims × in) by Wᵀ
 * (mat2: in_features × out_features), so a wrong in_features reads `mat1 and mat2 shapes cannot be multiplied
 * (2x256 and 400x120)`.
 */
function linearForward(ctx: ForwardContext, owner: string, inFeatures: number | null, outFeatures: number | null): ForwardResult {
  const input = tensorInput(ctx.inputs, 'input', owner);
  const shape = input.shape;
  if (shape === null) {
    ctx.derive(`output = [..., ${count(outFeatures)}] (the input's shape is unknown)`);
    return { output: tensor(null, input.dtype), macs: null };
  }
  if (shape.length === 0) {
    throw new TorchRuleError(`both arguments to linear need to be at least 1D, but they are 0D and 2D`);
  }
  const last = shape[shape.length - 1];
  if (last !== null && inFeatures !== null && last !== inFeatures) {
    const rows = shape.length === 1 ? 1 : productOf(shape.slice(0, -1));
    throw new TorchRuleError(
      `mat1 and mat2 shapes cannot be multiplied (${count(rows)}x${last} and ${inFeatures}x${count(outFeatures)})`,
      'in_features', last,
    );
  }
  const output: Shape = [...shape.slice(0, -1), outFeatures];
  const fanIn = inFeatures ?? last;
  // One sample is everything but the batch axis; a 1-D input is a single vector.
  const positions = shape.length <= 2 ? 1 : productOf(shape.slice(1, -1));
  const macs = times(times(positions, fanIn), outFeatures);
  ctx.derive(`output = ${shapeTuple(output)}: last dim ${count(last)} → out_features ${count(outFeatures)}`);
  ctx.derive(positions === 1
    ? `MACs = ${count(fanIn)}·${count(outFeatures)} = ${count(macs)}`
    : `MACs = ${count(positions)} positions · ${count(fanIn)}·${count(outFeatures)} = ${count(macs)} (applied at every position of the last axis)`);
  return { output: tensor(output, input.dtype), macs };
}

/** A weight tensor's dims as module arguments (`F.linear(x, w)`: w is [out_features, in_features]). */
function weightDims(weight: CallValue | undefined, rank: number, what: string): (number | null)[] {
  if (isTensor(weight) && weight.shape && weight.shape.length === rank) return weight.shape.slice();
  if (isTensor(weight) && weight.shape && weight.shape.length !== rank) {
    throw new TorchRuleError(`${what}: expected a ${rank}-D weight, got a ${weight.shape.length}-D one ${shapeTuple(weight.shape)}`, 'weight');
  }
  return new Array<number | null>(rank).fill(null);
}

function dimArg(dim: number | null, why: string): Args[string] {
  return dim === null ? unknownArg(why) : dim;
}

const fLinear: FunctionalForm = {
  names: ['F.linear'],
  signature: [{ name: 'input', required: true }, { name: 'weight', required: true }, { name: 'bias', default: null }],
  toModule: (bound) => {
    const [out, inF] = weightDims(bound.weight, 2, 'linear');
    return {
      args: {
        in_features: dimArg(inF, 'the weight\'s shape is unknown'),
        out_features: dimArg(out, 'the weight\'s shape is unknown'),
        bias: bound.bias !== null && bound.bias !== undefined,
        [FUNCTIONAL]: true,
      },
      inputs: { input: bound.input },
    };
  },
};

const linear: TorchModuleRule = {
  className: 'Linear',
  description: 'fully connected layer on the last axis: y = x·Wᵀ + b',
  signature: [{ name: 'in_features', required: true }, { name: 'out_features', required: true }, { name: 'bias', default: true }, ...DEVICE_DTYPE],
  weights: (args) => linearWeights(intArg(args, 'in_features', 'Linear'), intArg(args, 'out_features', 'Linear'), boolArg(args, 'bias')),
  forward: (ctx) => {
    const result = linearForward(ctx, 'Linear', intArg(ctx.args, 'in_features', 'Linear'), intArg(ctx.args, 'out_features', 'Linear'));
    deriveParams(ctx, linearWeights(intArg(ctx.args, 'in_features', 'Linear'), intArg(ctx.args, 'out_features', 'Linear'), boolArg(ctx.args, 'bias'))?.parameters ?? null);
    return result;
  },
  functional: [fLinear],
  // dW = dyᵀ·x needs the input; dx = dy·W needs only the weight.
  backward: { idealAutograd: keepsInputs, pytorch: linearSaves },
  drawing: 'dense',
};

const lazyLinear: TorchModuleRule = {
  className: 'LazyLinear',
  description: 'Linear whose in_features is taken from its first input',
  signature: [{ name: 'out_features', required: true }, { name: 'bias', default: true }, ...DEVICE_DTYPE],
  // PyTorch creates UninitializedParameters: their shapes exist only after the first call.
  weights: () => null,
  forward: (ctx) => {
    const input = tensorInput(ctx.inputs, 'input', 'LazyLinear');
    const outFeatures = intArg(ctx.args, 'out_features', 'LazyLinear');
    const bias = boolArg(ctx.args, 'bias');
    const inFeatures = input.shape && input.shape.length > 0 ? input.shape[input.shape.length - 1] : null;
    const params = inFeatures === null || outFeatures === null || bias === null ? null : inFeatures * outFeatures + (bias ? outFeatures : 0);
    ctx.derive(`LazyLinear: in_features = ${count(inFeatures)} from the first input's last dim (its parameters do not exist before that call)`);
    ctx.derive(`params = ${count(inFeatures)}·${count(outFeatures)}${bias ? ` + ${count(outFeatures)}` : ''} = ${count(params)} after the first call`);
    return linearForward(ctx, 'LazyLinear', inFeatures, outFeatures);
  },
  backward: { idealAutograd: keepsInputs, pytorch: linearSaves },
  drawing: 'dense',
};

function bilinearForward(ctx: ForwardContext, in1: number | null, in2: number | null, out: number | null): ForwardResult {
  const x1 = tensorInput(ctx.inputs, 'input1', 'Bilinear');
  const x2 = tensorInput(ctx.inputs, 'input2', 'Bilinear');
  if (x1.shape === null || x2.shape === null) {
    ctx.derive(`output = [..., ${count(out)}] (an input's shape is unknown)`);
    return { output: tensor(null, x1.dtype), macs: null };
  }
  const a = x1.shape;
  const b = x2.shape;
  if (a.length !== b.length) {
    throw new TorchRuleError(`bilinear(): input dimensions do not match: got ${a.length} and ${b.length}`);
  }
  for (let i = 0; i < a.length - 1; i++) {
    if (a[i] !== null && b[i] !== null && a[i] !== b[i]) {
      throw new TorchRuleError(`bilinear(): input batch dimensions do not match at dim ${i}: got ${a[i]} and ${b[i]}`);
    }
  }
  const last1 = a[a.length - 1];
  const last2 = b[b.length - 1];
  if (last1 !== null && in1 !== null && last1 !== in1) {
    throw new TorchRuleError(`bilinear(): input1 size does not match weight size: got ${last1} but expected ${in1}`, 'in1_features', last1);
  }
  if (last2 !== null && in2 !== null && last2 !== in2) {
    throw new TorchRuleError(`bilinear(): input2 size does not match weight size: got ${last2} but expected ${in2}`, 'in2_features', last2);
  }
  const f1 = in1 ?? last1;
  const f2 = in2 ?? last2;
  const output: Shape = [...a.slice(0, -1), out];
  const positions = a.length <= 2 ? 1 : productOf(a.slice(1, -1));
  const perPosition = times(out, f1 === null || f2 === null ? null : f1 * f2 + f1);
  const macs = times(positions, perPosition);
  ctx.derive(`output = ${shapeTuple(output)}: y_k = x1ᵀ·A_k·x2 + b_k for k < ${count(out)}`);
  ctx.derive(`MACs = ${positions === 1 ? '' : `${count(positions)} positions · `}${count(out)}·(${count(f1)}·${count(f2)} + ${count(f1)}) = ${count(macs)}`);
  return { output: tensor(output, x1.dtype), macs };
}

const bilinear: TorchModuleRule = {
  className: 'Bilinear',
  description: 'bilinear form of two inputs: y_k = x1ᵀ·A_k·x2 + b_k',
  signature: [
    { name: 'in1_features', required: true }, { name: 'in2_features', required: true }, { name: 'out_features', required: true },
    { name: 'bias', default: true }, ...DEVICE_DTYPE,
  ],
  forwardSignature: [{ name: 'input1', required: true }, { name: 'input2', required: true }],
  weights: (args) => {
    const in1 = intArg(args, 'in1_features', 'Bilinear');
    const in2 = intArg(args, 'in2_features', 'Bilinear');
    const out = intArg(args, 'out_features', 'Bilinear');
    const bias = boolArg(args, 'bias');
    if (in1 === null || in2 === null || out === null || bias === null) return null;
    const weight = createdShape([{ size: out, arg: 'out_features' }, { size: in1, arg: 'in1_features' }, { size: in2, arg: 'in2_features' }]);
    return { parameters: [{ name: 'weight', shape: weight }, ...(bias ? [{ name: 'bias', shape: [out] }] : [])], buffers: [] };
  },
  forward: (ctx) => {
    const result = bilinearForward(
      ctx, intArg(ctx.args, 'in1_features', 'Bilinear'), intArg(ctx.args, 'in2_features', 'Bilinear'), intArg(ctx.args, 'out_features', 'Bilinear'),
    );
    deriveParams(ctx, bilinear.weights(ctx.args)?.parameters ?? null);
    return result;
  },
  functional: [{
    names: ['F.bilinear'],
    signature: [{ name: 'input1', required: true }, { name: 'input2', required: true }, { name: 'weight', required: true }, { name: 'bias', default: null }],
    toModule: (bound) => {
      const [out, in1, in2] = weightDims(bound.weight, 3, 'bilinear');
      const why = 'the weight\'s shape is unknown';
      return {
        args: { in1_features: dimArg(in1, why), in2_features: dimArg(in2, why), out_features: dimArg(out, why), bias: bound.bias !== null && bound.bias !== undefined, [FUNCTIONAL]: true },
        inputs: { input1: bound.input1, input2: bound.input2 },
      };
    },
  }],
  // The weight gradient of each input's side needs the other input: both inputs are kept.
  backward: { idealAutograd: keepsInputs, pytorch: linearSaves },
  drawing: 'dense',
};

const identity: TorchModuleRule = {
  className: 'Identity',
  description: 'returns its input unchanged (a placeholder layer)',
  // Identity(*args, **kwargs) ignores whatever it is given.
  signature: [{ name: 'args', variadic: true }],
  weights: () => ({ parameters: [], buffers: [] }),
  forward: (ctx) => {
    const value = ctx.inputs.input;
    ctx.derive('output = input (the same tensor)');
    return { output: value === undefined ? tensor(null) : value, macs: 0 };
  },
  // It returns the very tensor it was given: autograd records nothing.
  backward: { idealAutograd: keepsNothing, pytorch: sharesInput('Identity returns its input itself') },
  drawing: 'other',
};

export const linearRules: readonly TorchModuleRule[] = [linear, lazyLinear, bilinear, identity];
