// The wasm training kernels against the cpu backend's kernels, over a grid of shapes, strides, paddings and dilations.
// Tolerance: max |wasm − cpu| ≤ 1e-4 · max |cpu| per output tensor (float32 sums of up to thousands of products are
// accumulated in a different order by XNNPACK, so exact equality is not expected; 1e-4 relative is the bar).
//
// Dilations: TF.js's cpu Conv2DBackpropFilter/Input ignore dilations (TF.js refuses dilated conv gradients), so for
// dilation d the oracle is the undilated cpu kernel on the equivalent dilated filter, size (F−1)·d+1 with zeros
// between taps: a dilated conv with W equals a plain conv with that filter, hence
//   dW_dilated[fh, fw] = dW_equivalent[fh·dh, fw·dw]  and  dx_dilated = dx of the plain conv with the zero-filled filter.
import { strict as assert } from 'node:assert';
import * as tf from '@tensorflow/tfjs';
import { backend_util } from '@tensorflow/tfjs';
import { selectBackend } from '../../../src/training/backend/selectBackend';
import { tileInto } from '../../../src/tfjsWasm/wasmTile';

type Pad = 'valid' | 'same' | [[0, 0], [number, number], [number, number], [0, 0]];
interface Case { x: [number, number, number, number]; f: [number, number, number, number]; s: [number, number]; p: Pad; d: [number, number] }

const CASES: Case[] = [];
for (const s of [[1, 1], [2, 2], [1, 2], [3, 2]] as [number, number][]) {
  for (const p of ['valid', 'same', [[0, 0], [1, 2], [0, 1], [0, 0]]] as Pad[]) {
    for (const d of [[1, 1], [2, 2], [1, 3]] as [number, number][]) {
      if ((s[0] > 1 || s[1] > 1) && (d[0] > 1 || d[1] > 1) && p === 'same') continue; // TF rejects strides and dilations > 1 together for 'same'
      CASES.push({ x: [2, 11, 10, 3], f: [3, 2, 3, 4], s, p, d });
    }
  }
}
// One input channel (the input gradient's depthwise path), stride 1, every padding and dilation.
for (const p of ['valid', 'same', [[0, 0], [1, 2], [0, 1], [0, 0]]] as Pad[]) {
  for (const d of [[1, 1], [2, 2], [1, 3]] as [number, number][]) CASES.push({ x: [2, 9, 8, 1], f: [3, 2, 1, 4], s: [1, 1], p, d });
}
// LeNet's own layers (its spatial shapes and channels, batch 16 to keep the cpu oracle quick) and odd sizes.
CASES.push({ x: [16, 28, 28, 1], f: [5, 5, 1, 6], s: [1, 1], p: 'same', d: [1, 1] });
CASES.push({ x: [16, 14, 14, 6], f: [5, 5, 6, 16], s: [1, 1], p: 'valid', d: [1, 1] });
CASES.push({ x: [3, 7, 9, 5], f: [1, 1, 5, 2], s: [2, 2], p: 'valid', d: [1, 1] });
CASES.push({ x: [1, 5, 5, 2], f: [5, 5, 2, 3], s: [1, 1], p: [[0, 0], [6, 6], [6, 6], [0, 0]], d: [1, 1] }); // pad > filter

function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  assert.equal(actual.length, expected.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return diff / (scale || 1);
}

/** The filter a dilated conv is equivalent to: taps spread d apart, zeros between. */
function dilatedFilter(w: Float32Array, [fh, fw, ci, co]: number[], [dh, dw]: [number, number]): { data: Float32Array; shape: [number, number, number, number] } {
  const eh = (fh - 1) * dh + 1;
  const ew = (fw - 1) * dw + 1;
  const data = new Float32Array(eh * ew * ci * co);
  for (let h = 0; h < fh; h++) for (let v = 0; v < fw; v++) data.set(w.subarray((h * fw + v) * ci * co, (h * fw + v + 1) * ci * co), (h * dh * ew + v * dw) * ci * co);
  return { data, shape: [eh, ew, ci, co] };
}

function randomData(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1);
}

