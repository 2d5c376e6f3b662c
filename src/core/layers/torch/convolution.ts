// torch.nn convolutions: Conv1d/2d/3d and ConvTranspose1d/2d/3d, with F.conv*/F.conv_transpose*. Weights and MACs:
//   conv       weight [C_out, C_in/groups, *k] (+ bias [C_out])   MACs = out positions · C_out · k·C_in/groups
//   transpose  weight [C_in, C_out/groups, *k] (+ bias [C_out])   MACs = in positions · C_in · k·C_out/groups
// where k is the product of the kernel sizes (the Keras catalogue's counting, layers/convolutional.ts).
import { keepsInputs, type BackwardRule } from '../backward';
import { dilatedKernelSize } from '../convMath';
import type { Args, CallValue, ForwardContext, ForwardResult, FunctionalForm, ParamSpec, TensorValue, TorchFamily, TorchModuleRule, TorchWeights } from './types';
import { TorchRuleError } from './types';
import { boolArg, intArg, intTupleArg, optionalTensorArg, pyRepr, reflectionPadMessage, shapeText, spatialInput, spatialOutput, tensorArg, xJoin, type SpatialInput } from './spatialArgs';
import { convolutionSaves, transposedConvolutionSaves } from './spatialSavedForBackward';
import { SPATIAL_AXES, convLength, samePadding, transposedConvLength, type SpatialRank } from './torchConvMath';

/** Set in the module arguments a functional call maps to: the weights are the caller's tensors, not parameters. */
const FUNCTIONAL = '_functional';

type Padding = { readonly kind: 'same' | 'valid' } | { readonly kind: 'explicit'; readonly values: readonly number[] };

interface ConvConfig {
  readonly inChannels: number | null;
  readonly outChannels: number | null;
  readonly kernel: number[] | null;
  readonly stride: number[] | null;
  readonly padding: Padding | null;
  readonly dilation: number[] | null;
  readonly groups: number | null;
  readonly bias: boolean | null;
  readonly paddingMode: string | null;
  readonly outputPadding: number[] | null;
}

const PADDING_MODES = ['zeros', 'reflect', 'replicate', 'circular'];

/**
 * The constructor's arguments read and checked as `_ConvNd.__init__` checks them (`forward` false), or as the call
 * checks them: a stride, padding or dilation tuple of the wrong length passes __init__ (which keeps it as given) and
 * fails in the call.
 */
function readConfig(args: Args, rank: SpatialRank, transposed: boolean, forward = true): ConvConfig {
  const what = 'convolution';
  const callTuple = (name: string): number[] | null => {
    try {
      return intTupleArg(args, name, rank, what);
    } catch (e) {
      if (forward || !(e instanceof TorchRuleError)) throw e;
      return null;
    }
  };
  const inChannels = intArg(args, 'in_channels');
  const outChannels = intArg(args, 'out_channels');
  const kernel = intTupleArg(args, 'kernel_size', rank, what);
  const stride = callTuple('stride');
  const dilation = callTuple('dilation');
  const groups = intArg(args, 'groups');
  const bias = boolArg(args, 'bias');
  const rawMode = args.padding_mode;
  const paddingMode = typeof rawMode === 'string' ? rawMode : null;
  const outputPadding = transposed ? callTuple('output_padding') : [];
  let padding: Padding | null;
  const rawPadding = args.padding;
  if (typeof rawPadding === 'string' && transposed) {
    // ConvTranspose's __init__ keeps the string; its forward rejects it (transposedForward).
    padding = null;
  } else if (typeof rawPadding === 'string') {
    if (rawPadding !== 'same' && rawPadding !== 'valid') {
      throw new TorchRuleError(`Invalid padding string ${pyRepr(rawPadding)}, should be one of {'valid', 'same'}`, 'padding');
    }
    padding = { kind: rawPadding };
  } else {
    const values = callTuple('padding');
    padding = values ? { kind: 'explicit', values } : null;
  }
  if (groups !== null && groups <= 0) throw new TorchRuleError('groups must be a positive integer', 'groups', 1);
  if (groups !== null && inChannels !== null && inChannels % groups !== 0) throw new TorchRuleError('in_channels must be divisible by groups', 'groups');
  if (groups !== null && outChannels !== null && outChannels % groups !== 0) throw new TorchRuleError('out_channels must be divisible by groups', 'groups');
  if (padding?.kind === 'same' && stride?.some((s) => s !== 1)) {
    throw new TorchRuleError("padding='same' is not supported for strided convolutions", 'stride', 1);
  }
  if (paddingMode !== null && !PADDING_MODES.includes(paddingMode)) {
    throw new TorchRuleError(`padding_mode must be one of {'circular', 'zeros', 'reflect', 'replicate'}, but got padding_mode=${pyRepr(paddingMode)}`, 'padding_mode', 'zeros');
  }
  if (transposed && paddingMode !== null && paddingMode !== 'zeros') {
    throw new TorchRuleError(`Only "zeros" padding mode is supported for ConvTranspose${rank}d`, 'padding_mode', 'zeros');
  }
  for (const [name, value] of [['in_channels', inChannels], ['out_channels', outChannels]] as const) {
    if (value !== null && value < 0) throw new TorchRuleError(`${name} must not be negative, but got ${name}=${value}`, name);
  }
  for (const [name, values, min] of [['kernel_size', kernel, 1], ['stride', stride, 1], ['dilation', dilation, 1]] as const) {
    if (values?.some((v) => v < min)) throw new TorchRuleError(`${name} must be positive, but got ${name}=${pyRepr(values)}`, name);
  }
  return { inChannels, outChannels, kernel, stride, padding, dilation, groups, bias, paddingMode, outputPadding };
}

