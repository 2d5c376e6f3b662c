// The spatial rules' numbers that PyTorch does not print, derived by hand here: MACs per sample, the derivation lines
// with the numbers substituted, what is known when the input shape or an argument is unknown, the quick fix each error
// offers (arg + replacement), what backward keeps and how the dashboard draws each. The shapes themselves are
// PyTorch's (spatialOracle.test.ts); a few appear here again only to anchor a derivation.
import { strict as assert } from 'node:assert';
import { torchCallable, torchLayerTraits, torchModuleRule } from '../../../../../src/core/layers/torch/registry';
import type { CallValue, ForwardResult, TorchWeights } from '../../../../../src/core/layers/torch/types';
import { TorchRuleError } from '../../../../../src/core/layers/torch/types';
import { adaptiveWindow, poolLength, samePadding } from '../../../../../src/core/layers/torch/torchConvMath';

const UNKNOWN = { kind: 'unknown', why: 'test' } as const;
const tensor = (shape: (number | null)[] | null): CallValue => ({ kind: 'tensor', shape, dtype: 'float32' });

interface Call extends ForwardResult {
  derivation: string[];
  warnings: { message: string; arg?: string; replacement?: unknown }[];
  weights: TorchWeights | null;
}

/** One module call: arguments by name over the rule's defaults. */
function call(className: string, args: Record<string, unknown>, input: CallValue, training = true): Call {
  const rule = torchModuleRule(className);
  assert.ok(rule, `${className} is not in the catalogue`);
  const bound: Record<string, unknown> = {};
  for (const p of rule.signature) if (!p.required) bound[p.name] = p.default ?? null;
  Object.assign(bound, args);
  const derivation: string[] = [];
  const warnings: Call['warnings'] = [];
  const weights = rule.weights(bound as never);
  const result = rule.forward({
    args: bound as never, inputs: { input }, training,
    derive: (line) => derivation.push(line),
    warn: (message, arg, replacement) => warnings.push({ message, arg, replacement }),
  });
  return { ...result, derivation, warnings, weights };
}

function shapeOf(value: CallValue): (number | null)[] | null {
  return (value as { shape: (number | null)[] | null }).shape;
}

function rejects(className: string, args: Record<string, unknown>, input: CallValue): TorchRuleError {
  try {
    call(className, args, input);
  } catch (e) {
    assert.ok(e instanceof TorchRuleError, String(e));
    return e;
  }
  assert.fail(`${className} accepted ${JSON.stringify(input)}`);
}

const count = (w: TorchWeights | null, key: 'parameters' | 'buffers') =>
  w![key].reduce((sum, p) => sum + p.shape.reduce((a, b) => a * b, 1), 0);

