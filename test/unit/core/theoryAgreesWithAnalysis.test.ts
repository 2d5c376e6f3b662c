// The theory calculators and the Layers table must never disagree: over a seeded grid of N, F, P, S, D (and channels,
// filters, bias), each calculator's result is compared with the analysis of the equivalent model (a Conv2D or pooling
// layer, behind a ZeroPadding2D for an explicit P). Both sides share layers/convMath's arithmetic, so a third party
// checks the shared part: TF.js itself for sizes (the layers' computeOutputShape) and for 'same' padding (the
// padding its kernels apply, backend_util.computeConv2DInfo / computePool2DInfo), and F·F·C_in·K (+K) written out for
// parameters.
import { strict as assert } from 'node:assert';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { analyzeModelText } from '../../../src/core/analyzeModel';
import type { Analysis, LayerAnalysis } from '../../../src/core/analysisResult';
import { outputSize, samePadding } from '../../../src/core/theory/outputSize';
import { convParams } from '../../../src/core/theory/parameters';
import { convNetMemory, describeConvNetwork, type ConvNetLayer } from '../../../src/core/theory/convNetwork';
import { sequentialModelJson } from '../../fixtures/sequentialModelJson';

const SEED = 20261204;

/** A Sequential model.json from (class, config) pairs on an H×W×C input. */
function analyze(input: [number, number, number], layers: [string, Record<string, unknown>][], batchSize = 100): Analysis {
  const text = sequentialModelJson(input, layers);
  // The theory card teaches the ideal-autograd lower bound (labelled so); the analysis gives it when asked.
  const { analysis, diagnostics } = analyzeModelText(text, { batchSize, dtype: 'float32', optimizer: 'adam', framework: 'idealAutograd' });
  assert.ok(analysis, JSON.stringify(diagnostics));
  return analysis;
}

const layerNamed = (a: Analysis, name: string): LayerAnalysis => {
  const l = a.layers.find((x) => x.name === name);
  assert.ok(l, `no layer ${name}`);
  return l;
};
const hasError = (a: Analysis) => a.diagnostics.some((d) => d.severity === 'error');

/** TF.js's output [H, W] of a layer on an H×W×C input, without building weights (≤ 0 where the window does not fit). */
function tfjsSpatial(layer: tf.layers.Layer, shape: number[]): number[] {
  return (layer.computeOutputShape([null, ...shape]) as number[]).slice(1, 3);
}

