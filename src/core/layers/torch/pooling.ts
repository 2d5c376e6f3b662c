// torch.nn pools: Max/Avg 1-3d, LP 1-2d, AdaptiveAvg/AdaptiveMax 1-3d, FractionalMaxPool2d, and their functional
// forms. No weights; maxima and means are counted as 0 MACs (the Keras catalogue's counting). The default stride is
// the kernel size; ceil_mode, dilation and the last-window rule are torchConvMath's poolLength.
import { keepsInputsAndOutput, keepsNothing } from '../backward';
import type { Shape } from '../../ir';
import type { Args, CallValue, ForwardContext, ForwardResult, FunctionalForm, ParamSpec, TensorValue, TorchFamily, TorchModuleRule } from './types';
import { TorchRuleError } from './types';
import { boolArg, intTupleArg, isUnknownValue, numberArg, pyRepr, shapeText, spatialInput, spatialOutput, tensorArg, xJoin, type SpatialInput } from './spatialArgs';
import { lpPoolSaves, maxPoolSaves, savesInputByReference } from './spatialSavedForBackward';
import { SPATIAL_AXES, adaptiveLength, poolLength, type SpatialRank } from './torchConvMath';

type PoolKind = 'max' | 'avg' | 'lp';

const NO_WEIGHTS = () => ({ parameters: [], buffers: [] });

/** The pool's output, with the int64 indices beside it when return_indices. */
function poolOutput(input: TensorValue, shape: Shape, returnIndices: boolean | null): CallValue {
  const output: TensorValue = { kind: 'tensor', shape, dtype: input.dtype };
  if (!returnIndices) return output;
  return [output, { kind: 'tensor', shape, dtype: 'int64' }];
}

/** stride None (or `[]`, torch.max_pool2d's default) is the kernel size. */
function strideOrKernel(args: Args, rank: SpatialRank, kernel: number[] | null, ctx: ForwardContext): number[] | null {
  const raw = args.stride;
  if (raw === null || raw === undefined || (Array.isArray(raw) && raw.length === 0)) {
    if (kernel) ctx.derive(`stride = kernel_size = ${kernel.length === 1 ? kernel[0] : `(${kernel.join(', ')})`} (the default)`);
    return kernel;
  }
  return intTupleArg(args, 'stride', rank, 'pooling');
}

function checkRank(input: SpatialInput | 'wrong rank', tensor: TensorValue, rank: SpatialRank, name: string): SpatialInput {
  if (input !== 'wrong rank') return input;
  // PyTorch 1.13's own words per op (max_pool2d/3d's omit the shape; ours adds it).
  if (name === 'max_pool1d') {
    throw new TorchRuleError(`max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:${shapeText(tensor.shape)}`);
  }
  if (name.startsWith('max_pool')) {
    throw new TorchRuleError(`non-empty ${rank + 1}D or ${rank + 2}D (batch mode) tensor expected for input, but got input of size ${shapeText(tensor.shape)}`);
  }
  throw new TorchRuleError(`${name}: Expected ${rank + 1}D (unbatched) or ${rank + 2}D (batched) input, but got input of size: ${shapeText(tensor.shape)}`);
}