describe('PyTorch spatial rules: MACs and derivations by hand', () => {
  it("LeNet's first convolution: Conv2d(1, 6, 5, padding=2) on 28×28", () => {
    const r = call('Conv2d', { in_channels: 1, out_channels: 6, kernel_size: 5, padding: 2 }, tensor([2, 1, 28, 28]));
    assert.deepEqual(shapeOf(r.output), [2, 6, 28, 28]);
    // floor((28 + 4 − 4 − 1) / 1) + 1 = 28 per axis; 28·28 positions · 6 filters · 5·5·1 taps = 117,600.
    assert.ok(r.derivation.includes('H_out = floor((28 + 2·2 − 1·(5 − 1) − 1) / 1) + 1 = 28'), r.derivation.join('\n'));
    assert.equal(r.macs, 28 * 28 * 6 * 5 * 5 * 1);
    assert.equal(count(r.weights, 'parameters'), 6 * 1 * 5 * 5 + 6);
    assert.ok(r.derivation.includes('params = 6·1·5·5 + 6 = 156 (weight [6, 1, 5, 5] + bias [6])'), r.derivation.join('\n'));
  });

  it("F.conv2d's weights are the caller's tensors: no params line, the same shape and MACs", () => {
    const callable = torchCallable('F.conv2d');
    assert.ok(callable && callable.kind === 'functional');
    const { args, inputs } = callable.form.toModule({
      input: tensor([2, 1, 28, 28]), weight: tensor([6, 1, 5, 5]), bias: tensor([6]), stride: 1, padding: 2, dilation: 1, groups: 1,
    });
    const derivation: string[] = [];
    const r = callable.rule.forward({ args, inputs, training: true, derive: (l) => derivation.push(l), warn: () => undefined });
    assert.deepEqual(shapeOf(r.output), [2, 6, 28, 28]);
    assert.equal(r.macs, 117600);
    assert.ok(!derivation.some((l) => l.startsWith('params')), derivation.join('\n'));
  });

  it('grouped, strided: Conv2d(8, 16, 3, stride=2, padding=1, groups=4) on 9×9 counts k·C_in/groups per output', () => {
    const r = call('Conv2d', { in_channels: 8, out_channels: 16, kernel_size: 3, stride: 2, padding: 1, groups: 4 }, tensor([2, 8, 9, 9]));
    // floor((9 + 2 − 2 − 1) / 2) + 1 = 5; 25 positions · 16 filters · 3·3·8/4 = 7,200.
    assert.deepEqual(shapeOf(r.output), [2, 16, 5, 5]);
    assert.equal(r.macs, 25 * 16 * ((3 * 3 * 8) / 4));
    assert.deepEqual(r.weights!.parameters.map((p) => p.shape), [[16, 2, 3, 3], [16]]);
  });

  it("an even kernel with padding='same' pads one more after, and PyTorch's warning about the padded copy is repeated", () => {
    const r = call('Conv2d', { in_channels: 12, out_channels: 16, kernel_size: 4, padding: 'same' }, tensor([2, 12, 40, 33]));
    // d·(k − 1) = 3 → 1 before, 2 after; floor((40 + 1 + 2 − 3 − 1) / 1) + 1 = 40.
    assert.ok(r.derivation.some((l) => l.startsWith("H: 'same' pads 1·(4 − 1) = 3 → 1 before, 2 after")), r.derivation.join('\n'));
    assert.ok(r.derivation.includes('W_out = floor((33 + 1 + 2 − 1·(4 − 1) − 1) / 1) + 1 = 33'));
    assert.equal(r.macs, 40 * 33 * 16 * 4 * 4 * 12);
    assert.equal(r.warnings.length, 1);
    const odd = call('Conv2d', { in_channels: 12, out_channels: 16, kernel_size: 3, padding: 'same' }, tensor([2, 12, 40, 33]));
    assert.deepEqual(odd.warnings, [], 'an odd kernel pads evenly: no copy, no warning');
  });

  it('a convolution that pads a copy of its input first (padding_mode, an even kernel with padding=\'same\') keeps that copy for dW', () => {
    // PyTorch 1.13 agrees: the ConvolutionBackward0 node's _saved_input is [2, 12, 11, 9] and [2, 12, 41, 34] below, and
    // is the input itself with zero padding.
    // reflect, padding 1 on 12×9×7: F.pad makes [12, 11, 9] = 1,188 elements per sample, which conv2d saves.
    const reflect = call('Conv2d', { in_channels: 12, out_channels: 16, kernel_size: 3, padding: 1, padding_mode: 'reflect' }, tensor([2, 12, 9, 7]));
    assert.equal(reflect.intermediateElements, 12 * 11 * 9);
    // 'same' with k = 4: 3 = 1 before + 2 after; PyTorch pads the extra 1 after as a copy ([12, 41, 34]) and convolves
    // that with padding 1 on both sides.
    const same = call('Conv2d', { in_channels: 12, out_channels: 16, kernel_size: 4, padding: 'same' }, tensor([2, 12, 40, 33]));
    assert.equal(same.intermediateElements, 12 * 41 * 34);
    // PyTorch pads (copies) for any padding_mode but 'zeros', even with no padding: [2, 2, 10] saved for Conv1d(2, 4, 1,
    // padding_mode='circular') on [2, 2, 10] (spatial.json).
    const circular = call('Conv1d', { in_channels: 2, out_channels: 4, kernel_size: 1, padding_mode: 'circular' }, tensor([2, 2, 10]));
    assert.equal(circular.intermediateElements, 2 * 10);
    const zeros = call('Conv2d', { in_channels: 12, out_channels: 16, kernel_size: 3, padding: 1 }, tensor([2, 12, 9, 7]));
    assert.equal(zeros.intermediateElements, undefined, 'zero padding happens inside the convolution: no copy');
    const needs = torchModuleRule('Conv2d')!.backward.idealAutograd();
    assert.ok(needs.inputs && needs.intermediateForWeightGradient);
  });

  it("the notebook's memory example: Conv2d(3, 100, 3, stride=2, padding=1, bias=False) on 200×300 gives 100×150", () => {
    const r = call('Conv2d', { in_channels: 3, out_channels: 100, kernel_size: 3, stride: 2, padding: 1, bias: false }, tensor([2, 3, 200, 300]));
    assert.deepEqual(shapeOf(r.output), [2, 100, 100, 150]);
    assert.ok(r.derivation.includes('W_out = floor((300 + 2·1 − 1·(3 − 1) − 1) / 2) + 1 = 150'));
    assert.equal(count(r.weights, 'parameters'), 2700);
  });

  it('ConvTranspose2d with output_padding, and grouped on an unbatched input: each input value scatters through the kernel', () => {
    const r = call('ConvTranspose2d', { in_channels: 6, out_channels: 3, kernel_size: 3, stride: 2, padding: 1, output_padding: 1 }, tensor([2, 6, 7, 7]));
    // (7 − 1)·2 − 2·1 + 1·(3 − 1) + 1 + 1 = 14; 49 input positions · 6 · 3·3 · 3 = 7,938.
    assert.deepEqual(shapeOf(r.output), [2, 3, 14, 14]);
    assert.ok(r.derivation.includes('H_out = (7 − 1)·2 − 2·1 + 1·(3 − 1) + 1 + 1 = 14'));
    assert.equal(r.macs, 49 * 6 * 9 * 3);
    const g = call('ConvTranspose2d', { in_channels: 8, out_channels: 4, kernel_size: 4, stride: 2, padding: 1, groups: 2 }, tensor([8, 5, 5]));
    // (5 − 1)·2 − 2 + 3 + 0 + 1 = 10; 25 positions · 8 · 16 · 4/2 = 6,400.
    assert.deepEqual(shapeOf(g.output), [4, 10, 10]);
    assert.equal(g.macs, 6400);
    assert.deepEqual(g.weights!.parameters.map((p) => p.shape), [[8, 2, 4, 4], [4]]);
  });

  it('ceil_mode drops a last window that would start in the right padding (PyTorch: 5 → 3, 7 → 4)', () => {
    // n = 5, k = 2, s = 2, p = 1: ceil((5 + 2 − 1 − 1) / 2) + 1 = 4, but (4 − 1)·2 = 6 ≥ 5 + 1 → 3.
    const five = poolLength('H', 5, 2, 2, 1, 1, true);
    assert.equal(five.out, 3);
    assert.match(five.lines[1], /6 ≥ 5 \+ 1, inside the right padding: dropped → 3/);
    assert.equal(five.lines[0], 'H_out = ceil((5 + 2·1 − 1·(2 − 1) − 1) / 2) + 1 = 4 (ceil_mode)');
    assert.equal(poolLength('W', 7, 2, 2, 1, 1, true).out, 4);
    assert.equal(poolLength('W', 6, 2, 3, 1, 1, true).out, 3, 'ceil((6 + 2 − 1 − 1)/3) + 1 = 3, (3 − 1)·3 = 6 < 7: kept');
    const r = call('MaxPool2d', { kernel_size: 2, stride: 2, padding: 1, ceil_mode: true }, tensor([2, 8, 5, 5]));
    assert.deepEqual(shapeOf(r.output), [2, 8, 3, 3]);
    assert.equal(r.macs, 0);
  });

  it("pools' default stride is the kernel size, and say so", () => {
    const r = call('MaxPool2d', { kernel_size: 2 }, tensor([2, 6, 27, 27]));
    assert.ok(r.derivation.includes('stride = kernel_size = (2, 2) (the default)'));
    assert.ok(r.derivation.includes('H_out = floor((27 + 2·0 − 1·(2 − 1) − 1) / 2) + 1 = 13'));
    const indices = call('MaxPool2d', { kernel_size: 2, return_indices: true }, tensor([2, 6, 4, 4]));
    assert.deepEqual(indices.output, [tensor([2, 6, 2, 2]), { kind: 'tensor', shape: [2, 6, 2, 2], dtype: 'int64' }]);
  });

  it('adaptive pools: windows [floor(i·n/out), ceil((i + 1)·n/out)), overlapping or repeating inputs when growing', () => {
    // n = 2, out = 7: window 3 is [floor(6/7), ceil(8/7)) = [0, 2); window 6 is [floor(12/7), ceil(14/7)) = [1, 2).
    assert.deepEqual(adaptiveWindow(3, 2, 7), { start: 0, end: 2 });
    assert.deepEqual(adaptiveWindow(6, 2, 7), { start: 1, end: 2 });
    // n = 13, out = 6 (AlexNet): window 1 is [floor(13/6), ceil(26/6)) = [2, 5).
    assert.deepEqual(adaptiveWindow(1, 13, 6), { start: 2, end: 5 });
    const r = call('AdaptiveAvgPool2d', { output_size: [5, 7] }, tensor([2, 8, 1, 2]));
    assert.deepEqual(shapeOf(r.output), [2, 8, 5, 7]);
    assert.ok(r.derivation.some((l) => l.includes('growing 2 → 7')), r.derivation.join('\n'));
    const none = call('AdaptiveMaxPool2d', { output_size: [null, 3] }, tensor([2, 3, 9, 9]));
    assert.deepEqual(shapeOf(none.output), [2, 3, 9, 3]);
  });

  it('normalisation: one multiply-add per element; BatchNorm2d owns γ, β and three buffers', () => {
    const bn = call('BatchNorm2d', { num_features: 16 }, tensor([2, 16, 4, 4]));
    assert.equal(bn.macs, 16 * 4 * 4);
    assert.ok(bn.derivation.includes('params = 2·16 = 32 (weight γ + bias β)'), bn.derivation.join('\n'));
    assert.ok(bn.derivation.some((l) => l.startsWith('buffers = 2·16 + 1 = 33')), bn.derivation.join('\n'));
    assert.equal(count(bn.weights, 'parameters'), 32);
    assert.deepEqual(bn.weights!.buffers, [
      { name: 'running_mean', shape: [16], dtype: 'float32' },
      { name: 'running_var', shape: [16], dtype: 'float32' },
      { name: 'num_batches_tracked', shape: [], dtype: 'int64' },
    ]);
    const ln = call('LayerNorm', { normalized_shape: [16, 4, 5] }, tensor([2, 16, 4, 5]));
    assert.equal(count(ln.weights, 'parameters'), 2 * 16 * 4 * 5);
    assert.equal(ln.macs, 320);
    const lrn = call('LocalResponseNorm', { size: 5 }, tensor([2, 96, 13, 13]));
    // x² and x·divisor^(−β) per element: 2 · 96·13·13 = 32,448.
    assert.equal(lrn.macs, 2 * 96 * 13 * 13);
  });

  it('resampling owns nothing and multiplies nothing; pixel shuffle moves channels into blocks', () => {
    const up = call('Upsample', { scale_factor: 2.5 }, tensor([2, 3, 5, 5]));
    assert.ok(up.derivation.includes('H_out = floor(5·2.5) = 12'));
    assert.equal(up.macs, 0);
    const ps = call('PixelShuffle', { upscale_factor: 3 }, tensor([2, 9, 32, 32]));
    assert.deepEqual(shapeOf(ps.output), [2, 1, 96, 96]);
    assert.ok(ps.derivation.includes('C_out = 9 / 3² = 1; H_out = 32·3 = 96; W_out = 32·3 = 96'));
    const pad = call('ReflectionPad2d', { padding: [1, 2, 3, 0] }, tensor([2, 3, 8, 8]));
    // (left, right, top, bottom): W = 8 + 1 + 2, H = 8 + 3 + 0.
    assert.deepEqual(shapeOf(pad.output), [2, 3, 11, 11]);
    assert.ok(pad.derivation.includes('W_out = 8 + 1 + 2 = 11') && pad.derivation.includes('H_out = 8 + 3 + 0 = 11'));
  });

  it("'same' padding's split, for dilation too", () => {
    assert.deepEqual({ ...samePadding('L', 4, 3), line: undefined }, { total: 9, before: 4, after: 5, line: undefined });
    assert.deepEqual({ ...samePadding('L', 5, 2), line: undefined }, { total: 8, before: 4, after: 4, line: undefined });
  });
});

