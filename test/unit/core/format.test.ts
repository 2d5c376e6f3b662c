import assert from 'node:assert/strict';
import { formatBytes, formatCompact, formatCount, formatDuration, formatLoss, formatPercent, formatRate, formatSampleShape, formatSampleShapes } from '../../../src/core/format';

describe('webview formatting', () => {
  it('groups counts and shows unknown as "?", never 0', () => {
    assert.equal(formatCount(62610), '62,610');
    assert.equal(formatCount(0), '0');
    assert.equal(formatCount(null), '?');
    assert.equal(formatCount(NaN), '?');
  });

  it('writes bytes in binary units (1 KiB = 1024 B)', () => {
    assert.equal(formatBytes(1023), '1023 B');
    assert.equal(formatBytes(1024), '1.00 KiB');
    // LeNet's parameters in float32: 62,610 × 4 = 250,440 B = 244.57 KiB.
    assert.equal(formatBytes(62610 * 4), '245 KiB');
    assert.equal(formatBytes(300_000_000), '286 MiB');
    assert.equal(formatBytes(3 * 1024 ** 3), '3.00 GiB');
    assert.equal(formatBytes(NaN), '?');
  });

  it('never shows Infinity or NaN: a figure that is not finite is unknown, "?" (issue #10 D3)', () => {
    for (const v of [Infinity, -Infinity, NaN]) {
      assert.equal(formatCount(v), '?');
      assert.equal(formatCompact(v), '?');
      assert.equal(formatBytes(v), '?');
    }
    // Sizes past TiB keep binary units: 3·2^50 B = 3 PiB, 5·2^60 B = 5 EiB.
    assert.equal(formatBytes(3 * 2 ** 50), '3.00 PiB');
    assert.equal(formatBytes(5 * 2 ** 60), '5.00 EiB');
  });

  it('compacts large counts', () => {
    assert.equal(formatCompact(423028), '423 k');
    assert.equal(formatCompact(24_700_000), '24.7 M');
    assert.equal(formatCompact(999), '999');
    assert.equal(formatCompact(null), '?');
  });

  it('writes shapes without the batch dimension, unknown dims as "?"', () => {
    assert.equal(formatSampleShape([null, 28, 28, 6]), '28×28×6');
    assert.equal(formatSampleShape([null, 120]), '120');
    assert.equal(formatSampleShape([null, null, 64]), '?×64');
    assert.equal(formatSampleShape(null), '?');
    assert.equal(formatSampleShapes([[null, 7, 7, 64], [null, 7, 7, 64]]), '7×7×64, 7×7×64');
    assert.equal(formatSampleShapes([]), '—');
  });

  it('writes durations, percentages, losses and rates', () => {
    assert.equal(formatDuration(45), '45 s');
    assert.equal(formatDuration(200), '3 min 20 s');
    assert.equal(formatDuration(3720), '1 h 02 min');
    assert.equal(formatDuration(-1), '?');
    assert.equal(formatPercent(0.8384), '83.8%');
    assert.equal(formatPercent(0.87805, 2), '87.81%');
    assert.equal(formatLoss(2.398207), '2.398207');
    assert.equal(formatRate(486.2), '486 samples/s');
    assert.equal(formatRate(16.24), '16.2 samples/s');
  });
});
