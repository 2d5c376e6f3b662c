// Per-channel element-wise kernels for TF.js's wasm backend: the shapes batch normalisation's forward and backward
// passes produce on every training step, where the backend's general code is slow.
//  - Multiply / Sub / Add / RealDiv of a full NHWC activation by a per-channel vector ([C] or [1,1,1,C]): the wasm
//    binary kernel computes a broadcast index for every element; on [100,28,28,6] that took 1.2-3.2 ms per call
//    (profiled 2026-11-27, `bench/wasm-train.bench.ts --profile`), ~15 ms of a LeNet step. Repeating the vector to the
//    full shape with block copies and running the same-shape (SIMD) kernel is several times faster.
//  - Sum / Mean over every axis but the last (per-channel totals): the wasm kernel first transposes the whole tensor
//    so that the reduced axes are innermost (1.2 ms per call on [100,28,28,6]); here one pass accumulates per channel.
//  - AvgPoolGrad for non-overlapping windows without padding (LeNet's 2×2 stride 2): each input cell takes dy/area of
//    its one window; the wasm kernel loops over every window for every cell (9 ms on [100,28,28,6]).
//  - Identity: the backend copies the tensor; sharing the data (reference count) is what TF.js's cpu backend does.
// Everything else goes to the backend's own kernel. Results equal the cpu backend's to float rounding
// (test/unit/training/wasmKernels.test.ts).
import { backend_util, getKernel, util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

type Original = (args: unknown) => TensorInfo;

function originalFunc(original: KernelConfig | undefined, name: string): Original {
  if (original === undefined) throw new Error(`TF.js's wasm backend has no '${name}' kernel; is @tensorflow/tfjs-backend-wasm 4.22 installed?`);
  return original.kernelFunc as unknown as Original;
}

/** True when `shape` is a per-channel vector for `full`: all ones except a last dimension equal to full's last. */
function isChannelVector(shape: number[], full: number[]): boolean {
  if (full.length < 2 || shape.length === 0 || shape.length > full.length || util.sizeFromShape(full) === 0) return false;
  const c = full[full.length - 1];
  if (shape[shape.length - 1] !== c || c <= 1) return false;
  for (let i = 0; i < shape.length - 1; i++) if (shape[i] !== 1) return false;
  return true;
}

export type BinaryOp = 'Multiply' | 'Sub' | 'Add' | 'RealDiv';
export const CHANNEL_BINARY_OPS: readonly BinaryOp[] = ['Multiply', 'Sub', 'Add', 'RealDiv'];

/** Fills `out` with copies of `v` end to end (out.length a multiple of v.length) by doubling block copies. */
export function repeatInto(v: Float32Array, out: Float32Array): void {
  out.set(v);
  for (let filled = v.length; filled < out.length; filled *= 2) out.copyWithin(filled, 0, Math.min(filled, out.length - filled));
}

export function makeWasmChannelBinaryConfig(op: BinaryOp, original: KernelConfig | undefined): KernelConfig {
  const run = originalFunc(original, op);
  type Args = { inputs: { a: TensorInfo; b: TensorInfo }; backend: BackendWasm; attrs?: unknown };
  const kernelFunc = (args: Args): TensorInfo => {
    const { inputs: { a, b }, backend } = args;
    if (a.dtype === 'float32' && b.dtype === 'float32') {
      const vectorFirst = isChannelVector(a.shape, b.shape);
      if (vectorFirst || isChannelVector(b.shape, a.shape)) {
        // The vector repeated to the full shape (block copies), then the backend's same-shape kernel (XNNPACK, SIMD),
        // which is ~10× faster per element than its broadcasting path or a JS loop.
        const [full, vector] = vectorFirst ? [b, a] : [a, b];
        const repeated = backend.makeOutput(full.shape, 'float32');
        // Views after the allocation: allocating may grow (and detach) the heap.
        repeatInto(backend.typedArrayFromHeap(vector) as Float32Array, backend.typedArrayFromHeap(repeated) as Float32Array);
        try {
          return run({ ...args, inputs: vectorFirst ? { a: repeated, b } : { a, b: repeated } });
        } finally {
          backend.disposeData(repeated.dataId);
        }
      }
    }
    return run(args);
  };
  return { ...original, kernelName: op, backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc };
}

/**
 * Per-channel totals of a [..., C] tensor, accumulated in float64, channel by channel with a stride and four
 * independent partial sums (one running sum is bound by the latency of each addition; four overlap).
 */
export function channelSums(x: Float32Array, C: number): Float64Array {
  const acc = new Float64Array(C);
  const n = x.length;
  const step = 4 * C;
  for (let c = 0; c < C; c++) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let i = c;
    for (; i + 3 * C < n; i += step) {
      s0 += x[i];
      s1 += x[i + C];
      s2 += x[i + 2 * C];
      s3 += x[i + 3 * C];
    }
    for (; i < n; i += C) s0 += x[i];
    acc[c] = s0 + s1 + s2 + s3;
  }
  return acc;
}

