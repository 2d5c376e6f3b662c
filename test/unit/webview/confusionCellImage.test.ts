// Which test image a confusion-matrix cell opens: the first (in test order) with the cell's true and predicted class.
// A hand-made test set of 8 images:
//   index        0  1  2  3  4  5  6  7
//   label        0  1  2  1  0  2  1  1
//   prediction   0  2  2  1  1  2  0  1
// → matrix rows (true) × columns (predicted): [1, 1, 0], [1, 2, 1], [0, 0, 2]; misclassified in order: 1 (1→2),
// 4 (0→1), 6 (1→0).
import assert from 'node:assert/strict';
import { DEFAULT_EXPLORE_CHOICE, type ExploreChoice } from '../../../src/protocol';
import { misclassifiedCount, testImageOfCell, type CellEvidence } from '../../../webview-ui/confusionCellImage';
import { exploreChoiceOpening } from '../../../webview-ui/openTestImage';

const labels = Uint8Array.from([0, 1, 2, 1, 0, 2, 1, 1]);
const predictions = Uint8Array.from([0, 2, 2, 1, 1, 2, 0, 1]);
const confusionMatrix = [[1, 1, 0], [1, 2, 1], [0, 0, 2]];
const wrong = [{ index: 1, label: 1, predicted: 2 }, { index: 4, label: 0, predicted: 1 }, { index: 6, label: 1, predicted: 0 }];
const names = ['zero', 'one', 'two'];

function evidence(e: Partial<CellEvidence>): CellEvidence {
  return { predictions: null, labels: null, misclassified: wrong, confusionMatrix, ...e };
}

describe('Confusion cell → test image', () => {
  it('counts the misclassified images off the diagonal', () => {
    assert.equal(misclassifiedCount(confusionMatrix), 3);
  });

  it('with labels and predictions: the first image of the pair', () => {
    const e = evidence({ labels, predictions });
    assert.equal(testImageOfCell(1, 1, e).index, 3);
    assert.equal(testImageOfCell(2, 2, e).index, 2);
    assert.equal(testImageOfCell(1, 0, e).index, 6);
    assert.equal(testImageOfCell(0, 0, e).index, 0);
  });

  it('an empty cell opens nothing and says so', () => {
    const r = testImageOfCell(2, 0, evidence({ labels, predictions }), names);
    assert.equal(r.index, null);
    assert.equal(r.reason, 'No test image of two was predicted zero.');
  });

  it('without labels: a listed confusion, and correct images before the last listed one', () => {
    // Only the first 2 misclassified listed (1 and 4): images 0, 2, 3 are then known to be correct.
    const e = evidence({ predictions, misclassified: wrong.slice(0, 2) });
    assert.equal(testImageOfCell(1, 2, e).index, 1);
    assert.equal(testImageOfCell(0, 1, e).index, 4);
    assert.equal(testImageOfCell(0, 0, e).index, 0);
    assert.equal(testImageOfCell(1, 1, e).index, 3);
    assert.equal(testImageOfCell(2, 2, e).index, 2);
    // 1→0 is image 6, past the list: unknown without labels.
    const r = testImageOfCell(1, 0, e);
    assert.equal(r.index, null);
    assert.match(r.reason ?? '', /labels: open the Explore tab once/);
  });

  it('without labels, only images before the last listed one count as correct', () => {
    // Listed: image 1 only. Image 3 (predicted 1) is past it: it might be misclassified, so (1, 1) is unknown.
    const r = testImageOfCell(1, 1, evidence({ predictions, misclassified: wrong.slice(0, 1) }));
    assert.equal(r.index, null);
  });

  it('when every misclassified image is listed, every other image is correct', () => {
    // Two images: label 1 predicted 0 (listed), then label 0 predicted 0. Image 1 is past the last listed one, but the
    // matrix has 1 misclassified image and the list holds 1: image 1 is correct, so (0, 0) is image 1.
    const all: CellEvidence = {
      predictions: Uint8Array.from([0, 0]), labels: null, misclassified: [{ index: 0, label: 1, predicted: 0 }], confusionMatrix: [[1, 0], [1, 0]],
    };
    assert.equal(testImageOfCell(0, 0, all).index, 1);
    // Had the matrix 2 misclassified images (a list cut at 1), image 1 could be one of them: unknown.
    assert.equal(testImageOfCell(0, 0, { ...all, confusionMatrix: [[1, 1], [1, 0]] }).index, null);
  });

  it('without predictions: only the listed confusions, others say why', () => {
    const e = evidence({ misclassified: wrong.slice(0, 2) });
    assert.equal(testImageOfCell(1, 2, e).index, 1);
    const r = testImageOfCell(0, 0, e);
    assert.equal(r.index, null);
    assert.match(r.reason ?? '', /older version, or one tested on part of the test set/);
  });

  it('ignores labels of another size than the predictions (another test set)', () => {
    const e = evidence({ predictions, labels: labels.subarray(0, 5), misclassified: wrong.slice(0, 2) });
    assert.equal(testImageOfCell(1, 0, e).index, null);
  });
});

describe('Training tab → Explore: the choice a click makes', () => {
  const choice: ExploreChoice = { ...DEFAULT_EXPLORE_CHOICE, scale: 'perMap', enlarged: { layer: 'c1', channel: 2 }, targetClass: 4 };
  const shown = '/ws/.lenet/runs/2026-12-04T10-00-00';

  it('opens the test image, on the predicted class, keeping the other choices', () => {
    const c = exploreChoiceOpening(choice, 17, 3, shown, [shown]);
    assert.deepEqual(c, { ...choice, runDir: shown, input: { source: 'test', index: 17 }, targetClass: null });
  });

  it('explores the run shown: its saved folder, else the live run (null), never another run', () => {
    assert.equal(exploreChoiceOpening({ ...choice, runDir: '/ws/.lenet/runs/older' }, 1, 0, shown, ['/ws/.lenet/runs/older']).runDir, null);
    assert.equal(exploreChoiceOpening({ ...choice, runDir: '/ws/.lenet/runs/older' }, 1, 0, shown, [shown, '/ws/.lenet/runs/older']).runDir, shown);
    assert.equal(exploreChoiceOpening({ ...choice, runDir: shown }, 1, 0, shown, []).runDir, shown);
  });

  it('keeps the class filter unless it would hide the image', () => {
    assert.equal(exploreChoiceOpening({ ...choice, classFilter: 3 }, 1, 3, shown, []).classFilter, 3);
    assert.equal(exploreChoiceOpening({ ...choice, classFilter: 5 }, 1, 3, shown, []).classFilter, null);
  });
});