function weightShape(c: ConvConfig, transposed: boolean): (number | null)[] | null {
  if (c.kernel === null || c.groups === null) return null;
  if (transposed) return [c.inChannels, c.outChannels === null ? null : c.outChannels / c.groups, ...c.kernel];
  return [c.outChannels, c.inChannels === null ? null : c.inChannels / c.groups, ...c.kernel];
}

function convWeights(args: Args, rank: SpatialRank, transposed: boolean): TorchWeights | null {
  const c = readConfig(args, rank, transposed, false);
  const weight = weightShape(c, transposed);
  if (!weight || weight.some((d) => d === null) || c.bias === null || c.outChannels === null) return null;
  const parameters = [{ name: 'weight', shape: weight as number[] }];
  if (c.bias) parameters.push({ name: 'bias', shape: [c.outChannels] });
  return { parameters, buffers: [] };
}

const prod = (values: readonly number[]): number => values.reduce((a, b) => a * b, 1);

/**
 * A module's parameter count with its factors: `params = 6·1·5·5 + 6 = 156 (weight [6, 1, 5, 5] + bias [6])`. Not for a
 * functional call, whose weight tensors belong to the caller.
 */
function deriveParams(ctx: ForwardContext, c: ConvConfig, transposed: boolean): void {
  if (ctx.args[FUNCTIONAL] === true) return;
  const weight = weightShape(c, transposed);
  if (!weight || weight.some((d) => d === null) || c.bias === null || c.outChannels === null) return;
  const w = weight as number[];
  const total = prod(w) + (c.bias ? c.outChannels : 0);
  const bias = c.bias ? ` + ${c.outChannels}` : '';
  ctx.derive(`params = ${w.join('·')}${bias} = ${total} (weight ${shapeText(w)}${c.bias ? ` + bias [${c.outChannels}]` : ''})`);
}

/** The padding on each side of each axis, with 'same' split as PyTorch splits it. null when unknown. */
function axisPadding(ctx: ForwardContext, c: ConvConfig, rank: SpatialRank): { before: number; after: number }[] | null {
  if (!c.padding) return null;
  if (c.padding.kind === 'valid') return Array.from({ length: rank }, () => ({ before: 0, after: 0 }));
  if (c.padding.kind === 'explicit') return c.padding.values.map((p) => ({ before: p, after: p }));
  if (!c.kernel || !c.dilation) return null;
  const kernel = c.kernel;
  const dilation = c.dilation;
  return SPATIAL_AXES[rank].map((axis, i) => {
    const same = samePadding(axis, kernel[i], dilation[i]);
    ctx.derive(same.line);
    return { before: same.before, after: same.after };
  });
}

/** The input split into batch, channels and spatial axes; PyTorch's error for any other rank. */
function convInput(tensor: TensorValue, rank: SpatialRank, op: string): SpatialInput {
  const input = spatialInput(tensor, rank);
  if (input !== 'wrong rank') return input;
  throw new TorchRuleError(`Expected ${rank + 1}D (unbatched) or ${rank + 2}D (batched) input to ${op}, but got input of size: ${shapeText(tensor.shape)}`);
}

