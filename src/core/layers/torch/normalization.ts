// torch.nn normalisation: BatchNorm1d/2d/3d, GroupNorm, LayerNorm, InstanceNorm1d/2d/3d, LocalResponseNorm, and
// F.batch_norm/group_norm/layer_norm/instance_norm/local_response_norm. Weight (γ) and bias (β) are parameters
// when affine; BatchNorm's (and a tracking InstanceNorm's) running_mean/running_var (float32) and
// num_batches_tracked (int64, a scalar) are buffers. MACs: one multiply-add per element, as the Keras catalogue
// counts (normalise-scale-shift folds into x·a + b at inference).
import type { Shape } from '../../ir';
import { keepsInputs, keepsInputsAndOutput } from '../backward';
import type { Args, CallValue, ForwardContext, ForwardResult, ParamSpec, TensorValue, TorchBuffer, TorchFamily, TorchModuleRule, TorchParameter, TorchWeights } from './types';
import { TorchRuleError } from './types';
import { batchNormSaves, groupNormSaves, instanceNormSaves, layerNormSaves } from './spatialSavedForBackward';
import { boolArg, intArg, isUnknownValue, optionalTensorArg, pyRepr, shapeText, tensorArg } from './spatialArgs';

const INPUT: ParamSpec = { name: 'input', required: true };

/**
 * A functional call's flag in the module arguments it maps to: F.batch_norm and F.instance_norm take any rank ≥ 2
 * (the modules check theirs), and F.batch_norm's `training` argument replaces the module's mode.
 */
const FUNCTIONAL = '_functional';
const FUNCTIONAL_TRAINING = '_functional_training';

function elementsPerSample(shape: Shape | null): number | null {
  if (!shape || shape.length === 0) return null;
  let n = 1;
  for (const d of shape.slice(1)) {
    if (d === null) return null;
    n *= d;
  }
  return n;
}

function sameTensor(input: TensorValue, ctx: ForwardContext, what = 'one multiply-add per element'): ForwardResult {
  const macs = elementsPerSample(input.shape);
  ctx.derive(`MACs = ${macs ?? '?'} (${what})`);
  return { output: { kind: 'tensor', shape: input.shape ? [...input.shape] : null, dtype: input.dtype }, macs };
}

function affineParameters(shape: readonly number[], affine: boolean): TorchParameter[] {
  return affine ? [{ name: 'weight', shape: [...shape] }, { name: 'bias', shape: [...shape] }] : [];
}

function runningBuffers(features: number, track: boolean): TorchBuffer[] {
  if (!track) return [];
  return [
    { name: 'running_mean', shape: [features], dtype: 'float32' },
    { name: 'running_var', shape: [features], dtype: 'float32' },
    { name: 'num_batches_tracked', shape: [], dtype: 'int64' },
  ];
}

function featureWeights(args: Args, affineName: string): TorchWeights | null {
  const features = intArg(args, 'num_features');
  const affine = boolArg(args, affineName);
  const track = boolArg(args, 'track_running_stats');
  if (features === null || affine === null || track === null) return null;
  if (features < 0) throw new TorchRuleError(`num_features must not be negative, but got num_features=${features}`, 'num_features');
  return { parameters: affineParameters([features], affine), buffers: runningBuffers(features, track) };
}

const FEATURE_SIGNATURE = (affine: boolean, track: boolean): ParamSpec[] => [
  { name: 'num_features', required: true }, { name: 'eps', default: 1e-5 }, { name: 'momentum', default: 0.1 },
  { name: 'affine', default: affine }, { name: 'track_running_stats', default: track }, { name: 'device', default: null }, { name: 'dtype', default: null },
];

/** `params = 2·16 = 32 (weight γ + bias β); buffers = 2·16 + 1 = 33 (running_mean, running_var, num_batches_tracked)`. */
function deriveFeatureWeights(ctx: ForwardContext, features: number, affine: boolean | null, track: boolean | null): void {
  if (affine !== null) ctx.derive(affine ? `params = 2·${features} = ${2 * features} (weight γ + bias β)` : 'params = 0 (affine=False)');
  if (track) ctx.derive(`buffers = 2·${features} + 1 = ${2 * features + 1} (running_mean, running_var; num_batches_tracked, an int64 scalar)`);
}

// ---- BatchNorm ----

