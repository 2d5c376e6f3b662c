// Makes TF.js 4.22's wasm backend able to train conv nets, and fast enough to be worth it:
//  - Conv2DBackpropFilter: missing from the wasm backend (no conv net trains without it);
//  - Conv2DBackpropInput, Tile, BatchMatMul: present but slow on the shapes a training step produces; replaced by
//    versions that route the work to XNNPACK or to block copies (see each file for the profile that motivated it);
//  - FusedBatchNorm, Multiply, Sub, Add, RealDiv (per-channel broadcasts), Sum, Mean (per-channel totals), AvgPoolGrad
//    (non-overlapping windows), Identity: batch norm's and pooling's per-step work, in JS loops over the wasm heap
//    where the backend's general code is slow (wasmChannelOps.ts); other shapes go to the backend's own kernels.
// Probed with a LeNet-like model (conv2d same/valid, batchNormalization, sigmoid/relu/tanh, average and max pooling,
// dropout, flatten, dense, softmax cross-entropy, Adam; trainOnBatch, fit, evaluate, predict): with these registered no
// other kernel is missing (test/unit/training/wasmTraining.test.ts keeps that true).
import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { makeWasmBatchMatMulConfig } from './wasmBatchMatMul';
import { conv2DBackpropFilterWasmConfig } from './wasmConv2DBackpropFilter';
import { makeWasmConv2DBackpropInputConfig } from '../../tfjsWasm/wasmConv2DBackpropInput';
import { CHANNEL_BINARY_OPS, makeWasmAvgPoolGradConfig, makeWasmChannelBinaryConfig, makeWasmChannelReduceConfig, makeWasmFusedBatchNormConfig, makeWasmIdentityConfig } from './wasmChannelOps';
import { makeWasmTileConfig } from '../../tfjsWasm/wasmTile';

export const ADDED_WASM_KERNELS = ['Conv2DBackpropFilter'] as const;
export const REPLACED_WASM_KERNELS = [
  'Conv2DBackpropInput', 'Tile', 'BatchMatMul', ...CHANNEL_BINARY_OPS, 'Sum', 'Mean', 'AvgPoolGrad', 'Identity', 'FusedBatchNorm',
] as const;

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
    for (const op of CHANNEL_BINARY_OPS) replace(makeWasmChannelBinaryConfig(op, getKernel(op, 'wasm')));
    replace(makeWasmChannelReduceConfig('Sum', getKernel('Sum', 'wasm')));
    replace(makeWasmChannelReduceConfig('Mean', getKernel('Mean', 'wasm')));
    replace(makeWasmAvgPoolGradConfig(getKernel('AvgPoolGrad', 'wasm')));
    replace(makeWasmIdentityConfig(getKernel('Identity', 'wasm')));
    replace(makeWasmFusedBatchNormConfig(getKernel('FusedBatchNorm', 'wasm')));
    registered = true;
  }
  return [...ADDED_WASM_KERNELS, ...REPLACED_WASM_KERNELS];
}
