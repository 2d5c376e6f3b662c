// Convolutions: Conv1D/2D/3D, their transposes, depthwise and separable variants. Shape, weights and MACs per kind:
//   conv       kernel k·C_in/groups·filters (+ filters bias)      MACs = out positions · filters · k·C_in/groups
//   transpose  kernel k·filters·C_in (+ filters)                  MACs = in positions · C_in · k · filters
//   depthwise  kernel k·C_in·dm (+ C_in·dm)                       MACs = out positions · C_in·dm · k
//   separable  depthwise k·C_in·dm + pointwise C_in·dm·filters (+ filters)
//                                                                 MACs = out positions · C_in·dm · (k + filters)
// where k is the product of the kernel sizes and dm the depth multiplier.
import type { InferContext, InferResult, LayerFamily, LayerRule } from './types';
import { unknownResult } from './types';
import { weightedWithActivation, type BackwardRule } from './backward';
import { tfjsConvolution, tfjsDepthwise } from './tfjsCosts';
import { pytorchConvolution } from './pytorchCosts';
import { convAxis, convParameterCounts, transposeAxis, windowErrors, windowFits, windowPositions, type PaddingMode } from './convMath';
import { AXIS_NAMES, spatialInput, spatialShape } from './spatial';
import { plainCount, formatProduct, mul, add, product } from './shape';

type ConvKind = 'conv' | 'transpose' | 'depthwise' | 'separable';

function convRule(rank: 1 | 2 | 3, kind: ConvKind): LayerRule {
  const descriptions: Record<ConvKind, string> = {
    conv: `${rank}-D convolution`,
    transpose: `${rank}-D transposed convolution (upsamples)`,
    depthwise: `${rank}-D depthwise convolution (one filter per input channel)`,
    separable: `${rank}-D separable convolution (depthwise, then 1×1 pointwise)`,
  };
  return {
    description: descriptions[kind],
    drawing: 'conv',
    backward: {
      idealAutograd: kind === 'separable' ? SEPARABLE_BACKWARD : weightedWithActivation,
      tfjs: kind === 'depthwise' ? tfjsDepthwise : tfjsConvolution,
      pytorch: pytorchConvolution(true, kind === 'depthwise'),
    },
    infer: (ctx) => inferConv(ctx, rank, kind),
  };
}

/**
 * Every convolution keeps its input for the kernel's gradient, and what its fused activation needs; a separable one
 * also keeps its depthwise result (InferResult.intermediateElements, below) when its weights train: the pointwise
 * kernel's gradient reads it.
 */
const SEPARABLE_BACKWARD: BackwardRule = (activation) => ({ ...weightedWithActivation(activation), intermediateForWeightGradient: true });

/**
 * A fidelity check: TF.js 4.x declares a shape for causal Conv1D that it cannot run. Its computeOutputShape treats
 * 'causal' as 'valid' (floor((n − k_eff) / s) + 1), and predict throws in conv1dWithBias (measured with TF.js 4.22 in
 * test/unit/core/memoryFrameworks.test.ts); Keras pads k_eff − 1 on the left and computes the figure shown here.
 */
function reportCausal(ctx: InferContext, n: number | null, k: number, s: number, d: number, kerasOut: number | null): void {
  if (n === null || kerasOut === null) return;
  const fEff = (k - 1) * d + 1;
  const tfjsOut = windowFits(n, 0, 0, fEff) ? windowPositions(n, 0, 0, fEff, s) : 0;
  ctx.report('warning', `TF.js 4.x cannot run 'causal' padding: its outputShape says ${tfjsOut} steps (as if 'valid'), its predict throws "The support for CAUSAL padding mode in conv1dWithBias is not implemented yet"; Keras computes ${kerasOut} (the figure shown)`, 'padding');
}

