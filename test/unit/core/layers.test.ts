// Per-layer rules with hand-derived numbers (the derivation is written next to each expectation): MACs, layers
// TF.js 4 does not have (Keras-only), causal padding, and bad input that must give diagnostics, not wrong numbers.
import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeModelText } from '../../../src/core/analyzeModel';
import type { Analysis, LayerAnalysis } from '../../../src/core/analysisResult';
import { sequentialModelJson } from '../../fixtures/sequentialModelJson';

const fixture = (name: string) => readFileSync(path.join(__dirname, '../../fixtures/models', name), 'utf8');

/** A Keras-style Sequential model.json from (class, config) pairs; the first gets the input shape. */
function sequential(inputShape: (number | null)[], ...layers: [string, Record<string, unknown>][]): string {
  return sequentialModelJson(inputShape, layers);
}

function analyze(text: string): Analysis {
  const { analysis, diagnostics } = analyzeModelText(text);
  assert.ok(analysis, JSON.stringify(diagnostics));
  return analysis;
}

function layer(a: Analysis, name: string): LayerAnalysis {
  const l = a.layers.find((x) => x.name === name);
  assert.ok(l, `no layer ${name}`);
  return l;
}

const errors = (a: Analysis) => a.diagnostics.filter((d) => d.severity === 'error');