describe('PyTorch spatial rules: what is known without an input shape or an argument', () => {
  it('Conv2d on an unknown input: [batch, out_channels, ?, ?], MACs unknown, weights known', () => {
    const r = call('Conv2d', { in_channels: 3, out_channels: 32, kernel_size: 5 }, tensor(null));
    assert.deepEqual(shapeOf(r.output), [null, 32, null, null]);
    assert.equal(r.macs, null);
    assert.equal(count(r.weights, 'parameters'), 32 * 3 * 25 + 32);
    const unknownValue = call('Conv2d', { in_channels: 3, out_channels: 32, kernel_size: 5 }, UNKNOWN as unknown as CallValue);
    assert.deepEqual(shapeOf(unknownValue.output), [null, 32, null, null]);
  });

  it('unknown spatial sizes stay unknown while the channel check still runs', () => {
    const r = call('Conv2d', { in_channels: 3, out_channels: 32, kernel_size: 5 }, tensor([2, 3, null, 20]));
    assert.deepEqual(shapeOf(r.output), [2, 32, null, 16]);
    assert.ok(r.derivation.includes('H_out = ? (input H unknown)'));
    assert.equal(r.macs, null);
    const e = rejects('Conv2d', { in_channels: 3, out_channels: 32, kernel_size: 5 }, tensor([2, 4, null, null]));
    assert.equal(e.arg, 'in_channels');
  });

  it('an argument the interpreter could not follow: weights unknown, the sizes it decides unknown, nothing guessed', () => {
    const r = call('Conv2d', { in_channels: 3, out_channels: 32, kernel_size: UNKNOWN }, tensor([2, 3, 28, 28]));
    assert.equal(r.weights, null);
    assert.deepEqual(shapeOf(r.output), [2, 32, null, null]);
    assert.equal(r.macs, null);
    const same = call('Conv2d', { in_channels: 3, out_channels: 32, kernel_size: UNKNOWN, padding: 'same' }, tensor([2, 3, 28, 28]));
    assert.deepEqual(shapeOf(same.output), [2, 32, 28, 28], "'same' keeps the input's sizes whatever the kernel");
    const pool = call('MaxPool2d', { kernel_size: UNKNOWN }, tensor([2, 6, 28, 28]));
    assert.deepEqual(shapeOf(pool.output), [2, 6, null, null]);
    const bn = call('BatchNorm2d', { num_features: UNKNOWN }, tensor([2, 6, 28, 28]));
    assert.equal(bn.weights, null);
    assert.deepEqual(shapeOf(bn.output), [2, 6, 28, 28]);
    assert.deepEqual(shapeOf(call('BatchNorm2d', { num_features: 6 }, tensor(null)).output), [null, 6, null, null], 'BatchNorm2d takes 4-D only');
    assert.equal(shapeOf(call('BatchNorm1d', { num_features: 6 }, tensor(null)).output), null, 'BatchNorm1d takes 2-D or 3-D');
    const up = call('Upsample', { scale_factor: UNKNOWN }, tensor([2, 6, 28, 28]));
    assert.deepEqual(shapeOf(up.output), [2, 6, null, null]);
  });

  it('F.conv2d reads the module arguments off the weight tensor, unknown when its shape is', () => {
    const form = torchCallable('F.conv2d');
    assert.ok(form && form.kind === 'functional');
    const known = form.form.toModule({ input: tensor([2, 4, 9, 9]), weight: tensor([8, 2, 3, 3]), bias: null, stride: 1, padding: 0, dilation: 1, groups: 2 });
    assert.equal(known.args.in_channels, 4);
    assert.equal(known.args.out_channels, 8);
    assert.deepEqual(known.args.kernel_size, [3, 3]);
    const unknown = form.form.toModule({ input: tensor([2, 4, 9, 9]), weight: tensor(null), bias: null, stride: 1, padding: 0, dilation: 1, groups: 1 });
    assert.equal((unknown.args.out_channels as { kind: string }).kind, 'unknown');
  });
});

