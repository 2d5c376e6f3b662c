// Activations: the element-wise ones (output shape = input shape, any rank, no MACs: nonlinearities are not
// counted), PReLU (a learned slope per channel: one multiply per element), GLU (halves a dim and multiplies the
// halves: one product per output element), and the normalising ones along a dim (Softmax, LogSoftmax, Softmin,
// Softmax2d; shape kept, no MACs as in the Keras catalogue).
//
// What backward keeps (the ideal autograd, layers/backward.ts): the output when the derivative is a function of the
// output (ReLU [y > 0], Sigmoid y(1 − y), Tanh 1 − y², ELU/CELU y + α below 0, Hardtanh [min < y < max], the
// shrinks [y ≠ 0], LogSigmoid 1 − e^y, softmax y·(dy − Σ dy·y)), else the input (GELU, SiLU, Mish, Hardswish: not
// one-to-one; LeakyReLU, PReLU's weight gradient dα = Σ dy·x, Threshold, Tanhshrink, GLU), and RReLU in training its
// random slopes (an input-sized tensor, like a dropout mask). PyTorch's autograd itself saves the input where the
// output would do for ELU/SELU/CELU, ReLU6, Hardtanh, LeakyReLU, Softplus, Hardsigmoid and the shrinks (measured:
// `backward.pytorch`, savedForBackward.ts).
import type { BackwardRule } from '../backward';
import { activationLayer, keepsInputs, keepsMask, keepsOutput, type FrameworkCostRule } from '../backward';
import { logSigmoidSaves, rreluSaves, savesInput, savesOutput, softsignSaves, tanhshrinkSaves } from './savedForBackward';
import type { Shape } from '../../ir';
import type { Args, CallValue, ForwardContext, ForwardResult, FunctionalForm, ParamSpec, TorchModuleRule } from './types';
import { TorchRuleError } from './types';
import {
  count, createdShape, deriveParams, elementsPerSample, FUNCTIONAL, intArg, isTensor, productOf, shapeTuple, stringArg, tensor, tensorInput, wrapDim,
} from './tensorInputs';

const INPLACE: ParamSpec = { name: 'inplace', default: false };

/** The module arguments of a functional call: everything bound but the tensor (`input`, or `self` for a method). */
function argsOf(bound: Readonly<Record<string, CallValue>>, tensorName: string, extra: Args = {}): Args {
  const args: Record<string, Args[string]> = {};
  for (const [name, value] of Object.entries(bound)) {
    if (name !== tensorName) args[name] = value as Args[string];
  }
  return { ...args, ...extra };
}

/**
 * A functional counterpart whose tensor parameter is `tensorName` (`input`, or `self` for a Tensor method) and whose
 * other parameters are the module's arguments of the same names; `extra` fixes some (`F.relu_`: inplace=True).
 */
function functionalForm(names: readonly string[], signature: readonly ParamSpec[], extra: Args = {}): FunctionalForm {
  const tensorName = signature[0].name;
  return {
    names,
    signature,
    toModule: (bound) => ({ args: argsOf(bound, tensorName, extra), inputs: { input: bound[tensorName] } }),
  };
}

const INPUT: ParamSpec = { name: 'input', required: true };
const SELF: ParamSpec = { name: 'self', required: true };

interface ElementwiseSpec {
  className: string;
  /** The ATen function PyTorch names in a TypeError (`relu(): argument 'input' ...`); default the class lower-cased. */
  aten?: string;
  description: string;
  signature: readonly ParamSpec[];
  functional?: readonly FunctionalForm[];
  backward: BackwardRule;
  /** What PyTorch's autograd saves (measured: savedForBackward.ts). */
  pytorch: FrameworkCostRule;
}

function elementwise(spec: ElementwiseSpec): TorchModuleRule {
  return {
    className: spec.className,
    description: spec.description,
    signature: spec.signature,
    weights: () => ({ parameters: [], buffers: [] }),
    forward: (ctx) => {
      const input = tensorInput(ctx.inputs, 'input', spec.aten ?? spec.className.toLowerCase());
      ctx.derive(`element-wise: output shape = input shape ${shapeTuple(input.shape)}`);
      return { output: tensor(input.shape === null ? null : input.shape.slice(), input.dtype), macs: 0 };
    },
    functional: spec.functional,
    backward: { idealAutograd: spec.backward, pytorch: spec.pytorch },
    drawing: 'activation',
  };
}

