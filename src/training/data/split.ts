// The notebook's train/validation split (torch.utils.data.random_split(training_data, [50000, 10000]) with seed 3),
// deterministic for a seed. The permutation comes from a seeded PRNG (mulberry32) driving a Fisher-Yates shuffle, so
// it is NOT bit-identical to torch.randperm's: the same seed gives the same split here every time, but a different
// split from PyTorch's. Only the sizes and the method (uniform random, disjoint) match the notebook.

/** mulberry32: a small, fast 32-bit PRNG with a good distribution for shuffling; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniformly random permutation of 0..n-1 (Fisher-Yates, Durstenfeld's in-place form). */
export function seededPermutation(n: number, seed: number): Uint32Array {
  const random = mulberry32(seed);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

export interface TrainValidationSplit {
  /** Indices into the training file, in shuffled order. */
  train: Uint32Array;
  validation: Uint32Array;
}

/** The notebook holds out 10,000 of 60,000 training images, one sixth; the same fraction for other sizes (the subset). */
export function notebookValidationCount(trainingFileCount: number): number {
  return Math.round(trainingFileCount / 6);
}

/** Splits `count` examples into disjoint train and validation index sets: the first `count − validationCount` of a seeded permutation, then the rest. */
export function splitTrainValidation(count: number, validationCount: number, seed: number): TrainValidationSplit {
  if (!Number.isInteger(validationCount) || validationCount < 0 || validationCount >= count) {
    throw new RangeError(`validation size ${validationCount} must be an integer in [0, ${count - 1}] for ${count} examples`);
  }
  const order = seededPermutation(count, seed);
  const trainCount = count - validationCount;
  return { train: order.subarray(0, trainCount), validation: order.subarray(trainCount) };
}
