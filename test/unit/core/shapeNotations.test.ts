// The three ways a shape is written (src/core/format.ts), each for a reader who knows one notation.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { formatKerasShape, formatSampleShape, formatSampleShapes, formatTfjsShape } from '../../../src/core/format';

describe('shape notations', () => {
  it('writes one sample as the paper does, the batch dimension dropped', () => {
    assert.equal(formatSampleShape([null, 28, 28, 6]), '28×28×6');
    assert.equal(formatSampleShape([null, null, 64]), '?×64');
    assert.equal(formatSampleShape([null]), 'scalar');
    assert.equal(formatSampleShape(null), '?');
    assert.equal(formatSampleShapes([[null, 7, 7, 64], null]), '7×7×64, ?');
    assert.equal(formatSampleShapes([]), '—');
  });

  it('writes a shape as Keras\'s model.summary() does: a Python tuple with None for the batch', () => {
    assert.equal(formatKerasShape([null, 28, 28, 6]), '(None, 28, 28, 6)');
    assert.equal(formatKerasShape([null, null, 64]), '(None, None, 64)');
    assert.equal(formatKerasShape(null), '?');
  });

  it('writes a shape as TF.js gives a layer\'s outputShape (JSON, with a space after each comma)', () => {
    const input = tf.input({ shape: [28, 28, 1] });
    const conv = tf.layers.conv2d({ filters: 6, kernelSize: 5, padding: 'same' });
    conv.apply(input);
    const outputShape = conv.outputShape as (number | null)[];
    assert.equal(formatTfjsShape(outputShape), JSON.stringify(outputShape).replaceAll(',', ', '));
    assert.equal(formatTfjsShape(outputShape), '[null, 28, 28, 6]');
    assert.equal(formatTfjsShape(null), '?');
  });
});
