// TF.js's Conv2D layer always runs `tf.fused.conv2d` when it has no activation of its own (LeNet's convolutions:
// batch norm and the activation follow). The fused op's gradient is one custom function that computes the input
// gradient and the filter gradient together, before the engine prunes what nobody needs; so the first convolution's
// input gradient — the gradient with respect to the images — is computed every step and thrown away (C1: ~4–5 ms of a
// ~45 ms wasm step). The plain `conv2d` op's gradient is lazy per input, so the engine skips it.
//
// The training subclass runs conv2d + bias add + activation as separate ops: the same arithmetic (the bias is added
// after the convolution, as the fused kernel does), one more kernel call, and the first layer's input gradient is never
// computed. Inference calls, non-float inputs (TF.js casts them first), other ranks, data formats and paddings fall
// through to TF.js's own call.
import type { BaseCall, LayerClass } from './trainingLayerTypes';
import type { Tensor, Tf } from './tf';

/** The parts of tfjs-layers' Conv2D the subclass reads (its fields are not in TF.js's public typings). */
interface Conv2DFields {
  rank: number;
  dataFormat: string;
  padding: string;
  strides: number[];
  dilationRate: number | number[];
  kernel: { read(): Tensor };
  bias: { read(): Tensor } | null;
  activation: { apply(x: Tensor): Tensor } | null;
}

export function trainingConv2DClass(tf: Tf, base: LayerClass, baseCall: BaseCall): LayerClass {
  return class TrainingConv2D extends base {
    static override className = 'Conv2D';

    call(inputs: Tensor | Tensor[], kwargs: Record<string, unknown>): Tensor {
      const layer = this as unknown as Conv2DFields;
      // Inference (validation, test, predict) keeps TF.js's fused kernel: one call instead of two or three.
      const input = Array.isArray(inputs) ? inputs[0] : inputs;
      if (kwargs?.training !== true || input.dtype !== 'float32' || layer.rank !== 2 || layer.dataFormat !== 'channelsLast' || (layer.padding !== 'same' && layer.padding !== 'valid')) {
        return baseCall.call(this, inputs, kwargs) as Tensor;
      }
      return tf.tidy(() => {
        const x = input as Parameters<Tf['conv2d']>[0];
        let y: Tensor = tf.conv2d(x, layer.kernel.read() as never, layer.strides as [number, number], layer.padding as 'same' | 'valid', 'NHWC', layer.dilationRate as [number, number]);
        if (layer.bias !== null && layer.bias !== undefined) y = tf.add(y, layer.bias.read());
        if (layer.activation !== null) y = layer.activation.apply(y);
        return y;
      });
    }
  };
}
