// The non-spatial PyTorch rules beyond what PyTorch's own output shows (otherOracle.test.ts checks shapes, parameter
// names and errors against PyTorch): MACs per sample derived by hand here, the derivation lines, what a rule still
// knows when the input's shape is not known, the argument each error blames and the value that would fix it, and
// what backward keeps.
import { strict as assert } from 'node:assert';
import { torchCallable, torchLayerTraits, torchModuleRule } from '../../../../../src/core/layers/torch/registry';
import type { Args, CallValue, ForwardResult, TensorValue } from '../../../../../src/core/layers/torch/types';
import { TorchRuleError } from '../../../../../src/core/layers/torch/types';
import type { Shape } from '../../../../../src/core/ir';

const t = (shape: Shape | null, dtype = 'float32'): TensorValue => ({ kind: 'tensor', shape, dtype });

interface Called extends ForwardResult {
  derivation: string[];
  warnings: { message: string; arg?: string; replacement?: unknown }[];
}

/** One call of a module with its constructor's arguments as given plus the signature's defaults. */
function call(className: string, args: Record<string, unknown>, inputs: Record<string, CallValue>, training = true): Called {
  const rule = torchModuleRule(className);
  assert.ok(rule, className);
  const full: Record<string, unknown> = {};
  for (const p of rule.signature) if (!p.variadic) full[p.name] = p.name in args ? args[p.name] : p.default ?? null;
  const derivation: string[] = [];
  const warnings: Called['warnings'] = [];
  const result = rule.forward({
    args: full as Args, inputs, training,
    derive: (line) => derivation.push(line),
    warn: (message, arg, replacement) => warnings.push({ message, arg, replacement }),
  });
  return { ...result, derivation, warnings };
}

function thrown(fn: () => unknown): TorchRuleError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof TorchRuleError, String(e));
    return e;
  }
  assert.fail('expected a TorchRuleError');
}

