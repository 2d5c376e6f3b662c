// The gradient of a 2-D max pooling (MaxPoolGrad) for TF.js's wasm backend, in place of its own: tfjs-backend-wasm
// 4.22's sends the gradient of a window whose values are all negative to the window's first element, whatever its
// largest one (measured: window [−4, −3, −2, −1] → dx [1, 0, 0, 0] on wasm, [0, 0, 0, 1] on cpu), as if its running
// maximum started at 0. A max pooling after a layer without ReLU (a tanh, a BatchNorm, an Add) sees such windows.
// This one picks the cpu backend's element: the first strictly largest in row-major window order, padding skipped;
// each output's dy is added to its element's dx.
import { backend_util, type KernelConfig, type KernelFunc, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

interface Attrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

type Args = { inputs: { dy: TensorInfo; input: TensorInfo; output: TensorInfo }; backend: BackendWasm; attrs: Attrs & NamedAttrMap };

export function maxPoolGradientWasm({ inputs, backend, attrs }: Args): TensorInfo {
  const { dy, input } = inputs;
  if (dy.dtype !== 'float32' || input.dtype !== 'float32') throw new Error(`MaxPoolGrad (wasm): float32 only; got dy ${dy.dtype}, input ${input.dtype}.`);
  const info = backend_util.computePool2DInfo(input.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1,
    attrs.pad, attrs.dimRoundingMode);
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const { effectiveFilterHeight: FH, effectiveFilterWidth: FW, strideHeight: SH, strideWidth: SW } = info;
  const dx = backend.makeOutput(input.shape, 'float32');
  // Views after the allocation: allocating may grow (and detach) the heap.
  const dxData = backend.typedArrayFromHeap(dx) as Float32Array;
  const x = backend.typedArrayFromHeap(input) as Float32Array;
  const dyData = backend.typedArrayFromHeap(dy) as Float32Array;
  dxData.fill(0); // makeOutput's memory is not zeroed
  const best = new Float64Array(C);
  const at = new Int32Array(C);
  let o = 0;
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      const top = oh * SH - info.padInfo.top;
      const rowFrom = Math.max(0, top);
      const rowTo = Math.min(H, top + FH);
      for (let ow = 0; ow < OW; ow++, o += C) {
        const left = ow * SW - info.padInfo.left;
        const colFrom = Math.max(0, left);
        const colTo = Math.min(W, left + FW);
        best.fill(-Infinity);
        at.fill(-1);
        for (let ih = rowFrom; ih < rowTo; ih++) {
          for (let iw = colFrom; iw < colTo; iw++) {
            const p = ((b * H + ih) * W + iw) * C;
            for (let c = 0; c < C; c++) {
              if (x[p + c] > best[c]) {
                best[c] = x[p + c];
                at[c] = p + c;
              }
            }
          }
        }
        for (let c = 0; c < C; c++) if (at[c] >= 0) dxData[at[c]] += dyData[o + c];
      }
    }
  }
  return dx;
}

export const wasmMaxPoolGradientConfig: KernelConfig = {
  kernelName: 'MaxPoolGrad',
  backendName: 'wasm',
  kernelFunc: maxPoolGradientWasm as unknown as KernelFunc,
};
