// A run's evaluate phase: the trained model on the test examples — accuracy, loss, confusion matrix, per-class
// accuracy, and the first misclassified images (with their pixels for the dashboard; metrics.json keeps their indices).
import type { MisclassifiedImage } from '../../protocol/training';
import type { LabelledImages } from '../data/images';
import { confusionMatrix, evaluate, perClassAccuracy } from './evaluate';
import type { RunMetrics } from './metrics';
import { inPhase } from './runPhase';
import type { LayersModel, Tf } from './tf';

export interface TestResults {
  test: NonNullable<RunMetrics['test']>;
  misclassified: MisclassifiedImage[];
}

export async function evaluateTestSet(
  tf: Tf, model: LayersModel, testData: LabelledImages, indices: Uint32Array, logits: boolean, classCount: number, misclassifiedCount: number,
): Promise<TestResults> {
  const t = await inPhase('test', () => evaluate(tf, model, testData, indices, logits));
  const confusion = confusionMatrix(t.labels, t.predictions, classCount);
  const misclassified = firstMisclassified(testData, indices, t.labels, t.predictions, misclassifiedCount);
  const test = {
    examples: indices.length, accuracy: t.accuracy, loss: t.loss, confusionMatrix: confusion,
    perClassAccuracy: perClassAccuracy(confusion),
    misclassified: misclassified.map(({ index, label, predicted }) => ({ index, label, predicted })),
  };
  return { test, misclassified };
}

/** The first `count` misclassified test images (in test-set order), with their pixels for the dashboard. */
function firstMisclassified(test: LabelledImages, indices: Uint32Array, labels: Uint8Array, predictions: Uint8Array, count: number): MisclassifiedImage[] {
  const pixels = test.height * test.width;
  const out: MisclassifiedImage[] = [];
  for (let i = 0; i < predictions.length && out.length < count; i++) {
    if (predictions[i] === labels[i]) continue;
    const index = indices[i];
    const bytes = test.images.subarray(index * pixels, (index + 1) * pixels);
    out.push({ index, label: labels[i], predicted: predictions[i], pixels: Buffer.from(bytes).toString('base64') });
  }
  return out;
}
