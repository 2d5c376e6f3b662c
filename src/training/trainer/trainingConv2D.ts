// TF.js's Conv2D layer always runs `tf.fused.conv2d` when it has no activation of its own (LeNet's convolutions:
// batch norm and the activation follow). The fused op's gradient is one custom function that computes the input
// gradient and the filter gradient together, before the engine prunes what nobody needs; so the first convolution's
// input gradient — the gradient with respect to the images — is computed every step and thrown away (C1: ~4–5 ms of a
// ~45 ms wasm step). The plain `conv2d` op's gradient is lazy per input, so the engine skips it.
//
// This file registers, in the training process only, a Conv2D subclass that runs conv2d + bias add + activation as
// separate ops: the same arithmetic (bias added after the convolution, as the fused kernel does), one extra kernel, and
// the first layer's input gradient is never computed. It keeps the class name 'Conv2D', so saved model.json files are
// standard TF.js layers models. Other ranks, data formats and paddings fall through to TF.js's own call.
import type { Tensor, Tf } from './tf';

/** The parts of tfjs-layers' Conv2D a subclass uses (its fields are not in TF.js's public typings). */
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

type LayerClass = (new (config: unknown) => object) & { className: string; fromConfig: unknown };
type SerializationMapLike = { classNameMap: Record<string, [LayerClass, unknown]> };

const registeredIn = new WeakSet<object>();

/**
 * Replaces the 'Conv2D' entry of this TF.js module's serialization map (so modelFromJSON builds the subclass) once per
 * module. Returns false when the map has no Conv2D (then TF.js's own class stays in use).
 */
export function registerTrainingConv2D(tf: Tf): boolean {
  const serialization = tf.serialization as unknown as { SerializationMap: { getMap(): SerializationMapLike; register(cls: unknown): void } };
  const map = serialization.SerializationMap.getMap();
  if (registeredIn.has(map)) return true;
  const base = map.classNameMap.Conv2D?.[0];
  if (base === undefined) return false;

  class TrainingConv2D extends (base as new (config: unknown) => object) {
    static className = 'Conv2D';

    call(inputs: Tensor | Tensor[], kwargs: unknown): Tensor {
      const layer = this as unknown as Conv2DFields;
      if (layer.rank !== 2 || layer.dataFormat !== 'channelsLast' || (layer.padding !== 'same' && layer.padding !== 'valid')) {
        return (base.prototype as { call(this: unknown, i: unknown, k: unknown): Tensor }).call.call(this, inputs, kwargs);
      }
      return tf.tidy(() => {
        const x = (Array.isArray(inputs) ? inputs[0] : inputs) as Parameters<Tf['conv2d']>[0];
        let y: Tensor = tf.conv2d(x, layer.kernel.read() as never, layer.strides as [number, number], layer.padding as 'same' | 'valid', 'NHWC', layer.dilationRate as [number, number]);
        if (layer.bias !== null && layer.bias !== undefined) y = tf.add(y, layer.bias.read());
        if (layer.activation !== null) y = layer.activation.apply(y);
        return y;
      });
    }
  }
  serialization.SerializationMap.register(TrainingConv2D);
  registeredIn.add(map);
  return true;
}
