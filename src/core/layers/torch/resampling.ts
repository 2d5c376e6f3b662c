// torch.nn resampling: the padding layers (Reflection/Replication/Constant/Zero/Circular pads), Upsample and its
// two fixed-mode forms, PixelShuffle/PixelUnshuffle, and F.pad/F.interpolate/F.upsample/F.pixel_shuffle/
// F.pixel_unshuffle. None owns weights; none is counted as multiply-accumulates (the Keras catalogue counts its
// padding, cropping and up-sampling, bilinear too, as 0), and none keeps anything for backward.
import { keepsNothing, type FrameworkCostRule } from '../backward';
import { savesInputByReference, savesNothing } from './spatialSavedForBackward';
import type { Shape } from '../../ir';
import type { Args, CallValue, ForwardContext, ForwardResult, ParamSpec, TensorValue, TorchFamily, TorchModuleRule } from './types';
import { TorchRuleError } from './types';
import { intArg, isUnknownValue, pyRepr, reflectionPadMessage, shapeText, tensorArg } from './spatialArgs';
import { SPATIAL_AXES, paddedLength, scaledLength } from './torchConvMath';

const INPUT: ParamSpec = { name: 'input', required: true };
const NO_WEIGHTS = () => ({ parameters: [], buffers: [] });
const FUNCTIONAL = '_functional';
/** F.upsample's call, which PyTorch warns is deprecated. */
const DEPRECATED_UPSAMPLE = '_deprecated_upsample';

type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

function result(input: TensorValue, shape: Shape | null): ForwardResult {
  return { output: { kind: 'tensor', shape, dtype: input.dtype }, macs: 0 };
}

/** A padding argument: an int for every side, or one value per side (last axis first: left, right, top, bottom, …). */
function padValues(raw: Args[string] | undefined, sides: number, name: string): number[] | null {
  if (raw === undefined || isUnknownValue(raw)) return null;
  if (typeof raw === 'number' && Number.isInteger(raw)) return Array<number>(sides).fill(raw);
  if (Array.isArray(raw)) {
    if (raw.some((v) => isUnknownValue(v))) return null;
    if (raw.every((v) => typeof v === 'number' && Number.isInteger(v)) && raw.length === sides) return [...(raw as number[])];
  }
  throw new TorchRuleError(`${name} must be an int or a tuple of ${sides} ints, but got ${pyRepr(raw)}`, name);
}

/** Axis names for the padded (last) axes of a tensor of the given rank. */
function axisNames(padded: number): readonly string[] {
  return padded <= 3 ? SPATIAL_AXES[padded as 1 | 2 | 3] : Array.from({ length: padded }, (_, i) => `dim${i}`);
}

/**
 * Pads the last `pad.length / 2` axes: pad = (before_last, after_last, before_second_last, …). `moduleRank` is the
 * padding layer's 1/2/3 (inputs of rank+1 or rank+2 accepted); null for F.pad, which checks by its own rule.
 */