/** The 'same' padding the analysis wrote for an axis: "H: 'same' pads … = total → before top, after bottom". */
function analysisSamePadding(l: LayerAnalysis, axis: 'H' | 'W'): [number, number, number] {
  const line = l.derivation.find((d) => d.startsWith(`${axis}: 'same' pads`));
  assert.ok(line, l.derivation.join('\n'));
  const m = /= (\d+) → (\d+) \S+, (\d+) \S+/.exec(line);
  assert.ok(m, line);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

const size = fc.integer({ min: 1, max: 48 });
const window = fc.record({
  h: size, w: size, f: fc.integer({ min: 1, max: 9 }), s: fc.integer({ min: 1, max: 5 }), d: fc.integer({ min: 1, max: 4 }),
  // H gets the card's P on both sides; W gets two different sides (the function also takes [before, after]).
  p: fc.integer({ min: 0, max: 4 }), left: fc.integer({ min: 0, max: 4 }), right: fc.integer({ min: 0, max: 4 }),
  cin: fc.integer({ min: 1, max: 4 }), k: fc.integer({ min: 1, max: 8 }), bias: fc.boolean(),
});

describe('theory calculators agree with the analysis of the equivalent model (seeded grid)', () => {
  it('output size with padding P, stride S, dilation D: the card\'s O is the Conv2D\'s, and TF.js\'s', () => {
    let fits = 0;
    let tooLarge = 0;
    fc.assert(fc.property(window, ({ h, w, f, s, d, p, left, right, cin, k }) => {
      const alongH = outputSize({ n: h, f, s, d, padding: p });
      const alongW = outputSize({ n: w, f, s, d, padding: [left, right] });
      const conv = { filters: k, kernel_size: [f, f], strides: [s, s], dilation_rate: [d, d], padding: 'valid', activation: 'linear' };
      const padded = p + left + right > 0;
      const a = analyze([h, w, cin], [
        ...(padded ? [['ZeroPadding2D', { padding: [[p, p], [left, right]] }] as [string, Record<string, unknown>]] : []),
        ['Conv2D', conv],
      ]);
      const analysed = layerNamed(a, padded ? 'l1' : 'l0');
      const tfPadded = tf.layers.zeroPadding2d({ padding: [[p, p], [left, right]] }).computeOutputShape([null, h, w, cin]) as number[];
      const tfConv = tf.layers.conv2d({ filters: k, kernelSize: f, strides: s, dilationRate: d, padding: 'valid' });
      const tfOut = tfjsSpatial(tfConv, tfPadded.slice(1));
      if (alongH.out === null || alongW.out === null) {
        tooLarge++;
        assert.deepEqual([alongH.out === null, alongW.out === null], tfOut.map((o) => o <= 0), `TF.js gives ${tfOut}: the card's no-fit axes`);
        assert.equal(analysed.outputShapes[0], null, 'the analysis has no shape where the card has no O');
        assert.ok(hasError(a), 'the analysis reports the window that does not fit');
        return;
      }
      fits++;
      assert.deepEqual(analysed.outputShapes[0], [null, alongH.out, alongW.out, k]);
      assert.deepEqual(tfOut, [alongH.out, alongW.out], 'TF.js');
    }), { seed: SEED, numRuns: 400 });
    // The grid reaches both outcomes (a grid that never hits one would not test it).
    assert.ok(fits > 50 && tooLarge > 20, `fits ${fits}, too large ${tooLarge}`);
  });

  it('"same" padding: the card\'s P_before, P_after and O are the Conv2D\'s and TF.js\'s', () => {
    fc.assert(fc.property(window, ({ h, w, f, s, d, k, cin }) => {
      const a = analyze([h, w, cin], [['Conv2D', { filters: k, kernel_size: [f, f], strides: [s, s], dilation_rate: [d, d], padding: 'same' }]]);
      const conv = layerNamed(a, 'l0');
      const [alongH, alongW] = [samePadding(h, f, s, d), samePadding(w, f, s, d)];
      assert.deepEqual(conv.outputShapes[0], [null, alongH.out, alongW.out, k]);
      assert.deepEqual(analysisSamePadding(conv, 'H'), [alongH.total, alongH.before, alongH.after]);
      assert.deepEqual(analysisSamePadding(conv, 'W'), [alongW.total, alongW.before, alongW.after]);
      const tfConv = tf.layers.conv2d({ filters: k, kernelSize: f, strides: s, dilationRate: d, padding: 'same' });
      assert.deepEqual(tfjsSpatial(tfConv, [h, w, cin]), [alongH.out, alongW.out], 'TF.js');
      const { padInfo } = tf.backend_util.computeConv2DInfo([1, h, w, cin], [f, f, cin, k], [s, s], [d, d], 'same');
      assert.deepEqual([padInfo.top, padInfo.bottom, padInfo.left, padInfo.right], [alongH.before, alongH.after, alongW.before, alongW.after], 'TF.js pads');
    }), { seed: SEED, numRuns: 400 });
  });

  it('pooling windows: valid pooling is the output-size formula with P = 0, "same" pooling the "same" card\'s', () => {
    fc.assert(fc.property(window, fc.constantFrom('MaxPooling2D', 'AveragePooling2D'), fc.constantFrom('valid', 'same'), ({ h, w, f, s, cin }, className, padding) => {
      const a = analyze([h, w, cin], [[className, { pool_size: [f, f], strides: [s, s], padding }]]);
      const pool = layerNamed(a, 'l0');
      const out = padding === 'same' ? [samePadding(h, f, s).out, samePadding(w, f, s).out] : [outputSize({ n: h, f, s }).out, outputSize({ n: w, f, s }).out];
      const tfPool = (className === 'MaxPooling2D' ? tf.layers.maxPooling2d : tf.layers.averagePooling2d)({ poolSize: f, strides: s, padding });
      const tfOut = tfjsSpatial(tfPool, [h, w, cin]);
      if (out.includes(null)) {
        assert.deepEqual(out.map((o) => o === null), tfOut.map((o) => o <= 0), `TF.js gives ${tfOut}`);
        assert.equal(pool.outputShapes[0], null);
        assert.ok(hasError(a));
        return;
      }
      assert.deepEqual(pool.outputShapes[0], [null, ...out, cin]);
      assert.deepEqual(tfOut, out, 'TF.js');
      if (padding === 'same') {
        const [alongH, alongW] = [samePadding(h, f, s), samePadding(w, f, s)];
        assert.deepEqual([analysisSamePadding(pool, 'H'), analysisSamePadding(pool, 'W')], [[alongH.total, alongH.before, alongH.after], [alongW.total, alongW.before, alongW.after]]);
        const { padInfo } = tf.backend_util.computePool2DInfo([1, h, w, cin], [f, f], [s, s], 1, 'same');
        assert.deepEqual([padInfo.top, padInfo.bottom, padInfo.left, padInfo.right], [alongH.before, alongH.after, alongW.before, alongW.after], 'TF.js pads');
      }
    }), { seed: SEED, numRuns: 300 });
  });

  it('parameters: the card\'s counts with and without bias are the Conv2D\'s, and F·F·C_in·K (+K)', () => {
    fc.assert(fc.property(window, ({ h, w, f, s, cin, k, bias }) => {
      const a = analyze([Math.max(h, f), Math.max(w, f), cin], [['Conv2D', { filters: k, kernel_size: [f, f], strides: [s, s], padding: 'valid', use_bias: bias }]]);
      const card = convParams({ kernel: [f, f], inChannels: cin, filters: k, bias });
      assert.equal(layerNamed(a, 'l0').params, card.total);
      assert.equal(card.weights, f * f * cin * k);
      assert.equal(card.total, f * f * cin * k + (bias ? k : 0));
    }), { seed: SEED, numRuns: 300 });
  });

  const convLayer: fc.Arbitrary<ConvNetLayer> = fc.record({
    kind: fc.constant('conv' as const), filters: fc.integer({ min: 1, max: 8 }), kernel: fc.integer({ min: 1, max: 5 }),
    stride: fc.integer({ min: 1, max: 3 }), padding: fc.oneof(fc.constantFrom('same' as const, 'valid' as const), fc.integer({ min: 0, max: 2 })),
    bias: fc.boolean(),
  });
  const poolLayer: fc.Arbitrary<ConvNetLayer> = fc.record({
    kind: fc.constantFrom('maxpool' as const, 'avgpool' as const), size: fc.integer({ min: 1, max: 3 }),
    stride: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
  }, { requiredKeys: ['kind', 'size'] });

  /** The network as Keras layers: an integer padding is a ZeroPadding2D before a 'valid' Conv2D. */
  function kerasLayers(spec: readonly ConvNetLayer[]): { layers: [string, Record<string, unknown>][]; analysed: number[] } {
    const layers: [string, Record<string, unknown>][] = [];
    const analysed: number[] = [];
    for (const l of spec) {
      if (l.kind === 'conv') {
        if (typeof l.padding === 'number' && l.padding > 0) layers.push(['ZeroPadding2D', { padding: [[l.padding, l.padding], [l.padding, l.padding]] }]);
        const padding = typeof l.padding === 'number' ? 'valid' : l.padding;
        layers.push(['Conv2D', { filters: l.filters, kernel_size: [l.kernel, l.kernel], strides: l.stride ?? 1, padding, use_bias: l.bias ?? true, activation: 'linear' }]);
      } else {
        layers.push([l.kind === 'maxpool' ? 'MaxPooling2D' : 'AveragePooling2D', { pool_size: [l.size, l.size], ...(l.stride === undefined ? {} : { strides: [l.stride, l.stride] }) }]);
      }
      analysed.push(layers.length - 1);
    }
    return { layers, analysed };
  }

  it('the network card: every layer\'s shape and parameters, and its memory, are the equivalent model\'s', () => {
    let whole = 0;
    let stopped = 0;
    let memories = 0;
    fc.assert(fc.property(
      fc.record({ height: fc.integer({ min: 1, max: 40 }), width: fc.integer({ min: 1, max: 40 }), channels: fc.integer({ min: 1, max: 3 }) }),
      fc.array(fc.oneof(convLayer, poolLayer), { minLength: 1, maxLength: 4 }),
      fc.integer({ min: 1, max: 64 }),
      (input, spec, batchSize) => {
        const net = describeConvNetwork(input, spec);
        const { layers, analysed } = kerasLayers(spec);
        const a = analyze([input.height, input.width, input.channels], layers, batchSize);
        net.layers.forEach((l, i) => {
          const twin = layerNamed(a, `l${analysed[i]}`);
          assert.deepEqual(twin.outputShapes[0], [null, ...l.outputShape], `${l.name}'s shape`);
          assert.equal(twin.params, l.params, `${l.name}'s parameters`);
          assert.equal(twin.outputElementsPerSample, l.outputElements);
        });
        if (net.error) {
          stopped++;
          assert.ok(hasError(a), net.error);
          assert.equal(layerNamed(a, `l${analysed[net.layers.length]}`).outputShapes[0], null, net.error);
          return;
        }
        whole++;
        // The same layers (no ZeroPadding2D between them) are the same memory model input: the card's figures.
        if (layers.length === spec.length) {
          memories++;
          const mem = convNetMemory(net, { batchSize, dtype: 'float32', optimizer: 'adam' });
          const { parameterBytes, activationBytes, inferencePeakBytes, trainingPeakBytes } = a.memory;
          assert.deepEqual(
            [mem.parameterBytes, mem.activationBytes, mem.inferencePeakBytes, mem.trainingPeakBytes],
            [parameterBytes, activationBytes, inferencePeakBytes, trainingPeakBytes],
          );
        }
      },
    ), { seed: SEED, numRuns: 250 });
    assert.ok(whole > 50 && stopped > 10 && memories > 30, `whole ${whole}, stopped ${stopped}, memory compared ${memories}`);
  });
});