/** PyTorch's channel check, its message with the input unsqueezed to a batch of one when unbatched. */
function checkChannels(c: ConvConfig, input: SpatialInput, transposed: boolean): void {
  const cin = input.channels;
  if (cin === null || c.inChannels === null || cin === c.inChannels) return;
  const weight = weightShape(c, transposed);
  const shown = input.batched === false ? [1, ...(input.shape ?? [])] : input.shape;
  const head = transposed ? 'Given transposed=1' : `Given groups=${c.groups ?? '?'}`;
  const fits = c.groups !== null && cin % c.groups === 0;
  throw new TorchRuleError(
    `${head}, weight of size ${shapeText(weight)}, expected input${shapeText(shown)} to have ${c.inChannels} channels, but got ${cin} channels instead (in_channels=${c.inChannels}, the input has ${cin})`,
    'in_channels',
    fits ? cin : undefined,
  );
}

function convForward(ctx: ForwardContext, rank: SpatialRank): ForwardResult {
  const c = readConfig(ctx.args, rank, false);
  const tensor = tensorArg(ctx.inputs.input);
  const si = convInput(tensor, rank, `conv${rank}d`);
  checkChannels(c, si, false);
  const axes = SPATIAL_AXES[rank];
  const pads = axisPadding(ctx, c, rank);
  if (c.padding?.kind === 'same' && pads?.some((p) => p.before !== p.after)) {
    ctx.warn("Using padding='same' with even kernel lengths and odd dilation may require a zero-padded copy of the input be created (PyTorch pads the odd one after as a separate copy)");
  }
  let spatial: (number | null)[] = Array<number | null>(rank).fill(null);
  if (pads && c.kernel && c.stride && c.dilation) {
    const { kernel, stride, dilation } = c;
    if (c.paddingMode && c.paddingMode !== 'zeros' && ctx.args[FUNCTIONAL] !== true) {
      checkModePadding(c.paddingMode, si, pads, axes);
      ctx.derive(`padding_mode='${c.paddingMode}': the input is padded by F.pad(mode='${c.paddingMode === 'reflect' ? 'reflect' : c.paddingMode}') first, then convolved without padding (same sizes)`);
    }
    const padded = si.spatial.map((n, i) => (n === null ? null : n + pads[i].before + pads[i].after));
    const reach = kernel.map((k, i) => dilatedKernelSize(k, dilation[i]));
    if (padded.some((n, i) => n !== null && n < reach[i])) {
      throw new TorchRuleError(
        `Calculated padded input size per channel: (${xJoin(padded)}). Kernel size: (${xJoin(reach)}). Kernel size can't be greater than actual input size`,
        'kernel_size',
      );
    }
    spatial = axes.map((axis, i) => {
      const r = convLength(axis, si.spatial[i], kernel[i], stride[i], pads[i].before, pads[i].after, dilation[i]);
      r.lines.forEach((l) => ctx.derive(l));
      return r.out;
    });
  } else if (c.padding?.kind === 'same') {
    // 'same' (stride 1) promises the input's sizes whatever the kernel.
    spatial = [...si.spatial];
    ctx.derive(`${axes.map((a) => `${a}_out`).join(', ')} = the input's (padding='same')`);
  } else {
    ctx.derive('output size unknown: an argument the interpreter could not follow');
  }
  deriveParams(ctx, c, false);
  const copy = paddedCopyElements(ctx, c, si, pads);
  const output = spatialOutput(si, c.outChannels, spatial);
  let macs: number | null = null;
  if (c.kernel && c.inChannels !== null && c.outChannels !== null && c.groups !== null && spatial.every((n) => n !== null)) {
    const positions = prod(spatial as number[]);
    const perOutput = (prod(c.kernel) * c.inChannels) / c.groups;
    macs = positions * c.outChannels * perOutput;
    const groupText = c.groups > 1 ? `/${c.groups} groups` : '';
    ctx.derive(`MACs = ${positions} positions · ${c.outChannels} filters · ${c.kernel.join('·')}·${c.inChannels}${groupText} = ${macs}`);
  }
  return { output: { kind: 'tensor', shape: output, dtype: tensor.dtype }, macs, ...(copy !== undefined ? { intermediateElements: copy } : {}) };
}

/**
 * Elements per sample of the padded copy of the input that some convolutions make before convolving (and save for
 * the weight's gradient): padding_mode reflect/replicate/circular pads with F.pad first; padding='same' with an odd
 * total (an even kernel) pads the extra one after as a copy, then convolves with the symmetric rest
 * (ATen's _convolution_mode). undefined when the convolution pads inside (zeros, symmetric).
 */
