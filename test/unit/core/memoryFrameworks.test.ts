// The framework memory models (issue #13) against what the frameworks measured: TF.js 4.22 on the cpu backend and
// PyTorch 1.13 on the CPU for the memory corpus (test/fixtures/memory-truth, recorded by scripts/measure/*), PyTorch
// 2.11 on an H200 with cuDNN off for two of its networks (copied into cuda-peaks.json with its provenance). Goals:
// tfjs and pytorch-cpu within ±10%, pytorch-cuda within ±15%. Where a model is outside, the test names it in
// KNOWN_GAPS with the measured ratio and why, and asserts that ratio (so a change either way shows up).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { analyzeModel, analyzeModelText } from '../../../src/core/analyzeModel';
import { analyzePyTorchSource } from '../../../src/core/formats/pytorch';
import { lenetModelIR } from '../../../src/core/lenet';
import type { Analysis, OptimizerName } from '../../../src/core/analysisResult';
import { computeMemory, computeMemoryDetail, maxBatchThatFits, type MemoryLayer, type MemoryOptions } from '../../../src/core/memory';
import { TFJS_UPDATE_TEMPORARIES } from '../../../src/core/memory/optimizerUpdate';
import { pytorchDropout } from '../../../src/core/layers/pytorchCosts';

const ROOT = join(__dirname, '..', '..', '..');
const read = (p: string) => JSON.parse(readFileSync(join(ROOT, p), 'utf8'));

interface CorpusEntry { name: string; file?: string; builtin?: string; batchSizes: number[]; pytorchExtraBatchSizes?: number[] }
interface Peaks { training?: { peakBytes: number }; inference: { peakBytes: number } }
const index: { models: CorpusEntry[] } = read('test/fixtures/memory-corpus/index.json');
const tfjsTruth: { models: Record<string, { trainingError: string | null; batches: Record<string, Peaks> }> } = read('test/fixtures/memory-truth/tfjs-peaks.json');
const torchTruth: { models: Record<string, { batches: Record<string, Peaks> }> } = read('test/fixtures/memory-truth/pytorch-cpu-peaks.json');
const cudaTruth: { networks: Record<string, string>; rows: { network: string; corpusModel: string; batch: number; training: number; inference: number }[] } = read('test/fixtures/memory-truth/cuda-peaks.json');

const analyses = new Map<string, Analysis>();
function analysisOf(entry: CorpusEntry): Analysis {
  let a = analyses.get(entry.name);
  if (!a) {
    a = entry.builtin === 'lenet' ? analyzeModel(lenetModelIR()) : analyzeModelText(readFileSync(join(ROOT, entry.file!), 'utf8')).analysis!;
    analyses.set(entry.name, a);
  }
  return a;
}

/**
 * Models outside the goal, each with the ratio ours / measured it has today (asserted to ±2%) and why. Keyed
 * `framework/model/what`.
 */
const KNOWN_GAPS: Record<string, { ratio: number; why: string }> = {};

