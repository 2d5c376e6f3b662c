// MultiheadAttention: queries (L, N, E) attend over keys (S, N, kdim) and values (S, N, vdim) ((N, L, E) with
// batch_first; unbatched (L, E)), returning (attn_output, attn_weights): the output has the query's shape, the
// weights are (N, L, S′) averaged over the heads, (N, heads, L, S′) when not averaged, None without need_weights;
// S′ = S + 1 with add_bias_kv + 1 with add_zero_attn.
// MACs per sample: the projections L·E·E (q) + S·kdim·E (k) + S·vdim·E (v) + L·E·E (out), the scores q·kᵀ and the
// weighted sum of values L·S′·E each (heads · L · S′ · E/heads).
import { keepsInputsAndOutput } from '../backward';
import type { Shape } from '../../ir';
import type { Args, TorchFamily, ForwardContext, ForwardResult, TensorValue, TorchModuleRule, TorchParameter } from './types';
import { TorchRuleError } from './types';
import { boolArg, count, createdShape, deriveParams, intArg, optionalIntArg, shapeTuple, tensor, tensorInput } from './tensorInputs';

interface AttentionConfig {
  embed: number | null;
  heads: number | null;
  kdim: number | null;
  vdim: number | null;
  bias: boolean | null;
  biasKv: boolean | null;
  zeroAttn: boolean | null;
  batchFirst: boolean | null;
}

function readConfig(args: Args): AttentionConfig {
  const embed = intArg(args, 'embed_dim', 'MultiheadAttention');
  const heads = intArg(args, 'num_heads', 'MultiheadAttention');
  const kdim = optionalIntArg(args, 'kdim', 'MultiheadAttention');
  const vdim = optionalIntArg(args, 'vdim', 'MultiheadAttention');
  if (embed !== null && heads !== null && heads !== 0 && Math.floor(embed / heads) * heads !== embed) {
    throw new TorchRuleError('embed_dim must be divisible by num_heads', 'num_heads');
  }
  return {
    embed, heads,
    kdim: kdim === undefined ? embed : kdim,
    vdim: vdim === undefined ? embed : vdim,
    bias: boolArg(args, 'bias'),
    biasKv: boolArg(args, 'add_bias_kv'),
    zeroAttn: boolArg(args, 'add_zero_attn'),
    batchFirst: boolArg(args, 'batch_first'),
  };
}

function attentionWeights(args: Args): { parameters: TorchParameter[]; buffers: [] } | null {
  const c = readConfig(args);
  const { embed, kdim, vdim, bias, biasKv } = c;
  if (embed === null || kdim === null || vdim === null || bias === null || biasKv === null) return null;
  const parameters: TorchParameter[] = [];
  // One packed projection when keys and values have the query's size, else three.
  if (kdim === embed && vdim === embed) {
    parameters.push({ name: 'in_proj_weight', shape: createdShape([{ size: 3 * embed, arg: 'embed_dim' }, { size: embed, arg: 'embed_dim' }]) });
  } else {
    parameters.push({ name: 'q_proj_weight', shape: createdShape([{ size: embed, arg: 'embed_dim' }, { size: embed, arg: 'embed_dim' }]) });
    parameters.push({ name: 'k_proj_weight', shape: createdShape([{ size: embed, arg: 'embed_dim' }, { size: kdim, arg: 'kdim' }]) });
    parameters.push({ name: 'v_proj_weight', shape: createdShape([{ size: embed, arg: 'embed_dim' }, { size: vdim, arg: 'vdim' }]) });
  }
  if (bias) parameters.push({ name: 'in_proj_bias', shape: [3 * embed] });
  if (biasKv) parameters.push({ name: 'bias_k', shape: [1, 1, embed] }, { name: 'bias_v', shape: [1, 1, embed] });
  parameters.push({ name: 'out_proj.weight', shape: [embed, embed] });
  if (bias) parameters.push({ name: 'out_proj.bias', shape: [embed] });
  return { parameters, buffers: [] };
}

/** `torch.Size([5, 2, 16])`, as PyTorch prints a shape in its assertions. */
function torchSize(shape: Shape): string {
  return `torch.Size([${shape.map(count).join(', ')}])`;
}

