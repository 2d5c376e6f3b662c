// The run policy (runPolicy.ts): which examples a run trains, validates and tests on. The oracles are the notebook's
// sizes (random_split(training_data, [50000, 10000]), the 10,000-image test file) and the CLI's documented limits.
import * as assert from 'node:assert';
import { splitTrainValidation } from '../../../src/training/data/split';
import { chooseRunExamples } from '../../../src/training/trainer/runPolicy';

describe('run policy: the examples of a run', () => {
  it('a full Fashion-MNIST run is the notebook\'s 50,000 / 10,000 split and the whole 10,000-image test file', () => {
    const e = chooseRunExamples(60_000, 10_000, 3);
    assert.deepStrictEqual([e.train.length, e.validation.length, e.test.length, e.limited], [50_000, 10_000, 10_000, false]);
    const split = splitTrainValidation(60_000, 10_000, 3);
    assert.deepStrictEqual([e.train, e.validation], [split.train, split.validation], 'the seeded split of data/split.ts');
    assert.deepStrictEqual(Array.from(e.test.subarray(0, 3)), [0, 1, 2], 'the test file in order');
  });

  it('the shipped 6,000-image subset keeps the same sixth for validation (5,000 / 1,000)', () => {
    const e = chooseRunExamples(6_000, 1_000, 3);
    assert.deepStrictEqual([e.train.length, e.validation.length, e.test.length, e.limited], [5_000, 1_000, 1_000, false]);
  });

  it('--limit-train N alone gives validation ceil(N/5), at least 1; the prefixes of the full split', () => {
    const e = chooseRunExamples(60_000, 10_000, 3, { train: 500 });
    assert.deepStrictEqual([e.train.length, e.validation.length, e.test.length, e.limited], [500, 100, 10_000, true]);
    const full = chooseRunExamples(60_000, 10_000, 3);
    assert.deepStrictEqual([e.train, e.validation], [full.train.subarray(0, 500), full.validation.subarray(0, 100)]);
    assert.strictEqual(chooseRunExamples(60_000, 10_000, 3, { train: 7 }).validation.length, 2, 'ceil(7/5)');
    assert.strictEqual(chooseRunExamples(60_000, 10_000, 3, { train: 0 }).validation.length, 1, 'at least one');
  });

  it('explicit limits are taken as given, and limits larger than a split change nothing', () => {
    const e = chooseRunExamples(60_000, 10_000, 3, { train: 600, validation: 200, test: 300 });
    assert.deepStrictEqual([e.train.length, e.validation.length, e.test.length, e.limited], [600, 200, 300, true]);
    const big = chooseRunExamples(6_000, 1_000, 3, { train: 9_999, validation: 9_999, test: 9_999 });
    assert.deepStrictEqual([big.train.length, big.validation.length, big.test.length, big.limited], [5_000, 1_000, 1_000, false]);
  });
});
