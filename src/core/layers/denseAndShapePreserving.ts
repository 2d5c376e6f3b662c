// Core layers: Dense (on any rank), Activation, Masking, Lambda-free identity-shaped layers, and the
// regularisation layers that only act in training (Dropout family, noise). Most keep the shape unchanged.
import type { LayerDrawing } from '../analysisResult';
import type { InferContext, InferResult, LayerFamily, LayerRule } from './types';
import { unknownResult } from './types';
import {
  activationLayer, keepsMask, keepsNothing, notWorkedOut, weightedWithActivation, type BackwardByMemoryModel, type BackwardRule,
} from './backward';
import { tfjsActivation, tfjsDense, tfjsDropout } from './tfjsCosts';
import { pytorchActivation, pytorchDropout, pytorchLinear } from './pytorchCosts';
import { add, elementsPerSample, plainCount, shapeTuple, mul, product } from './shape';

/**
 * A layer whose single output has the input's shape and which owns no weights; `backward` is what it keeps for
 * backward (the ideal autograd's), `note` its derivation line.
 */
export function shapePreserving(
  description: string, drawing: LayerDrawing, backward: BackwardRule, note?: string,
  frameworks: Omit<BackwardByMemoryModel, 'idealAutograd'> = {},
): LayerRule {
  return {
    description,
    drawing,
    backward: { idealAutograd: backward, ...frameworks },
    infer: (ctx) => {
      const input = singleInput(ctx);
      if (!input) return unknownResult();
      ctx.derive(note ?? `output shape = input shape ${shapeTuple(input)}`);
      return { outputs: [input.slice()], trainable: 0, nonTrainable: 0, macs: 0 };
    },
  };
}

/** The single input of a layer that takes one; reports a call with several. */
export function singleInput(ctx: InferContext): NonNullable<InferContext['inputs'][number]> | undefined {
  if (ctx.inputs.length !== 1) {
    ctx.report('error', `${ctx.layer.className} takes exactly one input, got ${ctx.inputs.length}`, []);
    return undefined;
  }
  return ctx.inputs[0] ?? undefined;
}

const dense: LayerRule = {
  description: 'fully connected layer on the last axis',
  drawing: 'dense',
  backward: { idealAutograd: weightedWithActivation, tfjs: tfjsDense, pytorch: pytorchLinear },
  infer: (ctx): InferResult => {
    const units = ctx.config.int('units', undefined, 1);
    const useBias = ctx.config.bool('use_bias', true);
    const input = singleInput(ctx);
    if (units === undefined || !input) return unknownResult();
    if (input.length < 2) {
      ctx.report('error', `Dense expects an input of rank ≥ 2, got ${shapeTuple(input)}`);
      return unknownResult();
    }
    const fanIn = input[input.length - 1];
    const output = [...input.slice(0, -1), units];
    const trainable = add(mul(fanIn, units), useBias ? units : 0);
    ctx.derive(`params = ${plainCount(fanIn)}·${units}${useBias ? ` + ${units}` : ''} = ${plainCount(trainable)} (weights${useBias ? ' + bias' : ''})`);
    const positions = product(input.slice(1, -1));
    const macs = mul(positions, fanIn, units);
    ctx.derive(positions === 1
      ? `MACs = ${plainCount(fanIn)}·${units} = ${plainCount(macs)}`
      : `MACs = ${plainCount(positions)} positions · ${plainCount(fanIn)}·${units} = ${plainCount(macs)} (applied to every position of the last axis)`);
    return { outputs: [output], trainable, nonTrainable: 0, macs };
  },
};

const activation: LayerRule = shapePreserving('applies an activation function elementwise', 'activation', activationLayer, 'elementwise: output shape = input shape', { tfjs: tfjsActivation, pytorch: pytorchActivation });

// The dropout family keeps its mask (dx = dy · mask); noise that is added needs nothing (dx = dy).

export const coreRules: LayerFamily = {
  semantics: 'keras',
  rules: {
    Dense: dense,
    Activation: activation,
    Masking: shapePreserving('marks timesteps equal to mask_value as masked', 'other', keepsNothing),
    Identity: shapePreserving('passes its input through', 'other', notWorkedOut),
    ActivityRegularization: shapePreserving('adds an activity penalty to the loss; passes its input through', 'regularization', notWorkedOut),
    Dropout: shapePreserving('randomly zeroes inputs during training', 'regularization', keepsMask, undefined, { tfjs: tfjsDropout, pytorch: pytorchDropout }),
    SpatialDropout1D: shapePreserving('drops whole channels during training', 'regularization', keepsMask),
    SpatialDropout2D: shapePreserving('drops whole channels during training', 'regularization', keepsMask),
    SpatialDropout3D: shapePreserving('drops whole channels during training', 'regularization', keepsMask),
    GaussianNoise: shapePreserving('adds Gaussian noise during training', 'regularization', keepsNothing),
    GaussianDropout: shapePreserving('multiplicative Gaussian noise during training', 'regularization', keepsMask),
    AlphaDropout: shapePreserving('dropout that keeps SELU self-normalisation, during training', 'regularization', keepsMask),
  },
};

/** Elements of one sample, for MAC counts of per-element operations. */
export function perSample(shape: NonNullable<InferContext['inputs'][number]>): number | null {
  return elementsPerSample(shape);
}
