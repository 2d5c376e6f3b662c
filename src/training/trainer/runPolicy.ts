// What a run trains, validates and tests on, decided here and nowhere else: the notebook's train/validation split
// (its sizes and seeded permutation come from data/split.ts), then the caps of a quick run (`--limit-train`,
// `--limit-test`), and how many misclassified test images the `done` message carries.
import type { ExampleLimits } from '../../protocol/trainer';
import { allIndices } from '../data/images';
import { notebookValidationCount, splitTrainValidation } from '../data/split';

/** Misclassified test images shown by default (the dashboard's grid). */
export const MISCLASSIFIED_SHOWN = 16;

export interface RunExamples {
  /** Indices into the training file, in the split's shuffled order. */
  train: Uint32Array;
  validation: Uint32Array;
  /** Indices into the test file, in file order. */
  test: Uint32Array;
  /** True when a limit left out part of a split. */
  limited: boolean;
}

function limit(indices: Uint32Array, n: number | undefined): Uint32Array {
  return n === undefined ? indices : indices.subarray(0, Math.min(n, indices.length));
}

/**
 * The notebook's random_split(training_data, [50000, 10000]) with its seed (3 by default); the same sixth for other
 * sizes. A limit on training alone limits validation to a fifth of it (the notebook's 50k:10k ratio), at least one.
 */
export function chooseRunExamples(trainingFileCount: number, testFileCount: number, seed: number, limits: ExampleLimits = {}): RunExamples {
  const split = splitTrainValidation(trainingFileCount, notebookValidationCount(trainingFileCount), seed);
  const train = limit(split.train, limits.train);
  const validation = limit(split.validation, limits.validation ?? (limits.train !== undefined ? Math.max(1, Math.ceil(limits.train / 5)) : undefined));
  const test = limit(allIndices(testFileCount), limits.test);
  const limited = train.length < split.train.length || validation.length < split.validation.length || test.length < testFileCount;
  return { train, validation, test, limited };
}