function padForward(ctx: ForwardContext, input: TensorValue, pad: number[] | null, mode: PadMode, moduleRank: 1 | 2 | 3 | null, name: string): ForwardResult {
  const shape = input.shape;
  const padded = pad ? pad.length / 2 : moduleRank;
  if (shape && moduleRank !== null && mode !== 'constant' && shape.length !== moduleRank + 1 && shape.length !== moduleRank + 2) {
    throw new TorchRuleError(`Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now (${name} pads ${moduleRank}-D data: a ${moduleRank + 1}D or ${moduleRank + 2}D input, not ${shapeText(shape)})`);
  }
  if (shape && moduleRank !== null && mode === 'constant' && shape.length < moduleRank) {
    throw new TorchRuleError(`Padding length should be less than or equal to two times the input dimension but got padding length ${2 * moduleRank} and input of dimension ${shape.length}`);
  }
  if (shape && moduleRank === null && pad) {
    if (pad.length % 2 !== 0) throw new TorchRuleError('Padding length must be divisible by 2', 'pad');
    if (pad.length / 2 > shape.length) throw new TorchRuleError(`Padding length should be less than or equal to two times the input dimension but got padding length ${pad.length} and input of dimension ${shape.length}`, 'pad');
    if (mode !== 'constant' && (shape.length < pad.length / 2 + 1 || shape.length > pad.length / 2 + 2)) {
      throw new TorchRuleError(`Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now (F.pad with mode='${mode}' and ${pad.length} padding values needs a ${pad.length / 2 + 1}D or ${pad.length / 2 + 2}D input, not ${shapeText(shape)})`, 'pad');
    }
  }
  if (!pad || padded === null) {
    ctx.derive('output size unknown: the padding could not be followed');
    if (!shape) return result(input, null);
    const n = padded ?? 0;
    return result(input, shape.map((d, i) => (i >= shape.length - n ? null : d)));
  }
  if (!shape) return result(input, null);
  const out: (number | null)[] = [...shape];
  const names = axisNames(padded);
  for (let j = 0; j < padded; j++) {
    const axis = shape.length - 1 - j;
    const before = pad[2 * j];
    const after = pad[2 * j + 1];
    const n = shape[axis];
    const axisName = names[padded - 1 - j];
    if (n !== null) checkModePad(mode, shape, padded, j, before, after, axisName, name);
    const r = paddedLength(axisName, n, before, after);
    r.lines.forEach((l) => ctx.derive(l));
    out[axis] = r.out;
  }
  ctx.derive(`no weights; ${mode} padding is counted as 0 MACs`);
  return result(input, out);
}

function checkModePad(mode: PadMode, shape: Shape, padded: number, j: number, before: number, after: number, axisName: string, name: string): void {
  const dim = shape.length - 1 - j;
  const n = shape[dim] as number;
  if (mode === 'reflect' && (before >= n || after >= n)) {
    throw new TorchRuleError(`${reflectionPadMessage(padded, j, before, after, dim, shape)} (${name} on ${axisName} = ${n})`, 'padding', n - 1);
  }
  if (mode === 'circular' && (before > n || after > n)) {
    throw new TorchRuleError(`Padding value causes wrapping around more than once. (${name}: padding (${before}, ${after}) on ${axisName} = ${n})`, 'padding', n);
  }
  // Negative padding crops; constant and replicate padding may crop an axis to nothing, not below.
  if (n + before + after < 0) {
    throw new TorchRuleError(
      `${name}: the input size ${n} along ${axisName} (dimension ${dim}), plus negative padding ${before} and ${after}, gives a negative output size ${n + before + after}`,
      'padding',
    );
  }
}

/** What PyTorch 1.13's pad kernels save: reflection and replication read their input's sizes from it; constant nothing. */
const PAD_SAVES: Partial<Record<PadMode, FrameworkCostRule>> = {
  reflect: savesInputByReference('reflection_pad'), replicate: savesInputByReference('replication_pad'), constant: savesNothing('constant_pad_nd'),
};

function padRule(className: string, rank: 1 | 2 | 3, mode: PadMode, description: string, extra: ParamSpec[] = []): TorchModuleRule {
  return {
    className,
    description,
    signature: [{ name: 'padding', required: true }, ...extra],
    weights: (args) => {
      padValues(args.padding, 2 * rank, 'padding');
      return NO_WEIGHTS();
    },
    forward: (ctx) => padForward(ctx, tensorArg(ctx.inputs.input), padValues(ctx.args.padding, 2 * rank, 'padding'), mode, rank, className),
    // Padding copies: its gradient is a slice of dy (reflect/replicate/circular add the mirrored parts): nothing kept.
    // PyTorch's saves are PAD_SAVES' (circular's, a 2.x class, not measured: the default).
    backward: PAD_SAVES[mode] ? { idealAutograd: keepsNothing, pytorch: PAD_SAVES[mode] } : { idealAutograd: keepsNothing },
    drawing: 'other',
  };
}

const PAD_MODES: readonly PadMode[] = ['constant', 'reflect', 'replicate', 'circular'];

