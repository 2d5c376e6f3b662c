// The small real subset shipped with the extension (media/datasets/<dataset>/), so training works offline: a balanced
// draw from the real files, the same number of images of every class, chosen deterministically by a seeded
// permutation and kept in the original file order. `scripts`-free: writeShippedSubset.ts builds the files from this.
import { seededPermutation } from './split';

/** Seed and sizes of the shipped subset (6,000 train / 1,000 test over 10 classes). */
export const SHIPPED_SUBSET = { seed: 20261127, trainPerClass: 600, testPerClass: 100 } as const;

/** File describing a shipped subset: where it came from and what its files must hash to. */
export const SUBSET_MANIFEST = 'subset.json';

export interface SubsetManifest {
  dataset: string;
  description: string;
  seed: number;
  trainPerClass: number;
  testPerClass: number;
  /** SHA-256 of the decompressed full files it was drawn from. */
  drawnFrom: Record<string, string>;
  /** Indices into the full training / test files, ascending; image i of the subset is image trainIndices[i] there. */
  trainIndices: number[];
  testIndices: number[];
  /** SHA-256 of each decompressed subset file, by base name. */
  files: Record<string, string>;
}

/**
 * Picks `perClass` examples of each of `classCount` classes: walks a seeded permutation of all examples and keeps an
 * example while its class still has room. Returns the chosen indices in ascending order.
 */
export function balancedSubsetIndices(labels: Uint8Array, classCount: number, perClass: number, seed: number): Uint32Array {
  const taken = new Array<number>(classCount).fill(0);
  const chosen: number[] = [];
  for (const i of seededPermutation(labels.length, seed)) {
    const label = labels[i];
    if (label >= classCount) throw new RangeError(`label ${label} at index ${i} is not below ${classCount}`);
    if (taken[label] < perClass) {
      taken[label]++;
      chosen.push(i);
      if (chosen.length === classCount * perClass) break;
    }
  }
  const short = taken.findIndex((n) => n < perClass);
  if (short >= 0) throw new RangeError(`class ${short} has only ${taken[short]} examples, fewer than ${perClass}`);
  return Uint32Array.from(chosen.sort((a, b) => a - b));
}

/** IDX bytes (uncompressed) holding the selected images: header [n, height, width], then the pixels. */
export function idxImagesOf(images: Uint8Array, height: number, width: number, indices: ArrayLike<number>): Uint8Array {
  const pixels = height * width;
  const out = new Uint8Array(16 + indices.length * pixels);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x00000803, false);
  view.setUint32(4, indices.length, false);
  view.setUint32(8, height, false);
  view.setUint32(12, width, false);
  for (let i = 0; i < indices.length; i++) out.set(images.subarray(indices[i] * pixels, (indices[i] + 1) * pixels), 16 + i * pixels);
  return out;
}

/** IDX bytes (uncompressed) holding the selected labels. */
export function idxLabelsOf(labels: Uint8Array, indices: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(8 + indices.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x00000801, false);
  view.setUint32(4, indices.length, false);
  for (let i = 0; i < indices.length; i++) out[8 + i] = labels[indices[i]];
  return out;
}