/** Sum or Mean: the per-channel fast path when the reduced axes are exactly all but the last. */
export function makeWasmChannelReduceConfig(kind: 'Sum' | 'Mean', original: KernelConfig | undefined): KernelConfig {
  const run = originalFunc(original, kind);
  const kernelFunc = (args: { inputs: { x: TensorInfo }; backend: BackendWasm; attrs: { axis: number | number[]; keepDims: boolean } }): TensorInfo => {
    const { inputs: { x }, backend, attrs } = args;
    const rank = x.shape.length;
    if (x.dtype === 'float32' && rank >= 2) {
      const axes = util.parseAxisParam(attrs.axis, x.shape).sort((p, q) => p - q);
      const leading = axes.length === rank - 1 && axes.every((axis, i) => axis === i);
      const C = x.shape[rank - 1];
      const count = util.sizeFromShape(x.shape) / C;
      if (leading && C > 0 && count > 0) {
        const out = backend.makeOutput(attrs.keepDims ? [...Array<number>(rank - 1).fill(1), C] : [C], 'float32');
        const sums = channelSums(backend.typedArrayFromHeap(x) as Float32Array, C);
        const outData = backend.typedArrayFromHeap(out) as Float32Array;
        for (let c = 0; c < C; c++) outData[c] = kind === 'Sum' ? sums[c] : sums[c] / count;
        return out;
      }
    }
    return run(args);
  };
  return { ...original, kernelName: kind, backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc };
}

/**
 * dx of an average pool whose windows tile the input without overlap or padding (filter = stride, 'valid' or an
 * equivalent zero padding): every input cell inside a window gets dy/(window area); cells past the last window get 0.
 */
export function avgPoolGradNonOverlapping(dy: Float32Array, dx: Float32Array, info: backend_util.Conv2DInfo): void {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, filterHeight: FH, filterWidth: FW } = info;
  const scale = 1 / (FH * FW);
  if (OH * FH < H || OW * FW < W) dx.fill(0);
  const rowStride = W * C;
  let d = 0;
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      const rowBase = (b * H + oh * FH) * rowStride;
      for (let ow = 0; ow < OW; ow++, d += C) {
        const cellBase = rowBase + ow * FW * C;
        for (let fh = 0; fh < FH; fh++) {
          for (let fw = 0; fw < FW; fw++) {
            const o = cellBase + fh * rowStride + fw * C;
            for (let c = 0; c < C; c++) dx[o + c] = dy[d + c] * scale;
          }
        }
      }
    }
  }
}