/** F.pad(input, pad, mode='constant', value=None): pad any trailing axes. Owned by ConstantPad2d's rule. */
function fPadForward(ctx: ForwardContext): ForwardResult {
  const raw = ctx.args.padding;
  const mode = ctx.args.mode;
  if (typeof mode === 'string' && !PAD_MODES.includes(mode as PadMode)) {
    throw new TorchRuleError(`Unrecognised padding mode ${mode}`, 'mode', 'constant');
  }
  let pad: number[] | null = null;
  if (Array.isArray(raw) && !raw.some((v) => isUnknownValue(v))) {
    if (!raw.every((v) => typeof v === 'number' && Number.isInteger(v))) throw new TorchRuleError(`pad must be a tuple of ints, but got ${pyRepr(raw)}`, 'pad');
    pad = [...(raw as number[])];
  } else if (raw !== undefined && !isUnknownValue(raw) && !Array.isArray(raw)) {
    throw new TorchRuleError(`pad must be a tuple of ints, but got ${pyRepr(raw)}`, 'pad');
  }
  const m = typeof mode === 'string' ? (mode as PadMode) : 'constant';
  return padForward(ctx, tensorArg(ctx.inputs.input), pad, m, null, `F.pad(mode='${m}')`);
}

const fPad = {
  names: ['F.pad'],
  signature: [INPUT, { name: 'pad', required: true }, { name: 'mode', default: 'constant' }, { name: 'value', default: null }] as ParamSpec[],
  toModule: (bound: Readonly<Record<string, CallValue>>) => ({
    args: { padding: bound.pad as Args[string], mode: bound.mode as Args[string], value: bound.value as Args[string], [FUNCTIONAL]: true } as Args,
    inputs: { input: bound.input },
  }),
};

const constantPad2d: TorchModuleRule = {
  ...padRule('ConstantPad2d', 2, 'constant', 'pads H and W with a constant value (F.pad pads any trailing axes, in any mode)', [{ name: 'value', required: true }]),
  forward: (ctx) => (ctx.args[FUNCTIONAL] === true
    ? fPadForward(ctx)
    : padForward(ctx, tensorArg(ctx.inputs.input), padValues(ctx.args.padding, 4, 'padding'), 'constant', 2, 'ConstantPad2d')),
  functional: [fPad],
};

// ---- Upsample / F.interpolate ----

/** A number as Python prints a float: 2 → `2.0`. */
function pyFloat(v: number): string {
  return Number.isInteger(v) ? `${v}.0` : String(v);
}

const INTERPOLATE_MODES = ['nearest', 'linear', 'bilinear', 'bicubic', 'trilinear', 'area', 'nearest-exact'];
const MODE_RANK: Record<string, number> = { linear: 3, bilinear: 4, bicubic: 4, trilinear: 5 };
const ALIGNABLE = ['linear', 'bilinear', 'bicubic', 'trilinear'];

function numberList(raw: Args[string] | undefined): number[] | number | null | 'unknown' {
  if (raw === undefined || raw === null) return null;
  if (isUnknownValue(raw)) return 'unknown';
  if (typeof raw === 'number') return raw;
  if (Array.isArray(raw)) {
    if (raw.some((v) => isUnknownValue(v))) return 'unknown';
    if (raw.every((v) => typeof v === 'number')) return [...(raw as number[])];
  }
  throw new TorchRuleError(`expected a number or a tuple of numbers, but got ${pyRepr(raw)}`);
}

