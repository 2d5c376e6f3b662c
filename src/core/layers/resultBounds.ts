// The last check on what a layer rule computes, applied to every rule of the catalogue. Config values are bounded
// where they are read (config.ts), but sizes still grow through the layers (an upsampling or a transposed
// convolution multiplies a dimension, Flatten multiplies them all) and can pass 2^53 − 1 and reach Infinity, which
// no figure may show. An output beyond that bound is an error on the layer and unknown from there on.
import type { Shape } from '../ir';
import { MAX_SIZE } from './config';
import { shapeTuple, type Count } from './shape';
import type { InferContext, InferResult, LayerRule } from './types';

/** `rule` with its results checked: an output larger than MAX_SIZE elements per sample, or a count that is not a number ≥ 0, becomes unknown with an error. */
export function withResultBounds(rule: LayerRule): LayerRule {
  return { ...rule, infer: (ctx) => boundResult(ctx, rule.infer(ctx)) };
}

function boundResult(ctx: InferContext, result: InferResult): InferResult {
  let outputs = result.outputs;
  for (let i = 0; i < outputs.length; i++) {
    const problem = shapeProblem(outputs[i]);
    if (problem === undefined) continue;
    const which = outputs.length > 1 ? `output ${i} ` : 'output ';
    ctx.report('error', `${which}${shapeTuple(outputs[i])} ${problem}; treated as unknown`);
    if (outputs === result.outputs) outputs = [...outputs];
    outputs[i] = null;
  }
  const trainable = boundCount(ctx, 'trainable parameter count', result.trainable);
  const nonTrainable = boundCount(ctx, 'non-trainable parameter count', result.nonTrainable);
  const macs = boundCount(ctx, 'MAC count', result.macs);
  if (outputs === result.outputs && trainable === result.trainable && nonTrainable === result.nonTrainable && macs === result.macs) return result;
  return { ...result, outputs, trainable, nonTrainable, macs };
}

/** Why a computed output shape cannot be (a dimension that is not a size, or too many elements per sample). */
function shapeProblem(shape: Shape | null): string | undefined {
  if (shape === null) return undefined;
  let elements = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    if (d === null) continue;
    if (d > MAX_SIZE) return `has dimension ${i} = ${d}, which exceeds 2^53 − 1 = ${MAX_SIZE}: beyond any tensor a framework can allocate`;
    if (!(d >= 0 && Number.isInteger(d))) return `has dimension ${i} = ${d}, which is not a size (an integer ≥ 0)`;
    if (i > 0) elements *= d;
  }
  if (elements > MAX_SIZE) {
    return `holds ≈ ${elements.toExponential(3)} elements per sample, which exceeds 2^53 − 1 = ${MAX_SIZE}: beyond any tensor a framework can allocate`;
  }
  return undefined;
}

/** Counts beyond 2^53 − 1 stay (flagged as approximate by the engine); Infinity, NaN or a negative count cannot. */
function boundCount(ctx: InferContext, what: string, count: Count): Count {
  if (count === null || (count >= 0 && Number.isFinite(count))) return count;
  ctx.report('error', `${what} computes to ${count}, which is not a count; treated as unknown`);
  return null;
}