/** The activation's need from backward.ts's table (the same derivatives as Keras's activations of that name). */
const need = (name: string): BackwardRule => () => activationLayer(name);

/** `F.<name>(input, inplace=False)` and its in-place twin `F.<name>_(input)`. */
function withInplace(name: string, params: readonly ParamSpec[] = []): FunctionalForm[] {
  return [
    functionalForm([`F.${name}`], [INPUT, ...params, INPLACE]),
    functionalForm([`F.${name}_`], [INPUT, ...params], { inplace: true }),
  ];
}

const elementwiseRules: TorchModuleRule[] = [
  elementwise({
    className: 'ReLU', pytorch: savesOutput('relu'), description: 'rectified linear unit: max(0, x)', signature: [INPLACE], backward: need('relu'),
    functional: [
      functionalForm(['F.relu'], [INPUT, INPLACE]),
      functionalForm(['torch.relu'], [INPUT]),
      functionalForm(['F.relu_', 'torch.relu_'], [INPUT], { inplace: true }),
      functionalForm(['Tensor.relu'], [SELF]),
      functionalForm(['Tensor.relu_'], [SELF], { inplace: true }),
    ],
  }),
  elementwise({
    className: 'ReLU6', pytorch: savesInput('hardtanh (relu6)'), description: 'ReLU capped at 6: min(max(0, x), 6)', signature: [INPLACE], backward: need('relu6'),
    functional: [functionalForm(['F.relu6'], [INPUT, INPLACE])],
  }),
  elementwise({
    className: 'LeakyReLU', pytorch: savesInput('leaky_relu'), description: 'ReLU with a small slope for negatives', backward: need('leakyrelu'),
    signature: [{ name: 'negative_slope', default: 0.01 }, INPLACE],
    functional: withInplace('leaky_relu', [{ name: 'negative_slope', default: 0.01 }]),
  }),
  elementwise({
    className: 'RReLU', pytorch: rreluSaves, description: 'leaky ReLU with a random slope in training', backward: keepsMask,
    signature: [{ name: 'lower', default: 0.125 }, { name: 'upper', default: 1 / 3 }, INPLACE],
    functional: [
      functionalForm(['F.rrelu'], [INPUT, { name: 'lower', default: 0.125 }, { name: 'upper', default: 1 / 3 }, { name: 'training', default: false }, INPLACE]),
    ],
  }),
  elementwise({
    className: 'ELU', pytorch: savesInput('elu'), description: 'exponential linear unit', backward: need('elu'),
    signature: [{ name: 'alpha', default: 1.0 }, INPLACE],
    functional: withInplace('elu', [{ name: 'alpha', default: 1.0 }]),
  }),
  elementwise({
    className: 'SELU', pytorch: savesInput('elu (selu)'), description: 'scaled ELU (self-normalising)', signature: [INPLACE], backward: need('selu'),
    functional: [functionalForm(['F.selu'], [INPUT, INPLACE]), functionalForm(['torch.selu'], [INPUT])],
  }),
  elementwise({
    className: 'CELU', pytorch: savesInput('elu (celu)'), description: 'continuously differentiable ELU', backward: keepsOutput,
    signature: [{ name: 'alpha', default: 1.0 }, INPLACE],
    functional: [functionalForm(['F.celu'], [INPUT, { name: 'alpha', default: 1.0 }, INPLACE])],
  }),
  elementwise({
    className: 'GELU', pytorch: savesInput('gelu'), description: 'Gaussian error linear unit: x·Φ(x)', backward: need('gelu'),
    signature: [{ name: 'approximate', default: 'none' }],
    functional: [functionalForm(['F.gelu'], [INPUT, { name: 'approximate', default: 'none', keywordOnly: true }])],
  }),
  elementwise({
    className: 'SiLU', pytorch: savesInput('silu'), description: 'sigmoid linear unit (swish): x·σ(x)', signature: [INPLACE], backward: need('silu'),
    functional: [functionalForm(['F.silu'], [INPUT, INPLACE])],
  }),
  elementwise({
    className: 'Mish', pytorch: savesInput('mish'), description: 'x·tanh(softplus(x))', signature: [INPLACE], backward: need('mish'),
    functional: [functionalForm(['F.mish'], [INPUT, INPLACE])],
  }),
  elementwise({
    className: 'Sigmoid', pytorch: savesOutput('sigmoid'), description: 'logistic sigmoid: 1 / (1 + e^−x)', signature: [], backward: need('sigmoid'),
    functional: [
      functionalForm(['F.sigmoid', 'torch.sigmoid'], [INPUT]),
      functionalForm(['torch.sigmoid_'], [INPUT]),
      functionalForm(['Tensor.sigmoid'], [SELF]),
      functionalForm(['Tensor.sigmoid_'], [SELF]),
    ],
  }),
  elementwise({
    className: 'Tanh', pytorch: savesOutput('tanh'), description: 'hyperbolic tangent', signature: [], backward: need('tanh'),
    functional: [
      functionalForm(['F.tanh', 'torch.tanh'], [INPUT]),
      functionalForm(['torch.tanh_'], [INPUT]),
      functionalForm(['Tensor.tanh'], [SELF]),
      functionalForm(['Tensor.tanh_'], [SELF]),
    ],
  }),
  elementwise({
    className: 'Hardtanh', pytorch: savesInput('hardtanh'), description: 'clamps to [min_val, max_val]', backward: keepsOutput,
    signature: [{ name: 'min_val', default: -1.0 }, { name: 'max_val', default: 1.0 }, INPLACE, { name: 'min_value', default: null }, { name: 'max_value', default: null }],
    functional: withInplace('hardtanh', [{ name: 'min_val', default: -1.0 }, { name: 'max_val', default: 1.0 }]),
  }),
  elementwise({
    className: 'Hardsigmoid', pytorch: savesInput('hardsigmoid'), description: 'piecewise-linear sigmoid: relu6(x + 3) / 6', signature: [INPLACE], backward: need('hardsigmoid'),
    functional: [functionalForm(['F.hardsigmoid'], [INPUT, INPLACE])],
  }),
  elementwise({
    className: 'Hardswish', pytorch: savesInput('hardswish'), description: 'x·relu6(x + 3) / 6', signature: [INPLACE], backward: need('hardswish'),
    functional: [functionalForm(['F.hardswish'], [INPUT, INPLACE])],
  }),
  elementwise({
    className: 'Softplus', pytorch: savesInput('softplus'), description: 'smooth ReLU: log(1 + e^(βx)) / β', backward: need('softplus'),
    signature: [{ name: 'beta', default: 1 }, { name: 'threshold', default: 20 }],
    functional: [functionalForm(['F.softplus'], [INPUT, { name: 'beta', default: 1 }, { name: 'threshold', default: 20 }])],
  }),
  elementwise({
    className: 'Softsign', pytorch: softsignSaves, description: 'x / (1 + |x|)', signature: [], backward: need('softsign'),
    functional: [functionalForm(['F.softsign'], [INPUT])],
  }),
  elementwise({
    className: 'Softshrink', pytorch: savesInput('softshrink'), description: 'shrinks towards 0 by λ', backward: keepsOutput,
    signature: [{ name: 'lambd', default: 0.5 }],
    functional: [functionalForm(['F.softshrink'], [INPUT, { name: 'lambd', default: 0.5 }])],
  }),
  elementwise({
    className: 'Hardshrink', pytorch: savesInput('hardshrink'), description: 'zeroes values within ±λ', backward: keepsOutput,
    signature: [{ name: 'lambd', default: 0.5 }],
    functional: [functionalForm(['F.hardshrink'], [INPUT, { name: 'lambd', default: 0.5 }])],
  }),
  elementwise({
    className: 'Tanhshrink', pytorch: tanhshrinkSaves, description: 'x − tanh(x)', signature: [], backward: keepsInputs,
    functional: [functionalForm(['F.tanhshrink'], [INPUT])],
  }),
  elementwise({
    className: 'Threshold', pytorch: savesInput('threshold'), description: 'replaces values ≤ threshold by value', backward: keepsInputs,
    signature: [{ name: 'threshold', required: true }, { name: 'value', required: true }, INPLACE],
    functional: withInplace('threshold', [{ name: 'threshold', required: true }, { name: 'value', required: true }]),
  }),
  elementwise({
    className: 'LogSigmoid', pytorch: logSigmoidSaves, description: 'log(σ(x))', signature: [], backward: keepsOutput,
    functional: [functionalForm(['F.logsigmoid'], [INPUT])],
  }),
];

