// Reshaping layers: Flatten, Reshape (with one -1), Permute, RepeatVector, and the spatial ones ZeroPadding,
// Cropping and UpSampling in 1-3 D. None owns weights or does multiply-accumulates.
import type { Shape } from '../ir';
import type { InferContext, InferResult, LayerFamily, LayerRule } from './types';
import { unknownResult } from './types';
import { keepsNothing } from './backward';
import { tfjsReshape } from './tfjsCosts';
import { pytorchView } from './pytorchCosts';
import { describeValue, sizeProblem } from './config';
import { singleInput } from './denseAndShapePreserving';
import { AXIS_NAMES, spatialInput, spatialShape } from './spatial';
import { elementsPerSample, formatProduct, shapeTuple, product } from './shape';

function noWeights(output: Shape | null): InferResult {
  return { outputs: [output], trainable: 0, nonTrainable: 0, macs: 0 };
}

// Each of these moves, repeats, pads or slices elements: dx is dy moved back (summed for repeats); nothing is kept.
const MOVES_ELEMENTS = { idealAutograd: keepsNothing };
/** Flatten and Reshape: TF.js's Reshape kernel saves its input; in PyTorch a view of a contiguous tensor. */
const VIEWS = { idealAutograd: keepsNothing, tfjs: tfjsReshape, pytorch: pytorchView };

const flatten: LayerRule = {
  description: 'flattens each sample to a vector',
  drawing: 'reshape',
  backward: VIEWS,
  infer: (ctx) => {
    const input = singleInput(ctx);
    if (!input) return unknownResult();
    const rest = input.slice(1);
    const n = rest.length === 0 ? 1 : product(rest);
    ctx.derive(`features = ${formatProduct(rest) || '1'} = ${n ?? '? (unknown dims)'}`);
    return noWeights([input[0], n]);
  },
};

const reshape: LayerRule = {
  description: 'reshapes each sample to target_shape',
  drawing: 'reshape',
  backward: VIEWS,
  infer: (ctx) => {
    const input = singleInput(ctx);
    const target = ctx.config.get('target_shape');
    if (!input) return unknownResult();
    if (!Array.isArray(target)) {
      ctx.report('error', `"target_shape" must be a list of sizes (at most one -1), got ${describeValue(target)}`, 'target_shape');
      return unknownResult();
    }
    for (const [i, d] of target.entries()) {
      const problem = d === null || d === -1 ? undefined : sizeProblem(d);
      if (problem !== undefined) {
        ctx.report('error', `"target_shape"[${i}] ${problem} (a size, or -1 for the one inferred dimension)`, ['target_shape', i]);
        return unknownResult();
      }
    }
    const dims = target.map((d) => (d === null ? -1 : (d as number)));
    const unknownAt = dims.flatMap((d, i) => (d === -1 ? [i] : []));
    if (unknownAt.length > 1) {
      ctx.report('error', `"target_shape" ${JSON.stringify(target)} can have only one unknown (-1) dimension`, 'target_shape');
      return unknownResult();
    }
    const inputElements = elementsPerSample(input);
    const known = product(dims.filter((d) => d !== -1));
    if (unknownAt.length === 1) {
      const out: Shape = [input[0], ...dims];
      if (inputElements === null) {
        out[unknownAt[0] + 1] = null;
        ctx.derive(`-1 stays unknown: the input ${shapeTuple(input)} has unknown dims`);
        return noWeights(out);
      }
      if (known === 0 || (known !== null && inputElements % known !== 0)) {
        ctx.report('error', `cannot reshape ${inputElements} elements per sample into ${JSON.stringify(target)}: ${inputElements} is not a multiple of ${known}`, 'target_shape');
        return unknownResult();
      }
      const inferred = inputElements / (known as number);
      out[unknownAt[0] + 1] = inferred;
      ctx.derive(`-1 = ${inputElements} / ${known} = ${inferred}`);
      return noWeights(out);
    }
    if (inputElements !== null && known !== inputElements) {
      ctx.report('error', `cannot reshape ${shapeTuple(input)} (${inputElements} elements per sample) into ${JSON.stringify(target)} (${known} elements)`, 'target_shape');
      return unknownResult();
    }
    ctx.derive(`${inputElements ?? '?'} elements per sample → ${formatProduct(dims)}`);
    return noWeights([input[0], ...dims]);
  },
};

const permute: LayerRule = {
  description: 'permutes the axes of each sample (dims are 1-based)',
  drawing: 'reshape',
  backward: MOVES_ELEMENTS,
  infer: (ctx) => {
    const input = singleInput(ctx);
    const dims = ctx.config.get('dims');
    if (!input) return unknownResult();
    const rank = input.length - 1;
    const ok = Array.isArray(dims) && dims.length === rank && [...dims].sort((a, b) => a - b).every((d, i) => d === i + 1);
    if (!ok) {
      ctx.report('error', `"dims" must be a permutation of 1..${rank} for input ${shapeTuple(input)}, got ${JSON.stringify(dims)}`, 'dims');
      return unknownResult();
    }
    const out: Shape = [input[0], ...(dims as number[]).map((d) => input[d])];
    ctx.derive(`axes (${(dims as number[]).join(', ')}) of ${shapeTuple(input)} → ${shapeTuple(out)}`);
    return noWeights(out);
  },
};

const repeatVector: LayerRule = {
  description: 'repeats a vector n times along a new time axis',
  drawing: 'reshape',
  backward: MOVES_ELEMENTS,
  infer: (ctx) => {
    const input = singleInput(ctx);
    const n = ctx.config.int('n', undefined, 1);
    if (!input || n === undefined) return unknownResult();
    if (input.length !== 2) {
      ctx.report('error', `RepeatVector expects a rank-2 input (batch, features), got ${shapeTuple(input)}`);
      return unknownResult();
    }
    return noWeights([input[0], n, input[1]]);
  },
};

