// Pooling: windowed max/average over 1-3 spatial axes (no weights; strides default to the pool size), and global
// pooling that reduces the spatial axes away. Pooling takes maxima or means: no multiply-accumulates are counted.
import type { InferContext, InferResult, LayerFamily, LayerRule } from './types';
import { unknownResult } from './types';
import { keepsInputsAndOutput, keepsNothing, type BackwardByMemoryModel } from './backward';
import { tfjsAveragePooling, tfjsGlobalAveragePooling, tfjsMaxPooling } from './tfjsCosts';
import { pytorchMaxPooling } from './pytorchCosts';
import { convAxis, windowErrors } from './convMath';
import { AXIS_NAMES, spatialInput, spatialShape } from './spatial';

/**
 * Max pooling routes the gradient to the arg-max, found from input and output (TF.js MaxPoolGrad takes both); the
 * gradient of a mean spreads dy evenly and needs nothing.
 */
const BACKWARD: Record<'max' | 'average', BackwardByMemoryModel> = {
  max: { idealAutograd: keepsInputsAndOutput, tfjs: tfjsMaxPooling, pytorch: pytorchMaxPooling },
  average: { idealAutograd: keepsNothing, tfjs: tfjsAveragePooling },
};

/** Global pooling: a reduction (Mean saves its input in TF.js; PyTorch's mean saves nothing, amax its input). */
const GLOBAL_BACKWARD: Record<'max' | 'average', BackwardByMemoryModel> = {
  max: { idealAutograd: keepsInputsAndOutput },
  average: { idealAutograd: keepsNothing, tfjs: tfjsGlobalAveragePooling },
};

function poolRule(rank: 1 | 2 | 3, kind: 'max' | 'average'): LayerRule {
  return {
    description: `${rank}-D ${kind} pooling`,
    drawing: 'pool',
    backward: BACKWARD[kind],
    infer: (ctx) => inferPool(ctx, rank),
  };
}

function inferPool(ctx: InferContext, rank: 1 | 2 | 3): InferResult {
  const c = ctx.config;
  const format = c.dataFormat();
  // Keras 1-D pooling serialises pool_size/strides as 1-tuples; Keras 2's legacy name for pool_size is pool_length.
  const poolKey = !c.has('pool_size') && c.has('pool_length') ? 'pool_length' : 'pool_size';
  const pool = c.intTuple(poolKey, rank, 2);
  const padding = c.choice('padding', ['valid', 'same'] as const, 'valid');
  if (!format || !pool || !padding) return unknownResult();
  const strides = c.has('strides') ? c.intTuple('strides', rank) : pool;
  if (!strides) return unknownResult();
  const input = spatialInput(ctx, rank, format);
  if (!input) return unknownResult();
  const axes = AXIS_NAMES[rank];
  const axisResults = axes.slice(0, rank).map((axis, i) => convAxis(axis, input.spatial[i], pool[i], strides[i], 1, padding));
  axisResults.forEach((r) => r.lines.forEach((l) => ctx.derive(l.replace('kernel', 'pool window'))));
  const errors = windowErrors(axisResults);
  errors.forEach((e) => ctx.report('error', e.message.replace(/kernel/g, 'pool window'), poolKey));
  const failed = errors.length > 0;
  const out = axisResults.map((r) => r.out);
  ctx.derive('no weights; pooling takes maxima/means, counted as 0 MACs');
  return { outputs: [failed ? null : spatialShape(input.shape[0], out, input.channels, format)], trainable: 0, nonTrainable: 0, macs: 0 };
}

function globalPoolRule(rank: 1 | 2 | 3, kind: 'max' | 'average'): LayerRule {
  return {
    description: `global ${kind} pooling over the ${rank}-D spatial axes`,
    drawing: 'pool',
    backward: GLOBAL_BACKWARD[kind],
    infer: (ctx) => {
      const format = ctx.config.dataFormat();
      const keepdims = ctx.config.bool('keepdims', false);
      if (!format) return unknownResult();
      const input = spatialInput(ctx, rank, format);
      if (!input) return unknownResult();
      const output = keepdims
        ? spatialShape(input.shape[0], input.spatial.map(() => 1), input.channels, format)
        : [input.shape[0], input.channels];
      ctx.derive(`reduces ${AXIS_NAMES[rank].join('×')} to ${keepdims ? '1 each (keepdims)' : 'nothing'}, keeping ${input.channels ?? '?'} channels`);
      return { outputs: [output], trainable: 0, nonTrainable: 0, macs: 0 };
    },
  };
}

export const poolingRules: LayerFamily = {
  semantics: 'keras',
  rules: {
    MaxPooling1D: poolRule(1, 'max'),
    MaxPooling2D: poolRule(2, 'max'),
    MaxPooling3D: poolRule(3, 'max'),
    AveragePooling1D: poolRule(1, 'average'),
    AveragePooling2D: poolRule(2, 'average'),
    AveragePooling3D: poolRule(3, 'average'),
    GlobalMaxPooling1D: globalPoolRule(1, 'max'),
    GlobalMaxPooling2D: globalPoolRule(2, 'max'),
    GlobalMaxPooling3D: globalPoolRule(3, 'max'),
    GlobalAveragePooling1D: globalPoolRule(1, 'average'),
    GlobalAveragePooling2D: globalPoolRule(2, 'average'),
    GlobalAveragePooling3D: globalPoolRule(3, 'average'),
  },
  // Other names TF.js and Keras register for the same classes.
  aliases: {
    MaxPool1D: 'MaxPooling1D', MaxPool2D: 'MaxPooling2D', MaxPool3D: 'MaxPooling3D',
    AvgPool1D: 'AveragePooling1D', AvgPool2D: 'AveragePooling2D', AvgPool3D: 'AveragePooling3D',
    AveragePool1D: 'AveragePooling1D', AveragePool2D: 'AveragePooling2D', AveragePool3D: 'AveragePooling3D',
    GlobalMaxPool1D: 'GlobalMaxPooling1D', GlobalMaxPool2D: 'GlobalMaxPooling2D', GlobalMaxPool3D: 'GlobalMaxPooling3D',
    GlobalAvgPool1D: 'GlobalAveragePooling1D', GlobalAvgPool2D: 'GlobalAveragePooling2D', GlobalAvgPool3D: 'GlobalAveragePooling3D',
  },
};