const BATCH_NORM_RANKS: Record<1 | 2 | 3, readonly number[]> = { 1: [2, 3], 2: [4], 3: [5] };

function batchNormForward(ctx: ForwardContext, rank: 1 | 2 | 3): ForwardResult {
  const args = ctx.args;
  const input = tensorArg(ctx.inputs.input);
  const shape = input.shape;
  const functional = args[FUNCTIONAL] === true;
  const ranks = BATCH_NORM_RANKS[rank];
  if (shape && !functional && !ranks.includes(shape.length)) {
    throw new TorchRuleError(`expected ${ranks.map((r) => `${r}D`).join(' or ')} input (got ${shape.length}D input)`);
  }
  if (shape && functional && shape.length < 2) {
    throw new TorchRuleError(`batch_norm: expected an input of at least 2 dimensions (batch, channels), but got input of size ${shapeText(shape)}`);
  }
  const training = functional ? boolArg(args, FUNCTIONAL_TRAINING) : ctx.training;
  if (shape && training && shape.every((d) => d !== null)) {
    const perChannel = (shape as number[]).reduce((a, b, i) => (i === 1 ? a : a * b), 1);
    if (perChannel === 1) {
      throw new TorchRuleError(`Expected more than 1 value per channel when training, got input size torch.Size(${shapeText(shape)})`);
    }
  }
  const channels = shape ? shape[1] : null;
  const features = intArg(args, 'num_features');
  const track = boolArg(args, 'track_running_stats');
  const affine = boolArg(args, 'affine');
  if (channels !== null && features !== null && channels !== features && (track || affine)) {
    const tensorName = track ? 'running_mean' : 'weight';
    throw new TorchRuleError(
      `${tensorName} should contain ${channels} elements not ${features} (num_features=${features}, the input has ${channels} channels)`,
      'num_features',
      channels,
    );
  }
  ctx.derive(`normalises each of the ${channels ?? features ?? '?'} channels over the batch${shape && shape.length > 2 ? ' and the positions' : ''}`);
  if (!functional && features !== null) deriveFeatureWeights(ctx, features, affine, track);
  if (!shape && !functional && ranks.length === 1) {
    // BatchNorm2d/3d take one rank only: an unknown input is [N, num_features, ?, …] with N unknown.
    ctx.derive('MACs = ? (input shape unknown)');
    return { output: { kind: 'tensor', shape: [null, features, ...Array<null>(ranks[0] - 2).fill(null)], dtype: input.dtype }, macs: null };
  }
  return sameTensor(input, ctx);
}

function batchNormRule(rank: 1 | 2 | 3): TorchModuleRule {
  return {
    className: `BatchNorm${rank}d`,
    description: 'normalises each channel with batch statistics (running averages in eval mode)',
    signature: FEATURE_SIGNATURE(true, true),
    weights: (args) => featureWeights(args, 'affine'),
    forward: (ctx) => batchNormForward(ctx, rank),
    functional: rank === 2 ? [batchNormFunctional] : undefined,
    // dx and dγ are computed from the normalised input: the input is kept (PyTorch saves it with mean and 1/σ).
    backward: { idealAutograd: keepsInputs, pytorch: batchNormSaves },
    drawing: 'normalization',
  };
}

/** F.batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5). */
const batchNormFunctional = {
  names: ['F.batch_norm'],
  signature: [INPUT, { name: 'running_mean', required: true }, { name: 'running_var', required: true }, { name: 'weight', default: null },
    { name: 'bias', default: null }, { name: 'training', default: false }, { name: 'momentum', default: 0.1 }, { name: 'eps', default: 1e-5 }] as ParamSpec[],
  toModule(bound: Readonly<Record<string, CallValue>>) {
    const mean = optionalTensorArg(bound.running_mean, 'running_mean');
    const weight = optionalTensorArg(bound.weight, 'weight');
    const features = vectorLength(mean) ?? vectorLength(weight);
    return {
      args: {
        num_features: features ?? { kind: 'unknown', why: 'the size of running_mean is unknown' },
        eps: bound.eps as number, momentum: bound.momentum as number,
        affine: weight !== null, track_running_stats: mean !== null,
        [FUNCTIONAL]: true, [FUNCTIONAL_TRAINING]: (bound.training ?? false) as boolean,
      } as Args,
      inputs: { input: bound.input },
    };
  },
};