function paddedCopyElements(ctx: ForwardContext, c: ConvConfig, input: SpatialInput, pads: { before: number; after: number }[] | null): number | null | undefined {
  if (!pads) return undefined;
  // nn.Conv*d calls F.pad whenever padding_mode is not 'zeros', even with zero padding: a copy all the same.
  const modeCopy = c.paddingMode !== null && c.paddingMode !== 'zeros';
  const sameCopy = c.padding?.kind === 'same' && pads.some((p) => p.before !== p.after);
  if (!modeCopy && !sameCopy) return undefined;
  const sizes = input.spatial.map((n, i) => (n === null ? null : modeCopy ? n + pads[i].before + pads[i].after : n + pads[i].after - pads[i].before));
  if (input.channels === null || sizes.some((n) => n === null)) return null;
  const elements = input.channels * prod(sizes as number[]);
  ctx.derive(`padded copy of the input = ${input.channels}·${sizes.join('·')} = ${elements} elements per sample (${modeCopy ? `F.pad(mode='${c.paddingMode}')` : "the extra 'same' padding after"}; conv keeps it for the weight's gradient)`);
  return elements;
}

/**
 * padding_mode reflect/circular pad the input with F.pad first, which bounds the padding by the input size; the
 * message is F.pad's (reflectionPadMessage), checked from the last axis as F.pad checks.
 */
function checkModePadding(mode: string, input: SpatialInput, pads: readonly { before: number; after: number }[], axes: readonly string[]): void {
  const shape = input.shape ?? [];
  for (let i = input.spatial.length - 1; i >= 0; i--) {
    const n = input.spatial[i];
    if (n === null) continue;
    const { before, after } = pads[i];
    const dim = shape.length - input.spatial.length + i;
    if (mode === 'reflect' && (before >= n || after >= n)) {
      throw new TorchRuleError(`${reflectionPadMessage(input.spatial.length, input.spatial.length - 1 - i, before, after, dim, shape)} (padding_mode='reflect' on ${axes[i]} = ${n})`, 'padding', n - 1);
    }
    if (mode === 'circular' && (before > n || after > n)) {
      throw new TorchRuleError(`Padding value causes wrapping around more than once. (padding_mode='circular': padding ${Math.max(before, after)} on ${axes[i]} = ${n})`, 'padding', n);
    }
  }
}

function transposedForward(ctx: ForwardContext, rank: SpatialRank): ForwardResult {
  const c = readConfig(ctx.args, rank, true);
  if (typeof ctx.args.padding === 'string') {
    throw new TorchRuleError(`conv_transpose${rank}d(): argument 'padding' must be tuple of ints, not the string ${pyRepr(ctx.args.padding)} (transposed convolutions take no 'same'/'valid')`, 'padding', 0);
  }
  const tensor = tensorArg(ctx.inputs.input);
  const si = convInput(tensor, rank, `conv_transpose${rank}d`);
  checkChannels(c, si, true);
  const axes = SPATIAL_AXES[rank];
  let spatial: (number | null)[] = Array<number | null>(rank).fill(null);
  const explicit = c.padding?.kind === 'explicit' ? c.padding.values : null;
  if (explicit && c.kernel && c.stride && c.dilation && c.outputPadding) {
    const { kernel, stride, dilation } = c;
    const outputPadding = outputPaddingFor(ctx, c, si, explicit, rank);
    const bad = outputPadding.some((op, i) => op >= stride[i] && op >= dilation[i]);
    if (bad) {
      // conv_transpose1d runs as conv_transpose2d on a height of 1, which PyTorch's message shows.
      const shown = rank === 1 ? ['H', 'W'] : axes;
      const lift = (values: readonly number[], one: number) => (rank === 1 ? [one, ...values] : values);
      const [op, st, di] = [lift(outputPadding, 0), lift(stride, 1), lift(dilation, 1)];
      const parts = [
        ...shown.map((a, i) => `output_padding_${axisWord(a)}: ${op[i]}`),
        ...shown.map((a, i) => `stride_${axisWord(a)}: ${st[i]}`),
        ...shown.map((a, i) => `dilation_${axisWord(a)}: ${di[i]}`),
      ];
      const fixes = stride.map((s, i) => Math.min(outputPadding[i], Math.max(s, dilation[i]) - 1));
      throw new TorchRuleError(
        `output padding must be smaller than either stride or dilation, but got ${parts.join(' ')}`,
        'output_padding',
        fixes.every((f) => f === fixes[0]) ? fixes[0] : fixes,
      );
    }
    spatial = axes.map((axis, i) => {
      const r = transposedConvLength(axis, si.spatial[i], kernel[i], stride[i], explicit[i], dilation[i], outputPadding[i]);
      r.lines.forEach((l) => ctx.derive(l));
      return r.out;
    });
    if (spatial.some((n) => n !== null && n < 1)) {
      const one = rank === 1 ? [1] : [];
      throw new TorchRuleError(
        `Given input size per channel: (${xJoin([...one, ...si.spatial])}). Calculated output size per channel: (${xJoin([...one, ...spatial])}). Output size is too small`,
        'padding',
      );
    }
  } else {
    ctx.derive('output size unknown: an argument the interpreter could not follow');
  }
  deriveParams(ctx, c, true);
  const output = spatialOutput(si, c.outChannels, spatial);
  let macs: number | null = null;
  if (c.kernel && c.inChannels !== null && c.outChannels !== null && c.groups !== null && si.spatial.every((n) => n !== null) && si.shape) {
    const positions = prod(si.spatial as number[]);
    macs = (positions * c.inChannels * prod(c.kernel) * c.outChannels) / c.groups;
    const groupText = c.groups > 1 ? `/${c.groups} groups` : '';
    ctx.derive(`MACs = ${positions} input positions · ${c.inChannels} · ${c.kernel.join('·')} · ${c.outChannels}${groupText} = ${macs} (each input value scatters through the kernel)`);
  }
  return { output: { kind: 'tensor', shape: output, dtype: tensor.dtype }, macs };
}