function inferConv(ctx: InferContext, rank: 1 | 2 | 3, kind: ConvKind): InferResult {
  const c = ctx.config;
  const axes = AXIS_NAMES[rank];
  const format = c.dataFormat();
  const kernel = c.intTuple('kernel_size', rank);
  const strides = c.intTuple('strides', rank, 1);
  const dilation = c.intTuple('dilation_rate', rank, 1);
  const useBias = c.bool('use_bias', true);
  const paddings: readonly PaddingMode[] = kind === 'transpose' ? ['valid', 'same'] : rank === 1 ? ['valid', 'same', 'causal'] : ['valid', 'same'];
  const padding = c.choice('padding', paddings, 'valid');
  const filters = kind === 'depthwise' ? 0 : c.int('filters', undefined, 1);
  const depthMultiplier = kind === 'depthwise' || kind === 'separable' ? c.int('depth_multiplier', 1, 1) : 1;
  const groups = kind === 'conv' ? c.int('groups', 1, 1) : 1;
  const outputPadding = kind === 'transpose' && c.has('output_padding') ? c.intTuple('output_padding', rank, undefined, 0) : undefined;
  if (!format || !kernel || !strides || !dilation || !padding || filters === undefined || !depthMultiplier || !groups) {
    return unknownResult();
  }
  if (kind === 'transpose' && c.has('output_padding') && !outputPadding) return unknownResult();
  if (strides.some((s) => s > 1) && dilation.some((d) => d > 1)) {
    ctx.report('warning', 'strides > 1 together with dilation_rate > 1 is not supported by TensorFlow', 'strides');
  }
  const input = spatialInput(ctx, rank, format);
  if (!input) return unknownResult();
  const cin = input.channels;
  if (groups > 1 && cin !== null && cin % groups !== 0) {
    ctx.report('error', `input channels (${cin}) must be divisible by groups (${groups})`, 'groups');
    return unknownResult();
  }

  const axisResults = axes.slice(0, rank).map((axis, i) => (kind === 'transpose'
    ? transposeAxis(axis, input.spatial[i], kernel[i], strides[i], dilation[i], padding as 'valid' | 'same', outputPadding?.[i])
    : convAxis(axis, input.spatial[i], kernel[i], strides[i], dilation[i], padding)));
  axisResults.forEach((r) => r.lines.forEach((l) => ctx.derive(l)));
  const errors = windowErrors(axisResults);
  errors.forEach((e) => ctx.report('error', e.message, e.key ?? 'kernel_size'));
  const failed = errors.length > 0;
  const outSpatial = axisResults.map((r) => r.out);
  if (padding === 'causal' && !failed) reportCausal(ctx, input.spatial[0], kernel[0], strides[0], dilation[0], outSpatial[0]);

  const k = kernel.reduce((a, b) => a * b, 1);
  const kText = formatProduct(kernel);
  let outChannels: number | null;
  let trainable: number | null;
  let macs: number | null;
  const outPositions = failed ? null : product(outSpatial);
  if (kind === 'conv') {
    outChannels = filters;
    // The theory card's formula (convMath), so the card and the Layers table cannot disagree.
    trainable = convParameterCounts(kernel, cin, filters, groups, useBias).total;
    const perFilter = cin === null ? null : (k * cin) / groups;
    const groupText = groups > 1 ? `/${groups} groups` : '';
    ctx.derive(`params = ${kText}·${plainCount(cin)}${groupText}·${filters}${useBias ? ` + ${filters}` : ''} = ${plainCount(trainable)} (kernel${useBias ? ' + bias' : ''})`);
    macs = mul(outPositions, filters, perFilter);
    ctx.derive(`MACs = ${plainCount(outPositions)} positions · ${filters} filters · ${kText}·${plainCount(cin)}${groupText} = ${plainCount(macs)}`);
  } else if (kind === 'transpose') {
    outChannels = filters;
    trainable = add(mul(k, filters, cin), useBias ? filters : 0);
    ctx.derive(`params = ${kText}·${filters}·${plainCount(cin)}${useBias ? ` + ${filters}` : ''} = ${plainCount(trainable)} (kernel${useBias ? ' + bias' : ''})`);
    const inPositions = product(input.spatial);
    macs = mul(inPositions, cin, k, filters);
    ctx.derive(`MACs = ${plainCount(inPositions)} input positions · ${plainCount(cin)} · ${kText} · ${filters} = ${plainCount(macs)} (each input value scatters through the kernel)`);
  } else if (kind === 'depthwise') {
    outChannels = mul(cin, depthMultiplier);
    trainable = add(mul(k, cin, depthMultiplier), useBias ? outChannels : 0);
    ctx.derive(`params = ${kText}·${plainCount(cin)}·${depthMultiplier}${useBias ? ` + ${plainCount(outChannels)}` : ''} = ${plainCount(trainable)} (depthwise kernel${useBias ? ' + bias' : ''})`);
    macs = mul(outPositions, outChannels, k);
    ctx.derive(`MACs = ${plainCount(outPositions)} positions · ${plainCount(outChannels)} channels · ${kText} = ${plainCount(macs)}`);
  } else {
    outChannels = filters;
    const mid = mul(cin, depthMultiplier);
    const depthwise = mul(k, mid);
    const pointwise = mul(mid, filters);
    trainable = add(depthwise, pointwise, useBias ? filters : 0);
    ctx.derive(`params = ${kText}·${plainCount(cin)}·${depthMultiplier} + ${plainCount(mid)}·${filters}${useBias ? ` + ${filters}` : ''} = ${plainCount(trainable)} (depthwise + pointwise${useBias ? ' + bias' : ''})`);
    macs = add(mul(outPositions, mid, k), mul(outPositions, mid, filters));
    ctx.derive(`MACs = ${plainCount(outPositions)}·${plainCount(mid)}·${kText} + ${plainCount(outPositions)}·${plainCount(mid)}·${filters} = ${plainCount(macs)}`);
  }
  const batch = input.shape[0];
  const output = failed ? null : spatialShape(batch, outSpatial, outChannels, format);
  const result: InferResult = { outputs: [output], trainable, nonTrainable: 0, macs: failed ? null : macs };
  if (kind === 'separable') {
    // The depthwise result [B, out positions, C_in·dm] is a tensor of its own (TF.js's separableConv2d is depthwiseConv2d
    // then a 1×1 conv2d; Keras's SeparableConv1D runs the 2-D op on an expanded axis): live while the pointwise conv runs
    // and read by the pointwise kernel's gradient. The depthwise stride already applies, so its positions are the output's.
    result.intermediateElements = mul(outPositions, cin, depthMultiplier);
    ctx.derive(`depthwise result = ${plainCount(outPositions)} positions · ${plainCount(cin)}·${depthMultiplier} = ${plainCount(result.intermediateElements)} elements per sample (before the pointwise conv)`);
  }
  return result;
}

export const convolutionalRules: LayerFamily = {
  semantics: 'keras',
  rules: {
    Conv1D: convRule(1, 'conv'),
    Conv2D: convRule(2, 'conv'),
    Conv3D: convRule(3, 'conv'),
    Conv1DTranspose: convRule(1, 'transpose'),
    Conv2DTranspose: convRule(2, 'transpose'),
    Conv3DTranspose: convRule(3, 'transpose'),
    DepthwiseConv1D: convRule(1, 'depthwise'),
    DepthwiseConv2D: convRule(2, 'depthwise'),
    SeparableConv1D: convRule(1, 'separable'),
    SeparableConv2D: convRule(2, 'separable'),
  },
  // Keras 2 names that still appear in saved JSON.
  aliases: {
    Convolution1D: 'Conv1D',
    Convolution2D: 'Conv2D',
    Convolution3D: 'Conv3D',
    Convolution2DTranspose: 'Conv2DTranspose',
    Convolution3DTranspose: 'Conv3DTranspose',
    SeparableConvolution1D: 'SeparableConv1D',
    SeparableConvolution2D: 'SeparableConv2D',
  },
};
