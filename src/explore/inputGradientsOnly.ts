// Saliency and Grad-CAM differentiate w.r.t. an image or a layer's maps, never w.r.t. weights. TF.js's fused
// convolutions (every layers-model Conv2D and DepthwiseConv2D with a linear activation, i.e. before a BatchNorm)
// compute their filter's gradient eagerly all the same, and that filter gradient is discarded unread. It is by far
// the costliest part: on the cpu backend 57 of LeNet's 65 ms saliency, and most of MobileNetV2's 46 s. For the
// duration of one synchronous gradient computation (no other JavaScript can run in between) those two kernels are
// replaced by ones that return zeros of the right shape at no cost; the originals are back before this returns.
import * as tf from '@tensorflow/tfjs-core';

const FILTER_GRADIENT_KERNELS = ['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter'];

const unreadFilterGradient: tf.KernelFunc = ({ attrs, backend }) => {
  const shape = (attrs as { filterShape: number[] }).filterShape;
  const dataId = (backend as tf.KernelBackend).write(new Float32Array(shape.reduce((n, d) => n * d, 1)), shape, 'float32');
  return { dataId, shape, dtype: 'float32' };
};

export function withoutFilterGradients<T>(run: () => T): T {
  const backendName = tf.getBackend();
  const originals = FILTER_GRADIENT_KERNELS.map((name) => tf.getKernel(name, backendName));
  FILTER_GRADIENT_KERNELS.forEach((kernelName, i) => {
    if (originals[i]) tf.unregisterKernel(kernelName, backendName);
    tf.registerKernel({ kernelName, backendName, kernelFunc: unreadFilterGradient });
  });
  try {
    return run();
  } finally {
    FILTER_GRADIENT_KERNELS.forEach((kernelName, i) => {
      tf.unregisterKernel(kernelName, backendName);
      const original = originals[i];
      if (original) tf.registerKernel(original);
    });
  }
}
