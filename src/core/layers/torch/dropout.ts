// The dropout family: shape kept, no weights, no MACs counted (the mask multiply is not counted, as in the Keras
// catalogue). Dropout zeroes elements; Dropout1d/2d/3d and FeatureAlphaDropout zero whole channels, so PyTorch checks
// (or warns about) the input's rank; AlphaDropout keeps SELU's mean and variance. Backward keeps the mask (dx = dy·mask;
// for the channel-wise kinds PyTorch's mask is one element per channel, so the input-sized figure errs high).
import { keepsMask, type FrameworkCostRule } from '../backward';
import { alphaDropoutSaves, channelDropoutSaves, dropoutSaves } from './savedForBackward';
import type { ArgValue, ForwardContext, FunctionalForm, ParamSpec, TorchModuleRule } from './types';
import { TorchRuleError } from './types';
import { numberArg, shapeTuple, tensor, tensorInput } from './tensorInputs';

/** `dropout probability has to be between 0 and 1, but got 1.5` (nn.Dropout's __init__ and F.dropout raise it). */
function checkP(p: number | null): void {
  if (p !== null && (p < 0 || p > 1)) {
    throw new TorchRuleError(`dropout probability has to be between 0 and 1, but got ${formatFloat(p)}`, 'p');
  }
}

/** Python's repr of a float (`0.5`, `2.0`). */
function formatFloat(value: number): string {
  return Number.isInteger(value) ? `${value}.0` : String(value);
}

interface RankRule {
  /** Ranks the channel-wise kind means (batched or not). */
  ranks: readonly number[];
  /** An error (dropout1d) or a deprecation warning (dropout2d/3d) for another rank. */
  strict: boolean;
  spatial: number;
}

interface DropoutSpec {
  className: string;
  fname: string;
  description: string;
  rank?: RankRule;
  /** F.alpha_dropout and F.feature_alpha_dropout default to training=False, the others to True. */
  trainingDefault: boolean;
  /** What PyTorch's autograd saves (savedForBackward.ts). */
  pytorch: FrameworkCostRule;
}

function rankCheck(ctx: ForwardContext, spec: DropoutSpec, rank: number): void {
  const rule = spec.rank;
  if (!rule) return;
  const dims = rule.ranks.join('D or ') + 'D';
  if (!rule.ranks.includes(rank)) {
    const why = `${spec.fname} exists to provide channel-wise dropout on inputs with ${rule.spatial} spatial dimension${rule.spatial > 1 ? 's' : ''}, a channel dimension, and an optional batch dimension (i.e. ${dims} inputs)`;
    if (rule.strict) throw new TorchRuleError(`${spec.fname}: Expected ${dims} input, but received a ${rank}D input. Note that ${why}.`);
    ctx.warn(`${spec.fname}: Received a ${rank}-D input to ${spec.fname}, which is deprecated and will result in an error in a future release. To retain the behavior and silence this warning, please use dropout instead. Note that ${why}.`);
    return;
  }
  if (spec.fname === 'dropout2d' && rank === 3) {
    ctx.warn('dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior is desired - input is interpreted as shape (N, C, L), where C is the channel dim. This behavior will change in a future release to interpret the input as one without a batch dimension, i.e. shape (C, H, W). To maintain the 1D channel-wise dropout behavior, please switch to using dropout1d instead.');
  }
}

function dropoutRule(spec: DropoutSpec): TorchModuleRule {
  const P: ParamSpec = { name: 'p', default: 0.5 };
  const INPLACE: ParamSpec = { name: 'inplace', default: false };
  // F.dropout's `training` (torch.dropout's `train`) decides for the call; the module's own mode does otherwise.
  const toModule: FunctionalForm['toModule'] = (bound) => ({
    args: { p: bound.p as ArgValue, inplace: bound.inplace as ArgValue, training: (bound.training ?? bound.train) as ArgValue },
    inputs: { input: bound.input },
  });
  const functional: FunctionalForm[] = [{
    names: [`F.${spec.fname}`],
    signature: [{ name: 'input', required: true }, P, { name: 'training', default: spec.trainingDefault }, INPLACE],
    toModule,
  }];
  if (spec.fname === 'dropout') {
    functional.push({
      names: ['torch.dropout'],
      signature: [{ name: 'input', required: true }, { name: 'p', required: true }, { name: 'train', required: true }],
      toModule,
    });
  }
  return {
    className: spec.className,
    description: spec.description,
    signature: [P, INPLACE],
    weights: (args) => {
      checkP(numberArg(args, 'p'));
      return { parameters: [], buffers: [] };
    },
    forward: (ctx) => {
      const input = tensorInput(ctx.inputs, 'input', spec.className);
      const p = numberArg(ctx.args, 'p');
      checkP(p);
      const shape = input.shape;
      if (shape !== null) rankCheck(ctx, spec, shape.length);
      // F.dropout(x, training=False) is the identity whatever the module's mode.
      const training = typeof ctx.args.training === 'boolean' ? ctx.args.training : ctx.training;
      ctx.derive(`${training ? `drops with p = ${p ?? '?'}` : 'identity (not training)'}: output shape = input shape ${shapeTuple(shape)}`);
      return { output: tensor(shape === null ? null : shape.slice(), input.dtype), macs: 0 };
    },
    functional,
    backward: { idealAutograd: keepsMask, pytorch: spec.pytorch },
    drawing: 'regularization',
  };
}

export const dropoutRules: readonly TorchModuleRule[] = [
  dropoutRule({
    className: 'Dropout', fname: 'dropout', description: 'zeroes elements with probability p in training', trainingDefault: true, pytorch: dropoutSaves,
  }),
  // The channel axes below follow F.dropout1d/2d/3d: 1d and 3d add a batch axis to an unbatched input (its channels are
  // then axis 0), 2d never does (feature_dropout's noise is [N, C, 1, …] whatever the rank).
  dropoutRule({
    className: 'Dropout1d', fname: 'dropout1d', description: 'zeroes whole channels of (N, C, L) inputs in training', trainingDefault: true,
    rank: { ranks: [2, 3], strict: true, spatial: 1 }, pytorch: channelDropoutSaves('dropout1d', (rank) => (rank === 3 ? 1 : 0)),
  }),
  dropoutRule({
    className: 'Dropout2d', fname: 'dropout2d', description: 'zeroes whole channels of (N, C, H, W) inputs in training', trainingDefault: true,
    rank: { ranks: [3, 4], strict: false, spatial: 2 }, pytorch: channelDropoutSaves('dropout2d', (rank) => (rank >= 2 ? 1 : undefined)),
  }),
  dropoutRule({
    className: 'Dropout3d', fname: 'dropout3d', description: 'zeroes whole channels of (N, C, D, H, W) inputs in training', trainingDefault: true,
    rank: { ranks: [4, 5], strict: false, spatial: 3 }, pytorch: channelDropoutSaves('dropout3d', (rank) => (rank === 5 ? 1 : 0)),
  }),
  dropoutRule({
    className: 'AlphaDropout', fname: 'alpha_dropout', description: 'dropout that keeps SELU\'s mean and variance', trainingDefault: false,
    pytorch: alphaDropoutSaves,
  }),
  dropoutRule({
    className: 'FeatureAlphaDropout', fname: 'feature_alpha_dropout', description: 'alpha dropout of whole channels', trainingDefault: false,
    pytorch: channelDropoutSaves('feature_alpha_dropout', (rank) => (rank >= 2 ? 1 : undefined)),
  }),
];