function axisWord(axis: string): string {
  return { L: 'width', D: 'depth', H: 'height', W: 'width' }[axis] ?? axis;
}

/**
 * forward(input, output_size): output_size (with or without the batch and channel axes) picks output_padding as
 * ConvTranspose's `_output_padding` does, within [min, min + stride − 1].
 */
function outputPaddingFor(ctx: ForwardContext, c: ConvConfig, input: SpatialInput, padding: readonly number[], rank: SpatialRank): number[] {
  const requested = ctx.inputs.output_size;
  const fallback = c.outputPadding as number[];
  if (requested === undefined || requested === null) return fallback;
  if (!Array.isArray(requested) || requested.some((v) => typeof v !== 'number')) return fallback.map(() => 0);
  let sizes = requested as readonly number[];
  if (sizes.length === rank + 2 || (sizes.length === rank + 1 && input.batched === false)) sizes = sizes.slice(sizes.length - rank);
  if (sizes.length !== rank) {
    throw new TorchRuleError(`ConvTranspose${rank}D: for ${rank + 2}D input, output_size must have ${rank} or ${rank + 2} elements (got ${sizes.length})`, 'output_size');
  }
  const kernel = c.kernel as number[];
  const stride = c.stride as number[];
  const dilation = c.dilation as number[];
  if (input.spatial.some((n) => n === null)) return fallback.map(() => 0);
  const spatial = input.spatial as number[];
  const mins = spatial.map((n, i) => (n - 1) * stride[i] - 2 * padding[i] + dilation[i] * (kernel[i] - 1) + 1);
  const maxs = mins.map((min, i) => min + stride[i] - 1);
  if (sizes.some((size, i) => size < mins[i] || size > maxs[i])) {
    throw new TorchRuleError(
      `requested an output size of ${pyRepr(sizes as number[])}, but valid sizes range from ${pyRepr(mins)} to ${pyRepr(maxs)} (for an input of torch.Size(${pyRepr(spatial)}))`,
      'output_size',
    );
  }
  return sizes.map((size, i) => {
    ctx.derive(`${SPATIAL_AXES[rank][i]}: output_size ${size} → output_padding = ${size} − ${mins[i]} = ${size - mins[i]}`);
    return size - mins[i];
  });
}

function convSignature(transposed: boolean): ParamSpec[] {
  const head: ParamSpec[] = [
    { name: 'in_channels', required: true },
    { name: 'out_channels', required: true },
    { name: 'kernel_size', required: true },
    { name: 'stride', default: 1 },
    { name: 'padding', default: 0 },
  ];
  const tail: ParamSpec[] = [{ name: 'padding_mode', default: 'zeros' }, { name: 'device', default: null }, { name: 'dtype', default: null }];
  if (transposed) {
    return [...head, { name: 'output_padding', default: 0 }, { name: 'groups', default: 1 }, { name: 'bias', default: true }, { name: 'dilation', default: 1 }, ...tail];
  }
  return [...head, { name: 'dilation', default: 1 }, { name: 'groups', default: 1 }, { name: 'bias', default: true }, ...tail];
}