/** F.interpolate's checks and output size (torch.nn.functional.interpolate, PyTorch 1.13). */
function interpolateForward(ctx: ForwardContext): ForwardResult {
  const args = ctx.args;
  if (args[DEPRECATED_UPSAMPLE] === true) ctx.warn('nn.functional.upsample is deprecated. Use nn.functional.interpolate instead.');
  const input = tensorArg(ctx.inputs.input);
  const shape = input.shape;
  const mode = typeof args.mode === 'string' ? args.mode : null;
  if (mode !== null && !INTERPOLATE_MODES.includes(mode)) {
    throw new TorchRuleError(`Input Error: Only 3D, 4D and 5D input Tensors supported for the modes: ${INTERPOLATE_MODES.join(' | ')} (got ${mode})`, 'mode', 'nearest');
  }
  const align = args.align_corners;
  if (mode !== null && !ALIGNABLE.includes(mode) && align !== null && align !== undefined && !isUnknownValue(align)) {
    throw new TorchRuleError('align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear', 'align_corners', null);
  }
  if (args.antialias === true && mode !== null && mode !== 'bilinear' && mode !== 'bicubic') {
    throw new TorchRuleError('Anti-alias option is only supported for bilinear and bicubic modes', 'antialias', false);
  }
  const size = numberList(args.size);
  const scale = numberList(args.scale_factor);
  if (size !== null && scale !== null) throw new TorchRuleError('only one of size or scale_factor should be defined', 'scale_factor', null);
  if (size === null && scale === null) throw new TorchRuleError('either size or scale_factor should be defined', 'scale_factor');
  if (!shape) {
    ctx.derive('output size unknown: the input shape is unknown');
    return result(input, null);
  }
  if (shape.length < 3 || shape.length > 5) {
    throw new TorchRuleError(`Input Error: Only 3D, 4D and 5D input Tensors supported (got ${shape.length}D) for the modes: ${INTERPOLATE_MODES.join(' | ')} (got ${mode ?? '?'})`);
  }
  const spatialRank = shape.length - 2;
  const axes = SPATIAL_AXES[spatialRank as 1 | 2 | 3];
  const inSpatial = shape.slice(2);
  let outSpatial: (number | null)[];
  const checkLength = (list: number[], what: 'size' | 'scale_factor') => {
    if (list.length === spatialRank) return;
    // PyTorch's words, the requested values as the Python tuple it printed (scale factors as floats).
    const tuple = `(${list.map((v) => (what === 'scale_factor' ? pyFloat(v) : String(v))).join(', ')}${list.length === 1 ? ',' : ''})`;
    const [subject, shown, letter] = what === 'size' ? ['output', `output size of ${tuple}`, 'o'] : ['scale_factor', `scale_factor of shape ${tuple}`, 's'];
    throw new TorchRuleError(
      `Input and ${subject} must have the same number of spatial dimensions, but got input with spatial dimensions of ${shapeText(inSpatial)} and ${shown}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and ${what === 'size' ? 'output size' : 'scale_factor'} in (${letter}1, ${letter}2, ...,${letter}K) format.`,
      what,
    );
  };
  if (size !== null) {
    if (size === 'unknown') outSpatial = inSpatial.map(() => null);
    else {
      const sizes = typeof size === 'number' ? Array<number>(spatialRank).fill(size) : size;
      checkLength(sizes, 'size');
      outSpatial = sizes;
      ctx.derive(`${axes.map((a) => `${a}_out`).join(', ')} = size = ${sizes.length === 1 ? sizes[0] : `(${sizes.join(', ')})`}`);
    }
  } else if (scale === 'unknown' || scale === null) {
    outSpatial = inSpatial.map(() => null);
  } else {
    const scales = typeof scale === 'number' ? Array<number>(spatialRank).fill(scale) : scale;
    checkLength(scales, 'scale_factor');
    outSpatial = axes.map((axis, i) => {
      const r = scaledLength(axis, inSpatial[i], scales[i]);
      r.lines.forEach((l) => ctx.derive(l));
      return r.out;
    });
  }
  // After the size checks, as F.interpolate orders them.
  if (mode !== null && MODE_RANK[mode] !== undefined && MODE_RANK[mode] !== shape.length) {
    throw new TorchRuleError(`Got ${shape.length}D input, but ${mode} mode needs ${MODE_RANK[mode]}D input`, 'mode');
  }
  if (outSpatial.some((n) => n !== null && n <= 0) || inSpatial.some((n) => n !== null && n <= 0)) {
    const fmt = (v: readonly (number | null)[]) => axes.map((a, i) => `${a}: ${v[i] ?? '?'}`).join(', ');
    throw new TorchRuleError(`Input and output sizes should be greater than 0, but got input (${fmt(inSpatial)}) output (${fmt(outSpatial)})`, size !== null ? 'size' : 'scale_factor');
  }
  ctx.derive(`no weights; ${mode ?? '?'} interpolation is counted as 0 MACs`);
  return result(input, [shape[0], shape[1], ...outSpatial]);
}

