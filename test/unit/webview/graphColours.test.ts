// The graph's node colours come from each layer's drawing in the analysis (its rule in core's catalogue), so an
// alias (Keras 2's Convolution2D, TF.js's MaxPool2D) is coloured as its class. Expected colours by hand: what each
// class is (a convolution, a pooling, a normalization …), not read from the code under test.
import assert from 'node:assert/strict';
import type { LayerDrawing } from '../../../src/core';
import { analyzeModelText } from '../../../src/core/analyzeModel';
import { nodeCategory, type NodeCategory } from '../../../webview-ui/views/graphView';
import { sequentialModelJson } from '../../fixtures/sequentialModelJson';

/** The analysis of a Keras Sequential model.json from (class, config) pairs; the first gets the input shape. */
function analysedLayers(inputShape: number[], ...layers: [string, Record<string, unknown>][]) {
  const text = sequentialModelJson(inputShape, layers);
  const { analysis } = analyzeModelText(text);
  assert.ok(analysis);
  return analysis.layers;
}

describe('graph view: node colours from the layers\' drawings', () => {
  it('colours the aliases as their classes (Convolution2D a conv, MaxPool2D and GlobalAvgPool2D a pool)', () => {
    // 28×28×1 → Convolution2D 5×5 valid, 6 filters: 24×24×6 → BN, ReLU → MaxPool2D 2: 12×12×6 →
    // SeparableConvolution2D 3×3 valid, 8 filters: 10×10×8 → AvgPool2D 2: 5×5×8 → GlobalAvgPool2D: 8 → Dropout → Dense 10.
    const layers = analysedLayers([28, 28, 1],
      ['Convolution2D', { filters: 6, kernel_size: [5, 5] }], ['BatchNormalization', {}], ['Activation', { activation: 'relu' }],
      ['MaxPool2D', { pool_size: [2, 2] }], ['SeparableConvolution2D', { filters: 8, kernel_size: [3, 3] }],
      ['AvgPool2D', { pool_size: [2, 2] }], ['GlobalAvgPool2D', {}], ['Dropout', { rate: 0.5 }], ['Dense', { units: 10 }]);
    assert.deepEqual(layers.map((l) => [l.className, nodeCategory(l.drawing)]), [
      ['InputLayer', 'input'], ['Convolution2D', 'conv'], ['BatchNormalization', 'norm'], ['Activation', 'activation'],
      ['MaxPool2D', 'pool'], ['SeparableConvolution2D', 'conv'], ['AvgPool2D', 'pool'], ['GlobalAvgPool2D', 'pool'],
      ['Dropout', 'other'], ['Dense', 'dense'],
    ]);
  });

  it('gives each drawing its colour, normalization `norm`, and the folded-away kinds and unknown classes none', () => {
    // A Record over every LayerDrawing: a new drawing kind in core fails to compile here until its colour is decided.
    const expected: Record<LayerDrawing, NodeCategory> = {
      input: 'input', conv: 'conv', pool: 'pool', dense: 'dense', merge: 'merge', activation: 'activation',
      normalization: 'norm', regularization: 'other', reshape: 'other', other: 'other',
    };
    for (const [drawing, category] of Object.entries(expected)) assert.equal(nodeCategory(drawing as LayerDrawing), category, drawing);
    assert.equal(nodeCategory(undefined), 'other');
  });

  it('colours a merge and leaves a class core does not know uncoloured', () => {
    const text = JSON.stringify({
      modelTopology: {
        class_name: 'Model',
        config: {
          name: 'm',
          layers: [
            { class_name: 'InputLayer', name: 'in', config: { name: 'in', batch_input_shape: [null, 4] }, inbound_nodes: [] },
            { class_name: 'Dense', name: 'a', config: { name: 'a', units: 4 }, inbound_nodes: [[['in', 0, 0, {}]]] },
            { class_name: 'Add', name: 'sum', config: { name: 'sum' }, inbound_nodes: [[['in', 0, 0, {}], ['a', 0, 0, {}]]] },
            { class_name: 'MyCustomLayer', name: 'custom', config: { name: 'custom' }, inbound_nodes: [[['sum', 0, 0, {}]]] },
          ],
          input_layers: [['in', 0, 0]],
          output_layers: [['custom', 0, 0]],
        },
      },
    });
    const { analysis } = analyzeModelText(text);
    assert.ok(analysis);
    assert.deepEqual(analysis.layers.map((l) => [l.className, nodeCategory(l.drawing)]), [
      ['InputLayer', 'input'], ['Dense', 'dense'], ['Add', 'merge'], ['MyCustomLayer', 'other'],
    ]);
  });
});
