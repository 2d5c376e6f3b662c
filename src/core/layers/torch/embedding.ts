// Embedding (a lookup table: integer ids [...] → vectors [..., embedding_dim]) and EmbeddingBag (sums, means or maxes
// of bags of ids → [bags, embedding_dim]). Lookups and sums are not MACs; EmbeddingBag's per_sample_weights (mode
// 'sum') multiply each looked-up vector: ids·embedding_dim products. Backward needs the ids (the weight gradient is a
// scatter-add at them).
import { keepsInputs } from '../backward';
import { embeddingSaves } from './savedForBackward';
import type { Shape } from '../../ir';
import type { Args, ForwardContext, ForwardResult, TorchModuleRule, TorchWeights } from './types';
import { TorchRuleError } from './types';
import {
  count, createdShape, deriveParams, elementsPerSample, FUNCTIONAL, intArg, isTensor, optionalIntArg, optionalTensorInput, shapeTuple, stringArg, tensor,
  tensorInput, times,
} from './tensorInputs';

const INDEX_DTYPES = new Set(['int64', 'int32', 'long', 'int']);

/** PyTorch's legacy type name of a dtype, as in `got torch.FloatTensor instead`. */
function legacyTypeName(dtype: string): string {
  const names: Record<string, string> = {
    float32: 'FloatTensor', float: 'FloatTensor', float64: 'DoubleTensor', double: 'DoubleTensor', float16: 'HalfTensor',
    half: 'HalfTensor', bfloat16: 'BFloat16Tensor', int16: 'ShortTensor', int8: 'CharTensor', uint8: 'ByteTensor', bool: 'BoolTensor',
  };
  return `torch.${names[dtype] ?? 'FloatTensor'}`;
}

function checkIndices(dtype: string, fn: string): void {
  if (!INDEX_DTYPES.has(dtype)) {
    throw new TorchRuleError(
      `Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got ${legacyTypeName(dtype)} instead (while checking arguments for ${fn})`,
    );
  }
}

/** `Padding_idx must be within num_embeddings` (an AssertionError in __init__). */
function checkPaddingIdx(args: Args, num: number | null, owner: string): void {
  const padding = optionalIntArg(args, 'padding_idx', owner);
  if (padding === undefined || padding === null || num === null) return;
  if (padding >= num || padding < -num) throw new TorchRuleError('Padding_idx must be within num_embeddings', 'padding_idx');
}

function tableWeights(args: Args, owner: string): TorchWeights | null {
  const num = intArg(args, 'num_embeddings', owner);
  const dim = intArg(args, 'embedding_dim', owner);
  checkPaddingIdx(args, num, owner);
  if (num === null || dim === null) return null;
  const weight = createdShape([{ size: num, arg: 'num_embeddings' }, { size: dim, arg: 'embedding_dim' }]);
  return { parameters: [{ name: 'weight', shape: weight }], buffers: [] };
}

const SHARED_TAIL = [
  { name: 'max_norm', default: null }, { name: 'norm_type', default: 2.0 }, { name: 'scale_grad_by_freq', default: false },
] as const;

function embeddingForward(ctx: ForwardContext): ForwardResult {
  const input = tensorInput(ctx.inputs, 'input', 'Embedding');
  const dim = intArg(ctx.args, 'embedding_dim', 'Embedding');
  checkIndices(input.dtype, 'embedding');
  const output: Shape | null = input.shape === null ? null : [...input.shape, dim];
  ctx.derive(`output = ${shapeTuple(output)}: each id of ${shapeTuple(input.shape)} → a vector of ${count(dim)} (a lookup, no MACs)`);
  return { output: tensor(output, 'float32'), macs: 0 };
}

const embedding: TorchModuleRule = {
  className: 'Embedding',
  description: 'lookup table: integer ids → learned vectors',
  signature: [
    { name: 'num_embeddings', required: true }, { name: 'embedding_dim', required: true }, { name: 'padding_idx', default: null },
    ...SHARED_TAIL, { name: 'sparse', default: false }, { name: '_weight', default: null }, { name: 'device', default: null }, { name: 'dtype', default: null },
  ],
  weights: (args) => tableWeights(args, 'Embedding'),
  forward: (ctx) => {
    const result = embeddingForward(ctx);
    deriveParams(ctx, tableWeights(ctx.args, 'Embedding')?.parameters ?? null);
    return result;
  },
  functional: [{
    names: ['F.embedding'],
    signature: [{ name: 'input', required: true }, { name: 'weight', required: true }, { name: 'padding_idx', default: null }, ...SHARED_TAIL, { name: 'sparse', default: false }],
    toModule: (bound) => {
      const w = bound.weight;
      const shape = isTensor(w) && w.shape && w.shape.length === 2 ? w.shape : null;
      const why = { kind: 'unknown', why: 'the weight\'s shape is unknown' } as const;
      return {
        args: { num_embeddings: shape?.[0] ?? why, embedding_dim: shape?.[1] ?? why, padding_idx: (bound.padding_idx ?? null) as Args[string], [FUNCTIONAL]: true },
        inputs: { input: bound.input },
      };
    },
  }],
  backward: { idealAutograd: keepsInputs, pytorch: embeddingSaves },
  drawing: 'other',
};

