// Model files built to break the numbers (issue #10): each must give a diagnostic that names the key and the value,
// and never a wrong figure (a negative, fractional, NaN or infinite size, count or byte total).
import * as assert from 'node:assert';
import { analyzeModelText } from '../../../src/core/analyzeModel';
import type { Analysis } from '../../../src/core/analysisResult';
import type { Diagnostic } from '../../../src/core/ir';
import { readJson } from '../../../src/core/formats/tfjs/json';

function analyze(text: string): Analysis {
  const { analysis, diagnostics } = analyzeModelText(text);
  assert.ok(analysis, JSON.stringify(diagnostics));
  return analysis;
}

const errors = (a: Analysis): Diagnostic[] => a.diagnostics.filter((d) => d.severity === 'error');

/** Every figure the faces show: shapes, counts and memory; each is an integer ≥ 0 or null (unknown). */
function assertNoImpossibleFigure(a: Analysis): void {
  const figures: [string, unknown][] = [];
  for (const l of a.layers) {
    l.outputShapes.forEach((s, i) => s?.forEach((d, j) => figures.push([`${l.name} output ${i} dim ${j}`, d])));
    figures.push([`${l.name} params`, l.params], [`${l.name} macs`, l.macs], [`${l.name} bytes`, l.outputBytesPerSample]);
  }
  for (const [k, v] of Object.entries(a.totals)) figures.push([`totals.${k}`, v]);
  for (const [k, v] of Object.entries(a.memory)) if (typeof v === 'number' && k !== 'batchSize') figures.push([`memory.${k}`, v]);
  for (const [what, v] of figures) {
    if (v === null) continue;
    // NaN is how the memory model says "unknown" (printed as null / "?"), so only a finite negative/fractional is wrong.
    if (typeof v === 'number' && Number.isNaN(v)) continue;
    assert.ok(typeof v === 'number' && Number.isFinite(v) && v >= 0 && Number.isInteger(v), `${what} = ${String(v)}`);
  }
}

