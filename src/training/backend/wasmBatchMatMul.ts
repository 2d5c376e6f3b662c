// Routes transposed matrix products to XNNPACK on TF.js's wasm backend. The backend's BatchMatMul uses XNNPACK only
// when neither operand is transposed (and the batch is 1); otherwise it runs a scalar blocked loop ~10× slower. Every
// dense layer's gradient is a transposed product (dW = xᵀ·dy, dx = dy·Wᵀ), so we materialise the transpose with the
// backend's Transpose kernel (a copy, cheap next to the product) and hand the original kernel an untransposed pair.
import { getKernel, util, type KernelConfig, type KernelFunc, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

type Args = { inputs: { a: TensorInfo; b: TensorInfo }; backend: BackendWasm; attrs: { transposeA: boolean; transposeB: boolean } };

function transposeLastTwo(backend: BackendWasm, x: TensorInfo): TensorInfo {
  const transpose = getKernel('Transpose', 'wasm');
  if (transpose === undefined) throw new Error("The wasm backend has no 'Transpose' kernel, which BatchMatMul needs.");
  const rank = x.shape.length;
  const perm = [...Array(rank - 2).keys(), rank - 1, rank - 2];
  return transpose.kernelFunc({ inputs: { x }, backend, attrs: { perm } as unknown as NamedAttrMap }) as TensorInfo;
}

export function makeWasmBatchMatMulConfig(original: KernelConfig): KernelConfig {
  const run = original.kernelFunc as unknown as (args: Args) => TensorInfo;
  const kernelFunc = (args: Args): TensorInfo => {
    const { inputs, backend, attrs } = args;
    const { a, b } = inputs;
    const batchOfOne = util.sizeFromShape(a.shape.slice(0, -2)) === 1 && util.sizeFromShape(b.shape.slice(0, -2)) === 1;
    if (!batchOfOne || (!attrs.transposeA && !attrs.transposeB) || a.dtype !== 'float32' || b.dtype !== 'float32') {
      return run(args);
    }
    const a2 = attrs.transposeA ? transposeLastTwo(backend, a) : a;
    const b2 = attrs.transposeB ? transposeLastTwo(backend, b) : b;
    try {
      return run({ inputs: { a: a2, b: b2 }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
    } finally {
      if (a2 !== a) backend.disposeData(a2.dataId);
      if (b2 !== b) backend.disposeData(b2.dataId);
    }
  };
  return { ...original, kernelName: 'BatchMatMul', backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc };
}
