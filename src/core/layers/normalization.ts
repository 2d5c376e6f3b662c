// Normalisation layers. BatchNormalization owns gamma/beta (trainable, when scale/center) and moving mean/variance
// (non-trainable), one each per feature along `axis`; LayerNormalization owns gamma/beta over its axes.
// MACs: one multiply-add per element (the normalise-scale-shift folds into x·a + b at inference).
import type { Shape } from '../ir';
import type { InferContext, InferResult, LayerFamily, LayerRule } from './types';
import { unknownResult } from './types';
import { keepsInputs, notWorkedOut } from './backward';
import { tfjsBatchNorm } from './tfjsCosts';
import { shapePreserving, singleInput } from './denseAndShapePreserving';
import { elementsPerSample, formatProduct, mul, normalizeAxis, product } from './shape';

/** The input dims on `axis` (an int or a list of ints, negatives allowed); undefined (reported) when invalid. */
function featureDims(ctx: InferContext, input: Shape, fallback: number): (number | null)[] | undefined {
  const raw = ctx.config.get('axis') ?? fallback;
  const list = Array.isArray(raw) ? raw : [raw];
  const dims: (number | null)[] = [];
  for (let i = 0; i < list.length; i++) {
    const a: unknown = list[i];
    const axis = typeof a === 'number' && Number.isInteger(a) ? normalizeAxis(a, input.length) : undefined;
    if (axis === undefined || axis === 0) {
      ctx.report('error', `axis ${JSON.stringify(a)} is not a feature axis of input ${JSON.stringify(input)}`, Array.isArray(raw) ? ['axis', i] : 'axis');
      return undefined;
    }
    dims.push(input[axis]);
  }
  return dims;
}

// BatchNormalization and LayerNormalization keep their input: dx and dγ are computed from the normalised input.
const READS_INPUT = { idealAutograd: keepsInputs };

const batchNormalization: LayerRule = {
  description: 'normalises each feature with batch statistics (moving averages at inference)',
  drawing: 'normalization',
  backward: { ...READS_INPUT, tfjs: tfjsBatchNorm },
  infer: (ctx): InferResult => {
    const input = singleInput(ctx);
    if (!input) return unknownResult();
    const dims = featureDims(ctx, input, -1);
    if (!dims) return unknownResult();
    const features = product(dims);
    if (features === null) ctx.report('error', 'BatchNormalization needs the normalised axis to have a known size', 'axis');
    const scale = ctx.config.bool('scale', true);
    const center = ctx.config.bool('center', true);
    const perFeature = (scale ? 1 : 0) + (center ? 1 : 0);
    const trainable = mul(features, perFeature);
    const nonTrainable = mul(features, 2);
    const parts = [scale ? 'gamma' : '', center ? 'beta' : ''].filter(Boolean).join('+');
    ctx.derive(`features = ${formatProduct(dims)} = ${features ?? '?'}; trainable ${parts || 'none'} = ${trainable ?? '?'}, non-trainable moving mean+variance = ${nonTrainable ?? '?'}`);
    const macs = elementsPerSample(input);
    ctx.derive(`MACs = ${macs ?? '?'} (one multiply-add per element)`);
    return { outputs: [input.slice()], trainable, nonTrainable, macs };
  },
};

const layerNormalization: LayerRule = {
  description: 'normalises each sample over the given axes',
  drawing: 'normalization',
  backward: READS_INPUT,
  infer: (ctx): InferResult => {
    const input = singleInput(ctx);
    if (!input) return unknownResult();
    const dims = featureDims(ctx, input, -1);
    if (!dims) return unknownResult();
    const features = product(dims);
    const scale = ctx.config.bool('scale', true);
    const center = ctx.config.bool('center', true);
    const trainable = mul(features, (scale ? 1 : 0) + (center ? 1 : 0));
    ctx.derive(`params = ${features ?? '?'}·(${scale ? 'gamma' : ''}${scale && center ? ' + ' : ''}${center ? 'beta' : ''}) = ${trainable ?? '?'}`);
    const macs = elementsPerSample(input);
    ctx.derive(`MACs = ${macs ?? '?'} (one multiply-add per element)`);
    return { outputs: [input.slice()], trainable, nonTrainable: 0, macs };
  },
};

const groupNormalization: LayerRule = {
  description: 'normalises groups of channels per sample',
  drawing: 'normalization',
  backward: { idealAutograd: notWorkedOut },
  infer: (ctx): InferResult => {
    const input = singleInput(ctx);
    if (!input) return unknownResult();
    const dims = featureDims(ctx, input, -1);
    if (!dims) return unknownResult();
    const features = product(dims);
    const scale = ctx.config.bool('scale', true);
    const center = ctx.config.bool('center', true);
    const trainable = mul(features, (scale ? 1 : 0) + (center ? 1 : 0));
    ctx.derive(`params = ${features ?? '?'} channels · ${(scale ? 1 : 0) + (center ? 1 : 0)} = ${trainable ?? '?'}`);
    return { outputs: [input.slice()], trainable, nonTrainable: 0, macs: elementsPerSample(input) };
  },
};

export const normalizationRules: LayerFamily = {
  semantics: 'keras',
  rules: {
    BatchNormalization: batchNormalization,
    LayerNormalization: layerNormalization,
    GroupNormalization: groupNormalization,
    UnitNormalization: shapePreserving('scales each sample to unit L2 norm', 'normalization', notWorkedOut),
  },
};
