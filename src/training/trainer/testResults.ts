// A run's evaluate phase: the trained model on the test examples — accuracy, loss, confusion matrix, per-class
// accuracy, the first misclassified images (with their pixels for the dashboard; metrics.json keeps their indices), and
// every prediction and label when the whole test set was evaluated (the Explore tab's confusion-matrix cells).
import type { MisclassifiedImage } from '../../protocol/training';
import type { LabelledImages } from '../data/images';
import { confusionMatrix, evaluate, perClassAccuracy } from './evaluate';
import type { RunMetrics } from './metrics';
import { inPhase } from './runPhase';
import type { LayersModel, Tf } from './tf';

export interface TestResults {
  test: NonNullable<RunMetrics['test']>;
  misclassified: MisclassifiedImage[];
  /** The test labels, one byte each in test-file order, base64: with `test.predictions` (done.labels). */
  labels?: string;
}

export async function evaluateTestSet(
  tf: Tf, model: LayersModel, testData: LabelledImages, indices: Uint32Array, logits: boolean, classCount: number, misclassifiedCount: number,
): Promise<TestResults> {
  const t = await inPhase('test', () => evaluate(tf, model, testData, indices, logits));
  const confusion = confusionMatrix(t.labels, t.predictions, classCount);
  const misclassified = firstMisclassified(testData, indices, t.labels, t.predictions, misclassifiedCount);
  const test: TestResults['test'] = {
    examples: indices.length, accuracy: t.accuracy, loss: t.loss, confusionMatrix: confusion,
    perClassAccuracy: perClassAccuracy(confusion),
    misclassified: misclassified.map(({ index, label, predicted }) => ({ index, label, predicted })),
  };
  // Byte i is test image i only when every image was evaluated in file order (a limited run evaluates the first n).
  if (!isWholeSet(indices, testData.count)) return { test, misclassified };
  test.predictions = Buffer.from(t.predictions).toString('base64');
  return { test, misclassified, labels: Buffer.from(t.labels).toString('base64') };
}

function isWholeSet(indices: Uint32Array, count: number): boolean {
  if (indices.length !== count) return false;
  for (let i = 0; i < count; i++) if (indices[i] !== i) return false;
  return true;
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