const upsampleSignature: ParamSpec[] = [{ name: 'size', default: null }, { name: 'scale_factor', default: null }, { name: 'mode', default: 'nearest' },
  { name: 'align_corners', default: null }, { name: 'recompute_scale_factor', default: null }];

const upsample: TorchModuleRule = {
  className: 'Upsample',
  description: 'resizes the spatial axes to a size or by a scale factor (nearest, linear, bilinear, bicubic, trilinear)',
  signature: upsampleSignature,
  weights: NO_WEIGHTS,
  forward: interpolateForward,
  functional: [
    {
      names: ['F.interpolate'],
      signature: [INPUT, ...upsampleSignature, { name: 'antialias', default: false }],
      toModule: (bound) => {
        const { input, ...args } = bound;
        return { args: args as Args, inputs: { input } };
      },
    },
    {
      names: ['F.upsample'],
      signature: [INPUT, ...upsampleSignature.slice(0, 4)],
      toModule: (bound) => {
        const { input, ...args } = bound;
        return { args: { ...args, [DEPRECATED_UPSAMPLE]: true } as Args, inputs: { input } };
      },
    },
  ],
  // Interpolation is linear with fixed weights: its gradient needs no saved tensor. PyTorch saves nothing either,
  // except mode='area' (adaptive_avg_pool), which keeps its input by reference: counted for every mode (errs high).
  backward: { idealAutograd: keepsNothing, pytorch: savesInputByReference("adaptive_avg_pool (mode='area'; other modes save nothing)") },
  drawing: 'other',
};

function fixedModeUpsample(className: string, mode: string, alignCorners: boolean | null, description: string): TorchModuleRule {
  return {
    className,
    description,
    signature: [{ name: 'size', default: null }, { name: 'scale_factor', default: null }],
    weights: NO_WEIGHTS,
    forward: (ctx) => interpolateForward({
      args: { ...ctx.args, mode, align_corners: alignCorners }, inputs: ctx.inputs, training: ctx.training,
      derive: (line) => ctx.derive(line), warn: (message, arg, replacement) => ctx.warn(message, arg, replacement),
    }),
    backward: { idealAutograd: keepsNothing, pytorch: savesNothing(`upsample_${mode}2d`) },
    drawing: 'other',
  };
}

// ---- PixelShuffle / PixelUnshuffle ----

function pixelShuffleForward(ctx: ForwardContext, unshuffle: boolean): ForwardResult {
  const argName = unshuffle ? 'downscale_factor' : 'upscale_factor';
  const fname = unshuffle ? 'pixel_unshuffle' : 'pixel_shuffle';
  const r = intArg(ctx.args, argName);
  const input = tensorArg(ctx.inputs.input);
  const shape = input.shape;
  if (r !== null && r <= 0) throw new TorchRuleError(`${fname} expects a positive ${argName}, but got ${r}`, argName);
  if (!shape) return result(input, null);
  if (shape.length < 3) throw new TorchRuleError(`${fname} expects input to have at least 3 dimensions, but got input with ${shape.length} dimension(s)`);
  const [c, h, w] = shape.slice(-3);
  const lead = shape.slice(0, -3);
  if (r === null) return result(input, [...lead, null, null, null]);
  if (!unshuffle) {
    if (c !== null && c % (r * r) !== 0) {
      throw new TorchRuleError(`pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)=${c} is not divisible by ${r * r}`, argName);
    }
    const out = [c === null ? null : c / (r * r), h === null ? null : h * r, w === null ? null : w * r];
    ctx.derive(`C_out = ${c ?? '?'} / ${r}² = ${out[0] ?? '?'}; H_out = ${h ?? '?'}·${r} = ${out[1] ?? '?'}; W_out = ${w ?? '?'}·${r} = ${out[2] ?? '?'}`);
    return result(input, [...lead, ...out]);
  }
  for (const [n, word, idx] of [[h, 'height', -2], [w, 'width', -1]] as const) {
    if (n !== null && n % r !== 0) {
      throw new TorchRuleError(`pixel_unshuffle expects ${word} to be divisible by downscale_factor, but input.size(${idx})=${n} is not divisible by ${r}`, argName);
    }
  }
  const out = [c === null ? null : c * r * r, h === null ? null : h / r, w === null ? null : w / r];
  ctx.derive(`C_out = ${c ?? '?'}·${r}² = ${out[0] ?? '?'}; H_out = ${h ?? '?'} / ${r} = ${out[1] ?? '?'}; W_out = ${w ?? '?'} / ${r} = ${out[2] ?? '?'}`);
  return result(input, [...lead, ...out]);
}

