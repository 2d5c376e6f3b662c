// Sums over layers have one home (src/core/totals.ts). The figures here are derived by hand.
import assert from 'node:assert/strict';
import { analyzeModel } from '../../../src/core/analyzeModel';
import { lenetModelIR } from '../../../src/core/lenet';
import { sumKnown, totalsOfLayers, type LayerCounts } from '../../../src/core/totals';

describe('totals over layers', () => {
  it('sums known values and is unknown as soon as one value is', () => {
    assert.equal(sumKnown([]), 0);
    assert.equal(sumKnown([156, 24, 2416]), 2596);
    assert.equal(sumKnown([156, null, 2416]), null);
    assert.equal(sumKnown(new Set([1, 2, 3])), 6);
  });

  it('adds in the given order from 0, as the figures were always added', () => {
    // Above 2^53 the order shows: 2^53 + 1 rounds back to 2^53 (ties to even), 1 + 1 + 2^53 does not.
    assert.equal(sumKnown([2 ** 53, 1, 1]), 2 ** 53);
    assert.equal(sumKnown([1, 1, 2 ** 53]), 2 ** 53 + 2);
    const counts = (n: number): LayerCounts => ({ params: n, trainableParams: n, nonTrainableParams: 0, macs: n });
    assert.equal(totalsOfLayers([counts(2 ** 53), counts(1), counts(1)]).params, 2 ** 53);
    assert.equal(totalsOfLayers([counts(1), counts(1), counts(2 ** 53)]).macs, 2 ** 53 + 2);
  });

  it('keeps each total apart: one unknown count leaves the others known', () => {
    const layers: LayerCounts[] = [
      { params: 156, trainableParams: 156, nonTrainableParams: 0, macs: 117600 },
      { params: null, trainableParams: 12, nonTrainableParams: null, macs: 4704 },
      { params: 2416, trainableParams: 2416, nonTrainableParams: 0, macs: null },
    ];
    assert.deepEqual(totalsOfLayers(layers), { params: null, trainableParams: 156 + 12 + 2416, nonTrainableParams: null, macs: null });
    assert.deepEqual(totalsOfLayers([]), { params: 0, trainableParams: 0, nonTrainableParams: 0, macs: 0 });
  });

  it("gives LeNet-5's hand-derived totals through analyzeModel", () => {
    // Parameters (test/unit/core/lenet.test.ts derives each layer): 62,610, of which 452 are BN moving statistics.
    // MACs per sample: C1 28·28 positions · 6 filters · 5·5·1 = 117,600; BN(6) over 28·28·6 = 4,704;
    // C3 10·10 · 16 · 5·5·6 = 240,000; BN(16) over 10·10·16 = 1,600; F5 400·120 = 48,000; BN 120;
    // F6 120·84 = 10,080; BN 84; output 84·10 = 840; pooling, activations, dropout, flatten 0.
    const macs = 117_600 + 4_704 + 240_000 + 1_600 + 48_000 + 120 + 10_080 + 84 + 840;
    assert.equal(macs, 423_028);
    const analysis = analyzeModel(lenetModelIR());
    assert.deepEqual(analysis.totals, { params: 62_610, trainableParams: 62_158, nonTrainableParams: 452, macs });
    assert.deepEqual(totalsOfLayers(analysis.layers), analysis.totals);
  });
});
