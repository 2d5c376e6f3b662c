// A faster Tile kernel for TF.js's wasm backend. Training needs it because TF.js's batch-norm gradient tiles the
// per-channel 1/sqrt(variance) to the full activation shape ([1,1,1,C] → [B,H,W,C]) on every step, and the wasm
// backend's Tile is an element-by-element index computation: 34 ms of a 150 ms LeNet step (profiled, batch 100).
// Explore's saliency hits the same batch-norm gradient (391 ms of a MobileNetV2-size saliency), so it is shared.
// This one builds the output by block copies (fill / set / copyWithin) on the wasm heap, so the cost is a memcpy.
import { util, type KernelConfig, type KernelFunc, type TensorInfo, type TypedArray } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * Writes x (shape `inShape`) tiled `reps` times into `out`. Works dimension by dimension: the block for a leading index
 * is written once (recursively) and then duplicated reps[d] − 1 times by copyWithin.
 */
export function tileInto(src: TypedArray, inShape: number[], reps: number[], out: TypedArray): void {
  const rank = inShape.length;
  if (rank === 0) {
    out[0] = src[0];
    return;
  }
  const outShape = inShape.map((s, i) => s * reps[i]);
  const inStrides = [...util.computeStrides(inShape), 1];
  const outStrides = [...util.computeStrides(outShape), 1];
  const write = (d: number, srcOffset: number, outOffset: number): void => {
    const n = inShape[d];
    if (d === rank - 1) {
      if (n === 1) out.fill(src[srcOffset] as never, outOffset, outOffset + reps[d]);
      else {
        const row = src.subarray(srcOffset, srcOffset + n);
        for (let r = 0; r < reps[d]; r++) out.set(row as never, outOffset + r * n);
      }
      return;
    }
    for (let i = 0; i < n; i++) write(d + 1, srcOffset + i * inStrides[d], outOffset + i * outStrides[d]);
    const block = n * outStrides[d];
    for (let r = 1; r < reps[d]; r++) out.copyWithin(outOffset + r * block, outOffset, outOffset + block);
  };
  write(0, 0, 0);
}

export function makeWasmTileConfig(original: KernelConfig | undefined): KernelConfig {
  const kernelFunc = (args: { inputs: { x: TensorInfo }; backend: BackendWasm; attrs: { reps: number[] } }): TensorInfo => {
    const { inputs, backend, attrs } = args;
    const { x } = inputs;
    const { reps } = attrs;
    if (x.dtype === 'string' || reps.length !== x.shape.length) {
      // Strings live outside the heap, and a rank mismatch is an error the original kernel reports in its own words.
      if (original === undefined) throw new Error(`Tile (wasm): unsupported input (dtype ${x.dtype}, rank ${x.shape.length}, reps [${reps}]).`);
      return (original.kernelFunc as unknown as typeof kernelFunc)(args);
    }
    const outShape = x.shape.map((s, i) => s * reps[i]);
    const out = backend.makeOutput(outShape, x.dtype);
    if (util.sizeFromShape(outShape) === 0) return out;
    // Views after allocation: allocating may grow (and detach) the heap.
    const outData = backend.typedArrayFromHeap(out);
    tileInto(backend.typedArrayFromHeap(x), x.shape, reps, outData);
    return out;
  };
  return { kernelName: 'Tile', backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc };
}