function windowPoolForward(ctx: ForwardContext, rank: SpatialRank, kind: PoolKind): ForwardResult {
  const args = ctx.args;
  const fname = `${kind === 'lp' ? 'lp' : kind}_pool${rank}d`;
  const kernel = intTupleArg(args, 'kernel_size', rank, 'pooling');
  const stride = strideOrKernel(args, rank, kernel, ctx);
  const padding = kind === 'lp' ? Array<number>(rank).fill(0) : intTupleArg(args, 'padding', rank, 'pooling');
  const dilation = kind === 'max' ? intTupleArg(args, 'dilation', rank, 'pooling') : Array<number>(rank).fill(1);
  const ceilMode = boolArg(args, 'ceil_mode');
  const tensor = tensorArg(ctx.inputs.input);
  const input = checkRank(spatialInput(tensor, rank), tensor, rank, fname);
  const axes = SPATIAL_AXES[rank];
  if (kernel?.some((k) => k <= 0) || stride?.some((s) => s <= 0) || dilation?.some((d) => d <= 0)) {
    throw new TorchRuleError(`${fname}: kernel_size, stride and dilation must be greater than zero, but got kernel_size=${pyRepr(kernel)}, stride=${pyRepr(stride)}, dilation=${pyRepr(dilation)}`);
  }
  if (kind === 'avg' && args.divisor_override === 0) throw new TorchRuleError('divisor must be not zero', 'divisor_override', null);
  let spatial: (number | null)[] = Array<number | null>(rank).fill(null);
  if (kernel && stride && padding && dilation && ceilMode !== null) {
    if (kind === 'avg' && rank === 3 && input.spatial.some((n, i) => n !== null && n < kernel[i])) {
      // avg_pool3d checks the unpadded input against the kernel before anything else.
      const [t, h, w] = input.spatial.map((n) => n ?? '?');
      throw new TorchRuleError(`input image (T: ${t} H: ${h} W: ${w}) smaller than kernel size (kT: ${kernel[0]} kH: ${kernel[1]} kW: ${kernel[2]})`, 'kernel_size');
    }
    padding.forEach((p, i) => {
      if (p > Math.floor(kernel[i] / 2)) {
        throw new TorchRuleError(`pad should be at most half of kernel size, but got pad=${p} and kernel_size=${kernel[i]}`, 'padding', Math.floor(kernel[i] / 2));
      }
    });
    spatial = axes.map((axis, i) => {
      const r = poolLength(axis, input.spatial[i], kernel[i], stride[i], padding[i], dilation[i], ceilMode);
      r.lines.forEach((l) => ctx.derive(l));
      return r.out;
    });
    if (spatial.some((n) => n !== null && n < 1)) {
      // 1-D pools run as 2-D ones on an axis of 1, which PyTorch's message shows.
      const one = rank === 1 ? [1] : [];
      throw new TorchRuleError(
        `Given input size: (${xJoin([input.channels, ...one, ...input.spatial], 'x')}). Calculated output size: (${xJoin([input.channels, ...one, ...spatial], 'x')}). Output size is too small`,
        'kernel_size',
      );
    }
  } else {
    ctx.derive('output size unknown: an argument the interpreter could not follow');
  }
  if (kind === 'avg') {
    const include = boolArg(args, 'count_include_pad');
    const divisor = args.divisor_override;
    if (typeof divisor === 'number') ctx.derive(`each window's sum is divided by divisor_override = ${divisor}`);
    else if (include === false && padding?.some((p) => p > 0)) ctx.derive('count_include_pad=False: padded zeros are not counted in the divisor');
  }
  if (kind === 'lp') {
    const p = numberArg(args, 'norm_type');
    ctx.derive(`LP pool: (Σ x^${p ?? 'p'})^(1/${p ?? 'p'}) over each window, computed as avg_pool of x^${p ?? 'p'} times the window size`);
  }
  ctx.derive(`no weights; ${kind === 'max' ? 'maxima' : 'window sums'} are counted as 0 MACs`);
  const shape = spatialOutput(input, input.channels, spatial);
  return { output: poolOutput(tensor, shape, kind === 'max' ? boolArg(args, 'return_indices') : false), macs: 0 };
}

