// Activation layers (TF.js "advanced activations" and Keras activation layers). All keep the shape; only PReLU owns
// weights: one learned slope per element of the input sample, shared along `shared_axes` (1-based, batch excluded).
import type { LayerFamily, LayerRule } from './types';
import { unknownResult } from './types';
import { keepsInputs, keepsOutput } from './backward';
import { pytorchActivation } from './pytorchCosts';
import { shapePreserving, singleInput } from './denseAndShapePreserving';
import { tfjsActivation, tfjsActivationNamed } from './tfjsCosts';
import { elementsPerSample, formatProduct, product } from './shape';

// Derivatives (backward.ts): ReLU [y > 0], ELU y + α below 0 and softmax y·(dy - Σ dy·y) need the output; the slope
// of LeakyReLU, ThresholdedReLU and PReLU (and PReLU's weight gradient dα = dy·x) need the input.

const prelu: LayerRule = {
  description: 'leaky ReLU with a learned slope per element',
  drawing: 'activation',
  backward: { idealAutograd: keepsInputs },
  infer: (ctx) => {
    const input = singleInput(ctx);
    if (!input) return unknownResult();
    const raw = ctx.config.get('shared_axes');
    const shared = raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw];
    const paramShape = input.slice(1);
    for (let i = 0; i < shared.length; i++) {
      const axis: unknown = shared[i];
      if (typeof axis !== 'number' || !Number.isInteger(axis) || axis < 1 || axis > paramShape.length) {
        ctx.report('error', `shared_axes entry ${JSON.stringify(axis)} is not an axis of ${paramShape.length}-D samples (1-based)`, Array.isArray(raw) ? ['shared_axes', i] : 'shared_axes');
        return unknownResult();
      }
      paramShape[axis - 1] = 1;
    }
    const params = product(paramShape);
    ctx.derive(`alpha shape ${formatProduct(paramShape)} → params = ${params ?? '?'}`);
    const macs = elementsPerSample(input);
    ctx.derive(`MACs = ${macs ?? '?'} (one slope multiply per element)`);
    return { outputs: [input.slice()], trainable: params, nonTrainable: 0, macs };
  },
};

const elementwise = 'elementwise: output shape = input shape';

/**
 * ReLU, optionally capped (`max_value`): TF.js runs Relu then ClipByValue when capped, each saving its input, so the
 * memory models read it as relu6 (any cap) — the capped form is what MobileNet's ReLU(6.) is.
 */
const relu: LayerRule = (() => {
  const base = shapePreserving('rectified linear unit (optionally capped)', 'activation', keepsOutput, elementwise, {
    tfjs: (l) => tfjsActivation({ ...l, activation: l.activation ?? 'relu' }),
    pytorch: (l) => pytorchActivation({ ...l, activation: l.activation ?? 'relu' }),
  });
  return {
    ...base,
    infer: (ctx) => {
      const result = base.infer(ctx);
      const cap = ctx.config.get('max_value');
      return { ...result, activation: typeof cap === 'number' ? 'relu6' : 'relu' };
    },
  };
})();

export const activationRules: LayerFamily = {
  semantics: 'keras',
  rules: {
    ReLU: relu,
    LeakyReLU: shapePreserving('ReLU with a fixed slope for negatives', 'activation', keepsInputs, elementwise),
    PReLU: prelu,
    ELU: shapePreserving('exponential linear unit', 'activation', keepsOutput, elementwise, { tfjs: tfjsActivationNamed('elu') }),
    ThresholdedReLU: shapePreserving('passes values above a threshold', 'activation', keepsInputs, elementwise),
    Softmax: shapePreserving('softmax along an axis', 'activation', keepsOutput, 'normalises along an axis: output shape = input shape', { tfjs: tfjsActivationNamed('softmax') }),
  },
};