describe('layer rules: MACs and derivations (hand-derived)', () => {
  it('LeNet C1: 6 filters 5×5, pad 2 ("same") on 28×28×1', () => {
    const a = analyze(fixture('sequential-cnn.json'));
    const c1 = layer(a, 'c1');
    // H_out = floor((28 + 2 + 2 - 5) / 1) + 1 = 28; params = 5·5·1·6 + 6 = 156; MACs = 28·28·6·(5·5·1) = 117,600.
    assert.ok(c1.derivation.includes('H_out = floor((28 + 2 + 2 - 5) / 1) + 1 = 28'), c1.derivation.join('\n'));
    assert.strictEqual(c1.params, 156);
    assert.strictEqual(c1.macs, 117600);
    // Output 28·28·6 = 4,704 floats = 18,816 bytes per sample in float32.
    assert.strictEqual(c1.outputElementsPerSample, 4704);
    assert.strictEqual(c1.outputBytesPerSample, 18816);
    // C3: 16 filters 5×5 valid on 14×14×6 → 10×10×16; MACs = 10·10·16·(5·5·6) = 240,000; params 5·5·6·16 + 16 = 2,416.
    const c3 = layer(a, 'c3');
    assert.deepStrictEqual(c3.outputShapes, [[null, 10, 10, 16]]);
    assert.strictEqual(c3.macs, 240000);
    assert.strictEqual(c3.params, 2416);
    // BatchNormalization on 6 channels: 2·6 trainable (gamma, beta), 2·6 non-trainable (moving mean, variance);
    // MACs = 28·28·6 = 4,704 (one multiply-add per element).
    const bn1 = layer(a, 'bn1');
    assert.deepStrictEqual([bn1.trainableParams, bn1.nonTrainableParams, bn1.macs], [12, 12, 4704]);
    // f5: Dense 400 → 120: MACs = 400·120 = 48,000.
    assert.strictEqual(layer(a, 'f5').macs, 48000);
    // Pooling and activations: no multiply-accumulates.
    assert.strictEqual(layer(a, 's2').macs, 0);
    assert.strictEqual(layer(a, 'act1').macs, 0);
  });

  it('TF "same" padding is asymmetric when it must be: N=7, F=4, S=2', () => {
    // pad_total = max((ceil(7/2) - 1)·2 + 4 - 7, 0) = 3 → 1 top, 2 bottom; H_out = floor((7 + 1 + 2 - 4) / 2) + 1 = 4.
    const a = analyze(sequential([7, 7, 1], ['Conv2D', { filters: 1, kernel_size: [4, 4], strides: [2, 2], padding: 'same' }]));
    const conv = layer(a, 'l0');
    assert.ok(conv.derivation.some((l) => l.startsWith("H: 'same' pads max((ceil(7/2) - 1)·2 + 4 - 7, 0) = 3 → 1 top, 2 bottom")), conv.derivation.join('\n'));
    assert.ok(conv.derivation.includes('H_out = floor((7 + 1 + 2 - 4) / 2) + 1 = 4'));
    assert.deepStrictEqual(conv.outputShapes, [[null, 4, 4, 1]]);
  });

  it('dilation: a 3-tap kernel with dilation 2 spans 5', () => {
    // F_eff = (3 - 1)·2 + 1 = 5; L_out = floor((20 - 5) / 1) + 1 = 16; MACs = 16·4·(3·2) = 384.
    const a = analyze(sequential([20, 2], ['Conv1D', { filters: 4, kernel_size: [3], dilation_rate: [2] }]));
    const conv = layer(a, 'l0');
    assert.ok(conv.derivation.includes('L: dilated kernel = (3 - 1)·2 + 1 = 5'));
    assert.deepStrictEqual(conv.outputShapes, [[null, 16, 4]]);
    assert.strictEqual(conv.macs, 384);
  });

  it('causal Conv1D keeps the length (Keras), and says what TF.js reports', () => {
    // causal pads (2 - 1)·1 = 1 on the left: L_out = floor((19 + 1 - 2) / 1) + 1 = 19. TF.js's outputShape says 18.
    const a = analyze(sequential([19, 3], ['Conv1D', { filters: 4, kernel_size: [2], padding: 'causal' }]));
    const conv = layer(a, 'l0');
    assert.deepStrictEqual(conv.outputShapes, [[null, 19, 4]]);
    assert.ok(conv.derivation.some((l) => l.includes("TF.js 4 cannot run 'causal' padding; its outputShape says 18")));
    // Strided: floor((19 + 2 - 3) / 2) + 1 = 10 = ceil(19 / 2).
    const strided = analyze(sequential([19, 3], ['Conv1D', { filters: 4, kernel_size: [3], strides: [2], padding: 'causal' }]));
    assert.deepStrictEqual(layer(strided, 'l0').outputShapes, [[null, 10, 4]]);
  });

  it('Dense on a rank-3 input applies to every position', () => {
    // [?, 20, 8] → units 5: params 8·5 + 5 = 45; MACs = 20 positions · 8·5 = 800.
    const a = analyze(sequential([20, 8], ['Dense', { units: 5 }]));
    assert.deepStrictEqual(layer(a, 'l0').outputShapes, [[null, 20, 5]]);
    assert.strictEqual(layer(a, 'l0').params, 45);
    assert.strictEqual(layer(a, 'l0').macs, 800);
  });

  it('recurrent MACs: LSTM and GRU per step times steps', () => {
    // LSTM(4) on [?, 20, 8]: per step 4·4·(8 + 4) = 192 matrix MACs + 3·4 = 12 gate products = 204; × 20 = 4,080.
    // params = 8·4·4 + 4·4·4 + 4·4 = 128 + 64 + 16 = 208.
    const lstm = layer(analyze(sequential([20, 8], ['LSTM', { units: 4 }])), 'l0');
    assert.strictEqual(lstm.macs, 4080);
    assert.strictEqual(lstm.params, 208);
    // SimpleRNN(3) on [?, 10, 2], return_sequences: per step 3·(2 + 3) = 15; × 10 = 150; params 2·3 + 3·3 + 3 = 18.
    const rnn = layer(analyze(sequential([10, 2], ['SimpleRNN', { units: 3, return_sequences: true }])), 'l0');
    assert.deepStrictEqual([rnn.macs, rnn.params], [150, 18]);
    assert.deepStrictEqual(rnn.outputShapes, [[null, 10, 3]]);
  });

  it('ConvLSTM2D MACs: 4 gates × (input conv + recurrent conv) + gate products, per output position, × steps', () => {
    // ConvLSTM2D(filters 4, 3×3, valid) on [?, 6, 10, 10, 2]: H_out = W_out = floor((10 - 3) / 1) + 1 = 8, P = 64.
    // Per step: input conv 64·4·4·9·2 = 18,432; recurrent conv ("same", stride 1, on h of 8×8×4) 64·4·4·9·4 = 36,864;
    // gate products 64·3·4 = 768 → 56,064; × 6 steps = 336,384.
    // params = 4·(9·2·4 + 9·4·4 + 4) = 4·(72 + 144 + 4) = 880.
    const a = analyze(sequential([6, 10, 10, 2], ['ConvLSTM2D', { filters: 4, kernel_size: [3, 3] }]));
    const l = layer(a, 'l0');
    assert.deepStrictEqual(errors(a), []);
    assert.deepStrictEqual(l.outputShapes, [[null, 8, 8, 4]]);
    assert.deepStrictEqual([l.macs, l.params], [336384, 880]);
    assert.ok(l.derivation.some((line) => line.includes('= 56064')), l.derivation.join('\n'));
    // Strides 2, "same", channels_first [?, 3, 2, 9, 7], return_sequences and return_state: H_out = ceil(9/2) = 5,
    // W_out = ceil(7/2) = 4, P = 20; per step 20·4·4·9·2 + 20·4·4·9·4 + 20·3·4 = 5,760 + 11,520 + 240 = 17,520; × 3 = 52,560.
    const cf = layer(analyze(sequential([3, 2, 9, 7], ['ConvLSTM2D', {
      filters: 4, kernel_size: 3, strides: 2, padding: 'same', data_format: 'channels_first', return_sequences: true, return_state: true,
    }])), 'l0');
    assert.deepStrictEqual(cf.outputShapes, [[null, 3, 4, 5, 4], [null, 4, 5, 4], [null, 4, 5, 4]]);
    assert.strictEqual(cf.macs, 52560);
  });

  it('stacked cells: each cell reads the previous cell\'s units; MACs and params add up', () => {
    // RNN(cell: StackedRNNCells[LSTMCell 3, SimpleRNNCell 2]) on [?, 5, 4]:
    // LSTM  F=4: params 4·3·(4 + 3) + 4·3 = 84 + 12 = 96; per step 4·3·(4 + 3) + 3·3 = 84 + 9 = 93.
    // Simple F=3: params 2·(3 + 2) + 2 = 12; per step 2·(3 + 2) = 10. Total 108 params; (93 + 10)·5 = 515 MACs.
    const cell = (className: string, units: number) => ({ class_name: className, config: { name: `c${units}`, units } });
    const a = analyze(sequential([5, 4], ['RNN', {
      cell: { class_name: 'StackedRNNCells', config: { cells: [cell('LSTMCell', 3), cell('SimpleRNNCell', 2)] } },
      return_state: true,
    }]));
    const l = layer(a, 'l0');
    assert.deepStrictEqual([l.params, l.macs], [108, 515]);
    // TF.js's state order: last cell first (SimpleRNN h), then the LSTM's h and c.
    assert.deepStrictEqual(l.outputShapes, [[null, 2], [null, 2], [null, 3], [null, 3]]);
    // An unsupported cell in the stack: a warning at its path, the layer unknown.
    const bad = analyzeModelText(sequential([5, 4], ['RNN', {
      cell: { class_name: 'StackedRNNCells', config: { cells: [cell('LSTMCell', 3), cell('ConvLSTM2DCell', 2)] } },
    }]));
    const warning = bad.diagnostics.find((d) => d.severity === 'warning');
    assert.ok(warning?.message.includes('ConvLSTM2DCell'), JSON.stringify(bad.diagnostics));
    assert.deepStrictEqual(warning?.path.slice(-4), ['cell', 'config', 'cells', 1]);
    assert.deepStrictEqual(layer(bad.analysis!, 'l0').outputShapes, [null]);
  });

  it('GRU with reset_after (Keras 2/3 default) has separate input and recurrent biases', () => {
    // GRU(5) on 8 features: kernel 8·15 = 120, recurrent 5·15 = 75, biases 2·15 = 30 → 225 (without reset_after: 210).
    const after = layer(analyze(sequential([20, 8], ['GRU', { units: 5, reset_after: true }])), 'l0');
    const before = layer(analyze(sequential([20, 8], ['GRU', { units: 5, reset_after: false }])), 'l0');
    assert.strictEqual(after.params, 225);
    assert.strictEqual(before.params, 210);
  });

  it('Multiply and Dot count products between tensors', () => {
    const text = JSON.stringify({ class_name: 'Model', config: { name: 'm', layers: [
      { name: 'a', class_name: 'InputLayer', config: { batch_input_shape: [null, 4, 6] }, inbound_nodes: [] },
      { name: 'b', class_name: 'InputLayer', config: { batch_input_shape: [null, 4, 6] }, inbound_nodes: [] },
      { name: 'mul', class_name: 'Multiply', config: {}, inbound_nodes: [[['a', 0, 0, {}], ['b', 0, 0, {}], ['a', 0, 0, {}]]] },
      { name: 'dot', class_name: 'Dot', config: { axes: 2 }, inbound_nodes: [[['a', 0, 0, {}], ['b', 0, 0, {}]]] },
      { name: 'sub', class_name: 'Subtract', config: {}, inbound_nodes: [[['a', 0, 0, {}], ['b', 0, 0, {}]]] },
    ], input_layers: [['a', 0, 0], ['b', 0, 0]], output_layers: [['mul', 0, 0], ['dot', 0, 0], ['sub', 0, 0]] } });
    const a = analyze(text);
    // Multiply of 3 inputs: 2 multiplications per element, 4·6 = 24 elements → 48.
    assert.strictEqual(layer(a, 'mul').macs, 48);
    // Dot over axis 2 (6): output [?, 4, 4] = 16 elements, 6 products each → 96.
    assert.deepStrictEqual(layer(a, 'dot').outputShapes, [[null, 4, 4]]);
    assert.strictEqual(layer(a, 'dot').macs, 96);
    assert.deepStrictEqual(layer(a, 'sub').outputShapes, [[null, 4, 6]]);
  });
});

