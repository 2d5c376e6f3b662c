// The prediction chart's choice of classes (webview-ui/explore/predictionChart.ts), by hand numbers.
import assert from 'node:assert/strict';
import { shownClasses } from '../../../webview-ui/explore/predictionChart';

describe('Explore prediction chart (webview): which classes are shown', () => {
  it('all of up to 20 classes in class order; of more, the 10 most probable (ties: lower index) and the true label', () => {
    assert.deepEqual(shownClasses([0.1, 0.7, 0.2]), [0, 1, 2]);
    // 1,000 classes: class c has probability proportional to (c mod 7), so 6, 13, 20, … (all 6s) lead, lowest index first.
    const p = Array.from({ length: 1000 }, (_, c) => c % 7);
    assert.deepEqual(shownClasses(p), [6, 13, 20, 27, 34, 41, 48, 55, 62, 69]);
    assert.deepEqual(shownClasses(p, 0), [6, 13, 20, 27, 34, 41, 48, 55, 62, 69, 0]);
    assert.deepEqual(shownClasses(p, 13), [6, 13, 20, 27, 34, 41, 48, 55, 62, 69]);
  });
});
