// The kernel table for one synchronous gradient computation (no other JavaScript can run in between); the originals
// are back before it returns.
// - Saliency and Grad-CAM differentiate w.r.t. an image or a layer's maps, never w.r.t. weights. TF.js's fused
//   convolutions (every layers-model Conv2D and DepthwiseConv2D with a linear activation, i.e. before a BatchNorm)
//   compute their filter's gradient eagerly all the same, and that filter gradient is discarded unread. It is by far
//   the costliest part: on the cpu backend 57 of LeNet's 65 ms saliency, and most of MobileNetV2's 46 s. Those two
//   kernels are replaced by ones that return zeros of the right shape at no cost.
// - The wasm backend (4.22) has no DepthwiseConv2dNativeBackpropInput: the engine's own stands in while it lacks one
//   (wasmDepthwiseInputGradient.ts), so that MobileNet-like saliency stays on wasm.
// - The wasm backend's MaxPoolGrad misroutes windows whose values are all negative: the engine's own replaces it
//   (wasmMaxPoolGradient.ts).
// - The wasm backend's Tile (every batch norm's gradient tiles 1/sqrt(variance) to its activation's shape) and
//   Conv2DBackpropInput are slow: the trainer's faster ones (src/tfjsWasm) replace them, only here, so that the
//   page's forward passes keep the stock kernels. MobileNetV2-size saliency on wasm in Node: 0.9–1.8 s → 0.42–0.70 s
//   (medians of 7, runs interleaved, 2026-12-04).
import * as tf from '@tensorflow/tfjs-core';
import { makeWasmConv2DBackpropInputConfig } from '../tfjsWasm/wasmConv2DBackpropInput';
import { makeWasmTileConfig } from '../tfjsWasm/wasmTile';
import { wasmDepthwiseInputGradientConfig } from './wasmDepthwiseInputGradient';
import { wasmMaxPoolGradientConfig } from './wasmMaxPoolGradient';

const FILTER_GRADIENT_KERNELS = ['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter'];

const unreadFilterGradient: tf.KernelFunc = ({ attrs, backend }) => {
  const shape = (attrs as { filterShape: number[] }).filterShape;
  const dataId = (backend as tf.KernelBackend).write(new Float32Array(shape.reduce((n, d) => n * d, 1)), shape, 'float32');
  return { dataId, shape, dtype: 'float32' };
};

/** The kernels registered for the run in place of (or, for the missing depthwise one, besides) the backend's. */
function standIns(backendName: string): tf.KernelConfig[] {
  const kernels = FILTER_GRADIENT_KERNELS.map((kernelName) => ({ kernelName, backendName, kernelFunc: unreadFilterGradient }));
  if (backendName === 'wasm') {
    kernels.push(wasmMaxPoolGradientConfig);
    // Both fall back to the backend's own kernel for what they do not cover (strings, NCHW) and work without one.
    kernels.push(makeWasmTileConfig(tf.getKernel('Tile', backendName)));
    kernels.push(makeWasmConv2DBackpropInputConfig(tf.getKernel('Conv2DBackpropInput', backendName)));
    const depthwise = wasmDepthwiseInputGradientConfig;
    if (!tf.getKernel(depthwise.kernelName, backendName)) kernels.push(depthwise);
  }
  return kernels;
}

export function withInputGradientKernels<T>(run: () => T): T {
  const backendName = tf.getBackend();
  const ours = standIns(backendName);
  const originals = ours.map(({ kernelName }) => tf.getKernel(kernelName, backendName));
  ours.forEach((kernel, i) => {
    if (originals[i]) tf.unregisterKernel(kernel.kernelName, backendName);
    tf.registerKernel(kernel);
  });
  try {
    return run();
  } finally {
    ours.forEach(({ kernelName }, i) => {
      tf.unregisterKernel(kernelName, backendName);
      const original = originals[i];
      if (original) tf.registerKernel(original);
    });
  }
}