describe('layer rules: Keras layers TF.js 4 lacks (hand-derived)', () => {
  it('SeparableConv1D, DepthwiseConv1D, Conv1DTranspose', () => {
    // SeparableConv1D(5, k=3, dm=2) on [?, 10, 4]: L_out = floor((10 - 3) / 1) + 1 = 8;
    // params = 3·4·2 + 8·5 + 5 = 24 + 40 + 5 = 69; MACs = 8·8·3 + 8·8·5 = 192 + 320 = 512.
    const sep = layer(analyze(sequential([10, 4], ['SeparableConv1D', { filters: 5, kernel_size: [3], depth_multiplier: 2 }])), 'l0');
    assert.deepStrictEqual([sep.outputShapes, sep.params, sep.macs], [[[null, 8, 5]], 69, 512]);
    // DepthwiseConv1D(k=3, dm=2, no bias) on [?, 10, 4] 'same': L_out 10, channels 8; params 3·4·2 = 24; MACs 10·8·3 = 240.
    const dw = layer(analyze(sequential([10, 4], ['DepthwiseConv1D', { kernel_size: [3], depth_multiplier: 2, padding: 'same', use_bias: false }])), 'l0');
    assert.deepStrictEqual([dw.outputShapes, dw.params, dw.macs], [[[null, 10, 8]], 24, 240]);
    // Conv1DTranspose(2, k=3, s=2) valid on [?, 5, 4]: L_out = 5·2 + max(3 - 2, 0) = 11; params 3·2·4 + 2 = 26;
    // MACs = 5 positions · 4 · 3 · 2 = 120. With output_padding 1: (5 - 1)·2 + 3 - 0 + 1 = 12.
    const t = layer(analyze(sequential([5, 4], ['Conv1DTranspose', { filters: 2, kernel_size: [3], strides: [2] }])), 'l0');
    assert.deepStrictEqual([t.outputShapes, t.params, t.macs], [[[null, 11, 2]], 26, 120]);
    const tp = layer(analyze(sequential([5, 4], ['Conv1DTranspose', { filters: 2, kernel_size: [3], strides: [2], output_padding: [1] }])), 'l0');
    assert.deepStrictEqual(tp.outputShapes, [[null, 12, 2]]);
  });

  it('grouped Conv2D divides the kernel by groups', () => {
    // Conv2D(8, 3×3, groups 2) on [?, 6, 6, 4]: params 3·3·(4/2)·8 + 8 = 152; out 4×4; MACs 16·8·3·3·2 = 2,304.
    const g = layer(analyze(sequential([6, 6, 4], ['Conv2D', { filters: 8, kernel_size: [3, 3], groups: 2 }])), 'l0');
    assert.deepStrictEqual([g.params, g.macs], [152, 2304]);
  });

  it('ZeroPadding1D/3D, Cropping1D/3D, UpSampling1D/3D, GlobalAveragePooling3D with keepdims, SpatialDropout3D', () => {
    const shape = (cls: string, cfg: Record<string, unknown>, input: number[]) => layer(analyze(sequential(input, [cls, cfg])), 'l0').outputShapes[0];
    // 10 + 1 + 2 = 13
    assert.deepStrictEqual(shape('ZeroPadding1D', { padding: [1, 2] }, [10, 3]), [null, 13, 3]);
    // default 1 on each side of each axis: 4+2, 5+2, 6+2
    assert.deepStrictEqual(shape('ZeroPadding3D', {}, [4, 5, 6, 2]), [null, 6, 7, 8, 2]);
    // Cropping1D default (1, 1): 10 - 2 = 8
    assert.deepStrictEqual(shape('Cropping1D', {}, [10, 3]), [null, 8, 3]);
    // Cropping3D ((1, 0), (2, 2), (0, 3)) channels_first on [2, 6, 7, 8]: 5, 3, 5
    assert.deepStrictEqual(shape('Cropping3D', { cropping: [[1, 0], [2, 2], [0, 3]], data_format: 'channels_first' }, [2, 6, 7, 8]), [null, 2, 5, 3, 5]);
    // UpSampling1D size 3: 10·3 = 30; UpSampling3D default 2 each.
    assert.deepStrictEqual(shape('UpSampling1D', { size: 3 }, [10, 3]), [null, 30, 3]);
    assert.deepStrictEqual(shape('UpSampling3D', {}, [2, 3, 4, 5]), [null, 4, 6, 8, 5]);
    assert.deepStrictEqual(shape('GlobalAveragePooling3D', { keepdims: true }, [2, 3, 4, 5]), [null, 1, 1, 1, 5]);
    assert.deepStrictEqual(shape('GlobalMaxPooling3D', {}, [2, 3, 4, 5]), [null, 5]);
    assert.deepStrictEqual(shape('SpatialDropout3D', { rate: 0.1 }, [2, 3, 4, 5]), [null, 2, 3, 4, 5]);
  });

  it('Resizing sets height and width (TF.js\'s own computeOutputShape for it is broken; see oracle tests)', () => {
    assert.deepStrictEqual(layer(analyze(sequential([32, 24, 3], ['Resizing', { height: 16, width: 8 }])), 'l0').outputShapes, [[null, 16, 8, 3]]);
  });
});

