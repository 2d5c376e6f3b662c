// TF.js's BatchNormalization layer trains through tf.moments (Mean, Sub, Square, Mean) and tf.batchNorm, and autodiff
// then walks all of them: the batch-norm gradient alone runs about ten full-size element-wise ops, and the moments'
// gradients add a `ones` tensor of the input's shape built in JavaScript per Mean, plus more multiplies and divides.
// On C1's [100, 28, 28, 6] activations that is ~25 passes over 470,000 numbers per step.
//
// The training subclass runs the same forward ops (tf.moments, then tf.batchNorm: bit-identical outputs and moving
// statistics) inside one custom-gradient op whose gradient is the closed form of batch norm's derivative, with the
// batch statistics' dependence on x included:
//   x̂ = (x − μ)/σ,  σ = √(var + ε),  n = values per channel
//   ∂L/∂β = Σ dy,   ∂L/∂γ = Σ dy·x̂,   ∂L/∂x = (γ/σ)·(dy − (Σ dy)/n − x̂·(Σ dy·x̂)/n)
// — seven passes and two per-channel sums. Tested against TF.js's own layer's gradients. (A custom gradient is computed
// whole, so ∂L/∂x is computed even when x needs none; in a conv net every batch norm follows trainable layers.) Shapes other than
// "normalise over every axis but the last, with centre and scale" fall through to TF.js's call.
import type { BaseCall, LayerClass } from './trainingLayerTypes';
import type { Tensor, Tf } from './tf';

/** The parts of tfjs-layers' BatchNormalization the subclass reads (not in TF.js's public typings). */
interface BatchNormalizationFields {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: { read(): Tensor };
  beta: { read(): Tensor };
  movingMean: { read(): Tensor; write(t: Tensor): void };
  movingVariance: { read(): Tensor; write(t: Tensor): void };
}

export function trainingBatchNormalizationClass(tf: Tf, base: LayerClass, baseCall: BaseCall): LayerClass {

  /** Batch norm over axes 0..rank−2 with batch statistics; returns the output and (kept) mean and variance. */
  function normalizeInTraining(x: Tensor, gamma: Tensor, beta: Tensor, epsilon: number): { y: Tensor; mean: Tensor; variance: Tensor } {
    const axes = Array.from({ length: x.rank - 1 }, (_, i) => i);
    const perChannel = x.size / x.shape[x.rank - 1];
    let mean!: Tensor;
    let variance!: Tensor;
    const op = tf.customGrad((...args) => {
      const [input, g, b, save] = args as [Tensor, Tensor, Tensor, (tensors: Tensor[]) => void];
      const moments = tf.moments(input, axes);
      // Kept past the op's scope for the moving averages; the caller disposes them. (TF.js's leak check, on only when
      // its IS_TEST flag is set, counts these two as leaked by the op; they are not.)
      mean = tf.keep(moments.mean);
      variance = tf.keep(moments.variance);
      save([input, moments.mean, moments.variance, g]);
      return {
        value: tf.batchNorm(input, moments.mean, moments.variance, b, g, epsilon),
        gradFunc: (dy: Tensor, saved: Tensor[]) => {
          const [savedX, savedMean, savedVariance, savedGamma] = saved;
          const invStd = tf.rsqrt(tf.add(savedVariance, epsilon));
          const xHat = tf.mul(tf.sub(savedX, savedMean), invStd);
          const sumDy = tf.sum(dy, axes);
          const sumDyXHat = tf.sum(tf.mul(dy, xHat), axes);
          const k = tf.mul(savedGamma, invStd);
          const dx = tf.sub(tf.mul(dy, k), tf.add(tf.mul(xHat, tf.mul(k, tf.div(sumDyXHat, perChannel))), tf.mul(k, tf.div(sumDy, perChannel))));
          return [dx, sumDyXHat, sumDy];
        },
      };
    });
    const y = op(x, gamma, beta);
    return { y, mean, variance };
  }

  return class TrainingBatchNormalization extends base {
    static override className = 'BatchNormalization';

    call(inputs: Tensor | Tensor[], kwargs: Record<string, unknown>): Tensor {
      const layer = this as unknown as BatchNormalizationFields;
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const lastAxis = layer.axis === -1 || layer.axis === x.rank - 1;
      if (kwargs?.training !== true || !lastAxis || !layer.center || !layer.scale || x.rank < 2 || x.dtype !== 'float32') {
        return baseCall.call(this, inputs, kwargs) as Tensor;
      }
      return tf.tidy(() => {
        const { y, mean, variance } = normalizeInTraining(x, layer.gamma.read(), layer.beta.read(), layer.epsilon);
        // The moving averages exactly as TF.js's layer updates them: v ← v − (v − batch value)·(1 − momentum).
        const update = (variable: BatchNormalizationFields['movingMean'], value: Tensor): void => {
          tf.tidy(() => {
            const original = variable.read();
            variable.write(tf.sub(original, tf.mul(tf.sub(original, value), 1 - layer.momentum)));
          });
        };
        update(layer.movingMean, mean);
        update(layer.movingVariance, variance);
        tf.dispose([mean, variance]);
        return y;
      });
    }
  };
}