const embeddingBag: TorchModuleRule = {
  className: 'EmbeddingBag',
  description: 'sums, means or maxes of bags of embeddings',
  signature: [
    { name: 'num_embeddings', required: true }, { name: 'embedding_dim', required: true }, ...SHARED_TAIL,
    { name: 'mode', default: 'mean' }, { name: 'sparse', default: false }, { name: '_weight', default: null },
    { name: 'include_last_offset', default: false }, { name: 'padding_idx', default: null }, { name: 'device', default: null }, { name: 'dtype', default: null },
  ],
  forwardSignature: [{ name: 'input', required: true }, { name: 'offsets', default: null }, { name: 'per_sample_weights', default: null }],
  weights: (args) => tableWeights(args, 'EmbeddingBag'),
  forward: (ctx) => {
    const input = tensorInput(ctx.inputs, 'input', 'EmbeddingBag');
    const offsets = optionalTensorInput(ctx.inputs, 'offsets', 'EmbeddingBag');
    const weights = optionalTensorInput(ctx.inputs, 'per_sample_weights', 'EmbeddingBag');
    const dim = intArg(ctx.args, 'embedding_dim', 'EmbeddingBag');
    const mode = stringArg(ctx.args, 'mode');
    // F.embedding_bag checks the mode when called, not nn.EmbeddingBag's __init__.
    if (mode !== null && mode !== 'sum' && mode !== 'mean' && mode !== 'max') throw new TorchRuleError('mode has to be one of sum, mean or max', 'mode');
    checkIndices(input.dtype, 'embedding_bag');
    if (weights && mode !== null && mode !== 'sum') {
      throw new TorchRuleError(`embedding_bag: per_sample_weights was not None. per_sample_weights is only supported for mode='sum' (got mode='${mode}'). Please open a feature request on GitHub.`);
    }
    let bags: number | null = null;
    if (input.shape !== null) {
      if (input.shape.length === 2) {
        if (offsets) throw new TorchRuleError('if input is 2D, then offsets has to be None, as input is treated is a mini-batch of fixed length sequences. However, found offsets of type <class \'torch.Tensor\'>');
        bags = input.shape[0];
      } else if (input.shape.length === 1) {
        if (!offsets) throw new TorchRuleError('offsets has to be a 1D Tensor but got None');
        if (offsets.shape !== null && offsets.shape.length !== 1) throw new TorchRuleError('offsets has to be a 1D Tensor');
        const n = offsets.shape === null ? null : offsets.shape[0];
        const includeLast = ctx.args.include_last_offset === true;
        bags = n === null ? null : includeLast ? n - 1 : n;
      } else {
        throw new TorchRuleError(`input has to be 1D or 2D Tensor, but got Tensor of dimension ${input.shape.length}`);
      }
    }
    const output: Shape | null = input.shape === null ? null : [bags, dim];
    // A 2-D input is a batch of fixed-size bags (one bag per sample); a 1-D input with offsets has no sample axis.
    const idsPerSample = input.shape === null ? null : input.shape.length === 2 ? elementsPerSample(input.shape) : input.shape[0];
    const macs = weights ? times(idsPerSample, dim) : 0;
    ctx.derive(`output = ${shapeTuple(output)}: one ${mode ?? '?'} of looked-up vectors per bag`);
    if (weights) ctx.derive(`MACs = ${count(idsPerSample)} ids · ${count(dim)} = ${count(macs)} (per_sample_weights scale each vector)`);
    return { output: tensor(output, 'float32'), macs };
  },
  backward: { idealAutograd: keepsInputs },
  drawing: 'other',
};

export const embeddingRules: readonly TorchModuleRule[] = [embedding, embeddingBag];