function vectorLength(t: TensorValue | null): number | null {
  if (!t?.shape || t.shape.length !== 1) return null;
  return t.shape[0];
}

// ---- InstanceNorm ----

function instanceNormForward(ctx: ForwardContext, rank: 1 | 2 | 3): ForwardResult {
  const args = ctx.args;
  const input = tensorArg(ctx.inputs.input);
  const shape = input.shape;
  const functional = args[FUNCTIONAL] === true;
  if (shape && !functional && shape.length !== rank + 1 && shape.length !== rank + 2) {
    throw new TorchRuleError(`expected ${rank + 1}D or ${rank + 2}D input (got ${shape.length}D input)`);
  }
  const batched = !shape || functional || shape.length === rank + 2;
  const batch = shape ? (batched ? shape[0] : 1) : null;
  const channels = shape ? shape[batched ? 1 : 0] : null;
  // F.instance_norm without weight or running statistics has no num_features (None).
  const features = args.num_features === null ? null : intArg(args, 'num_features');
  const affine = boolArg(args, 'affine');
  const track = boolArg(args, 'track_running_stats');
  if (channels !== null && features !== null && channels !== features) {
    if (affine || track) {
      // instance_norm folds the batch into the channels ([1, N·C, …]) and repeats γ/β and the running statistics N times.
      const tensorName = track ? 'running_mean' : 'weight';
      const n = batch ?? 1;
      throw new TorchRuleError(
        `${tensorName} should contain ${n * channels} elements not ${n * features} (num_features=${features}, the input has ${channels} channels; instance_norm repeats them for the ${n} samples)`,
        'num_features',
        channels,
      );
    }
    ctx.warn(`input's size at dim=${batched ? 1 : 0} (${channels}) does not match num_features (${features}); num_features is not used because affine=False`, 'num_features', channels);
  }
  ctx.derive(`normalises each of the ${channels ?? '?'} channels of each sample over its positions`);
  if (!functional && features !== null) deriveFeatureWeights(ctx, features, affine, track);
  return sameTensor(input, ctx);
}

function instanceNormRule(rank: 1 | 2 | 3): TorchModuleRule {
  return {
    className: `InstanceNorm${rank}d`,
    description: 'normalises each channel of each sample over its positions (no parameters unless affine=True)',
    signature: FEATURE_SIGNATURE(false, false),
    weights: (args) => featureWeights(args, 'affine'),
    forward: (ctx) => instanceNormForward(ctx, rank),
    functional: rank === 2 ? [instanceNormFunctional] : undefined,
    backward: { idealAutograd: keepsInputs, pytorch: instanceNormSaves },
    drawing: 'normalization',
  };
}

/** F.instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None, use_input_stats=True, momentum, eps). */
const instanceNormFunctional = {
  names: ['F.instance_norm'],
  signature: [INPUT, { name: 'running_mean', default: null }, { name: 'running_var', default: null }, { name: 'weight', default: null },
    { name: 'bias', default: null }, { name: 'use_input_stats', default: true }, { name: 'momentum', default: 0.1 }, { name: 'eps', default: 1e-5 }] as ParamSpec[],
  toModule(bound: Readonly<Record<string, CallValue>>) {
    const mean = optionalTensorArg(bound.running_mean, 'running_mean');
    const weight = optionalTensorArg(bound.weight, 'weight');
    const features = vectorLength(weight) ?? vectorLength(mean);
    return {
      args: {
        num_features: features ?? (weight || mean ? { kind: 'unknown', why: 'the size of weight is unknown' } : null),
        eps: bound.eps as number, momentum: bound.momentum as number,
        affine: weight !== null, track_running_stats: mean !== null, [FUNCTIONAL]: true,
      } as Args,
      inputs: { input: bound.input },
    };
  },
};

// ---- GroupNorm ----

function groupNormWeights(args: Args): TorchWeights | null {
  const groups = intArg(args, 'num_groups');
  const channels = intArg(args, 'num_channels');
  const affine = boolArg(args, 'affine');
  if (groups !== null && channels !== null && groups > 0 && channels % groups !== 0) {
    throw new TorchRuleError(`num_channels must be divisible by num_groups (num_channels=${channels}, num_groups=${groups})`, 'num_groups');
  }
  if (channels === null || affine === null) return null;
  return { parameters: affineParameters([channels], affine), buffers: [] };
}

