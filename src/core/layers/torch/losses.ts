// Loss modules (CrossEntropyLoss, NLLLoss, MSELoss, L1Loss, SmoothL1Loss, HuberLoss, BCELoss, BCEWithLogitsLoss,
// KLDivLoss). A model often registers one (the course notebook's `self.loss_fn`) and calls it outside forward: it
// then appears, as in named_modules(), as a leaf with no parameters. Called, it returns a scalar, or with
// reduction='none' the per-element losses. A `weight` / `pos_weight` tensor becomes a buffer. No MACs (reductions and
// nonlinearities); backward needs the input and the target.
import { keepsInputs } from '../backward';
import type { Shape } from '../../ir';
import type { ArgValue, Args, CallValue, ForwardContext, ForwardResult, FunctionalForm, ParamSpec, TorchBuffer, TorchModuleRule, TorchWeights } from './types';
import { TorchRuleError } from './types';
import { isTensor, shapeTuple, stringArg, tensor, tensorInput } from './tensorInputs';

const REDUCTIONS = new Set(['none', 'mean', 'sum']);

/** `torch.Size([2, 1])`, as PyTorch prints a shape in these messages. */
function torchSize(shape: Shape): string {
  return `torch.Size([${shape.map((d) => (d === null ? '?' : String(d))).join(', ')}])`;
}

/** The reduction PyTorch checks when the loss is called: `avg is not a valid value for reduction`. */
function reductionOf(args: Args, extra: readonly string[] = []): string | null {
  const reduction = stringArg(args, 'reduction');
  if (reduction !== null && !REDUCTIONS.has(reduction) && !extra.includes(reduction)) {
    throw new TorchRuleError(`${reduction} is not a valid value for reduction`, 'reduction', 'mean');
  }
  return reduction;
}

/** A tensor argument (`weight`, `pos_weight`) registered as a buffer; null when its shape is unknown. */
function tensorBuffers(args: Args, names: readonly string[]): TorchWeights | null {
  const buffers: TorchBuffer[] = [];
  for (const name of names) {
    const value = args[name] as CallValue | undefined;
    if (value === null || value === undefined) continue;
    if (isTensor(value) && value.shape && value.shape.every((d) => d !== null)) {
      buffers.push({ name, shape: value.shape as number[], dtype: value.dtype });
    } else {
      return null;
    }
  }
  return { parameters: [], buffers };
}

function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === null || b[i] === null || d === b[i]);
}

/** PyTorch's broadcast of two shapes (ATen infer_size), with its error. */
function broadcast(a: Shape, b: Shape): Shape {
  const rank = Math.max(a.length, b.length);
  const out: Shape = [];
  for (let i = 0; i < rank; i++) {
    const sa = a[a.length - rank + i] ?? 1;
    const sb = b[b.length - rank + i] ?? 1;
    if (sa !== null && sb !== null && sa !== sb && sa !== 1 && sb !== 1) {
      throw new TorchRuleError(`The size of tensor a (${sa}) must match the size of tensor b (${sb}) at non-singleton dimension ${i}`);
    }
    out.push(sa === null || sa === 1 ? sb : sa);
  }
  return out;
}

function lossResult(ctx: ForwardContext, reduction: string | null, perElement: Shape | null, dtype: string): ForwardResult {
  const output: Shape | null = reduction === 'none' ? perElement : reduction === null ? null : [];
  ctx.derive(reduction === 'none'
    ? `reduction='none': one loss per element, ${shapeTuple(perElement)}`
    : `reduction='${reduction ?? '?'}': a scalar ()`);
  return { output: tensor(output, dtype), macs: 0 };
}

const INPUT_TARGET: readonly ParamSpec[] = [{ name: 'input', required: true }, { name: 'target', required: true }];

function inputAndTarget(ctx: ForwardContext, owner: string) {
  return { input: tensorInput(ctx.inputs, 'input', owner), target: tensorInput(ctx.inputs, 'target', owner) };
}

/** CrossEntropyLoss and NLLLoss: class scores (N, C, d…) or (C,) against class indices (N, d…), or probabilities of the input's shape (cross entropy only). */
function classificationForward(ctx: ForwardContext, owner: string, probabilities: boolean): ForwardResult {
  const { input, target } = inputAndTarget(ctx, owner);
  const reduction = reductionOf(ctx.args);
  const x = input.shape;
  const t = target.shape;
  if (x === null || t === null) return lossResult(ctx, reduction, null, input.dtype);
  if (probabilities && target.dtype.startsWith('float') && sameShape(x, t)) {
    return lossResult(ctx, reduction, x.length >= 2 ? [x[0], ...x.slice(2)] : [], input.dtype);
  }
  if (x.length === 2 && t.length > 1) throw new TorchRuleError('0D or 1D target tensor expected, multi-target not supported');
  if (x.length >= 2 && t.length >= 1 && x[0] !== null && t[0] !== null && x[0] !== t[0]) {
    throw new TorchRuleError(`Expected input batch_size (${x[0]}) to match target batch_size (${t[0]}).`);
  }
  return lossResult(ctx, reduction, t.slice(), input.dtype);
}

/**
 * The element-wise regression losses: PyTorch warns when the target's size differs from the input's (it broadcasts,
 * which is rarely meant), or, for BCE, refuses.
 */
