import { strict as assert } from 'node:assert';
import { mulberry32, notebookValidationCount, seededPermutation, splitTrainValidation } from '../../../src/training/data/split';
import { allIndices, gatherImages, gatherLabels } from '../../../src/training/data/images';

describe('train/validation split', () => {
  it("makes the notebook's 50,000 / 10,000 split of 60,000, disjoint and covering every example", () => {
    assert.equal(notebookValidationCount(60000), 10000);
    const { train, validation } = splitTrainValidation(60000, 10000, 3);
    assert.equal(train.length, 50000);
    assert.equal(validation.length, 10000);
    const seen = new Uint8Array(60000);
    for (const i of train) seen[i]++;
    for (const i of validation) seen[i]++;
    assert.ok(seen.every((n) => n === 1), 'every index exactly once across train and validation');
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = splitTrainValidation(60000, 10000, 3);
    const b = splitTrainValidation(60000, 10000, 3);
    assert.deepEqual(a.validation, b.validation);
    assert.deepEqual(a.train, b.train);
    const c = splitTrainValidation(60000, 10000, 4);
    assert.notDeepEqual(c.validation, a.validation);
  });

  it('pins the permutation for seed 3, so a change of PRNG or shuffle is noticed (runs are comparable across versions)', () => {
    // Values recorded from this implementation (mulberry32 + Fisher-Yates); not torch.randperm's.
    assert.deepEqual(Array.from(seededPermutation(10, 3)), PINNED_SEED3_N10);
  });

  it('mulberry32 yields floats in [0, 1) with a plausible mean', () => {
    const random = mulberry32(3);
    let sum = 0;
    for (let i = 0; i < 10000; i++) {
      const r = random();
      assert.ok(r >= 0 && r < 1);
      sum += r;
    }
    assert.ok(Math.abs(sum / 10000 - 0.5) < 0.02);
  });

  it('rejects impossible sizes', () => {
    assert.throws(() => splitTrainValidation(10, 10, 3), RangeError);
    assert.throws(() => splitTrainValidation(10, -1, 3), RangeError);
    assert.throws(() => splitTrainValidation(10, 1.5, 3), RangeError);
  });

  it('scales selected images to float32 [0, 1] and gathers their labels', () => {
    const data = { images: Uint8Array.from([0, 255, 51, 102, 10, 20, 30, 40]), labels: Uint8Array.from([4, 9]), count: 2, height: 2, width: 2 };
    const x = gatherImages(data, [1, 0]);
    assert.ok(x instanceof Float32Array);
    assert.deepEqual(Array.from(x), [10, 20, 30, 40, 0, 255, 51, 102].map((v) => Math.fround(v / 255)));
    assert.deepEqual(Array.from(gatherLabels(data, [1, 0])), [9, 4]);
    assert.deepEqual(Array.from(allIndices(3)), [0, 1, 2]);
    assert.throws(() => gatherImages(data, [2]), RangeError);
  });
});

const PINNED_SEED3_N10 = [9, 5, 6, 1, 2, 4, 8, 3, 0, 7];