describe('PyTorch catalogue (non-spatial): MACs per sample, derived by hand', () => {
  it('Linear: in·out per position of the last axis', () => {
    // 400·120 = 48,000 for a [N, 400] input.
    const flat = call('Linear', { in_features: 400, out_features: 120 }, { input: t([2, 400]) });
    assert.equal(flat.macs, 48000);
    assert.deepEqual(flat.derivation, [
      'output = (2, 120): last dim 400 → out_features 120', 'MACs = 400·120 = 48000',
      'params = 120·400 + 120 = 48120 (weight [120, 400] + bias [120])',
    ]);
    // [N, 5, 7, 8] → 5·7 = 35 positions · 8·4 = 1,120.
    assert.equal(call('Linear', { in_features: 8, out_features: 4 }, { input: t([2, 5, 7, 8]) }).macs, 1120);
    // A 1-D input is one vector: 8·4 = 32.
    assert.equal(call('Linear', { in_features: 8, out_features: 4 }, { input: t([8]) }).macs, 32);
  });

  it('Bilinear: out·(in1·in2 + in1)', () => {
    // A_k·x2 is 5·7 = 35 products, x1ᵀ·(A_k·x2) 5 more: 40 per output, 3 outputs = 120.
    assert.equal(call('Bilinear', { in1_features: 5, in2_features: 7, out_features: 3 }, { input1: t([2, 5]), input2: t([2, 7]) }).macs, 120);
  });

  it('LSTM, 2 layers, batch_first, 28 steps (lstm_mnist_rows.py): 1,587,712', () => {
    // layer 0: 4·64·(28 + 64) + 3·64 = 23,552 + 192 = 23,744; layer 1: 4·64·(64 + 64) + 192 = 32,960;
    // per step 56,704 · 28 steps = 1,587,712.
    const r = call('LSTM', { input_size: 28, hidden_size: 64, num_layers: 2, batch_first: true }, { input: t([2, 28, 28]) });
    assert.equal(r.macs, 1587712);
    assert.deepEqual(r.derivation.slice(2, 5), [
      'layer 0: (4·64·(28 + 64) + 3·64) = 23744 per step',
      'layer 1: (4·64·(64 + 64) + 3·64) = 32960 per step',
      'MACs = 28 steps · 56704 = 1587712',
    ]);
  });

  it('GRU, 2 layers, bidirectional, batch_first, 50 steps (gru_rnn_bidirectional.py): 5,721,600', () => {
    // layer 0: 2 · (3·64·(40 + 64) + 3·64) = 2 · 20,160 = 40,320; layer 1 sees 2·64 = 128 features:
    // 2 · (3·64·(128 + 64) + 192) = 2 · 37,056 = 74,112; per step 114,432 · 50 = 5,721,600.
    const r = call('GRU', { input_size: 40, hidden_size: 64, num_layers: 2, bidirectional: true, batch_first: true }, { input: t([2, 50, 40]) });
    assert.equal(r.macs, 5721600);
  });

  it('LSTM with proj_size: the projection P·H per step, h carries P', () => {
    // layer 0 per direction: 4·20·(10 + 5) + 5·20 + 3·20 = 1200 + 100 + 60 = 1360; layer 1 sees 2·5 = 10 features:
    // the same 1360; 2 layers · 2 directions · 1360 = 5440 per step · 7 steps (sequence first) = 38,080.
    const r = call('LSTM', { input_size: 10, hidden_size: 20, proj_size: 5, bidirectional: true, num_layers: 2 }, { input: t([7, 3, 10]) });
    assert.equal(r.macs, 38080);
  });

  it('RNN and the cells', () => {
    // RNN: 16·(8 + 16) = 384 per step, 5 steps (sequence first) = 1920.
    assert.equal(call('RNN', { input_size: 8, hidden_size: 16 }, { input: t([5, 2, 8]) }).macs, 1920);
    // LSTMCell: 4·16·(8 + 16) + 3·16 = 1536 + 48 = 1584; GRUCell 3·16·24 + 48 = 1200; RNNCell 16·24 = 384.
    assert.equal(call('LSTMCell', { input_size: 8, hidden_size: 16 }, { input: t([2, 8]) }).macs, 1584);
    assert.equal(call('GRUCell', { input_size: 8, hidden_size: 16 }, { input: t([2, 8]) }).macs, 1200);
    assert.equal(call('RNNCell', { input_size: 8, hidden_size: 16 }, { input: t([2, 8]) }).macs, 384);
  });

  it('PReLU one multiply per element, GLU one product per output element, EmbeddingBag per_sample_weights one per id and dim', () => {
    assert.equal(call('PReLU', { num_parameters: 16 }, { input: t([2, 16, 12, 12]) }).macs, 16 * 12 * 12);
    // GLU(1) on [N, 8, 5] → [N, 4, 5]: 20 products.
    assert.equal(call('GLU', { dim: 1 }, { input: t([2, 8, 5]) }).macs, 20);
    // 4 ids per bag · 3 dims = 12.
    assert.equal(call('EmbeddingBag', { num_embeddings: 10, embedding_dim: 3, mode: 'sum' }, { input: t([2, 4], 'int64'), per_sample_weights: t([2, 4]) }).macs, 12);
  });

  it('MultiheadAttention: the four projections, the scores and the weighted values', () => {
    // L = 5 queries, S = 7 keys, E = 16: q 5·16·16 = 1280, k 7·16·16 = 1792, v 1792, out 1280,
    // scores 5·7·16 = 560 and weighted values 560: 7264.
    const mha = (args: Record<string, unknown>) =>
      call('MultiheadAttention', { embed_dim: 16, num_heads: 4, ...args }, { query: t([5, 2, 16]), key: t([7, 2, 16]), value: t([7, 2, 16]), need_weights: true, average_attn_weights: true });
    assert.equal(mha({}).macs, 7264);
    // bias_k and a zero key make S′ = 9 for the scores and the weighted values: 2·5·9·16 = 1440 instead of 1120.
    assert.equal(mha({ add_bias_kv: true, add_zero_attn: true }).macs, 7584);
  });

  it('no MACs for lookups, reshuffles, dropout and nonlinearities', () => {
    assert.equal(call('Embedding', { num_embeddings: 10, embedding_dim: 3 }, { input: t([2, 7], 'int64') }).macs, 0);
    assert.equal(call('Flatten', {}, { input: t([2, 16, 5, 5]) }).macs, 0);
    assert.equal(call('Dropout', {}, { input: t([2, 10]) }).macs, 0);
    for (const name of ['ReLU', 'Sigmoid', 'GELU', 'Softmax']) assert.equal(call(name, { dim: 1 }, { input: t([2, 10]) }).macs, 0, name);
  });
});

