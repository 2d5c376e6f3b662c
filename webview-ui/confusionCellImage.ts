// Which test image a confusion-matrix cell opens in Explore: the first test image (in test-set order) whose true class
// is the cell's row and whose predicted class is its column. Pure, unit-tested by hand.
// What the training view knows: the `done` message's misclassified list (the FIRST n misclassified images in test
// order, with labels), its per-image predictions (whole-test-set runs only) and, once the Explore tab has loaded this
// run's test set, the labels of every image. From the misclassified list alone: the first (t, p) pair listed is the
// first in the whole test set (the list is a prefix of the misclassified images in order). With the predictions too:
// an image before the last listed one that is not listed was classified correctly, so its label is its prediction.

export interface CellEvidence {
  /** The run's prediction of every test image (index = test index); null when the run did not send them. */
  predictions: Uint8Array | null;
  /** The label of every test image, when the webview has this run's test set; else null. */
  labels: Uint8Array | null;
  /** The `done` message's misclassified images: the first ones in test-set order. */
  misclassified: readonly { index: number; label: number; predicted: number }[];
  /** The confusion matrix: how many misclassified images there are in all (so whether the list holds every one). */
  confusionMatrix: readonly (readonly number[])[];
}

export type CellImage = { index: number; reason: null } | { index: null; reason: string };

export function testImageOfCell(trueClass: number, predicted: number, e: CellEvidence, names: readonly string[] = []): CellImage {
  const name = (c: number) => names[c] ?? `class ${c}`;
  const count = e.confusionMatrix[trueClass]?.[predicted] ?? 0;
  if (count === 0) return { index: null, reason: `No test image of ${name(trueClass)} was predicted ${name(predicted)}.` };
  const p = e.predictions;
  if (p && e.labels && e.labels.length === p.length) {
    for (let i = 0; i < p.length; i++) if (e.labels[i] === trueClass && p[i] === predicted) return { index: i, reason: null };
  }
  const listed = e.misclassified.find((m) => m.label === trueClass && m.predicted === predicted);
  if (listed) return { index: listed.index, reason: null };
  if (trueClass === predicted && p) {
    const allListed = e.misclassified.length === misclassifiedCount(e.confusionMatrix);
    const known = allListed ? p.length : Math.max(-1, ...e.misclassified.map((m) => m.index));
    const wrong = new Set(e.misclassified.map((m) => m.index));
    for (let i = 0; i < known && i < p.length; i++) if (p[i] === trueClass && !wrong.has(i)) return { index: i, reason: null };
  }
  if (!p) {
    return {
      index: null,
      reason: "This run's results do not say which test image got which prediction (a run of an older version, or one tested on part of the test set): only the confusions in the misclassified images below can be opened.",
    };
  }
  return { index: null, reason: "Which image this is needs the test set's labels: open the Explore tab once on this run (it loads them), then come back." };
}

/** The images off the diagonal: every misclassified test image. */
export function misclassifiedCount(matrix: readonly (readonly number[])[]): number {
  let n = 0;
  matrix.forEach((row, t) => row.forEach((c, p) => { if (t !== p) n += c; }));
  return n;
}
