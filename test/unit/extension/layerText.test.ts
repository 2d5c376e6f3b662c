// The exact words the editor shows for a layer. The numbers in this fixture are the notebook's C1 layer
// (conv 6@5×5, padding 2, on 28×28×1), derived here by hand:
//   params = 5·5·1·6 + 6 = 156;  MACs = 28·28·6 outputs × 5·5·1 products = 117,600;
//   output elements = 28·28·6 = 4,704 → 18,816 bytes in float32 = 18.4 KiB; × batch 100 = 1,881,600 B = 1.79 MiB.
import * as assert from 'node:assert';
import type { LayerAnalysis, MemoryBreakdown } from '../../../src/core/analysisResult';
import { hoverMarkdown, inlayHintText, totalsLensTitle } from '../../../src/extension/inspector/layerText';

const c1: LayerAnalysis = {
  name: 'conv2d_C1',
  className: 'Conv2D',
  path: ['modelTopology', 'config', 'layers', 0],
  inputShapes: [[null, 28, 28, 1]],
  outputShapes: [[null, 28, 28, 6]],
  params: 156,
  trainableParams: 156,
  nonTrainableParams: 0,
  macs: 117_600,
  outputElementsPerSample: 4_704,
  outputBytesPerSample: 18_816,
  derivation: ['H_out = floor((28 + 2 + 2 - 5) / 1) + 1 = 28'],
  inboundLayers: ['input'],
};

describe('layer text in the editor', () => {
  it('inlay hint: output shape and parameters', () => {
    assert.strictEqual(inlayHintText(c1), '→ [null, 28, 28, 6] · 156 params');
    assert.strictEqual(inlayHintText({ ...c1, outputShapes: [null], params: null }), '→ ? · ? params');
    assert.strictEqual(inlayHintText({ ...c1, params: 1 }), '→ [null, 28, 28, 6] · 1 param');
  });

  it('hover: shapes, parameters, MACs, memory per sample and batch, derivation, problems, dashboard link', () => {
    const text = hoverMarkdown(c1, { batchSize: 100, dtype: 'float32', diagnostics: [{ severity: 'warning', message: 'a warning', path: [] }], dashboardLink: 'command:lenet.inspectModel?x' });
    assert.match(text, /^\*\*conv2d\\_C1\*\* · `Conv2D`/);
    assert.ok(text.includes('`[null, 28, 28, 1]` → `[null, 28, 28, 6]`'));
    assert.ok(text.includes('| Parameters | 156 (trainable 156, non-trainable 0) |'));
    assert.ok(text.includes('| MACs | 117,600 per sample |'));
    assert.ok(text.includes('| Output memory | 18.4 KiB per sample · 1.79 MiB per batch of 100 (float32) |'), text);
    assert.ok(text.includes('```text\nH_out = floor((28 + 2 + 2 - 5) / 1) + 1 = 28\n```'));
    assert.ok(text.includes('**Warning:** a warning'), text);
    assert.ok(text.endsWith('[Open in CNN Explorer dashboard](command:lenet.inspectModel?x)'));
  });

  it('says unknown instead of inventing numbers', () => {
    const text = hoverMarkdown({ ...c1, params: null, trainableParams: null, nonTrainableParams: null, macs: null, outputBytesPerSample: null, outputShapes: [null] }, { batchSize: 100, dtype: 'float32', diagnostics: [] });
    assert.ok(text.includes('| Parameters | unknown'));
    assert.ok(text.includes('| MACs | unknown |'));
    assert.ok(text.includes('| Output memory | ? per sample · ? per batch of 100 (float32) |'));
  });

  it('CodeLens title: totals and training memory at the configured batch and optimizer', () => {
    const memory: MemoryBreakdown = { batchSize: 100, dtype: 'float32', optimizer: 'adam', parameterBytes: 246_824, gradientBytes: 0, optimizerStateBytes: 0, activationBytes: 0, inferencePeakBytes: 0, trainingPeakBytes: 12 * 1024 * 1024 };
    assert.strictEqual(totalsLensTitle({ params: 61_706 }, { ...memory, framework: 'tfjs' }), 'CNN Explorer: 61,706 params · weights 241 KiB · training ≈ 12.0 MiB for TF.js 4.x at batch 100 (adam, float32)');
    assert.strictEqual(totalsLensTitle({ params: 61_706 }, { ...memory, framework: 'pytorch', device: 'cpu' }), 'CNN Explorer: 61,706 params · weights 241 KiB · training ≈ 12.0 MiB for PyTorch 2.x · CPU at batch 100 (adam, float32)');
    // A range (a term the model cannot predict) is shown as one; core's old lower bound is named as what it is.
    const range = { lowBytes: 12 * 1024 * 1024, highBytes: 14 * 1024 * 1024, why: 'cuDNN workspace' };
    assert.strictEqual(totalsLensTitle({ params: 61_706 }, { ...memory, framework: 'pytorch', trainingPeakRange: range }), 'CNN Explorer: 61,706 params · weights 241 KiB · training ≈ 12.0 MiB–14.0 MiB for PyTorch 2.x · CUDA at batch 100 (adam, float32)');
    assert.strictEqual(totalsLensTitle({ params: 61_706 }, { ...memory, framework: 'idealAutograd' }), 'CNN Explorer: 61,706 params · weights 241 KiB · training ≈ 12.0 MiB for ideal autograd (lower bound, for teaching) at batch 100 (adam, float32)');
  });
});