describe('layer rules: bad input gives diagnostics with layer and path, never wrong numbers', () => {
  const broken = analyzeModelText(fixture('broken.json')).analysis!;
  const find = (layerName: string, pattern: RegExp) => broken.diagnostics.find((d) => d.layer === layerName && pattern.test(d.message));
  const L = (i: number) => ['modelTopology', 'config', 'layers', i];

  it('kernel larger than the input: error on kernel_size, output and downstream unknown', () => {
    const d = find('too_big', /kernel 5 is larger than the input along H \(4\)/);
    assert.ok(d);
    // One window, one problem: the axes it does not fit along are named in one message, not one message per axis.
    assert.strictEqual(broken.diagnostics.filter((x) => x.layer === 'too_big' && /is larger than the input/.test(x.message)).length, 1);
    assert.strictEqual(d.severity, 'error');
    assert.deepStrictEqual(d.path, [...L(2), 'config', 'kernel_size']);
    assert.deepStrictEqual(layer(broken, 'too_big').outputShapes, [null]);
    assert.strictEqual(layer(broken, 'after_too_big').outputElementsPerSample, null);
  });

  it('merge of mismatched shapes: error on the call in inbound_nodes', () => {
    const d = find('mismatched_sum', /mismatched shapes: \(\?, 8\) and \(\?, 6\)/);
    assert.ok(d);
    assert.deepStrictEqual(d.path, [...L(5), 'inbound_nodes', 0]);
    assert.deepStrictEqual(layer(broken, 'mismatched_sum').outputShapes, [null]);
  });

  it('unknown class: a warning naming it; it and everything downstream unknown (null), totals unknown', () => {
    const d = find('custom', /unknown layer class "MyCustomAttention"/);
    assert.ok(d);
    assert.strictEqual(d.severity, 'warning');
    assert.deepStrictEqual(d.path, [...L(6), 'class_name']);
    const after = layer(broken, 'after_custom');
    assert.deepStrictEqual([after.outputShapes, after.params, after.macs], [[null], null, null]);
    assert.strictEqual(broken.totals.params, null);
    // A sound branch next to it keeps its numbers: Dense 8 → 2 = 18 params.
    assert.strictEqual(layer(broken, 'fine').params, 18);
  });

  it('dangling inbound reference: error with the layer and the path of the reference', () => {
    const d = find('orphan', /"ghost", which is not a layer/);
    assert.ok(d);
    assert.deepStrictEqual(d.path, [...L(8), 'inbound_nodes', 0, 0]);
  });

  it('cycle: error naming the layers, every layer still listed', () => {
    const a = analyzeModelText(fixture('broken-cycle.json')).analysis!;
    const d = a.diagnostics.find((x) => /cycle in the graph/.test(x.message));
    assert.ok(d);
    assert.match(d.message, /a → b → a|b → a → b/);
    assert.deepStrictEqual(a.layers.map((l) => l.name).sort(), ['a', 'b', 'c', 'x']);
  });

  it('missing input shape: error on the first layer, shapes unknown', () => {
    const a = analyze(JSON.stringify({ class_name: 'Sequential', config: { name: 's', layers: [{ class_name: 'Dense', config: { name: 'd', units: 3 } }] } }));
    const d = a.diagnostics.find((x) => /missing input shape/.test(x.message));
    assert.ok(d);
    assert.deepStrictEqual(d.path, ['config', 'layers', 0, 'config']);
    assert.deepStrictEqual(layer(a, 'd').outputShapes, [null]);
    assert.strictEqual(layer(a, 'd').params, null, 'Dense weights depend on the unknown input width: unknown, not 0');
  });

  it('absurd sizes: exact while below 2^53, flagged beyond, nothing allocated', () => {
    // Flatten of 1e6 × 1e6 × 3 = 3e12 elements: exact.
    const big = analyze(sequential([1e6, 1e6, 3], ['Flatten', {}]));
    assert.deepStrictEqual(layer(big, 'l0').outputShapes, [[null, 3e12]]);
    assert.deepStrictEqual(errors(big), []);
    // Dense(1e12) on 1e6 features: 1e18 weights > 2^53 − 1: reported as approximate.
    const huge = analyzeModelText(sequential([1e6], ['Dense', { units: 1e12 }])).analysis!;
    const d = huge.diagnostics.find((x) => /exceeds 2\^53/.test(x.message));
    assert.ok(d, JSON.stringify(huge.diagnostics));
    assert.match(d.message, /parameter count ≈ 1\.000e\+18/);
    // A dimension beyond 2^53 in the file cannot even be read exactly: unknown, with an error.
    const beyond = analyzeModelText(sequential([2 ** 60, 3], ['Flatten', {}])).analysis!;
    assert.ok(beyond.diagnostics.some((x) => x.severity === 'error' && /exceeds 2\^53/.test(x.message)));
    assert.deepStrictEqual(layer(beyond, 'l0').outputShapes, [[null, null]]);
  });

  it('reshape that does not fit, bad config values: errors on the exact key', () => {
    const a = analyze(sequential([4, 6], ['Reshape', { target_shape: [5, -1] }]));
    assert.deepStrictEqual(errors(a).map((e) => e.path), [['modelTopology', 'config', 'layers', 0, 'config', 'target_shape']]);
    const b = analyze(sequential([8, 8, 3], ['Conv2D', { filters: 2, kernel_size: [3, 0] }]));
    assert.deepStrictEqual(errors(b).map((e) => e.path), [['modelTopology', 'config', 'layers', 0, 'config', 'kernel_size', 1]]);
  });
});