function attentionForward(ctx: ForwardContext): ForwardResult {
  const c = readConfig(ctx.args);
  const owner = 'MultiheadAttention';
  const query = tensorInput(ctx.inputs, 'query', owner);
  const key = tensorInput(ctx.inputs, 'key', owner);
  const value = tensorInput(ctx.inputs, 'value', owner);
  const needWeights = ctx.inputs.need_weights !== false;
  const average = ctx.inputs.average_attn_weights !== false;
  if (query.shape === null || key.shape === null || value.shape === null || c.batchFirst === null) {
    ctx.derive('attn_output has the query\'s shape (an input\'s shape is unknown)');
    return { output: [tensor(query.shape, query.dtype), needWeights ? tensor(null, query.dtype) : null], macs: null };
  }
  const batched = query.shape.length === 3;
  if (batched) {
    if (key.shape.length !== 3 || value.shape.length !== 3) {
      throw new TorchRuleError(`For batched (3-D) \`query\`, expected \`key\` and \`value\` to be 3-D but found ${key.shape.length}-D and ${value.shape.length}-D tensors respectively`);
    }
  } else if (query.shape.length === 2) {
    if (key.shape.length !== 2 || value.shape.length !== 2) {
      throw new TorchRuleError(`For unbatched (2-D) \`query\`, expected \`key\` and \`value\` to be 2-D but found ${key.shape.length}-D and ${value.shape.length}-D tensors respectively`);
    }
  } else {
    throw new TorchRuleError(`query should be unbatched 2D or batched 3D tensor but received ${query.shape.length}-D query tensor`);
  }
  // Everything below in PyTorch's sequence-first layout: batch_first inputs are transposed first, unbatched ones get N = 1.
  const seqFirst = (s: Shape): Shape => (!batched ? [s[0], 1, s[1]] : c.batchFirst ? [s[1], s[0], s[2]] : s);
  const q = seqFirst(query.shape);
  const k = seqFirst(key.shape);
  const v = seqFirst(value.shape);
  const [L, N, E] = q;
  if (E !== null && c.embed !== null && E !== c.embed) {
    throw new TorchRuleError(`was expecting embedding dimension of ${c.embed}, but got ${E}`, 'embed_dim', E);
  }
  const separate = c.kdim !== c.embed || c.vdim !== c.embed;
  if (separate) {
    if (!sameDims(k.slice(0, 2), v.slice(0, 2))) {
      throw new TorchRuleError(`key's sequence and batch dims ${torchSize(k.slice(0, 2))} do not match value's ${torchSize(v.slice(0, 2))}`);
    }
  } else if (!sameDims(k, v)) {
    throw new TorchRuleError(`key shape ${torchSize(k)} does not match value shape ${torchSize(v)}`);
  }
  const S = k[0];
  const extra = (c.biasKv ? 1 : 0) + (c.zeroAttn ? 1 : 0);
  const sPrime = S === null ? null : S + extra;
  let weights: TensorValue | null = null;
  if (needWeights) {
    const w: Shape = average ? [N, L, sPrime] : [N, c.heads, L, sPrime];
    weights = tensor(batched ? w : w.filter((_, i) => i !== 0), query.dtype);
  }
  const macs = attentionMacs(c, L, S, sPrime);
  ctx.derive(`attn_output = ${shapeTuple(query.shape)} (the query's shape); L = ${count(L)} queries, S = ${count(S)} keys${extra ? `, S′ = ${count(sPrime)} with ${[c.biasKv ? 'bias_k' : '', c.zeroAttn ? 'a zero key' : ''].filter(Boolean).join(' and ')}` : ''}`);
  ctx.derive(needWeights ? `attn_weights = ${shapeTuple(weights!.shape)}${average ? ' (averaged over the heads)' : ' (per head)'}` : 'attn_weights = None (need_weights=False)');
  const e = c.embed;
  ctx.derive(
    `MACs = ${count(L)}·${count(e)}·${count(e)} (q) + ${count(S)}·${count(c.kdim)}·${count(e)} (k) + ${count(S)}·${count(c.vdim)}·${count(e)} (v)` +
      ` + 2·${count(L)}·${count(sPrime)}·${count(e)} (scores, weighted values) + ${count(L)}·${count(e)}·${count(e)} (out) = ${count(macs)}`,
  );
  return { output: [tensor(query.shape.slice(), query.dtype), weights], macs };
}

function sameDims(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === null || b[i] === null || d === b[i]);
}

function attentionMacs(c: AttentionConfig, L: number | null, S: number | null, sPrime: number | null): number | null {
  const { embed: e, kdim, vdim } = c;
  if (L === null || S === null || sPrime === null || e === null || kdim === null || vdim === null) return null;
  return 2 * L * e * e + S * kdim * e + S * vdim * e + 2 * L * sPrime * e;
}

export const multiheadAttention: TorchModuleRule = {
  className: 'MultiheadAttention',
  description: 'multi-head scaled dot-product attention with input and output projections',
  signature: [
    { name: 'embed_dim', required: true }, { name: 'num_heads', required: true }, { name: 'dropout', default: 0.0 }, { name: 'bias', default: true },
    { name: 'add_bias_kv', default: false }, { name: 'add_zero_attn', default: false }, { name: 'kdim', default: null }, { name: 'vdim', default: null },
    { name: 'batch_first', default: false }, { name: 'device', default: null }, { name: 'dtype', default: null },
  ],
  forwardSignature: [
    { name: 'query', required: true }, { name: 'key', required: true }, { name: 'value', required: true },
    { name: 'key_padding_mask', default: null }, { name: 'need_weights', default: true }, { name: 'attn_mask', default: null },
    { name: 'average_attn_weights', default: true },
  ],
  weights: attentionWeights,
  forward: (ctx) => {
    const result = attentionForward(ctx);
    deriveParams(ctx, attentionWeights(ctx.args)?.parameters ?? null);
    return result;
  },
  // At least its inputs and output; the projected q, k, v and the attention weights autograd also keeps are not
  // modelled here, so this figure errs low for attention.
  backward: { idealAutograd: keepsInputsAndOutput },
  drawing: 'other',
};

export const attentionRules: TorchFamily = [multiheadAttention];
