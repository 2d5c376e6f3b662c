// Makes TF.js 4.22's wasm backend able to train conv nets, and fast enough to be worth it:
//  - Conv2DBackpropFilter: missing from the wasm backend (no conv net trains without it);
//  - Conv2DBackpropInput, Tile, BatchMatMul: present but slow on the shapes a training step produces; replaced by
//    versions that route the work to XNNPACK or to block copies (see each file for the profile that motivated it).
// Probed with a LeNet-like model (conv2d same/valid, batchNormalization, sigmoid/relu/tanh, average and max pooling,
// dropout, flatten, dense, softmax cross-entropy, Adam; trainOnBatch, fit, evaluate, predict): with these registered no
// other kernel is missing (test/unit/training/wasmTraining.test.ts keeps that true).
import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { makeWasmBatchMatMulConfig } from './wasmBatchMatMul';
import { conv2DBackpropFilterWasmConfig } from './wasmConv2DBackpropFilter';
import { makeWasmConv2DBackpropInputConfig } from './wasmConv2DBackpropInput';
import { makeWasmTileConfig } from './wasmTile';

export const ADDED_WASM_KERNELS = ['Conv2DBackpropFilter'] as const;
export const REPLACED_WASM_KERNELS = ['Conv2DBackpropInput', 'Tile', 'BatchMatMul'] as const;

let registered = false;

/** Registers the kernels once per process (TF.js's kernel registry is global). Returns the kernel names touched. */
export function registerWasmTrainingKernels(): string[] {
  if (!registered) {
    const replace = (config: KernelConfig): void => {
      unregisterKernel(config.kernelName, 'wasm');
      registerKernel(config);
    };
    if (getKernel('Conv2DBackpropFilter', 'wasm') === undefined) registerKernel(conv2DBackpropFilterWasmConfig);
    else replace(conv2DBackpropFilterWasmConfig);
    const originalBatchMatMul = getKernel('BatchMatMul', 'wasm');
    if (originalBatchMatMul === undefined) throw new Error("TF.js's wasm backend has no BatchMatMul kernel; is @tensorflow/tfjs-backend-wasm 4.22 installed?");
    replace(makeWasmBatchMatMulConfig(originalBatchMatMul));
    replace(makeWasmConv2DBackpropInputConfig(getKernel('Conv2DBackpropInput', 'wasm')));
    replace(makeWasmTileConfig(getKernel('Tile', 'wasm')));
    registered = true;
  }
  return [...ADDED_WASM_KERNELS, ...REPLACED_WASM_KERNELS];
}