describe('PyTorch catalogue (non-spatial): derivation lines', () => {
  it('a module\'s parameters with their factors; none for F.linear, whose weight is the caller\'s', () => {
    // Embedding 1000·64 = 64,000; PReLU(16) 16; LSTM(28, 64): 256·28 + 256·64 + 256 + 256 = 24,064.
    const last = (r: Called) => r.derivation[r.derivation.length - 1];
    assert.equal(last(call('Embedding', { num_embeddings: 1000, embedding_dim: 64 }, { input: t([2, 50], 'int64') })), 'params = 1000·64 = 64000 (weight [1000, 64])');
    assert.equal(last(call('PReLU', { num_parameters: 16 }, { input: t([2, 16, 4, 4]) })), 'params = 16 (weight [16])');
    assert.equal(
      last(call('LSTM', { input_size: 28, hidden_size: 64 }, { input: t([5, 2, 28]) })),
      'params = 256·28 + 256·64 + 256 + 256 = 24064 (weight_ih_l0 [256, 28] + weight_hh_l0 [256, 64] + bias_ih_l0 [256] + bias_hh_l0 [256])',
    );
    const callable = torchCallable('F.linear');
    assert.ok(callable?.kind === 'functional');
    const { args, inputs } = callable.form.toModule({ input: t([2, 400]), weight: t([120, 400]), bias: null });
    const lines: string[] = [];
    callable.rule.forward({ args, inputs, training: true, derive: (l) => lines.push(l), warn: () => {} });
    assert.ok(lines.every((l) => !l.startsWith('params')), lines.join('\n'));
  });


  it('Flatten names the dims it merges and their product', () => {
    assert.deepEqual(call('Flatten', {}, { input: t([2, 16, 5, 5]) }).derivation, ['output = (2, 400): dims 1..3 of (2, 16, 5, 5) → 16·5·5 = 400']);
  });

  it('Unflatten with -1 shows the size it infers', () => {
    const r = call('Unflatten', { dim: 1, unflattened_size: [-1, 5, 5] }, { input: t([2, 400]) });
    assert.deepEqual((r.output as TensorValue).shape, [2, 16, 5, 5]);
    assert.deepEqual(r.derivation, ['output = (2, 16, 5, 5): dim 1 (400) → 16×5×5']);
  });

  it('LazyLinear says where in_features comes from and what the parameters will be', () => {
    const r = call('LazyLinear', { out_features: 10 }, { input: t([2, 37]) });
    assert.ok(r.derivation.includes('params = 37·10 + 10 = 380 after the first call'), r.derivation.join('\n'));
    assert.equal(torchModuleRule('LazyLinear')!.weights({ out_features: 10, bias: true }), null);
  });
});

describe('PyTorch catalogue (non-spatial): an input of unknown shape', () => {
  it('Linear: rank unknown → output unknown; a known rank keeps out_features and the MACs it can count', () => {
    const unknown = call('Linear', { in_features: 400, out_features: 120 }, { input: t(null) });
    assert.equal((unknown.output as TensorValue).shape, null);
    assert.equal(unknown.macs, null);
    // The last dim unknown: no check, the output's last dim is out_features, the MACs use in_features.
    const partly = call('Linear', { in_features: 400, out_features: 120 }, { input: t([2, null]) });
    assert.deepEqual((partly.output as TensorValue).shape, [2, 120]);
    assert.equal(partly.macs, 48000);
  });

  it('Flatten of unknown dims is an unknown dim, never a guessed one', () => {
    assert.deepEqual((call('Flatten', {}, { input: t([2, 16, null, null]) }).output as TensorValue).shape, [2, null]);
    assert.equal((call('Flatten', {}, { input: t(null) }).output as TensorValue).shape, null);
  });

  it('element-wise and dropout keep whatever is known', () => {
    assert.deepEqual((call('ReLU', {}, { input: t([2, null, 7]) }).output as TensorValue).shape, [2, null, 7]);
    assert.equal((call('Dropout', {}, { input: t(null) }).output as TensorValue).shape, null);
  });

  it('LSTM: an unknown input gives (unknown, (unknown, unknown)); unknown steps give unknown MACs', () => {
    const r = call('LSTM', { input_size: 28, hidden_size: 64 }, { input: t(null) });
    assert.deepEqual(r.output, [t(null), [t(null), t(null)]]);
    const steps = call('LSTM', { input_size: 28, hidden_size: 64, batch_first: true }, { input: t([2, null, 28]) });
    assert.deepEqual(steps.output, [t([2, null, 64]), [t([1, 2, 64]), t([1, 2, 64])]]);
    assert.equal(steps.macs, null);
  });

  it('a functional weight of unknown shape: F.linear still gives the leading dims', () => {
    const callable = torchCallable('F.linear');
    assert.ok(callable?.kind === 'functional');
    const { args, inputs } = callable.form.toModule({ input: t([2, 256]), weight: t(null), bias: null });
    const r = callable.rule.forward({ args, inputs, training: true, derive: () => {}, warn: () => {} });
    assert.deepEqual((r.output as TensorValue).shape, [2, null]);
  });
});

