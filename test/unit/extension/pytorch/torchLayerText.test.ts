// The PyTorch faces' text: shapes in PyTorch's notation, hints for one and for many modules, buffers apart from
// parameters, the engine label and the CodeLens totals.
import { strict as assert } from 'node:assert';
import {
  elementsPerSample, engineLabel, formatTorchShape, hoverMarkdown, inlayHintText, lensTitle,
} from '../../../../src/extension/pytorch/faces/torchLayerText';

describe('torchLayerText', () => {
  it('shapes: the batch is N wherever it is; without a known input only axis 0 is the batch', () => {
    assert.equal(formatTorchShape([null, 6, 28, 28]), '[N, 6, 28, 28]');
    assert.equal(formatTorchShape([4, null, 64]), '[4, N, 64]'); // a GRU's h_n
    assert.equal(formatTorchShape([null, 6, null, null], false), '[N, 6, ?, ?]');
    assert.equal(formatTorchShape(null), '?');
  });

  it('elements per sample: the one null is the batch; more than one null is unknown', () => {
    assert.equal(elementsPerSample([null, 6, 28, 28]), 4704);
    assert.equal(elementsPerSample([4, null, 64]), 256);
    assert.equal(elementsPerSample([null, 6, null, null], false), null);
    assert.equal(elementsPerSample([null, null, 3]), null);
  });

  it('hints: one module; a block built 8 times with different sizes shows the first and the last', () => {
    assert.equal(inlayHintText([{ outputShapes: [[null, 6, 28, 28]], params: 156 }], true, 'modules'), '→ [N, 6, 28, 28] · 156 params');
    assert.equal(inlayHintText([{ outputShapes: [[null, 1]], params: 1 }], true, 'modules'), '→ [N, 1] · 1 param');
    assert.equal(inlayHintText([{ outputShapes: null, params: 0 }], true, 'modules'), '→ not called · 0 params');
    const blocks = [
      { outputShapes: [[null, 64, 56, 56]], params: 36864 },
      { outputShapes: [[null, 64, 56, 56]], params: 36864 },
      { outputShapes: [[null, 512, 7, 7]], params: 2359296 },
    ];
    assert.equal(inlayHintText(blocks, true, 'modules'), '→ [N, 64, 56, 56] … [N, 512, 7, 7] · 36,864 … 2,359,296 params (3 modules)');
    assert.equal(inlayHintText([{ outputShapes: [[null, 10]] }, { outputShapes: [[null, 10]] }], true, 'calls'), '→ [N, 10] (2 calls)');
  });

  it('hover: buffers apart from parameters, frozen parameters named, the engine in the title', () => {
    const md = hoverMarkdown({
      name: 'features.1', className: 'BatchNorm2d',
      inputShapes: [[null, 16, 8, 8]], outputShapes: [[null, 16, 8, 8]],
      trainableParams: 32, nonTrainableParams: 0,
      parameters: [{ name: 'weight', shape: [16] }, { name: 'bias', shape: [16] }],
      buffers: [{ name: 'running_mean', shape: [16], dtype: 'float32' }, { name: 'running_var', shape: [16], dtype: 'float32' }, { name: 'num_batches_tracked', shape: [], dtype: 'int64' }],
      macs: 1024, outputBytesPerSample: 4096, derivation: ['y = (x − mean) / sqrt(var + eps) · γ + β'], callCount: 1,
    }, { batchSize: 10, dtype: 'float32', inputKnown: true, engine: engineLabel({ engine: 'static' }), problems: [] });
    assert.ok(md.startsWith('**features\\.1** · `BatchNorm2d` · static analysis \\(no code run\\)'), md);
    // 16 + 16 + 1 buffer elements.
    assert.ok(md.includes('| Buffers | 33 elements, not trained — running\\_mean `[16]`, running\\_var `[16]`, num\\_batches\\_tracked `[]` |'), md);
    assert.ok(md.includes('| Parameters | 32 trainable — weight `[16]`, bias `[16]` |'), md);
    assert.ok(md.includes('4.00 KiB per sample · 40.0 KiB per batch of 10 (float32)'), md);
    assert.ok(md.includes('```text\ny = (x − mean) / sqrt(var + eps) · γ + β\n```'), md);
  });

  it('the CodeLens totals: params, MACs, training memory at the configured batch, the PyTorch version when exact', () => {
    const totals = { params: 61706, macs: 416520, trainingPeakBytes: 3 * 1024 * 1024, batchSize: 100, optimizer: 'adam', dtype: 'float32', framework: 'pytorch', device: 'cuda' } as const;
    assert.equal(lensTitle(totals, 'static'), '61,706 params · 417 k MACs · training ≈ 3.00 MiB for PyTorch 2.x · CUDA at batch 100 (adam, float32)');
    assert.equal(lensTitle(totals, 'pytorch', '1.13.1'), '61,706 params · 417 k MACs · training ≈ 3.00 MiB for PyTorch 2.x · CUDA at batch 100 (adam, float32) · PyTorch 1.13.1');
    assert.equal(lensTitle({ ...totals, framework: 'tfjs' }, 'static'), '61,706 params · 417 k MACs · training ≈ 3.00 MiB for TF.js 4.x at batch 100 (adam, float32)');
    assert.equal(lensTitle({ ...totals, params: null, macs: null, trainingPeakBytes: NaN }, 'static'), '? params · ? MACs · training ? at batch 100 (adam, float32)');
  });
});