function groupNormForward(ctx: ForwardContext): ForwardResult {
  const args = ctx.args;
  const input = tensorArg(ctx.inputs.input);
  const shape = input.shape;
  if (shape && shape.length < 2) throw new TorchRuleError(`Expected at least 2 dimensions for input tensor but received ${shape.length}`);
  const groups = intArg(args, 'num_groups');
  const channels = intArg(args, 'num_channels');
  const affine = boolArg(args, 'affine');
  const c = shape ? shape[1] : null;
  if (c !== null && groups !== null && c % groups !== 0) {
    throw new TorchRuleError(`Expected number of channels in input to be divisible by num_groups, but got input of shape ${shapeText(shape)} and num_groups=${groups}`, 'num_groups');
  }
  if (c !== null && channels !== null && affine !== false && c !== channels) {
    throw new TorchRuleError(
      `Expected weight to be a vector of size equal to the number of channels in input, but got weight of shape [${channels}] and input of shape ${shapeText(shape)} (num_channels=${channels}, the input has ${c})`,
      'num_channels',
      c,
    );
  }
  ctx.derive(`normalises ${groups ?? '?'} groups of ${c !== null && groups ? c / groups : '?'} channels per sample`);
  return sameTensor(input, ctx);
}

/** F.group_norm(input, num_groups, weight=None, bias=None, eps=1e-5). */
const groupNormFunctional = {
  names: ['F.group_norm'],
  signature: [INPUT, { name: 'num_groups', required: true }, { name: 'weight', default: null }, { name: 'bias', default: null }, { name: 'eps', default: 1e-5 }] as ParamSpec[],
  toModule(bound: Readonly<Record<string, CallValue>>) {
    const weight = optionalTensorArg(bound.weight, 'weight');
    const input = tensorArg(bound.input);
    const channels = vectorLength(weight) ?? (input.shape && input.shape.length >= 2 ? input.shape[1] : null);
    return {
      args: {
        num_groups: bound.num_groups as number, num_channels: channels ?? { kind: 'unknown', why: 'the channel count is unknown' },
        eps: bound.eps as number, affine: weight !== null,
      } as Args,
      inputs: { input: bound.input },
    };
  },
};

const groupNorm: TorchModuleRule = {
  className: 'GroupNorm',
  description: 'normalises groups of channels per sample',
  signature: [{ name: 'num_groups', required: true }, { name: 'num_channels', required: true }, { name: 'eps', default: 1e-5 },
    { name: 'affine', default: true }, { name: 'device', default: null }, { name: 'dtype', default: null }],
  weights: groupNormWeights,
  forward: groupNormForward,
  functional: [groupNormFunctional],
  backward: { idealAutograd: keepsInputs, pytorch: groupNormSaves },
  drawing: 'normalization',
};

// ---- LayerNorm ----

function normalizedShape(args: Args): number[] | null {
  const v = args.normalized_shape;
  if (typeof v === 'number') return [v];
  if (Array.isArray(v) && v.every((d) => typeof d === 'number')) return [...(v as number[])];
  if (v === undefined || isUnknownValue(v) || (Array.isArray(v) && v.some((d) => isUnknownValue(d)))) return null;
  throw new TorchRuleError(`normalized_shape must be an int or a list of ints, but got ${pyRepr(v)}`, 'normalized_shape');
}

function layerNormWeights(args: Args): TorchWeights | null {
  const shape = normalizedShape(args);
  const affine = boolArg(args, 'elementwise_affine');
  const bias = args.bias === undefined ? true : boolArg(args, 'bias');
  if (!shape || affine === null || bias === null) return null;
  const parameters = affine ? [{ name: 'weight', shape }, ...(bias ? [{ name: 'bias', shape }] : [])] : [];
  return { parameters, buffers: [] };
}