/** The channel dim PReLU's slopes run along: dim 1, or dim 0 of a 1-D input. */
const prelu: TorchModuleRule = {
  className: 'PReLU',
  description: 'leaky ReLU with a learned slope (one, or one per channel)',
  signature: [{ name: 'num_parameters', default: 1 }, { name: 'init', default: 0.25 }, { name: 'device', default: null }, { name: 'dtype', default: null }],
  weights: (args) => {
    const n = intArg(args, 'num_parameters', 'PReLU');
    if (n === null) return null;
    return { parameters: [{ name: 'weight', shape: createdShape([{ size: n, arg: 'num_parameters' }]) }], buffers: [] };
  },
  forward: (ctx) => {
    const input = tensorInput(ctx.inputs, 'input', 'PReLU');
    const n = intArg(ctx.args, 'num_parameters', 'PReLU');
    const shape = input.shape;
    if (shape !== null && n !== null && n !== 1) {
      if (shape.length === 0) throw new TorchRuleError('Not allow zero-dim input tensor.');
      // ATen's prelu: the channel dim is dim 1; a 1-D input counts as one channel.
      const channels = shape.length >= 2 ? shape[1] : 1;
      if (channels !== null && channels !== n) {
        throw new TorchRuleError(
          `Mismatch of parameter numbers and input channel size. Found parameter numbers = ${n} and channel size = ${channels}.`,
          'num_parameters', channels,
        );
      }
    }
    const macs = elementsPerSample(shape);
    ctx.derive(`element-wise: output shape = input shape ${shapeTuple(shape)}; ${n === 1 ? 'one slope' : `${count(n)} slopes, one per channel`}`);
    ctx.derive(`MACs = ${count(macs)} (one slope multiply per element)`);
    deriveParams(ctx, n === null ? null : [{ name: 'weight', shape: [n] }]);
    return { output: tensor(shape === null ? null : shape.slice(), input.dtype), macs };
  },
  functional: [{
    names: ['F.prelu', 'torch.prelu'],
    signature: [INPUT, { name: 'weight', required: true }],
    toModule: (bound) => {
      const w = bound.weight;
      const n = isTensor(w) && w.shape ? productOf(w.shape) : null;
      return { args: { num_parameters: n ?? { kind: 'unknown', why: 'the weight\'s shape is unknown' }, init: 0.25, [FUNCTIONAL]: true }, inputs: { input: bound.input } };
    },
  }],
  // dx needs the sign of x and dα = Σ dy·x needs x itself.
  backward: { idealAutograd: keepsInputs, pytorch: savesInput('prelu') },
  drawing: 'activation',
};