function check(key: string, ours: number, measured: number, tolerance: number): void {
  const ratio = ours / measured;
  const gap = KNOWN_GAPS[key] ?? KNOWN_GAPS[key.replace(/\/\d+\//, '/')];
  if (gap) {
    assert.ok(Math.abs(ratio - gap.ratio) <= 0.02 * gap.ratio, `${key}: ours/measured ${ratio.toFixed(3)}, known gap says ${gap.ratio} (${gap.why})`);
    return;
  }
  assert.ok(Math.abs(ratio - 1) <= tolerance, `${key}: ours ${ours} B, measured ${measured} B (${((ratio - 1) * 100).toFixed(1)}%, goal ±${tolerance * 100}%)`);
}

const opts = (batch: number, framework: MemoryOptions['framework'], device?: MemoryOptions['device']): MemoryOptions =>
  ({ batchSize: batch, dtype: 'float32', optimizer: 'adam', framework, ...(device ? { device } : {}) });

describe('framework memory models against measured peaks (issue #13)', () => {
  describe('tfjs: TF.js 4.22 cpu backend, one trainOnBatch (Adam) and one predict, ±10%', () => {
    for (const entry of index.models) {
      const measured = tfjsTruth.models[entry.name];
      if (!measured) continue;
      for (const batch of entry.batchSizes) {
        const truth = measured.batches[String(batch)];
        if (!truth) continue;
        it(`${entry.name} at batch ${batch}`, () => {
          const m = computeMemoryDetail(analysisOf(entry).layers, opts(batch, 'tfjs'));
          assert.equal(m.framework, 'tfjs');
          check(`tfjs/${entry.name}/${batch}/inference`, m.inferencePeakBytes, truth.inference.peakBytes, 0.1);
          if (measured.trainingError === null && truth.training) check(`tfjs/${entry.name}/${batch}/training`, m.trainingPeakBytes, truth.training.peakBytes, 0.1);
        });
      }
    }
  });

  describe('pytorch (cpu): PyTorch 1.13 CPU, one Adam step and one inference, ±10%', () => {
    for (const entry of index.models) {
      const measured = torchTruth.models[entry.name];
      if (!measured) continue;
      for (const batch of [...entry.batchSizes, ...(entry.pytorchExtraBatchSizes ?? [])]) {
        const truth = measured.batches[String(batch)];
        if (!truth) continue;
        it(`${entry.name} at batch ${batch}`, () => {
          const m = computeMemoryDetail(analysisOf(entry).layers, opts(batch, 'pytorch', 'cpu'));
          assert.equal(m.device, 'cpu');
          // A branched network's inference is a range (Python references the layers do not show): the measured peak
          // lies in it, ±10%. The PyTorch equivalents of functional-branches (a local `stem`) and mobilenetv2-ish (each
          // block's `x`, the Sequential call's argument) hold tensors past their last use: measured 1.16× and 1.20×
          // the low end, exactly the bytes of those tensors at the peak.
          const range = m.inferencePeakRange;
          if (range) {
            const measured = truth.inference.peakBytes;
            assert.ok(measured >= range.lowBytes * 0.9 && measured <= range.highBytes * 1.1, `inference: measured ${measured} B, ours ${range.lowBytes}…${range.highBytes} B`);
            assert.match(range.why, /Python local/);
          } else check(`pytorch-cpu/${entry.name}/${batch}/inference`, m.inferencePeakBytes, truth.inference.peakBytes, 0.1);
          check(`pytorch-cpu/${entry.name}/${batch}/training`, m.trainingPeakBytes, truth.training!.peakBytes, 0.1);
        });
      }
    }
  });

  describe('pytorch (cuda): PyTorch 2.11 on an H200, cuDNN off, ±15% of the figure or of its range', () => {
    for (const row of cudaTruth.rows) {
      it(`${row.network} at batch ${row.batch}`, () => {
        const entry = index.models.find((m) => m.name === row.corpusModel)!;
        const m = computeMemoryDetail(analysisOf(entry).layers, opts(row.batch, 'pytorch'));
        assert.equal(m.device, 'cuda');
        // The measured peak lies within the range widened by 15% (the range: cuBLAS workspaces a fresh process makes).
        for (const [what, low, high, truth] of [
          ['training', m.trainingPeakBytes, m.trainingPeakRange?.highBytes ?? m.trainingPeakBytes, row.training],
          ['inference', m.inferencePeakBytes, m.inferencePeakRange?.highBytes ?? m.inferencePeakBytes, row.inference],
        ] as const) {
          assert.ok(truth >= low * 0.85 && truth <= high * 1.15, `${row.network} ${row.batch} ${what}: measured ${truth} B, ours ${low}…${high} B`);
        }
      });
    }
  });
});

describe('pytorch model on PyTorch source (the static engine), against the CUDA truth, ±15% of the range', () => {
  // The truth file's own nn.Sequential text, analysed as a PyTorch file: the torch catalogue's classes get what
  // autograd saves by class (frameworkCosts.ts). The memory walk PyTorch files build (formats/pytorch/traceToAnalysis.ts)
  // passes output shapes, buffers and in-place writes, so CUDA's conv column buffers are counted (without them
  // seed_ram_cnn batch 1 inference's range ended at 0.776 of the measured peak).
  const networks = cudaTruth.networks;
  const gaps: Record<string, number> = {};
  for (const row of cudaTruth.rows) {
    it(`${row.network} at batch ${row.batch}`, () => {
      const source = `import torch.nn as nn\nmodel = ${networks[row.network]}\n`;
      const inputShape = row.network === 'notebook_lenet' ? [1, 28, 28] : [3, 200, 300];
      const { analysis } = analyzePyTorchSource(source, { inputShape, batchSize: row.batch, dtype: 'float32', optimizer: 'adam' });
      const m = analysis.memory;
      assert.equal(m.framework, 'pytorch');
      for (const [what, low, high, truth] of [
        ['training', m.trainingPeakBytes, m.trainingPeakRange?.highBytes ?? m.trainingPeakBytes, row.training],
        ['inference', m.inferencePeakBytes, m.inferencePeakRange?.highBytes ?? m.inferencePeakBytes, row.inference],
      ] as const) {
        const gap = gaps[`${row.network}/${row.batch}/${what}`];
        if (gap) assert.ok(Math.abs(high / truth - gap) <= 0.02 * gap, `${row.network} ${row.batch} ${what}: high/measured ${(high / truth).toFixed(3)}, known gap ${gap}`);
        else assert.ok(truth >= low * 0.85 && truth <= high * 1.15, `${row.network} ${row.batch} ${what}: measured ${truth} B, ours ${low}…${high} B`);
      }
    });
  }
});

describe('framework memory models: what they report', () => {
  const lenet = analyzeModel(lenetModelIR()).layers;

  it('every figure is whole bytes: a rule\'s fitted per-step coefficients (TF.js GRU backward 1.67·f) count whole elements', () => {
    // Found by the fuzz suite (test/unit/fuzz/modelFiles.test.ts, seed 10001): a GRU of 2 units over 5 steps of 4
    // features at batch 3 made 5 · 3 · 1.67 · 4 = 100.2 elements of gradients, a trainingPeakBytes of 15477.2.
    const gru = analyzeModelText('{"class_name":"Sequential","config":{"name":"s","layers":[{"class_name":"GRU","config":{"name":"g","units":2,"input_shape":[5,4]}}]}}').analysis!.layers;
    for (const framework of ['tfjs', 'pytorch'] as const) {
      for (let batch = 1; batch <= 8; batch++) {
        const m = computeMemoryDetail(gru, opts(batch, framework, 'cpu'));
        for (const [what, bytes] of [['training', m.trainingPeakBytes], ['inference', m.inferencePeakBytes], ...m.derivation!.map((t) => [t.label, t.bytes] as const)] as const) {
          assert.ok(Number.isInteger(bytes), `${framework} batch ${batch} ${what}: ${bytes} B`);
        }
      }
    }
  });

  it('pytorch: a convolution handed a slice of torch.cat\'s gradient copies it (functional-merges: sum(left, right) and stem concatenated)', () => {
    const merges = index.models.find((m) => m.name === 'functional-merges')!;
    const copyTerm = (batch: number, device: MemoryOptions['device']) => computeMemoryDetail(analysisOf(merges).layers, opts(batch, 'pytorch', device))
      .derivation!.find((t) => t.label.startsWith('contiguous copy'));
    // The add's gradient is channels 0–15 of the [N, 32, 16, 16] concatenation's: left and right each copy an
    // [N, 16, 16, 16] float32 slice (measured: aten::contiguous, 262,144 B at N = 16, before each ConvolutionBackward0).
    assert.equal(copyTerm(16, 'cpu')?.bytes, 16 * 16 * 16 * 16 * 4);
    assert.equal(copyTerm(64, 'cpu')?.bytes, 64 * 16 * 16 * 16 * 4);
    // CUDA's native kernels copy too (grad_output.expect_contiguous()), whole 512-B blocks: 262,144 is one.
    assert.equal(copyTerm(16, 'cuda')?.bytes, 16 * 16 * 16 * 16 * 4);
    // At N = 1 a channel slice of [1, 32, 16, 16] is contiguous (PyTorch's layout, though the Keras file is channels-last).
    assert.equal(copyTerm(1, 'cpu'), undefined);
    // The same network written in PyTorch (the corpus's equivalent), through the static engine: the same figure.
    const source = [
      'import torch', 'import torch.nn as nn', 'import torch.nn.functional as F',
      'class FunctionalMerges(nn.Module):', '    def __init__(self):', '        super().__init__()',
      '        self.stem = nn.Conv2d(3, 16, 3, stride=2, padding=1)', '        self.left = nn.Conv2d(16, 16, 3, padding=1)',
      '        self.right = nn.Conv2d(16, 16, 3, padding=1, groups=16)', '        self.logits = nn.Linear(32, 10)',
      '    def forward(self, image):', '        stem = self.stem(image)',
      '        joined = torch.cat([self.left(stem) + self.right(stem), stem], dim=1)',
      '        return self.logits(F.adaptive_avg_pool2d(joined, 1).flatten(1))', '',
    ].join('\n');
    const fromSource = analyzePyTorchSource(source, { inputShape: [3, 32, 32], batchSize: 16, dtype: 'float32', optimizer: 'adam', device: 'cpu' }).analysis.memory;
    const fromKeras = computeMemoryDetail(analysisOf(merges).layers, opts(16, 'pytorch', 'cpu'));
    assert.equal(fromSource.trainingPeakBytes, fromKeras.trainingPeakBytes);
    assert.equal(fromSource.derivation!.find((t) => t.label.startsWith('contiguous copy'))?.bytes, 16 * 16 * 16 * 16 * 4);
  });

  it('TF.js/Keras layers default to tfjs, PyTorch semantics to pytorch on cuda; the ideal figure stays beside them', () => {
    const tfjsDefault = computeMemory(lenet, { batchSize: 16, dtype: 'float32', optimizer: 'adam' });
    const ideal = computeMemory(lenet, { batchSize: 16, dtype: 'float32', optimizer: 'adam', framework: 'idealAutograd' });
    assert.equal(tfjsDefault.framework, 'tfjs');
    assert.deepEqual(tfjsDefault.idealAutograd, { inferencePeakBytes: ideal.inferencePeakBytes, trainingPeakBytes: ideal.trainingPeakBytes });
    assert.equal(ideal.framework, 'idealAutograd');
    assert.equal(ideal.idealAutograd, undefined);
    // Every term has its reason, and the training terms that live at TF.js's backward peak add up to it.
    assert.ok(tfjsDefault.derivation!.every((t) => t.why.length > 0 && Number.isFinite(t.bytes)));
    const pytorch = computeMemory(lenet, { batchSize: 16, dtype: 'float32', optimizer: 'adam', framework: 'pytorch' });
    assert.equal(pytorch.device, 'cuda');
    assert.ok(pytorch.assumptions!.some((a) => a.includes('512 B')));
  });

  it('cuda rounds every allocation to 512 B: a 1-sample Dense chain in PyTorch, hand-derived', () => {
    // input [1,3] → Dense(2, sgd): weights 3·2 + 2 = 8 floats = 32 B (not rounded: allocated before, not by the step).
    // inference: weights 32 + input 12 B → 512 + output 8 B → 512: 32 + 512 + 512 = 1056.
    const layers: MemoryLayer[] = [
      { name: 'x', className: 'InputLayer', params: 0, trainableParams: 0, outputElementsPerSample: 3, inputShapes: [], inboundLayers: [] },
      { name: 'd', className: 'Dense', params: 8, trainableParams: 8, outputElementsPerSample: 2, inputShapes: [[null, 3]], inboundLayers: ['x'] },
    ];
    const cuda = computeMemoryDetail(layers, { batchSize: 1, dtype: 'float32', optimizer: 'sgd', framework: 'pytorch', device: 'cuda' });
    assert.equal(cuda.inferencePeakBytes, 32 + 512 + 512);
    const cpu = computeMemoryDetail(layers, { batchSize: 1, dtype: 'float32', optimizer: 'sgd', framework: 'pytorch', device: 'cpu' });
    assert.equal(cpu.inferencePeakBytes, 32 + 12 + 8);
  });

  it('an in-place activation in PyTorch allocates no output (ReLU(inplace=True))', () => {
    const chain = (inplace: boolean): MemoryLayer[] => [
      { name: 'x', className: 'InputLayer', params: 0, trainableParams: 0, outputElementsPerSample: 100, inputShapes: [], inboundLayers: [] },
      { name: 'd', className: 'Dense', params: 1010, trainableParams: 1010, outputElementsPerSample: 10, inputShapes: [[null, 100]], inboundLayers: ['x'] },
      { name: 'r', className: 'ReLU', params: 0, trainableParams: 0, outputElementsPerSample: 10, inputShapes: [[null, 10]], inboundLayers: ['d'], inplace },
      { name: 'o', className: 'Dense', params: 11, trainableParams: 11, outputElementsPerSample: 1, inputShapes: [[null, 10]], inboundLayers: ['r'] },
    ];
    const o = { batchSize: 1000, dtype: 'float32', optimizer: 'sgd', framework: 'pytorch', device: 'cpu' } as const;
    // Out of place, the inference peak is at r: the input (100 floats × 1000 = 400,000 B), d's and r's outputs
    // (40,000 B each) = 480,000 B. In place, r's output is d's storage: at r 440,000 B, and at o that storage, the
    // input and o's output (4,000 B) = 444,000 B, the new peak: 36,000 B less (weights the same in both).
    const outOfPlace = computeMemoryDetail(chain(false), o);
    const inPlace = computeMemoryDetail(chain(true), o);
    assert.equal(outOfPlace.inferencePeakBytes - outOfPlace.parameterBytes, 480_000);
    assert.equal(inPlace.inferencePeakBytes - inPlace.parameterBytes, 444_000);
  });
});

describe('optimizer update temporaries: TF.js 4.22 applyGradients, re-measured (cpu backend)', function () {
  this.timeout(60000);
  before(async () => {
    await tf.setBackend('cpu');
  });
  for (const name of Object.keys(TFJS_UPDATE_TEMPORARIES) as OptimizerName[]) {
    it(`${name}: ${TFJS_UPDATE_TEMPORARIES[name]} × the trainable bytes, ±1%`, () => {
      const make: Record<OptimizerName, () => tf.Optimizer> = {
        sgd: () => tf.train.sgd(0.1), momentum: () => tf.train.momentum(0.1, 0.9), rmsprop: () => tf.train.rmsprop(0.1), adam: () => tf.train.adam(0.1),
        adamax: () => tf.train.adamax(0.1), adagrad: () => tf.train.adagrad(0.1), adadelta: () => tf.train.adadelta(0.1),
      };
      const opt = make[name]();
      const vars = [tf.variable(tf.randomNormal([1000, 100], 0, 1, 'float32', 1)), tf.variable(tf.randomNormal([500], 0, 1, 'float32', 2))];
      const grads = () => ({ [vars[0].name]: tf.randomNormal([1000, 100], 0, 1, 'float32', 3), [vars[1].name]: tf.randomNormal([500], 0, 1, 'float32', 4) });
      const first = grads();
      opt.applyGradients(first); // makes the state
      tf.dispose(Object.values(first));
      const g = grads();
      const state = (tf.engine() as unknown as { state: { numBytes: number } }).state;
      let current = state.numBytes;
      const start = current;
      let peak = current;
      Object.defineProperty(state, 'numBytes', { configurable: true, get: () => current, set: (v: number) => { current = v; peak = Math.max(peak, v); } });
      try {
        opt.applyGradients(g);
      } finally {
        delete (state as { numBytes?: number }).numBytes;
        state.numBytes = current;
      }
      const trainableBytes = (100_000 + 500) * 4;
      const multiple = (peak - start) / trainableBytes;
      assert.ok(Math.abs(multiple - TFJS_UPDATE_TEMPORARIES[name]) <= 0.01 * TFJS_UPDATE_TEMPORARIES[name] + 0.02, `${name}: measured ${multiple.toFixed(3)}×`);
      tf.dispose(Object.values(g));
      vars.forEach((v) => v.dispose());
      opt.dispose();
    });
  }
});

describe('pytorch (cpu): one oneDNN convolution against its measured allocations (PyTorch 1.13, AVX-512)', () => {
  // test/fixtures/memory-truth/pytorch-conv-allocations.json (scripts/measure/pytorch_conv_allocations.py): the peak of
  // the CPU allocator's running total during one no_grad Conv2d call, above the weights and the input.
  const measured: { cases: Record<string, { conv: { in: number; out: number; kernel: number; stride: number; padding: number; groups: number; bias: boolean };
    input: number[]; windowPeakBytes: number }> } = read('test/fixtures/memory-truth/pytorch-conv-allocations.json');
  for (const [name, c] of Object.entries(measured.cases)) {
    // ±2%: the model counts the weights' blocked copy through the whole call; oneDNN frees it before the output's copy.
    it(`${name}: ${c.windowPeakBytes} B measured, ±2%`, () => {
      const [batch, cIn, h, w] = c.input;
      // PyTorch's output size: floor((n + 2p − k) / s) + 1 per spatial axis.
      const size = (n: number) => Math.floor((n + 2 * c.conv.padding - c.conv.kernel) / c.conv.stride) + 1;
      const out = [null, c.conv.out, size(h), size(w)];
      const params = c.conv.out * (c.conv.in / c.conv.groups) * c.conv.kernel ** 2 + (c.conv.bias ? c.conv.out : 0);
      const layers: MemoryLayer[] = [
        { name: 'x', className: 'InputLayer', params: 0, trainableParams: 0, outputElementsPerSample: cIn * h * w, inputShapes: [], inboundLayers: [], outputShapes: [[null, cIn, h, w]] },
        { name: 'conv', className: 'Conv2d', params, trainableParams: params, outputElementsPerSample: c.conv.out * size(h) * size(w), inputShapes: [[null, cIn, h, w]], inboundLayers: ['x'], outputShapes: [out] },
      ];
      const m = computeMemoryDetail(layers, { batchSize: batch, dtype: 'float32', optimizer: 'sgd', framework: 'pytorch', device: 'cpu', semantics: 'pytorch' });
      const ours = m.inferencePeakBytes - params * 4 - batch * cIn * h * w * 4;
      assert.ok(Math.abs(ours / c.windowPeakBytes - 1) <= 0.02, `ours ${ours} B, measured ${c.windowPeakBytes} B`);
    });
  }
});

describe('pytorch: dropout saves by device (B2\'s grid: nn.Dropout(0.3) on [2, 8] saves one new float32 [2, 8] on the CPU)', () => {
  it('cpu: the float noise (4 B per element in float32); cuda: native_dropout\'s bool mask (1 B)', () => {
    const geometry = (device: 'cpu' | 'cuda') => ({ device, input: 8, output: 8, weights: 0, inputShapes: [[null, 8]] });
    const cpu = pytorchDropout(geometry('cpu'));
    const cuda = pytorchDropout(geometry('cuda'));
    assert.equal(cpu.saved.perSample, 8);
    assert.equal(cpu.savedBytesPerElement, undefined); // the model's dtype
    assert.equal(cuda.saved.perSample, 8);
    assert.equal(cuda.savedBytesPerElement, 1);
  });
});

describe('fidelity check: causal Conv1D (TF.js declares a shape it cannot run)', function () {
  this.timeout(60000);
  it('stride 2, kernel 7 on length 100: TF.js says 47 and throws in predict, Keras computes 50; the warning names all three', async () => {
    await tf.setBackend('cpu');
    const model = tf.sequential({ layers: [tf.layers.conv1d({ inputShape: [100, 3], filters: 4, kernelSize: 7, strides: 2, padding: 'causal' })] });
    // TF.js's own figures, measured here.
    assert.deepEqual(model.outputShape, [null, 47, 4]);
    assert.throws(() => model.predict(tf.zeros([1, 100, 3])), /The support for CAUSAL padding mode in conv1dWithBias is not implemented yet/);
    // Keras: pad (7 − 1) = 6 on the left: floor((100 + 6 − 7) / 2) + 1 = 50.
    const { analysis } = analyzeModelText(JSON.stringify({ modelTopology: model.toJSON(null, false) }));
    const conv = analysis!.layers.find((l) => l.className === 'Conv1D')!;
    assert.deepEqual(conv.outputShapes, [[null, 50, 4]]);
    const warning = analysis!.diagnostics.find((d) => d.severity === 'warning' && d.message.includes('causal'));
    assert.ok(warning, 'a warning on the causal layer');
    for (const fact of ['47', 'The support for CAUSAL padding mode in conv1dWithBias is not implemented yet', '50']) assert.ok(warning.message.includes(fact), `${warning.message} names ${fact}`);
    model.dispose();
  });
});

describe('max batch that fits a device', () => {
  const layers = analyzeModel(lenetModelIR()).layers;
  for (const framework of ['tfjs', 'pytorch'] as const) {
    // PyTorch on cuda answers with the high end of its range (two 32 MiB cuBLAS workspaces): a device of 100 MB.
    const device = framework === 'tfjs' ? 8_000_000 : 100_000_000;
    it(`${framework}: the answer's peak fits and one more sample does not (${device / 1e6} MB device, LeNet)`, () => {
      const o = { dtype: 'float32', optimizer: 'adam', framework } as const;
      const answer = maxBatchThatFits(layers, o, device);
      for (const what of ['training', 'inference'] as const) {
        const { batch, peakBytes } = answer[what];
        assert.ok(batch !== null && batch > 0, `${what}: ${batch}`);
        const at = (b: number) => {
          const d = computeMemoryDetail(layers, { ...o, batchSize: b });
          return what === 'training' ? (d.trainingPeakRange?.highBytes ?? d.trainingPeakBytes) : (d.inferencePeakRange?.highBytes ?? d.inferencePeakBytes);
        };
        assert.equal(peakBytes, at(batch));
        assert.ok(at(batch) <= device && at(batch + 1) > device, `${what}: batch ${batch}`);
      }
      assert.ok(answer.training.batch! < answer.inference.batch!);
    });
  }

  it('not even one sample: batch 0; unknown sizes: null', () => {
    assert.equal(maxBatchThatFits(layers, { dtype: 'float32', optimizer: 'adam' }, 1000).training.batch, 0);
    const unknown: MemoryLayer[] = [{ name: 'u', className: 'Dense', params: 4, trainableParams: 4, outputElementsPerSample: null, inputShapes: [[null, 3]], inboundLayers: [] }];
    assert.equal(maxBatchThatFits(unknown, { dtype: 'float32', optimizer: 'adam' }, 1e9).training.batch, null);
  });
});