function layerNormForward(ctx: ForwardContext): ForwardResult {
  const input = tensorArg(ctx.inputs.input);
  const normalized = normalizedShape(ctx.args);
  const shape = input.shape;
  if (shape && normalized) {
    const tail = shape.slice(shape.length - normalized.length);
    const fits = shape.length >= normalized.length && tail.every((d, i) => d === null || d === normalized[i]);
    if (!fits) {
      const replacement = shape.length >= normalized.length && tail.every((d) => d !== null)
        ? (normalized.length === 1 && typeof ctx.args.normalized_shape === 'number' ? (tail[0] as number) : (tail as number[]))
        : undefined;
      throw new TorchRuleError(
        `Given normalized_shape=${shapeText(normalized)}, expected input with shape [*, ${normalized.join(', ')}], but got input of size${shapeText(shape)}`,
        'normalized_shape',
        replacement,
      );
    }
  }
  ctx.derive(`normalises each sample over its last ${normalized ? normalized.length : '?'} dimension(s) ${normalized ? shapeText(normalized) : ''}`.trimEnd());
  return sameTensor(input, ctx);
}

/** F.layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5). */
const layerNormFunctional = {
  names: ['F.layer_norm'],
  signature: [INPUT, { name: 'normalized_shape', required: true }, { name: 'weight', default: null }, { name: 'bias', default: null }, { name: 'eps', default: 1e-5 }] as ParamSpec[],
  toModule(bound: Readonly<Record<string, CallValue>>) {
    const weight = optionalTensorArg(bound.weight, 'weight');
    const bias = optionalTensorArg(bound.bias, 'bias');
    return {
      args: { normalized_shape: bound.normalized_shape as Args[string], eps: bound.eps as number, elementwise_affine: weight !== null, bias: bias !== null } as Args,
      inputs: { input: bound.input },
    };
  },
};

const layerNorm: TorchModuleRule = {
  className: 'LayerNorm',
  description: 'normalises each sample over its last dimensions (bias=False from PyTorch 2.1)',
  signature: [{ name: 'normalized_shape', required: true }, { name: 'eps', default: 1e-5 }, { name: 'elementwise_affine', default: true },
    // PyTorch 2.1 added `bias` between elementwise_affine and device; 1.13 has no such argument.
    { name: 'bias', default: true }, { name: 'device', default: null }, { name: 'dtype', default: null }],
  weights: layerNormWeights,
  forward: layerNormForward,
  functional: [layerNormFunctional],
  backward: { idealAutograd: keepsInputs, pytorch: layerNormSaves },
  drawing: 'normalization',
};

// ---- LocalResponseNorm ----

function localResponseForward(ctx: ForwardContext): ForwardResult {
  const input = tensorArg(ctx.inputs.input);
  const shape = input.shape;
  if (shape && shape.length < 3) throw new TorchRuleError(`Expected 3D or higher dimensionality input (got ${shape.length} dimensions)`);
  const size = intArg(ctx.args, 'size');
  ctx.derive(`b_c = a_c / (k + α/${size ?? 'n'} · Σ a² over ${size ?? 'n'} neighbouring channels)^β`);
  const elements = elementsPerSample(shape);
  const macs = elements === null ? null : 2 * elements;
  ctx.derive(`MACs = 2·${elements ?? '?'} = ${macs ?? '?'} (the square of each element and the product with the divisor's power; the window sum is additions)`);
  return { output: { kind: 'tensor', shape: shape ? [...shape] : null, dtype: input.dtype }, macs };
}

const lrnSignature: ParamSpec[] = [{ name: 'size', required: true }, { name: 'alpha', default: 1e-4 }, { name: 'beta', default: 0.75 }, { name: 'k', default: 1 }];

const localResponseNorm: TorchModuleRule = {
  className: 'LocalResponseNorm',
  description: 'divides each element by a power of the sum of squares over neighbouring channels (AlexNet)',
  signature: lrnSignature,
  weights: () => ({ parameters: [], buffers: [] }),
  forward: localResponseForward,
  functional: [{
    names: ['F.local_response_norm'],
    signature: [INPUT, ...lrnSignature],
    toModule: (bound) => ({ args: { size: bound.size as number, alpha: bound.alpha as number, beta: bound.beta as number, k: bound.k as number }, inputs: { input: bound.input } }),
  }],
  // dx needs the input and the divisor, which the input and the output determine.
  backward: { idealAutograd: keepsInputsAndOutput },
  drawing: 'normalization',
};

export const normalizationRules: TorchFamily = [
  batchNormRule(1), batchNormRule(2), batchNormRule(3),
  instanceNormRule(1), instanceNormRule(2), instanceNormRule(3),
  groupNorm, layerNorm, localResponseNorm,
];