/**
 * Reads a per-axis (before, after) amount in any of the forms Keras accepts: an int (all sides), one int per axis
 * (symmetric), or one pair per axis. 1-D layers take an int or a single pair.
 */
function sidePairs(ctx: InferContext, key: string, rank: number, fallback: number): [number, number][] | undefined {
  const raw = ctx.config.get(key) ?? fallback;
  const isInt = (v: unknown): v is number => sizeProblem(v) === undefined;
  const bad = () => {
    ctx.report('error', `"${key}" must be an int, ${rank} ints, or ${rank} (before, after) pairs of ints in [0, 2^53 − 1]; got ${describeValue(raw)}`, key);
    return undefined;
  };
  if (isInt(raw)) return Array.from({ length: rank }, () => [raw, raw]);
  if (!Array.isArray(raw)) return bad();
  if (rank === 1 && raw.length === 2 && raw.every(isInt)) return [[raw[0], raw[1]]];
  if (raw.length !== rank) return bad();
  const pairs: [number, number][] = [];
  for (const entry of raw) {
    if (isInt(entry)) pairs.push([entry, entry]);
    else if (Array.isArray(entry) && entry.length === 2 && entry.every(isInt)) pairs.push([entry[0], entry[1]]);
    else return bad();
  }
  return pairs;
}

function spatialFormat(ctx: InferContext, rank: number): 'channels_last' | 'channels_first' | undefined {
  // Keras's 1-D padding/cropping/upsampling layers have no data_format: they are always (batch, steps, features).
  return rank === 1 ? 'channels_last' : ctx.config.dataFormat();
}

function zeroPaddingRule(rank: 1 | 2 | 3): LayerRule {
  return {
    description: `pads the ${rank}-D spatial axes with zeros`,
    drawing: 'other',
    backward: MOVES_ELEMENTS,
    infer: (ctx) => {
      const format = spatialFormat(ctx, rank);
      const pads = sidePairs(ctx, 'padding', rank, 1);
      if (!format || !pads) return unknownResult();
      const input = spatialInput(ctx, rank, format);
      if (!input) return unknownResult();
      const out = input.spatial.map((n, i) => {
        const v = n === null ? null : n + pads[i][0] + pads[i][1];
        ctx.derive(`${AXIS_NAMES[rank][i]}_out = ${n ?? '?'} + ${pads[i][0]} + ${pads[i][1]} = ${v ?? '?'}`);
        return v;
      });
      return noWeights(spatialShape(input.shape[0], out, input.channels, format));
    },
  };
}

function croppingRule(rank: 1 | 2 | 3): LayerRule {
  return {
    description: `crops the ${rank}-D spatial axes`,
    drawing: 'other',
    backward: MOVES_ELEMENTS,
    infer: (ctx) => {
      const format = spatialFormat(ctx, rank);
      // Keras defaults: Cropping1D (1, 1), Cropping2D ((0, 0), (0, 0)), Cropping3D ((1, 1), (1, 1), (1, 1)).
      const crops = sidePairs(ctx, 'cropping', rank, rank === 2 ? 0 : 1);
      if (!format || !crops) return unknownResult();
      const input = spatialInput(ctx, rank, format);
      if (!input) return unknownResult();
      let failed = false;
      const out = input.spatial.map((n, i) => {
        const axis = AXIS_NAMES[rank][i];
        if (n === null) return null;
        const v = n - crops[i][0] - crops[i][1];
        if (v <= 0) {
          ctx.report('error', `cropping ${crops[i][0]} + ${crops[i][1]} leaves nothing of ${axis} = ${n}`, 'cropping');
          failed = true;
          return null;
        }
        ctx.derive(`${axis}_out = ${n} - ${crops[i][0]} - ${crops[i][1]} = ${v}`);
        return v;
      });
      return noWeights(failed ? null : spatialShape(input.shape[0], out, input.channels, format));
    },
  };
}

function upSamplingRule(rank: 1 | 2 | 3): LayerRule {
  return {
    description: `repeats rows/columns to upsample the ${rank}-D spatial axes`,
    drawing: 'other',
    backward: MOVES_ELEMENTS,
    infer: (ctx) => {
      const format = spatialFormat(ctx, rank);
      const size = ctx.config.intTuple(rank === 1 ? 'size' : 'size', rank, 2);
      if (!format || !size) return unknownResult();
      const input = spatialInput(ctx, rank, format);
      if (!input) return unknownResult();
      const out = input.spatial.map((n, i) => {
        const v = n === null ? null : n * size[i];
        ctx.derive(`${AXIS_NAMES[rank][i]}_out = ${n ?? '?'}·${size[i]} = ${v ?? '?'}`);
        return v;
      });
      return noWeights(spatialShape(input.shape[0], out, input.channels, format));
    },
  };
}

export const reshapingRules: LayerFamily = {
  semantics: 'keras',
  rules: {
    Flatten: flatten,
    Reshape: reshape,
    Permute: permute,
    RepeatVector: repeatVector,
    ZeroPadding1D: zeroPaddingRule(1),
    ZeroPadding2D: zeroPaddingRule(2),
    ZeroPadding3D: zeroPaddingRule(3),
    Cropping1D: croppingRule(1),
    Cropping2D: croppingRule(2),
    Cropping3D: croppingRule(3),
    UpSampling1D: upSamplingRule(1),
    UpSampling2D: upSamplingRule(2),
    UpSampling3D: upSamplingRule(3),
  },
};
