// Inference over a labelled set in chunks: mean cross-entropy, accuracy, and every prediction (for the confusion
// matrix and the misclassified images). The model runs in inference mode (dropout off, BatchNorm on its moving
// statistics). The notebook never calls model.eval(), so its validation and test passes use batch statistics and
// dropout; we evaluate the way a trained model is used, and say so in the benchmark notes.
import { gatherImages, gatherLabels, type LabelledImages } from '../data/images';
import type { LayersModel, Tensor, Tf } from './tf';

export interface Evaluation {
  /** Mean cross-entropy per example. */
  loss: number;
  accuracy: number;
  /** Predicted class of each evaluated example, in `indices` order. */
  predictions: Uint8Array;
  labels: Uint8Array;
}

/** Examples per forward pass: large enough to amortise per-call overhead, small enough for ~20 MB of activations. */
const EVAL_CHUNK = 500;

export async function evaluate(tf: Tf, model: LayersModel, data: LabelledImages, indices: ArrayLike<number>, logits: boolean, yieldEvery?: () => Promise<void>): Promise<Evaluation> {
  const n = indices.length;
  const predictions = new Uint8Array(n);
  const labels = gatherLabels(data, indices);
  const pixels = data.height * data.width;
  const buffer = new Float32Array(EVAL_CHUNK * pixels);
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < n; start += EVAL_CHUNK) {
    const end = Math.min(n, start + EVAL_CHUNK);
    const chunk = Array.prototype.slice.call(indices, start, end) as number[];
    gatherImages(data, chunk, buffer);
    const [lossT, predT] = tf.tidy(() => {
      const x = tf.tensor4d(buffer.subarray(0, chunk.length * pixels), [chunk.length, data.height, data.width, 1]);
      const out = model.predict(x) as Tensor;
      const y = tf.oneHot(tf.tensor1d(labels.subarray(start, end), 'int32'), out.shape[1] ?? 10);
      const perExample = logits
        ? tf.losses.softmaxCrossEntropy(y, out, undefined, 0, tf.Reduction.NONE)
        : tf.metrics.categoricalCrossentropy(y, out);
      return [tf.sum(perExample), tf.argMax(out, 1)] as [Tensor, Tensor];
    });
    lossSum += (await lossT.data())[0];
    const predicted = await predT.data();
    tf.dispose([lossT, predT]);
    for (let i = 0; i < predicted.length; i++) {
      predictions[start + i] = predicted[i];
      if (predicted[i] === labels[start + i]) correct++;
    }
    if (yieldEvery) await yieldEvery();
  }
  return { loss: n > 0 ? lossSum / n : NaN, accuracy: n > 0 ? correct / n : NaN, predictions, labels };
}

/** confusion[trueClass][predictedClass] = count (sklearn's confusion_matrix(y, y_hat) orientation, as in the notebook). */
export function confusionMatrix(labels: Uint8Array, predictions: Uint8Array, classes: number): number[][] {
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < labels.length; i++) m[labels[i]][predictions[i]]++;
  return m;
}

/** Recall per class: the diagonal over each row's total (0 for a class with no examples). */
export function perClassAccuracy(confusion: number[][]): number[] {
  return confusion.map((row, c) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total === 0 ? 0 : row[c] / total;
  });
}