const glu: TorchModuleRule = {
  className: 'GLU',
  description: 'gated linear unit: splits a dim in halves a, b and returns a·σ(b)',
  signature: [{ name: 'dim', default: -1 }],
  weights: () => ({ parameters: [], buffers: [] }),
  forward: (ctx) => {
    const input = tensorInput(ctx.inputs, 'input', 'GLU');
    const dimArg = intArg(ctx.args, 'dim', 'GLU');
    const shape = input.shape;
    if (shape === null || dimArg === null) {
      ctx.derive('output = input with one dim halved (the input\'s shape or the dim is unknown)');
      return { output: tensor(shape === null ? null : shape.map(() => null), input.dtype), macs: null };
    }
    if (shape.length === 0) throw new TorchRuleError('glu does not support scalars because halving size must be even');
    const dim = wrapDim(dimArg, shape.length, 'dim');
    const size = shape[dim];
    if (size !== null && size % 2 !== 0) {
      throw new TorchRuleError(`Halving dimension must be even, but dimension ${dim} is size ${size}`);
    }
    const output: Shape = shape.slice();
    output[dim] = size === null ? null : size / 2;
    const macs = elementsPerSample(output);
    ctx.derive(`output = ${shapeTuple(output)}: dim ${dim} of size ${count(size)} halved`);
    ctx.derive(`MACs = ${count(macs)} (one product a·σ(b) per output element)`);
    return { output: tensor(output, input.dtype), macs };
  },
  functional: [functionalForm(['F.glu'], [INPUT, { name: 'dim', default: -1 }])],
  backward: { idealAutograd: keepsInputs, pytorch: savesInput('glu') },
  drawing: 'activation',
};

/** PyTorch's implicit softmax dim (nn.functional._get_softmax_dim): 0 for 0-, 1- and 3-D inputs, else 1. */
function implicitSoftmaxDim(rank: number): number {
  return rank === 0 || rank === 1 || rank === 3 ? 0 : 1;
}