function pixelShuffleRule(unshuffle: boolean): TorchModuleRule {
  const argName = unshuffle ? 'downscale_factor' : 'upscale_factor';
  return {
    className: unshuffle ? 'PixelUnshuffle' : 'PixelShuffle',
    description: unshuffle ? 'moves r×r spatial blocks into channels (C·r², H/r, W/r)' : 'moves channels into r×r spatial blocks (C/r², H·r, W·r)',
    signature: [{ name: argName, required: true }],
    weights: NO_WEIGHTS,
    forward: (ctx) => pixelShuffleForward(ctx, unshuffle),
    functional: [{
      names: unshuffle ? ['F.pixel_unshuffle', 'torch.pixel_unshuffle'] : ['F.pixel_shuffle', 'torch.pixel_shuffle'],
      signature: [INPUT, { name: argName, required: true }],
      toModule: (bound) => ({ args: { [argName]: bound[argName] as Args[string] }, inputs: { input: bound.input } }),
    }],
    backward: { idealAutograd: keepsNothing, pytorch: savesNothing(unshuffle ? 'pixel_unshuffle' : 'pixel_shuffle') },
    drawing: 'reshape',
  };
}

const V2 = ' (PyTorch 2.x: not in PyTorch 1.13)';

export const resamplingRules: TorchFamily = [
  padRule('ReflectionPad1d', 1, 'reflect', 'pads L by reflecting the input at its edges'),
  padRule('ReflectionPad2d', 2, 'reflect', 'pads H and W by reflecting the input at its edges'),
  padRule('ReflectionPad3d', 3, 'reflect', 'pads D, H and W by reflecting the input at its edges'),
  padRule('ReplicationPad1d', 1, 'replicate', 'pads L by repeating the edge values'),
  padRule('ReplicationPad2d', 2, 'replicate', 'pads H and W by repeating the edge values'),
  padRule('ReplicationPad3d', 3, 'replicate', 'pads D, H and W by repeating the edge values'),
  padRule('ZeroPad1d', 1, 'constant', `pads L with zeros${V2}`),
  padRule('ZeroPad2d', 2, 'constant', 'pads H and W with zeros'),
  padRule('ZeroPad3d', 3, 'constant', `pads D, H and W with zeros${V2}`),
  padRule('ConstantPad1d', 1, 'constant', 'pads L with a constant value', [{ name: 'value', required: true }]),
  constantPad2d,
  padRule('ConstantPad3d', 3, 'constant', 'pads D, H and W with a constant value', [{ name: 'value', required: true }]),
  padRule('CircularPad1d', 1, 'circular', `pads L by wrapping the input around${V2}`),
  padRule('CircularPad2d', 2, 'circular', `pads H and W by wrapping the input around${V2}`),
  padRule('CircularPad3d', 3, 'circular', `pads D, H and W by wrapping the input around${V2}`),
  upsample,
  fixedModeUpsample('UpsamplingNearest2d', 'nearest', null, 'nearest-neighbour up-sampling (Upsample(mode=\'nearest\'))'),
  fixedModeUpsample('UpsamplingBilinear2d', 'bilinear', true, 'bilinear up-sampling with align_corners=True'),
  pixelShuffleRule(false),
  pixelShuffleRule(true),
];