function elementwiseForward(ctx: ForwardContext, owner: string, onMismatch: 'warn' | 'bce' | 'logits' | 'none', extraReductions: readonly string[] = []): ForwardResult {
  const { input, target } = inputAndTarget(ctx, owner);
  const reduction = reductionOf(ctx.args, extraReductions);
  const x = input.shape;
  const t = target.shape;
  if (x === null || t === null) return lossResult(ctx, reduction, null, input.dtype);
  if (!sameShape(x, t)) {
    if (onMismatch === 'bce') {
      throw new TorchRuleError(`Using a target size (${torchSize(t)}) that is different to the input size (${torchSize(x)}) is deprecated. Please ensure they have the same size.`);
    }
    if (onMismatch === 'logits') throw new TorchRuleError(`Target size (${torchSize(t)}) must be the same as input size (${torchSize(x)})`);
    if (onMismatch === 'warn') {
      ctx.warn(`Using a target size (${torchSize(t)}) that is different to the input size (${torchSize(x)}). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.`);
    }
  }
  if (reduction === 'batchmean') return lossResult(ctx, 'sum', null, input.dtype);
  return lossResult(ctx, reduction, broadcast(x, t), input.dtype);
}

/** The module and its functional twin `F.<fname>(input, target, <the module's arguments>)`. */
function lossRule(
  className: string, fname: string, description: string, signature: readonly ParamSpec[], bufferArgs: readonly string[],
  forward: (ctx: ForwardContext, fname: string) => ForwardResult,
): TorchModuleRule {
  const functional: FunctionalForm = {
    names: [`F.${fname}`],
    signature: [...INPUT_TARGET, ...signature],
    toModule: (bound) => {
      const args: Record<string, ArgValue> = {};
      for (const p of signature) args[p.name] = (bound[p.name] ?? null) as ArgValue;
      return { args, inputs: { input: bound.input, target: bound.target } };
    },
  };
  return {
    className,
    description,
    signature,
    forwardSignature: INPUT_TARGET,
    weights: (args) => tensorBuffers(args, bufferArgs),
    forward: (ctx) => forward(ctx, fname),
    functional: [functional],
    backward: { idealAutograd: keepsInputs },
    drawing: 'other',
  };
}

const REDUCTION: ParamSpec = { name: 'reduction', default: 'mean' };
const WEIGHT: ParamSpec = { name: 'weight', default: null };
const SIZE_AVERAGE: ParamSpec = { name: 'size_average', default: null };
const REDUCE: ParamSpec = { name: 'reduce', default: null };
const IGNORE_INDEX: ParamSpec = { name: 'ignore_index', default: -100 };

export const lossRules: readonly TorchModuleRule[] = [
  lossRule('CrossEntropyLoss', 'cross_entropy', 'cross entropy of class scores (log-softmax + NLL)',
    [WEIGHT, SIZE_AVERAGE, IGNORE_INDEX, REDUCE, REDUCTION, { name: 'label_smoothing', default: 0.0 }],
    ['weight'], (ctx, fname) => classificationForward(ctx, fname, true)),
  lossRule('NLLLoss', 'nll_loss', 'negative log-likelihood of log-probabilities', [WEIGHT, SIZE_AVERAGE, IGNORE_INDEX, REDUCE, REDUCTION],
    ['weight'], (ctx, fname) => classificationForward(ctx, fname, false)),
  lossRule('MSELoss', 'mse_loss', 'mean squared error', [SIZE_AVERAGE, REDUCE, REDUCTION], [], (ctx, fname) => elementwiseForward(ctx, fname, 'warn')),
  lossRule('L1Loss', 'l1_loss', 'mean absolute error', [SIZE_AVERAGE, REDUCE, REDUCTION], [], (ctx, fname) => elementwiseForward(ctx, fname, 'warn')),
  lossRule('SmoothL1Loss', 'smooth_l1_loss', 'L1 loss, quadratic below beta', [SIZE_AVERAGE, REDUCE, REDUCTION, { name: 'beta', default: 1.0 }], [],
    (ctx, fname) => elementwiseForward(ctx, fname, 'warn')),
  lossRule('HuberLoss', 'huber_loss', 'Huber loss with threshold delta', [REDUCTION, { name: 'delta', default: 1.0 }], [],
    (ctx, fname) => elementwiseForward(ctx, fname, 'warn')),
  lossRule('BCELoss', 'binary_cross_entropy', 'binary cross entropy of probabilities', [WEIGHT, SIZE_AVERAGE, REDUCE, REDUCTION], ['weight'],
    (ctx, fname) => elementwiseForward(ctx, fname, 'bce')),
  lossRule('BCEWithLogitsLoss', 'binary_cross_entropy_with_logits', 'binary cross entropy of logits (sigmoid + BCE)',
    [WEIGHT, SIZE_AVERAGE, REDUCE, REDUCTION, { name: 'pos_weight', default: null }],
    ['weight', 'pos_weight'], (ctx, fname) => elementwiseForward(ctx, fname, 'logits')),
  lossRule('KLDivLoss', 'kl_div', 'Kullback-Leibler divergence', [SIZE_AVERAGE, REDUCE, REDUCTION, { name: 'log_target', default: false }], [],
    (ctx, fname) => {
      if (stringArg(ctx.args, 'reduction') === 'mean') {
        ctx.warn('reduction: \'mean\' divides the total loss by both the batch size and the support size.\'batchmean\' divides only by the batch size, and aligns with the KL div math definition.\'mean\' will be changed to behave the same as \'batchmean\' in the next major release.', 'reduction', 'batchmean');
      }
      return elementwiseForward(ctx, fname, 'none', ['batchmean']);
    }),
];