const unknown = (why: string): CallValue => ({ kind: 'unknown', why });

/**
 * F.conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1): the module's arguments read off the
 * weight tensor's shape ([C_out, C_in/groups, *k]; transposed [C_in, C_out/groups, *k]).
 */
function convFunctional(rank: SpatialRank, transposed: boolean): FunctionalForm {
  const name = transposed ? `conv_transpose${rank}d` : `conv${rank}d`;
  const common: ParamSpec[] = [
    { name: 'input', required: true },
    { name: 'weight', required: true },
    { name: 'bias', default: null },
    { name: 'stride', default: 1 },
    { name: 'padding', default: 0 },
  ];
  const signature: ParamSpec[] = transposed
    ? [...common, { name: 'output_padding', default: 0 }, { name: 'groups', default: 1 }, { name: 'dilation', default: 1 }]
    : [...common, { name: 'dilation', default: 1 }, { name: 'groups', default: 1 }];
  return {
    // torch.conv2d is the same function (F.conv2d is an alias of it).
    names: [`F.${name}`, `torch.${name}`],
    signature,
    toModule(bound) {
      const weight = tensorArg(bound.weight, 'weight');
      const bias = optionalTensorArg(bound.bias, 'bias');
      const groupsValue = bound.groups;
      const groups = typeof groupsValue === 'number' ? groupsValue : null;
      const w = weight.shape;
      if (w && w.length !== rank + 2) {
        throw new TorchRuleError(`${name}: expected a ${rank + 2}-D weight, but got weight of size ${shapeText(w)}`, 'weight');
      }
      const dim = (i: number, times: number | null): CallValue => {
        const v = w?.[i];
        return v === null || v === undefined || times === null ? unknown(`the weight's size ${i} is unknown`) : v * times;
      };
      const kernel: CallValue = w && w.slice(2).every((d) => d !== null) ? (w.slice(2) as number[]) : unknown("the weight's kernel size is unknown");
      const args: Record<string, CallValue> = {
        in_channels: transposed ? dim(0, 1) : dim(1, groups),
        out_channels: transposed ? dim(1, groups) : dim(0, 1),
        kernel_size: kernel,
        stride: bound.stride ?? 1,
        padding: bound.padding ?? 0,
        dilation: bound.dilation ?? 1,
        groups: groupsValue ?? 1,
        bias: bias !== null,
        padding_mode: 'zeros',
        [FUNCTIONAL]: true,
      };
      if (transposed) args.output_padding = bound.output_padding ?? 0;
      return { args: args as Args, inputs: { input: bound.input } };
    },
  };
}

/**
 * The weight's gradient reads the input (dW = x ⋆ dy); dx needs only the weight. A convolution that pads a copy of its
 * input first (paddedCopyElements) saves that copy instead: kept as its intermediate (the input is still counted,
 * which errs high by the unpadded input).
 */
const CONV_BACKWARD: BackwardRule = () => ({ ...keepsInputs(), intermediateForWeightGradient: true });

function convRule(rank: SpatialRank, transposed: boolean): TorchModuleRule {
  return {
    className: transposed ? `ConvTranspose${rank}d` : `Conv${rank}d`,
    description: transposed ? `${rank}-D transposed convolution (upsamples)` : `${rank}-D convolution`,
    signature: convSignature(transposed),
    forwardSignature: transposed ? [{ name: 'input', required: true }, { name: 'output_size', default: null }] : undefined,
    weights: (args) => convWeights(args, rank, transposed),
    forward: (ctx) => (transposed ? transposedForward(ctx, rank) : convForward(ctx, rank)),
    functional: [convFunctional(rank, transposed)],
    backward: transposed
      ? { idealAutograd: keepsInputs, pytorch: transposedConvolutionSaves }
      : { idealAutograd: CONV_BACKWARD, pytorch: convolutionSaves },
    drawing: 'conv',
  };
}

export const convolutionRules: TorchFamily = [
  convRule(1, false), convRule(2, false), convRule(3, false),
  convRule(1, true), convRule(2, true), convRule(3, true),
];