export function makeWasmAvgPoolGradConfig(original: KernelConfig | undefined): KernelConfig {
  const run = originalFunc(original, 'AvgPoolGrad');
  type Attrs = { filterSize: [number, number] | number; strides: [number, number] | number; pad: 'valid' | 'same' | number | backend_util.ExplicitPadding; dimRoundingMode?: 'floor' | 'round' | 'ceil' };
  const kernelFunc = (args: { inputs: { dy: TensorInfo; input: TensorInfo }; backend: BackendWasm; attrs: Attrs }): TensorInfo => {
    const { inputs: { dy, input }, backend, attrs } = args;
    if (dy.dtype === 'float32' && input.shape.length === 4) {
      const info = backend_util.computePool2DInfo(input.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
      const { top, bottom, left, right } = info.padInfo;
      const tiles = info.filterHeight === info.strideHeight && info.filterWidth === info.strideWidth && top === 0 && left === 0 && bottom === 0 && right === 0;
      if (tiles && dy.shape.join() === [info.batchSize, info.outHeight, info.outWidth, info.outChannels].join()) {
        const dx = backend.makeOutput(input.shape, 'float32');
        avgPoolGradNonOverlapping(backend.typedArrayFromHeap(dy) as Float32Array, backend.typedArrayFromHeap(dx) as Float32Array, info);
        return dx;
      }
    }
    return run(args);
  };
  return { ...original, kernelName: 'AvgPoolGrad', backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc };
}

/** Identity without a copy: the output shares x's data (the backend frees it when the last reference goes). */
export function makeWasmIdentityConfig(original: KernelConfig | undefined): KernelConfig {
  const run = originalFunc(original, 'Identity');
  const kernelFunc = (args: { inputs: { x: TensorInfo }; backend: BackendWasm }): TensorInfo => {
    const { inputs: { x }, backend } = args;
    if (x.dtype === 'string') return run(args);
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
  return { ...original, kernelName: 'Identity', backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc };
}

/**
 * FusedBatchNorm (the batch-norm forward pass) with per-channel statistics: out = (x − mean)·a + offset with
 * a = scale/√(variance + ε) per channel, as three same-shape SIMD kernels on repeated vectors. The backend's own
 * kernel is a scalar loop (2.2 ms on [100,28,28,6], profiled 2026-11-27). (x − mean) is kept as a factor rather than
 * folding mean into the offset, so no cancellation is introduced when |mean| is large next to the spread.
 */
export function makeWasmFusedBatchNormConfig(original: KernelConfig | undefined): KernelConfig {
  const run = originalFunc(original, 'FusedBatchNorm');
  type Inputs = { x: TensorInfo; mean: TensorInfo; variance: TensorInfo; offset?: TensorInfo; scale?: TensorInfo };
  const binary = (name: BinaryOp, backend: BackendWasm, a: TensorInfo, b: TensorInfo): TensorInfo =>
    originalFunc(getKernel(name, 'wasm'), name)({ inputs: { a, b }, backend, attrs: {} });
  const kernelFunc = (args: { inputs: Inputs; backend: BackendWasm; attrs: { varianceEpsilon: number } }): TensorInfo => {
    const { inputs: { x, mean, variance, offset, scale }, backend, attrs } = args;
    const vectors = [mean, variance, ...(offset ? [offset] : []), ...(scale ? [scale] : [])];
    if (x.dtype !== 'float32' || !vectors.every((v) => v.dtype === 'float32' && isChannelVector(v.shape, x.shape))) return run(args);
    const C = x.shape[x.shape.length - 1];
    const read = (t: TensorInfo) => (backend.typedArrayFromHeap(t) as Float32Array).slice();
    const varianceData = read(variance);
    const scaleData = scale ? read(scale) : null;
    const factor = new Float32Array(C);
    for (let c = 0; c < C; c++) factor[c] = (scaleData ? scaleData[c] : 1) / Math.sqrt(varianceData[c] + attrs.varianceEpsilon);
    const repeated = backend.makeOutput(x.shape, 'float32');
    const fill = (v: Float32Array) => repeatInto(v, backend.typedArrayFromHeap(repeated) as Float32Array);
    try {
      fill(read(mean));
      const centred = binary('Sub', backend, x, repeated);
      fill(factor);
      const scaled = binary('Multiply', backend, centred, repeated);
      backend.disposeData(centred.dataId);
      if (!offset) return scaled;
      fill(read(offset));
      const out = binary('Add', backend, scaled, repeated);
      backend.disposeData(scaled.dataId);
      return out;
    } finally {
      backend.disposeData(repeated.dataId);
    }
  };
  return { ...original, kernelName: 'FusedBatchNorm', backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc };
}