function adaptiveForward(ctx: ForwardContext, rank: SpatialRank, kind: 'avg' | 'max'): ForwardResult {
  const name = `adaptive_${kind}_pool${rank}d`;
  const tensor = tensorArg(ctx.inputs.input);
  const raw = ctx.args.output_size;
  let requested: (number | null)[] | null;
  if (raw === undefined || isUnknownValue(raw)) requested = null;
  else if (raw === null) throw new TorchRuleError(`${name}: output_size None alone is not accepted (object of type 'NoneType' has no len()); use an int, or a tuple with None entries`, 'output_size');
  else if (typeof raw === 'number') requested = Array<number | null>(rank).fill(raw);
  else if (Array.isArray(raw) && (raw.length === rank || raw.length === 1) && raw.every((v) => v === null || typeof v === 'number' || isUnknownValue(v))) {
    if (raw.some((v) => isUnknownValue(v))) requested = null;
    else requested = raw.length === 1 ? Array<number | null>(rank).fill(raw[0] as number | null) : (raw as (number | null)[]);
  } else {
    throw new TorchRuleError(`${name}: output_size must be ${rank === 1 ? 'an int' : `an int or a tuple of ${rank} ints (None keeps the input's size)`}, but got output_size=${pyRepr(raw as CallValue)}`, 'output_size');
  }
  const input = spatialInput(tensor, rank);
  if (input === 'wrong rank') {
    throw new TorchRuleError(`${name}(): Expected ${rank + 1}D or ${rank + 2}D tensor, but got${kind === 'max' ? ':' : ''} ${shapeText(tensor.shape)}`);
  }
  const empty = input.spatial.findIndex((n) => n === 0);
  if (empty >= 0 && input.shape) {
    const dim = input.shape.length - rank + empty;
    throw new TorchRuleError(`${name}(): Expected input to have non-zero size for non-batch dimensions, but input has sizes ${shapeText(input.shape)} with dimension ${dim} being empty`);
  }
  if (requested?.some((v) => v !== null && v < 0)) {
    throw new TorchRuleError(`${name}: output_size must be non-negative, but got output_size=${pyRepr(requested)}`, 'output_size');
  }
  const axes = SPATIAL_AXES[rank];
  const spatial = axes.map((axis, i) => {
    if (!requested) return null;
    const r = adaptiveLength(axis, input.spatial[i], requested[i]);
    r.lines.forEach((l) => ctx.derive(l));
    return r.out;
  });
  if (!requested) ctx.derive('output size unknown: output_size could not be followed');
  ctx.derive(`no weights; ${kind === 'max' ? 'maxima' : 'window means'} are counted as 0 MACs`);
  const shape = spatialOutput(input, input.channels, spatial);
  return { output: poolOutput(tensor, shape, kind === 'max' ? boolArg(ctx.args, 'return_indices') : false), macs: 0 };
}

/** FractionalMaxPool2d: output_size, or floor(n · output_ratio); each pseudo-random window must fit. */
function fractionalForward(ctx: ForwardContext): ForwardResult {
  const args = ctx.args;
  const kernel = intTupleArg(args, 'kernel_size', 2, 'pooling');
  const tensor = tensorArg(ctx.inputs.input);
  const input = checkRank(spatialInput(tensor, 2), tensor, 2, 'fractional_max_pool2d');
  const ratio = args.output_ratio;
  const size = args.output_size;
  let spatial: (number | null)[] = [null, null];
  if (size !== null && size !== undefined && !isUnknownValue(size)) {
    const sizes = intTupleArg(args, 'output_size', 2, 'pooling');
    if (sizes) {
      spatial = sizes;
      ctx.derive(`H_out, W_out = output_size = (${sizes.join(', ')})`);
    }
  } else if (ratio !== null && ratio !== undefined && !isUnknownValue(ratio)) {
    const ratios = typeof ratio === 'number' ? [ratio, ratio] : Array.isArray(ratio) && ratio.every((r) => typeof r === 'number') ? (ratio as number[]) : null;
    if (ratios) {
      spatial = SPATIAL_AXES[2].map((axis, i) => {
        const n = input.spatial[i];
        if (n === null) return null;
        const out = Math.floor(n * ratios[i]);
        ctx.derive(`${axis}_out = int(${n}·${ratios[i]}) = ${out}`);
        return out;
      });
    }
  }
  if (kernel) {
    SPATIAL_AXES[2].forEach((axis, i) => {
      const n = input.spatial[i];
      const out = spatial[i];
      if (n !== null && out !== null && out + kernel[i] - 1 > n) {
        const word = axis === 'H' ? 'height' : 'width';
        throw new TorchRuleError(`fractional_max_pool2d(): pool ${word} ${kernel[i]} too large relative to input ${word} ${n} and output ${word} ${out}`, 'kernel_size');
      }
    });
  }
  ctx.derive('no weights; maxima are counted as 0 MACs');
  const shape = spatialOutput(input, input.channels, spatial);
  return { output: poolOutput(tensor, shape, boolArg(args, 'return_indices')), macs: 0 };
}

function fractionalWeights(args: Args) {
  const size = args.output_size;
  const ratio = args.output_ratio;
  const has = (v: unknown) => v !== null && v !== undefined;
  if (!has(size) && !has(ratio)) throw new TorchRuleError('FractionalMaxPool2d requires specifying either an output size, or a pooling ratio', 'output_size');
  if (has(size) && has(ratio)) throw new TorchRuleError('only one of output_size and output_ratio may be specified', 'output_ratio', null);
  const ratios = typeof ratio === 'number' ? [ratio] : Array.isArray(ratio) ? ratio : [];
  for (const r of ratios) {
    if (typeof r === 'number' && !(r > 0 && r < 1)) throw new TorchRuleError(`output_ratio must be between 0 and 1 (got ${pyRepr(ratio as CallValue)})`, 'output_ratio');
  }
  return NO_WEIGHTS();
}

/** Maps a functional call's arguments to the module's: everything but the input, by the same names. */
function sameNames(bound: Readonly<Record<string, CallValue>>): { args: Args; inputs: Readonly<Record<string, CallValue>> } {
  const args: Record<string, CallValue> = {};
  for (const [k, v] of Object.entries(bound)) if (k !== 'input') args[k] = v;
  return { args: args as Args, inputs: { input: bound.input } };
}

const INPUT: ParamSpec = { name: 'input', required: true };

function maxPoolRule(rank: SpatialRank): TorchModuleRule {
  const functional: FunctionalForm[] = [{
    names: [`F.max_pool${rank}d`],
    signature: [INPUT, { name: 'kernel_size', required: true }, { name: 'stride', default: null }, { name: 'padding', default: 0 },
      { name: 'dilation', default: 1 }, { name: 'ceil_mode', default: false }, { name: 'return_indices', default: false }],
    toModule: sameNames,
  }, {
    names: [`torch.max_pool${rank}d`],
    signature: [INPUT, { name: 'kernel_size', required: true }, { name: 'stride', default: [] }, { name: 'padding', default: 0 },
      { name: 'dilation', default: 1 }, { name: 'ceil_mode', default: false }],
    toModule: (bound) => sameNames({ ...bound, return_indices: false }),
  }];
  return {
    className: `MaxPool${rank}d`,
    description: `${rank}-D max pooling (stride defaults to the kernel size)`,
    signature: [{ name: 'kernel_size', required: true }, { name: 'stride', default: null }, { name: 'padding', default: 0 },
      { name: 'dilation', default: 1 }, { name: 'return_indices', default: false }, { name: 'ceil_mode', default: false }],
    weights: NO_WEIGHTS,
    forward: (ctx) => windowPoolForward(ctx, rank, 'max'),
    functional,
    // The gradient goes to each window's arg-max, found from the input and the output.
    backward: { idealAutograd: keepsInputsAndOutput, pytorch: maxPoolSaves },
    drawing: 'pool',
  };
}

function avgPoolRule(rank: SpatialRank): TorchModuleRule {
  const divisor: ParamSpec[] = rank === 1 ? [] : [{ name: 'divisor_override', default: null }];
  const head: ParamSpec[] = [{ name: 'kernel_size', required: true }, { name: 'stride', default: null }, { name: 'padding', default: 0 },
    { name: 'ceil_mode', default: false }, { name: 'count_include_pad', default: true }, ...divisor];
  return {
    className: `AvgPool${rank}d`,
    description: `${rank}-D average pooling (stride defaults to the kernel size)`,
    signature: head,
    weights: NO_WEIGHTS,
    forward: (ctx) => windowPoolForward(ctx, rank, 'avg'),
    // torch.avg_pool1d is F.avg_pool1d's builtin (2-D and 3-D live in torch._C._nn only).
    functional: [{ names: rank === 1 ? ['F.avg_pool1d', 'torch.avg_pool1d'] : [`F.avg_pool${rank}d`], signature: [INPUT, ...head], toModule: sameNames }],
    // A mean's gradient is dy spread evenly over the window: nothing kept.
    backward: { idealAutograd: keepsNothing, pytorch: savesInputByReference('avg_pool') },
    drawing: 'pool',
  };
}

function lpPoolRule(rank: 1 | 2): TorchModuleRule {
  const signature: ParamSpec[] = [{ name: 'norm_type', required: true }, { name: 'kernel_size', required: true }, { name: 'stride', default: null },
    { name: 'ceil_mode', default: false }];
  return {
    className: `LPPool${rank}d`,
    description: `${rank}-D power-average pooling ((Σ x^p)^(1/p) per window)`,
    signature,
    weights: NO_WEIGHTS,
    forward: (ctx) => windowPoolForward(ctx, rank, 'lp'),
    functional: [{ names: [`F.lp_pool${rank}d`], signature: [INPUT, ...signature], toModule: sameNames }],
    // d/dx (Σ x^p)^(1/p) = x^(p−1) · y^(1−p): the input and the output.
    backward: { idealAutograd: keepsInputsAndOutput, pytorch: lpPoolSaves },
    drawing: 'pool',
  };
}

function adaptiveRule(rank: SpatialRank, kind: 'avg' | 'max'): TorchModuleRule {
  const signature: ParamSpec[] = kind === 'max'
    ? [{ name: 'output_size', required: true }, { name: 'return_indices', default: false }]
    : [{ name: 'output_size', required: true }];
  return {
    className: `Adaptive${kind === 'avg' ? 'Avg' : 'Max'}Pool${rank}d`,
    description: `${rank}-D adaptive ${kind === 'avg' ? 'average' : 'max'} pooling to a fixed output size`,
    signature,
    weights: NO_WEIGHTS,
    forward: (ctx) => adaptiveForward(ctx, rank, kind),
    // torch.adaptive_avg_pool1d is F.adaptive_avg_pool1d's builtin (torch.adaptive_max_pool1d always returns indices: not the same).
    functional: [{ names: kind === 'avg' && rank === 1 ? ['F.adaptive_avg_pool1d', 'torch.adaptive_avg_pool1d'] : [`F.adaptive_${kind}_pool${rank}d`], signature: [INPUT, ...signature], toModule: sameNames }],
    backward: kind === 'avg'
      ? { idealAutograd: keepsNothing, pytorch: savesInputByReference('adaptive_avg_pool') }
      : { idealAutograd: keepsInputsAndOutput, pytorch: maxPoolSaves },
    drawing: 'pool',
  };
}

const fractionalSignature: ParamSpec[] = [{ name: 'kernel_size', required: true }, { name: 'output_size', default: null },
  { name: 'output_ratio', default: null }, { name: 'return_indices', default: false }, { name: '_random_samples', default: null }];

const fractionalMaxPool2d: TorchModuleRule = {
  className: 'FractionalMaxPool2d',
  description: '2-D fractional max pooling (pseudo-random windows to a given size or ratio)',
  signature: fractionalSignature,
  weights: fractionalWeights,
  forward: fractionalForward,
  functional: [{ names: ['F.fractional_max_pool2d'], signature: [INPUT, ...fractionalSignature], toModule: sameNames }],
  backward: { idealAutograd: keepsInputsAndOutput, pytorch: maxPoolSaves },
  drawing: 'pool',
};

export const poolingRules: TorchFamily = [
  maxPoolRule(1), maxPoolRule(2), maxPoolRule(3),
  avgPoolRule(1), avgPoolRule(2), avgPoolRule(3),
  lpPoolRule(1), lpPoolRule(2),
  adaptiveRule(1, 'avg'), adaptiveRule(2, 'avg'), adaptiveRule(3, 'avg'),
  adaptiveRule(1, 'max'), adaptiveRule(2, 'max'), adaptiveRule(3, 'max'),
  fractionalMaxPool2d,
];