/** Softmax-like along `dim` (shape kept). With dim=None PyTorch picks one and warns; so do we. */
function alongDimForward(ctx: ForwardContext, className: string, name: string): ForwardResult {
  const input = tensorInput(ctx.inputs, 'input', className);
  const shape = input.shape;
  const raw = ctx.args.dim;
  const dtype = stringArg(ctx.args, 'dtype') ?? input.dtype;
  if (shape !== null) {
    let dim: number;
    if (raw === null || raw === undefined) {
      dim = implicitSoftmaxDim(shape.length);
      ctx.warn(`Implicit dimension choice for ${name} has been deprecated. Change the call to include dim=X as an argument. (PyTorch picks dim=${dim} for a ${shape.length}-D input.)`, 'dim', dim);
    } else {
      const given = intArg(ctx.args, 'dim', className);
      dim = given === null ? -1 : wrapDim(given, shape.length, 'dim');
      if (given === null) {
        ctx.derive(`${name} along an unknown dim: output shape = input shape ${shapeTuple(shape)}`);
        return { output: tensor(shape.slice(), dtype), macs: 0 };
      }
    }
    ctx.derive(`${name} along dim ${dim} (size ${count(shape[dim] ?? null)}): output shape = input shape ${shapeTuple(shape)}`);
  } else {
    ctx.derive(`${name}: output shape = input shape (unknown)`);
  }
  return { output: tensor(shape === null ? null : shape.slice(), dtype), macs: 0 };
}

const DIM_NONE: ParamSpec = { name: 'dim', default: null };

function softmaxLike(className: string, name: string, description: string, functional: FunctionalForm[]): TorchModuleRule {
  // Softmin is softmax(−x): the softmax saves its result, which is the output.
  return {
    className,
    description,
    signature: [DIM_NONE],
    weights: () => ({ parameters: [], buffers: [] }),
    forward: (ctx) => alongDimForward(ctx, className, name),
    functional,
    // y·(dy − Σ dy·y) for softmax/softmin; dy − e^y·Σ dy for log_softmax: the output suffices.
    backward: { idealAutograd: keepsOutput, pytorch: savesOutput(name) },
    drawing: 'activation',
  };
}

/** `F.softmax(input, dim=None, _stacklevel=3, dtype=None)`, `torch.softmax(input, dim, dtype=None)`, `Tensor.softmax(dim)`. */
function softmaxForms(fname: string, torchToo: boolean): FunctionalForm[] {
  const forms = [
    functionalForm([`F.${fname}`], [INPUT, DIM_NONE, { name: '_stacklevel', default: 3 }, { name: 'dtype', default: null }]),
  ];
  if (torchToo) {
    forms.push(functionalForm([`torch.${fname}`], [INPUT, { name: 'dim', required: true }, { name: 'dtype', default: null }]));
    forms.push(functionalForm([`Tensor.${fname}`], [SELF, { name: 'dim', required: true }, { name: 'dtype', default: null }]));
  }
  return forms.map((form) => ({ ...form, toModule: (bound) => {
    const { args, inputs } = form.toModule(bound);
    return { args: { dim: args.dim ?? null, dtype: args.dtype ?? null }, inputs };
  } }));
}

const softmax2d: TorchModuleRule = {
  className: 'Softmax2d',
  description: 'softmax over the channels at every spatial position',
  signature: [],
  weights: () => ({ parameters: [], buffers: [] }),
  forward: (ctx) => {
    const input = tensorInput(ctx.inputs, 'input', 'Softmax2d');
    const shape = input.shape;
    if (shape !== null && shape.length !== 3 && shape.length !== 4) {
      throw new TorchRuleError('Softmax2d requires a 3D or 4D tensor as input');
    }
    ctx.derive(`softmax along dim -3 (the channels): output shape = input shape ${shapeTuple(shape)}`);
    return { output: tensor(shape === null ? null : shape.slice(), input.dtype), macs: 0 };
  },
  backward: { idealAutograd: keepsOutput, pytorch: savesOutput('softmax (softmax2d)') },
  drawing: 'activation',
};

export const activationRules: readonly TorchModuleRule[] = [
  ...elementwiseRules,
  prelu,
  glu,
  softmaxLike('Softmax', 'softmax', 'softmax along a dim', softmaxForms('softmax', true)),
  softmaxLike('LogSoftmax', 'log_softmax', 'log of softmax along a dim', softmaxForms('log_softmax', true)),
  softmaxLike('Softmin', 'softmin', 'softmax of −x along a dim', softmaxForms('softmin', false)),
  softmax2d,
];