describe('PyTorch spatial rules: the quick fix each error offers', () => {
  it("the corpus's channel mismatch: in_channels → the input's channel count", () => {
    const e = rejects('Conv2d', { in_channels: 6, out_channels: 32, kernel_size: 3 }, tensor([2, 16, 12, 12]));
    assert.ok(e.message.startsWith('Given groups=1, weight of size [32, 6, 3, 3], expected input[2, 16, 12, 12] to have 6 channels, but got 16 channels instead'));
    assert.equal(e.arg, 'in_channels');
    assert.equal(e.replacement, 16);
    const grouped = rejects('Conv2d', { in_channels: 8, out_channels: 16, kernel_size: 3, groups: 4 }, tensor([2, 10, 12, 12]));
    assert.equal(grouped.replacement, undefined, '10 channels do not divide into 4 groups: no single literal fixes it');
  });

  it("BatchNorm's num_features, GroupNorm's num_channels, LayerNorm's normalized_shape → the input's", () => {
    const bn = rejects('BatchNorm2d', { num_features: 32 }, tensor([2, 16, 4, 4]));
    assert.ok(bn.message.startsWith('running_mean should contain 16 elements not 32'));
    assert.deepEqual([bn.arg, bn.replacement], ['num_features', 16]);
    const bn1 = rejects('BatchNorm1d', { num_features: 84 }, tensor([2, 120]));
    assert.deepEqual([bn1.arg, bn1.replacement], ['num_features', 120]);
    const gn = rejects('GroupNorm', { num_groups: 4, num_channels: 16 }, tensor([2, 12, 4, 4]));
    assert.deepEqual([gn.arg, gn.replacement], ['num_channels', 12]);
    const ln = rejects('LayerNorm', { normalized_shape: [16, 4] }, tensor([2, 16, 4, 5]));
    assert.deepEqual([ln.arg, ln.replacement], ['normalized_shape', [4, 5]]);
    const ln1 = rejects('LayerNorm', { normalized_shape: 6 }, tensor([2, 16, 4, 5]));
    assert.deepEqual([ln1.arg, ln1.replacement], ['normalized_shape', 5]);
  });

  it("an InstanceNorm without affine only warns on a channel mismatch (PyTorch 1.13 runs it), naming num_features", () => {
    const r = call('InstanceNorm2d', { num_features: 16 }, tensor([2, 12, 4, 4]));
    assert.deepEqual(shapeOf(r.output), [2, 12, 4, 4]);
    assert.equal(r.warnings.length, 1);
    assert.deepEqual([r.warnings[0].arg, r.warnings[0].replacement], ['num_features', 12]);
  });

  it('pool padding over half the kernel → floor(k/2); output_padding ≥ stride and dilation → the largest allowed', () => {
    const pool = rejects('MaxPool2d', { kernel_size: 3, padding: 2 }, tensor([2, 3, 9, 9]));
    assert.deepEqual([pool.arg, pool.replacement], ['padding', 1]);
    const t = rejects('ConvTranspose2d', { in_channels: 6, out_channels: 32, kernel_size: 3, output_padding: 1 }, tensor([2, 6, 12, 12]));
    assert.deepEqual([t.arg, t.replacement], ['output_padding', 0]);
  });

  it('a kernel larger than the input names kernel_size and both sizes, dilated', () => {
    const e = rejects('Conv2d', { in_channels: 3, out_channels: 8, kernel_size: 3, dilation: 2 }, tensor([2, 3, 4, 4]));
    assert.equal(e.message, "Calculated padded input size per channel: (4 x 4). Kernel size: (5 x 5). Kernel size can't be greater than actual input size");
    assert.equal(e.arg, 'kernel_size');
  });
});