describe('PyTorch catalogue (non-spatial): which argument an error blames, and the fix', () => {
  it('Linear: in_features → the flattened size it was given (the notebook error)', () => {
    const e = thrown(() => call('Linear', { in_features: 400, out_features: 120 }, { input: t([2, 256]) }));
    assert.equal(e.message, 'mat1 and mat2 shapes cannot be multiplied (2x256 and 400x120)');
    assert.equal(e.arg, 'in_features');
    assert.equal(e.replacement, 256);
  });

  it('LSTM: input_size → the input\'s last dim', () => {
    const e = thrown(() => call('LSTM', { input_size: 28, hidden_size: 64, batch_first: true }, { input: t([2, 28, 32]) }));
    assert.equal(e.arg, 'input_size');
    assert.equal(e.replacement, 32);
  });

  it('PReLU: num_parameters → the channel count; Bilinear: in1_features → input1\'s last dim', () => {
    const p = thrown(() => call('PReLU', { num_parameters: 32 }, { input: t([2, 16, 12, 12]) }));
    assert.deepEqual([p.arg, p.replacement], ['num_parameters', 16]);
    const b = thrown(() => call('Bilinear', { in1_features: 5, in2_features: 7, out_features: 3 }, { input1: t([2, 6]), input2: t([2, 7]) }));
    assert.deepEqual([b.arg, b.replacement], ['in1_features', 6]);
  });

  it('Softmax without dim: a warning on dim with the dim PyTorch picks', () => {
    const r = call('Softmax', {}, { input: t([2, 10]) });
    assert.equal(r.warnings.length, 1);
    assert.deepEqual([r.warnings[0].arg, r.warnings[0].replacement], ['dim', 1]);
  });

  it('a fractional size (in_features=16*5*5/3): which argument, since PyTorch\'s own TypeError names only empty()\'s size', () => {
    const e = thrown(() => torchModuleRule('Linear')!.weights({ in_features: 400 / 3, out_features: 120, bias: true }));
    assert.equal(e.message, `Linear: in_features must be an int, got ${400 / 3} (a float)`);
    assert.equal(e.arg, 'in_features');
  });

  it('Embedding on float ids: PyTorch\'s dtype error', () => {
    const e = thrown(() => call('Embedding', { num_embeddings: 10, embedding_dim: 3 }, { input: t([2, 4]) }));
    assert.match(e.message, /^Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got torch\.FloatTensor/);
  });
});

describe('PyTorch catalogue (non-spatial): what backward keeps (ideal autograd)', () => {
  const needs = (name: string) => torchLayerTraits(name)!.backward.idealAutograd();
  it('ReLU, Sigmoid, Tanh, Softmax, LeakyReLU (slope > 0 keeps the sign) keep their output; GELU, SiLU, PReLU their input', () => {
    for (const name of ['ReLU', 'Sigmoid', 'Tanh', 'Softmax', 'LogSoftmax', 'LeakyReLU', 'F.relu', 'Tensor.softmax', 'torch.sigmoid']) {
      assert.deepEqual([needs(name).inputs, needs(name).output], [false, true], name);
    }
    for (const name of ['GELU', 'SiLU', 'Mish', 'PReLU', 'F.gelu']) {
      assert.deepEqual([needs(name).inputs, needs(name).output], [true, false], name);
    }
  });

  it('dropout keeps its mask; Linear its input; Flatten, Unflatten and Identity nothing', () => {
    for (const name of ['Dropout', 'Dropout2d', 'AlphaDropout', 'F.dropout', 'torch.dropout']) assert.equal(needs(name).extraInputSized, 1, name);
    assert.deepEqual([needs('Linear').inputs, needs('Linear').output], [true, false]);
    for (const name of ['Flatten', 'Unflatten', 'Identity']) {
      assert.deepEqual([needs(name).inputs, needs(name).output, needs(name).extraInputSized], [false, false, 0], name);
    }
  });

  it('drawings: Linear dense, activations activation, dropout regularization, Flatten reshape', () => {
    assert.equal(torchLayerTraits('Linear')!.drawing, 'dense');
    assert.equal(torchLayerTraits('ReLU')!.drawing, 'activation');
    assert.equal(torchLayerTraits('Dropout')!.drawing, 'regularization');
    assert.equal(torchLayerTraits('Flatten')!.drawing, 'reshape');
  });
});