describe('hostile model files: a diagnostic at the key, never an impossible figure', () => {
  describe('D1 batch_size is validated (input.ts)', () => {
    for (const literal of ['-5', '1.5', '1e400']) {
      it(`batch_size ${literal}: error at config.batch_size naming the value; the batch stays unknown`, () => {
        const text = `{"class_name":"Sequential","config":[{"class_name":"Dense","config":{"name":"d","units":3,"input_shape":[4],"batch_size":${literal}}}]}`;
        const a = analyze(text);
        const shown = literal === '1e400' ? 'Infinity' : literal; // JSON.parse reads 1e400 as Infinity
        const d = errors(a).find((e) => e.message.includes('batch_size'));
        assert.ok(d, JSON.stringify(a.diagnostics));
        assert.ok(d.message.includes(shown), d.message);
        assert.deepStrictEqual(d.path, ['config', 0, 'config', 'batch_size']);
        // The declared (4) features are still known; the batch dimension is unknown, not -5/1.5/Infinity.
        assert.deepStrictEqual(a.layers.map((l) => l.outputShapes), [[[null, 4]], [[null, 3]]]);
        assertNoImpossibleFigure(a);
      });
    }

    it('a valid batch_size (7) still fixes the batch dimension', () => {
      const a = analyze('{"class_name":"Sequential","config":[{"class_name":"Dense","config":{"name":"d","units":3,"input_shape":[4],"batch_size":7}}]}');
      assert.deepStrictEqual(a.layers.map((l) => l.outputShapes), [[[7, 4]], [[7, 3]]]);
      assert.deepStrictEqual(a.diagnostics, []);
    });
  });

  describe('D2 a transposed convolution over a zero-length axis (convMath.ts)', () => {
    const conv = (config: Record<string, unknown>) => analyze(JSON.stringify({ class_name: 'Sequential', config: [
      { class_name: 'Conv2DTranspose', config: { name: 't', filters: 2, kernel_size: 1, strides: [10, 1], ...config, batch_input_shape: [null, 0, 4, 1] } },
    ] }));

    it('with output_padding [0, 0]: Keras\'s formula gives (0 - 1)·10 + 1 = -9, an error at output_padding, never -9 or -288 B', () => {
      const a = conv({ output_padding: [0, 0] });
      const d = errors(a).find((e) => e.layer === 't' && e.message.includes('output_padding'));
      assert.ok(d, JSON.stringify(a.diagnostics));
      assert.ok(d.message.includes('-9'), d.message);
      assert.deepStrictEqual(d.path, ['config', 0, 'config', 'output_padding']);
      assert.deepStrictEqual(a.layers.find((l) => l.name === 't')!.outputShapes, [null]);
      assertNoImpossibleFigure(a);
    });

    it('without output_padding: H_out = 0·10 + max(1 - 10, 0) = 0, TF.js\'s value (checked against TF.js in oracleConv)', () => {
      const a = conv({});
      assert.deepStrictEqual(a.layers.find((l) => l.name === 't')!.outputShapes, [[null, 0, 4, 2]]);
      assertNoImpossibleFigure(a);
    });
  });

  describe('D3 integer config values beyond any framework are refused at their key (config.ts)', () => {
    it('two Dense with units 1e300: an error at units naming the value; counts unknown, never ∞', () => {
      const text = '{"class_name":"Sequential","config":[{"class_name":"Dense","config":{"name":"d1","units":1e300,"input_shape":[4]}},{"class_name":"Dense","config":{"name":"d2","units":1e300}}]}';
      const a = analyze(text);
      const d = errors(a).find((e) => e.layer === 'd1' && e.message.includes('"units"'));
      assert.ok(d, JSON.stringify(a.diagnostics));
      assert.ok(d.message.includes('1e+300'), d.message);
      assert.ok(d.message.includes('2^53 − 1'), d.message);
      assert.deepStrictEqual(d.path, ['config', 0, 'config', 'units']);
      // d2 sees an unknown input, so its own figures are unknown too (the engine does not run a rule on unknowns).
      assert.deepStrictEqual(a.layers.map((l) => [l.name, l.outputShapes, l.params]), [['d1_input', [[null, 4]], 0], ['d1', [null], null], ['d2', [null], null]]);
      assert.deepStrictEqual([a.totals.params, a.totals.macs], [null, null]);
      assertNoImpossibleFigure(a);
    });

    it('the bound is 2^53 − 1: units 2^53 − 1 is read (an approximate count, flagged), 2^53 is refused', () => {
      const dense = (units: string) => `{"class_name":"Sequential","config":[{"class_name":"Dense","config":{"name":"d","units":${units},"input_shape":[1]}}]}`;
      const atBound = analyze(dense('9007199254740991'));
      assert.deepStrictEqual(errors(atBound), []);
      assert.deepStrictEqual(atBound.layers[1].outputShapes, [[null, 9007199254740991]]);
      const beyond = analyze(dense('9007199254740992'));
      assert.ok(errors(beyond).some((e) => e.message.includes('"units"') && e.message.includes('9007199254740992')), JSON.stringify(beyond.diagnostics));
      assert.strictEqual(beyond.totals.params, null);
    });

    it('a tuple entry (kernel_size) and a Reshape target beyond 2^53 − 1: errors at their keys', () => {
      const text = JSON.stringify({ class_name: 'Sequential', config: [
        { class_name: 'Conv1D', config: { name: 'c', filters: 2, kernel_size: [1e20], input_shape: [8, 1] } },
        { class_name: 'Reshape', config: { name: 'r', target_shape: [1e300, -1] } },
      ] });
      const a = analyze(text);
      const kernel = errors(a).find((e) => e.layer === 'c');
      assert.ok(kernel && kernel.message.includes('100000000000000000000'), JSON.stringify(a.diagnostics));
      assert.deepStrictEqual(kernel.path, ['config', 0, 'config', 'kernel_size', 0]);
      assertNoImpossibleFigure(a);
      const reshapeOnly = analyze(JSON.stringify({ class_name: 'Sequential', config: [
        { class_name: 'Reshape', config: { name: 'r', target_shape: [1e300, -1], input_shape: [4] } },
      ] }));
      const target = errors(reshapeOnly).find((e) => e.layer === 'r');
      assert.ok(target && target.message.includes('1e+300'), JSON.stringify(reshapeOnly.diagnostics));
      assert.deepStrictEqual(target.path, ['config', 0, 'config', 'target_shape', 0]);
      assertNoImpossibleFigure(reshapeOnly);
    });

    it('an input shape whose dims are each below 2^53 but whose sample is not: error at the shape, unknown', () => {
      const dims = Array.from({ length: 30 }, () => 2 ** 52);
      const a = analyze(JSON.stringify({ class_name: 'Sequential', config: [
        { class_name: 'Flatten', config: { name: 'f', input_shape: dims } },
        { class_name: 'Dense', config: { name: 'd', units: 2 } },
      ] }));
      const d = errors(a).find((e) => e.message.includes('elements per sample'));
      assert.ok(d, JSON.stringify(a.diagnostics));
      assert.ok(d.message.includes('exceeds 2^53 − 1'), d.message);
      assert.deepStrictEqual(d.path, ['config', 0, 'config', 'input_shape']);
      assertNoImpossibleFigure(a);
      assert.deepStrictEqual([a.totals.params, a.memory.activationBytes], [null, NaN]);
    });

    it('sizes that grow past 2^53 − 1 through the layers (UpSampling1D × 2^50, 40 times): error at the first, never ∞', () => {
      // 4·2^50 = 2^52 fits; 2^52·2^50 = 2^102 does not; 40 of them would reach 2^2002, Infinity in a double.
      const layers = Array.from({ length: 40 }, (_, i) => ({ class_name: 'UpSampling1D', config: { name: `u${i}`, size: 2 ** 50, ...(i === 0 ? { input_shape: [4, 1] } : {}) } }));
      const a = analyze(JSON.stringify({ class_name: 'Sequential', config: [...layers, { class_name: 'Flatten', config: { name: 'f' } }] }));
      assert.deepStrictEqual(a.layers.find((l) => l.name === 'u0')!.outputShapes, [[null, 2 ** 52, 1]]);
      const d = errors(a).find((e) => e.layer === 'u1');
      assert.ok(d, JSON.stringify(a.diagnostics));
      assert.ok(d.message.includes('exceeds 2^53 − 1'), d.message);
      assert.deepStrictEqual(a.layers.find((l) => l.name === 'u1')!.outputShapes, [null]);
      assertNoImpossibleFigure(a);
      assert.ok(!a.diagnostics.some((x) => /Infinity|NaN/.test(x.message)), JSON.stringify(a.diagnostics));
    });

    it('Embedding input_length filling an unknown dim is validated too', () => {
      const a = analyze(JSON.stringify({ class_name: 'Sequential', config: [
        { class_name: 'Embedding', config: { name: 'e', input_dim: 10, output_dim: 2, input_length: -3, batch_input_shape: [null, null] } },
      ] }));
      const d = errors(a).find((e) => e.layer === 'e' && e.message.includes('input_length'));
      assert.ok(d && d.message.includes('-3'), JSON.stringify(a.diagnostics));
      assertNoImpossibleFigure(a);
    });
  });

  describe('D4 RNN cell classes are looked up as own names only (recurrent.ts)', () => {
    for (const cellClass of ['toString', 'constructor', '__proto__Cell', 'hasOwnPropertyCell', 'valueOf']) {
      it(`cell "${cellClass}": the "not supported" warning, no NaN anywhere`, () => {
        const text = JSON.stringify({ class_name: 'Sequential', config: [
          { class_name: 'RNN', config: { name: 'r', input_shape: [5, 3], cell: { class_name: cellClass, config: { units: 4 } } } },
        ] });
        const a = analyze(text);
        const d = a.diagnostics.find((e) => e.layer === 'r' && e.message.includes('is not supported'));
        assert.ok(d, JSON.stringify(a.diagnostics));
        assert.ok(d.message.includes(JSON.stringify(cellClass)), d.message);
        assert.deepStrictEqual(d.path, ['config', 0, 'config', 'cell']);
        assert.ok(!a.diagnostics.some((e) => /NaN/.test(e.message)), JSON.stringify(a.diagnostics));
        const r = a.layers.find((l) => l.name === 'r')!;
        assert.ok(!r.derivation.some((line) => /NaN|undefined/.test(line)), r.derivation.join('\n'));
        assert.deepStrictEqual([r.outputShapes, r.params], [[null], null]);
        assert.deepStrictEqual(errors(a), []);
        assertNoImpossibleFigure(a);
      });
    }

    it('an activation named like an Object method is a custom activation to the memory model (layers/backward.ts)', () => {
      // A custom activation keeps input, output and pre-activation for backward (the figure errs high); "constructor"
      // must not read Object.prototype.constructor from the table and keep less.
      const dense = (activation: string) => analyze(JSON.stringify({ class_name: 'Sequential', config: [
        { class_name: 'Dense', config: { name: 'd', units: 8, activation, input_shape: [4] } },
        { class_name: 'Dense', config: { name: 'e', units: 2 } },
      ] })).memory.trainingPeakBytes;
      const custom = dense('my_custom_activation');
      assert.ok(Number.isFinite(custom));
      for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) assert.strictEqual(dense(name), custom, name);
    });
  });

  describe('D7 "__proto__" keys read the same with and without comments (json.ts)', () => {
    const body = '{"class_name":"Sequential","config":[{"class_name":"Dense","config":{"__proto__":{"units":1000000000},"name":"d","input_shape":[4]}}]}';
    it('strict JSON and JSONC (a comment) give the same analysis: "missing required config units", no 5,000,000,000 params', () => {
      const strict = analyze(body);
      const withComment = analyze(`// a comment sends this file through the JSONC parser\n${body}`);
      for (const a of [strict, withComment]) {
        assert.ok(errors(a).some((e) => e.message.includes('missing required config "units"')), JSON.stringify(a.diagnostics));
        assert.strictEqual(a.totals.params, null);
      }
      assert.deepStrictEqual(withComment.layers, strict.layers);
      assert.deepStrictEqual(withComment.diagnostics, strict.diagnostics);
    });

    it('readJson: the JSONC path builds the same value as JSON.parse (own "__proto__", last duplicate key wins)', () => {
      const strictText = '{"a":[1,{"b":null,"c":"x"}],"a":[2],"__proto__":{"units":5},"n":{"__proto__":[true]}}';
      const value = readJson(`/* comment */ ${strictText}`).value as Record<string, unknown>;
      assert.deepStrictEqual(value, JSON.parse(strictText));
      assert.strictEqual(Object.getPrototypeOf(value), Object.prototype);
      assert.ok(Object.prototype.hasOwnProperty.call(value, '__proto__'));
      assert.strictEqual((value as { units?: unknown }).units, undefined);
    });
  });
});