describe('PyTorch spatial rules: backward and drawing', () => {
  const keeps = (name: string) => {
    const traits = torchLayerTraits(name);
    assert.ok(traits, `${name} has no traits`);
    const needs = traits.backward.idealAutograd();
    return `${needs.inputs ? 'inputs' : ''}${needs.output ? '+output' : ''}${needs.extraInputSized ? '+extra' : ''}` || 'nothing';
  };

  it('convolutions keep their input; max pools input and output; average pools, padding and resampling nothing; norms their input', () => {
    assert.equal(keeps('Conv2d'), 'inputs');
    assert.equal(keeps('ConvTranspose3d'), 'inputs');
    assert.equal(keeps('F.conv1d'), 'inputs');
    assert.equal(keeps('MaxPool2d'), 'inputs+output');
    assert.equal(keeps('F.max_pool2d'), 'inputs+output');
    assert.equal(keeps('torch.max_pool2d'), 'inputs+output');
    assert.equal(keeps('AdaptiveMaxPool2d'), 'inputs+output');
    assert.equal(keeps('AvgPool2d'), 'nothing');
    assert.equal(keeps('F.adaptive_avg_pool2d'), 'nothing');
    assert.equal(keeps('ReflectionPad2d'), 'nothing');
    assert.equal(keeps('F.pad'), 'nothing');
    assert.equal(keeps('F.interpolate'), 'nothing');
    assert.equal(keeps('PixelShuffle'), 'nothing');
    assert.equal(keeps('BatchNorm2d'), 'inputs');
    assert.equal(keeps('F.batch_norm'), 'inputs');
    assert.equal(keeps('LayerNorm'), 'inputs');
  });

  it('drawn as the paper draws them: convolution, subsampling, normalisation folded in', () => {
    assert.equal(torchLayerTraits('Conv2d')?.drawing, 'conv');
    assert.equal(torchLayerTraits('ConvTranspose2d')?.drawing, 'conv');
    assert.equal(torchLayerTraits('MaxPool2d')?.drawing, 'pool');
    assert.equal(torchLayerTraits('AdaptiveAvgPool2d')?.drawing, 'pool');
    assert.equal(torchLayerTraits('BatchNorm2d')?.drawing, 'normalization');
    assert.equal(torchLayerTraits('PixelShuffle')?.drawing, 'reshape');
    assert.equal(torchLayerTraits('Upsample')?.drawing, 'other');
  });

  it("the PyTorch 2.x padding classes say so in their description", () => {
    for (const name of ['ZeroPad1d', 'ZeroPad3d', 'CircularPad1d', 'CircularPad2d', 'CircularPad3d']) {
      assert.match(torchModuleRule(name)!.description, /PyTorch 2\.x/);
    }
    const r = call('CircularPad2d', { padding: 1 }, tensor([2, 3, 4, 4]));
    assert.deepEqual(shapeOf(r.output), [2, 3, 6, 6]);
  });
});