async function run(backend: 'wasm' | 'cpu', kernel: string, inputs: Record<string, { data: Float32Array; shape: number[] }>, attrs: object): Promise<Float32Array> {
  await tf.setBackend(backend);
  const tensors = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, tf.tensor(v.data, v.shape)]));
  const out = tf.engine().runKernel(kernel, tensors, attrs as never) as tf.Tensor;
  const data = (await out.data()) as Float32Array;
  tf.dispose([out, ...Object.values(tensors)]);
  return data;
}

describe('wasm training kernels vs the cpu backend', function () {
  this.timeout(60_000);
  before(async () => {
    const selection = await selectBackend('wasm');
    assert.equal(selection.backendName, 'wasm');
  });
  after(async () => { await tf.setBackend('cpu'); });

  for (const c of CASES) {
    const label = `x [${c.x}] f [${c.f}] strides [${c.s}] pad ${JSON.stringify(c.p)} dilations [${c.d}]`;
    const info = backend_util.computeConv2DInfo(c.x, c.f, c.s, c.d, c.p);
    const dyShape = [c.x[0], info.outHeight, info.outWidth, c.f[3]];
    const x = { data: randomData(c.x.reduce((a, b) => a * b), 1), shape: c.x };
    const dy = { data: randomData(dyShape.reduce((a, b) => a * b), 2), shape: dyShape };
    const w = randomData(c.f.reduce((a, b) => a * b), 3);
    const equivalent = dilatedFilter(w, c.f, c.d);

    it(`Conv2DBackpropFilter: ${label}`, async () => {
      const got = await run('wasm', 'Conv2DBackpropFilter', { x, dy }, { strides: c.s, pad: c.p, dataFormat: 'NHWC', filterShape: c.f, dilations: c.d });
      const full = await run('cpu', 'Conv2DBackpropFilter', { x, dy }, { strides: c.s, pad: c.p, dataFormat: 'NHWC', filterShape: equivalent.shape });
      const expected = new Float32Array(got.length);
      const [fh, fw, ci, co] = c.f;
      const ew = equivalent.shape[1];
      for (let h = 0; h < fh; h++) for (let v = 0; v < fw; v++) expected.set(full.subarray((h * c.d[0] * ew + v * c.d[1]) * ci * co, (h * c.d[0] * ew + v * c.d[1] + 1) * ci * co), (h * fw + v) * ci * co);
      assert.ok(maxRelativeError(got, expected) <= 1e-4, `relative error ${maxRelativeError(got, expected)}`);
    });

    it(`Conv2DBackpropInput: ${label}`, async () => {
      const got = await run('wasm', 'Conv2DBackpropInput', { dy, filter: { data: w, shape: c.f } }, { strides: c.s, pad: c.p, dataFormat: 'NHWC', inputShape: c.x, dilations: c.d });
      const expected = await run('cpu', 'Conv2DBackpropInput', { dy, filter: equivalent }, { strides: c.s, pad: c.p, dataFormat: 'NHWC', inputShape: c.x });
      assert.ok(maxRelativeError(got, expected) <= 1e-4, `relative error ${maxRelativeError(got, expected)}`);
    });
  }

  it('Conv2DBackpropFilter and Input are the gradients TF.js computes for tf.conv2d (through the tape, NHWC)', async () => {
    const grads = async (backend: 'wasm' | 'cpu') => {
      await tf.setBackend(backend);
      const x = tf.tensor(randomData(2 * 9 * 9 * 3, 4), [2, 9, 9, 3]);
      const w = tf.tensor(randomData(3 * 3 * 3 * 5, 5), [3, 3, 3, 5]);
      const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same').square().sum())([x, w]);
      const out = await Promise.all(g.map((t) => t.data()));
      tf.dispose([x, w, ...g]);
      return out;
    };
    const [wasmDx, wasmDw] = await grads('wasm');
    const [cpuDx, cpuDw] = await grads('cpu');
    assert.ok(maxRelativeError(wasmDx, cpuDx) <= 1e-4);
    assert.ok(maxRelativeError(wasmDw, cpuDw) <= 1e-4);
  });

  it('Tile matches the cpu backend for every rank 1-5 and dtype', async () => {
    for (const [shape, reps] of [[[3], [4]], [[1, 1, 1, 6], [5, 7, 7, 1]], [[2, 3], [1, 1]], [[2, 1, 3], [2, 3, 1]], [[1, 2, 1, 2, 1], [2, 1, 3, 1, 2]], [[0, 2], [3, 1]]] as [number[], number[]][]) {
      for (const dtype of ['float32', 'int32', 'bool'] as const) {
        const values = Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => (dtype === 'bool' ? i % 2 : i * 1.5 - 2));
        const result: number[][] = [];
        for (const backend of ['wasm', 'cpu'] as const) {
          await tf.setBackend(backend);
          const t = tf.tensor(values, shape, dtype);
          const out = tf.tile(t, reps);
          assert.deepEqual(out.shape, shape.map((s, i) => s * reps[i]));
          result.push(Array.from(await out.data()));
          tf.dispose([t, out]);
        }
        assert.deepEqual(result[0], result[1], `${dtype} [${shape}] × [${reps}]`);
      }
    }
    const out = new Float32Array(12);
    tileInto(Float32Array.from([1, 2]), [1, 2], [3, 2], out);
    assert.deepEqual(Array.from(out), [1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2]);
  });

  it('BatchMatMul with transposes matches the cpu backend', async () => {
    for (const [a, b, ta, tb] of [[[7, 5], [5, 3], false, false], [[5, 7], [5, 3], true, false], [[7, 5], [3, 5], false, true], [[5, 7], [3, 5], true, true], [[2, 5, 7], [2, 3, 5], true, true], [[1, 100, 400], [1, 100, 120], true, false]] as [number[], number[], boolean, boolean][]) {
      const av = randomData(a.reduce((p, q) => p * q), 6);
      const bv = randomData(b.reduce((p, q) => p * q), 7);
      const got = await run('wasm', 'BatchMatMul', { a: { data: av, shape: a }, b: { data: bv, shape: b } }, { transposeA: ta, transposeB: tb });
      const expected = await run('cpu', 'BatchMatMul', { a: { data: av, shape: a }, b: { data: bv, shape: b } }, { transposeA: ta, transposeB: tb });
      assert.ok(maxRelativeError(got, expected) <= 1e-5, `[${a}]${ta ? 'ᵀ' : ''} × [${b}]${tb ? 'ᵀ' : ''}`);
    }
  });

  // The per-channel kernels (wasmChannelOps.ts): fast paths on batch norm's shapes, the backend's own kernel otherwise.
  it('Multiply, Sub, Add, RealDiv by a per-channel vector (either side) and with other broadcasts match the cpu backend', async () => {
    const shapes: [number[], number[]][] = [
      [[4, 5, 6, 3], [3]], [[4, 5, 6, 3], [1, 1, 1, 3]], [[3], [4, 5, 6, 3]], [[1, 1, 1, 3], [4, 5, 6, 3]], [[7, 4], [4]],
      [[4, 5, 6, 3], [4, 5, 6, 3]], [[4, 5, 6, 3], []], [[4, 5, 1, 3], [6, 1]], [[2, 3], [2, 1]], [[1, 1, 1, 3], [3]], [[0, 3], [3]],
    ];
    for (const op of ['Multiply', 'Sub', 'Add', 'RealDiv']) {
      for (const [a, b] of shapes) {
        // Away from zero so that division is well conditioned.
        const away = (d: Float32Array) => d.map((v) => (v < 0 ? v - 0.5 : v + 0.5));
        const inputs = { a: { data: away(randomData(a.reduce((p, q) => p * q, 1), 11)), shape: a }, b: { data: away(randomData(b.reduce((p, q) => p * q, 1), 12)), shape: b } };
        const got = await run('wasm', op, inputs, {});
        const expected = await run('cpu', op, inputs, {});
        assert.ok(maxRelativeError(got, expected) <= 1e-6, `${op} [${a}] [${b}]: relative error ${maxRelativeError(got, expected)}`);
      }
    }
  });

  it('Sum and Mean over all but the last axis (any axis order, keepDims) and over other axes match the cpu backend', async () => {
    const cases: [number[], number | number[], boolean][] = [
      [[10, 7, 6, 3], [0, 1, 2], false], [[10, 7, 6, 3], [2, 0, 1], true], [[10, 7, 6, 3], [-4, -3, -2], false], [[50, 16], 0, true],
      [[10, 7, 6, 3], [1, 2], false], [[10, 7, 6, 3], 3, false], [[10, 7, 6, 3], [0, 1, 2, 3], false], [[5, 1], 0, false],
    ];
    for (const kernel of ['Sum', 'Mean']) {
      for (const [shape, axis, keepDims] of cases) {
        const x = { data: randomData(shape.reduce((p, q) => p * q), 13), shape };
        await tf.setBackend('wasm');
        const t = tf.tensor(x.data, shape);
        const out = tf.engine().runKernel(kernel, { x: t }, { axis, keepDims } as never) as tf.Tensor;
        const gotShape = out.shape;
        tf.dispose([t, out]);
        const got = await run('wasm', kernel, { x }, { axis, keepDims });
        await tf.setBackend('cpu');
        const ct = tf.tensor(x.data, shape);
        const cout = tf.engine().runKernel(kernel, { x: ct }, { axis, keepDims } as never) as tf.Tensor;
        assert.deepEqual(gotShape, cout.shape, `${kernel} [${shape}] axis ${JSON.stringify(axis)} keepDims ${keepDims}`);
        tf.dispose([ct, cout]);
        const expected = await run('cpu', kernel, { x }, { axis, keepDims });
        assert.ok(maxRelativeError(got, expected) <= 1e-5, `${kernel} [${shape}] axis ${JSON.stringify(axis)}: relative error ${maxRelativeError(got, expected)}`);
      }
    }
  });

  it('AvgPoolGrad (non-overlapping windows, odd sizes, and the general case) matches the cpu backend', async () => {
    const cases: [number[], [number, number], [number, number], Pad | 'same'][] = [
      [[3, 8, 8, 4], [2, 2], [2, 2], 'valid'], [[2, 9, 7, 3], [2, 2], [2, 2], 'valid'], [[2, 9, 9, 2], [3, 3], [3, 3], 'valid'],
      [[2, 6, 8, 2], [2, 4], [2, 4], 'valid'], [[2, 8, 8, 2], [2, 2], [2, 2], 'same'], [[2, 9, 9, 2], [2, 2], [2, 2], 'same'],
      [[2, 7, 7, 3], [3, 3], [2, 2], 'valid'], [[2, 7, 7, 3], [2, 2], [1, 1], 'same'],
    ];
    for (const [shape, filterSize, strides, pad] of cases) {
      const info = backend_util.computePool2DInfo(shape as [number, number, number, number], filterSize, strides, 1, pad as 'valid');
      const dyShape = [shape[0], info.outHeight, info.outWidth, shape[3]];
      const inputs = { dy: { data: randomData(dyShape.reduce((p, q) => p * q), 14), shape: dyShape }, input: { data: randomData(shape.reduce((p, q) => p * q), 15), shape } };
      const got = await run('wasm', 'AvgPoolGrad', inputs, { filterSize, strides, pad });
      const expected = await run('cpu', 'AvgPoolGrad', inputs, { filterSize, strides, pad });
      assert.ok(maxRelativeError(got, expected) <= 1e-6, `[${shape}] filter [${filterSize}] strides [${strides}] ${pad}: relative error ${maxRelativeError(got, expected)}`);
    }
  });

  it('FusedBatchNorm with per-channel statistics (with and without offset and scale) and other shapes matches the cpu backend', async () => {
    const cases: [number[], number[], boolean, boolean, number][] = [
      [[4, 5, 6, 3], [3], true, true, 0], [[4, 5, 6, 3], [1, 1, 1, 3], true, false, 0], [[4, 5, 6, 3], [3], false, true, 0],
      [[4, 5, 6, 3], [3], false, false, 0], [[7, 4], [4], true, true, 0], [[4, 5, 6, 3], [3], true, true, 1000],
      [[4, 5, 6, 3], [4, 5, 6, 3], true, true, 0], [[4, 5, 6, 1], [1], true, true, 0],
    ];
    for (const [xShape, vShape, withOffset, withScale, shift] of cases) {
      const n = vShape.reduce((p, q) => p * q, 1);
      const x = randomData(xShape.reduce((p, q) => p * q, 1), 16).map((v) => v * 0.01 + shift);
      const mean = randomData(n, 17).map((v) => v * 0.01 + shift);
      const variance = randomData(n, 18).map((v) => v * v * 1e-4 + 1e-5);
      const inputs: Record<string, { data: Float32Array; shape: number[] }> = { x: { data: x, shape: xShape }, mean: { data: mean, shape: vShape }, variance: { data: variance, shape: vShape } };
      if (withOffset) inputs.offset = { data: randomData(n, 19), shape: vShape };
      if (withScale) inputs.scale = { data: randomData(n, 20), shape: vShape };
      const got = await run('wasm', 'FusedBatchNorm', inputs, { varianceEpsilon: 1e-3 });
      const expected = await run('cpu', 'FusedBatchNorm', inputs, { varianceEpsilon: 1e-3 });
      const error = maxRelativeError(got, expected);
      assert.ok(error <= 1e-5, `x [${xShape}] statistics [${vShape}] offset ${withOffset} scale ${withScale} shift ${shift}: relative error ${error}`);
    }
  });

  it('Identity shares the data: either tensor outlives the other', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory().numBytes;
    const x = tf.tensor([1, 2, 3, 4], [2, 2]);
    const y = tf.engine().runKernel('Identity', { x }, {}) as tf.Tensor;
    x.dispose();
    assert.deepEqual(Array.from(await y.data()), [1, 2, 3, 4]);
    const z = tf.engine().runKernel('Identity', { x: y }, {}) as tf.Tensor;
    y.dispose();
    assert.deepEqual(Array.from(await z.data()), [1, 2, 3, 4]);
    z.dispose();
    assert.equal(tf.memory().numBytes, before);
    const s = tf.tensor(['a', 'b']);
    const sOut = tf.engine().runKernel('Identity', { x: s }, {}) as tf.Tensor;
    assert.deepEqual(await sOut.data(), ['a', 'b']);
    tf.dispose([s, sOut]);
  });

  it('leaks no tensors or wasm memory across kernel calls', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor(randomData(4 * 12 * 12 * 3, 8), [4, 12, 12, 3]);
    const dy = tf.tensor(randomData(4 * 6 * 6 * 4, 9), [4, 6, 6, 4]);
    const w = tf.tensor(randomData(3 * 3 * 3 * 4, 10), [3, 3, 3, 4]);
    const once = () => tf.dispose([
      tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: 2, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 3, 4] } as never) as tf.Tensor,
      tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: w }, { strides: 2, pad: 'same', dataFormat: 'NHWC', inputShape: [4, 12, 12, 3] } as never) as tf.Tensor,
      tf.engine().runKernel('Conv2DBackpropFilter', { x, dy: tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same') }, { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 3, 4] } as never) as tf.Tensor,
      tf.mul(x, tf.ones([3])), tf.sum(x, [0, 1, 2]), tf.batchNorm(x, tf.zeros([3]), tf.ones([3]), tf.ones([3]), tf.ones([3])), tf.mean(x, [0, 1, 2], true), tf.engine().runKernel('Identity', { x }, {}) as tf.Tensor,
      tf.engine().runKernel('AvgPoolGrad', { dy: tf.ones([4, 6, 6, 3]), input: x }, { filterSize: 2, strides: 2, pad: 'valid' } as never) as tf.Tensor,
      tf.tile(w, [2, 1, 1, 1]),
      tf.matMul(tf.reshape(x, [48, 36]), tf.reshape(x, [48, 36]), true, false),
    ]);
    once();
    const before = tf.memory();
    for (let i = 0; i < 5; i++) tf.tidy(once);
    const after = tf.memory();
    assert.equal(after.numTensors, before.numTensors);
    assert.equal(after.numDataBuffers, before.numDataBuffers);
    assert.equal(after.numBytes, before.numBytes);
    tf.dispose([x, dy, w]);
  });
});