describe('hostile model files: -1 and -0 in declared shapes (found by the fuzz suite)', () => {
  const dense = (shapeKey: string, shape: string) =>
    `{"class_name":"Sequential","config":[{"class_name":"Dense","config":{"name":"d","units":2,"${shapeKey}":${shape}}}]}`;

  it('input_shape [-1, 3] has no batch position: the -1 is an error at input_shape[0], never a size', () => {
    const a = analyze(dense('input_shape', '[-1, 3]'));
    const e = errors(a).find((d) => /must be an integer ≥ 0, got -1/.test(d.message));
    assert.ok(e, JSON.stringify(a.diagnostics));
    assert.deepStrictEqual(e.path.slice(-2), ['input_shape', 0]);
    assertNoImpossibleFigure(a);
  });

  it('batch_input_shape [-1, 3]: the -1 is the batch position, read as "any batch" (null), not a batch of -1', () => {
    const a = analyze(dense('batch_input_shape', '[-1, 3]'));
    assert.deepStrictEqual(a.layers.find((l) => l.name === 'd')?.outputShapes, [[null, 2]]);
    // Dense(2) on 3 features: 3·2 weights + 2 biases.
    assert.strictEqual(a.totals.params, 3 * 2 + 2);
    assertNoImpossibleFigure(a);
  });

  it('input_shape [-0] reads as 0 (a JSON -0 is never shown as "-0")', () => {
    const a = analyze(dense('input_shape', '[-0]'));
    const d = a.layers.find((l) => l.name === 'd');
    assert.ok(d);
    assert.ok(Object.is(d.macs, 0) || d.macs === null, `macs ${String(d.macs)}`);
  });
});
