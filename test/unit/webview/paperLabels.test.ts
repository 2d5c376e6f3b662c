// The paper drawing's stages come from each layer's drawing in the analysis (its rule in core's catalogue), so an
// alias is drawn as its class and every member of a family alike. Labels hand-derived from the shapes in the comments.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzePyTorchSource } from '../../../src/core/formats/pytorch';
import { analyzeModelText } from '../../../src/core/analyzeModel';
import { paperStages } from '../../../webview-ui/paperLabels';
import { sequentialModelJson } from '../../fixtures/sequentialModelJson';

/** A Keras Sequential model.json from (class, config) pairs; the first gets the input shape. */
function labels(inputShape: number[], ...layers: [string, Record<string, unknown>][]): string[] | undefined {
  const text = sequentialModelJson(inputShape, layers);
  const { analysis } = analyzeModelText(text);
  assert.ok(analysis);
  return paperStages(analysis.layers)?.map((s) => s.label);
}

describe('paper drawing: stages from the layers\' drawings', () => {
  it('draws the Keras 2 and TF.js aliases as their classes (Convolution2D a C stage, MaxPool2D an S stage)', () => {
    // 28×28×1 → conv 5×5 valid, 6 filters: 24×24×6 → pool 2: 12×12×6 → flatten 864 (folded) → dense 10.
    const expected = ['INPUT: 1@28×28', 'C1: 6@24×24', 'S2: 6@12×12', 'F3: 10'];
    for (const [conv, pool] of [['Conv2D', 'MaxPooling2D'], ['Convolution2D', 'MaxPool2D'], ['Conv2D', 'AvgPool2D'], ['Convolution2D', 'AveragePool2D']]) {
      assert.deepEqual(labels([28, 28, 1], [conv, { filters: 6, kernel_size: [5, 5] }], [pool, { pool_size: [2, 2] }], ['Flatten', {}], ['Dense', { units: 10 }]), expected, `${conv}, ${pool}`);
    }
  });

  it('draws every convolution as a C stage (1-D, transposed, depthwise, separable) and folds every dropout and normalization', () => {
    // 32 steps × 4 channels → SeparableConv1D 3 taps valid, 8 filters: 30 × 8 → SpatialDropout1D, GroupNormalization
    // (folded) → Conv1DTranspose 3 taps valid, 8 filters: 32 × 8 → DepthwiseConv1D 3 taps: 30 × 8.
    assert.deepEqual(labels([32, 4],
      ['SeparableConv1D', { filters: 8, kernel_size: [3] }], ['SpatialDropout1D', { rate: 0.1 }], ['GroupNormalization', { groups: 2 }],
      ['Conv1DTranspose', { filters: 8, kernel_size: [3] }], ['DepthwiseConv1D', { kernel_size: [3] }]),
    ['INPUT: 4@32', 'C1: 8@30', 'C2: 8@32', 'C3: 8@30']);
  });
});

describe('paper drawing of PyTorch models: channels first', () => {
  const stagesOf = (file: string) => {
    const text = readFileSync(join(__dirname, '../../fixtures/pytorch-corpus', file), 'utf8');
    const { analysis } = analyzePyTorchSource(text);
    return paperStages(analysis.layers, undefined, analysis.model.format);
  };

  it('reads [N, C, H, W] as C maps of H×W (d2l LeNet: Conv2d(1, 6, 5, padding=2) on 1×28×28 → 6@28×28)', () => {
    // 28 + 2·2 − 5 + 1 = 28; AvgPool2d(2) halves; Conv2d(6, 16, 5): 14 − 5 + 1 = 10; pool 5; Flatten folded; Linear 120, 84, 10.
    assert.deepEqual(stagesOf('lenet_sequential.py')?.map((s) => s.label),
      ['INPUT: 1@28×28', 'C1: 6@28×28', 'S2: 6@14×14', 'C3: 16@10×10', 'S4: 16@5×5', 'F5: 120', 'F6: 84', 'F7: 10']);
  });

  it('reads 3-D video [N, C, T, H, W] as C@T×H×W (Conv3d(3, 16, 3, padding 1) on 3×8×32×32 → 16@8×32×32)', () => {
    const labels = stagesOf('video_conv3d.py')?.map((s) => s.label);
    assert.deepEqual(labels?.slice(0, 3), ['INPUT: 3@8×32×32', 'C1: 16@8×32×32', 'S2: 16@8×16×16']);
  });

  it('leaves out a module forward never calls (the notebook\'s loss_fn), so the course\'s LeNet is still drawn as the paper', () => {
    // notebook_lenet.py: Conv2d(1, 6, 5, padding 2) + BN + sigmoid, AvgPool 2, Dropout, Conv2d(6, 16, 5) + BN + sigmoid,
    // AvgPool 2, Flatten, then Linear 400→120, 120→84, 84→10 (with BatchNorm1d, sigmoid, dropout folded); loss_fn is a
    // registered CrossEntropyLoss that forward never calls.
    assert.deepEqual(stagesOf('notebook_lenet.py')?.map((s) => s.label),
      ['INPUT: 1@28×28', 'C1: 6@28×28', 'S2: 6@14×14', 'C3: 16@10×10', 'S4: 16@5×5', 'F5: 120', 'F6: 84', 'F7: 10']);
  });
});
