// Runs one of the wasm backend's registered kernels from inside another kernel (kernels compose by calling each
// other's kernelFunc directly, below the engine, so no tape entries or extra tensors are recorded).
import { getKernel, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** `caller` names the kernel that needs it, for the error when the backend lacks one. */
export function runWasmKernel(name: string, caller: string, backend: BackendWasm, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap): TensorInfo {
  const kernel = getKernel(name, 'wasm');
  if (kernel === undefined) throw new Error(`The wasm backend has no '${name}' kernel, which ${caller} needs.`);
  return kernel.kernelFunc({ inputs, backend, attrs }) as TensorInfo;
}
