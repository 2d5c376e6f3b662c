// Prints the memory models' figures for every model of the memory corpus next to what TF.js and PyTorch measured
// (test/fixtures/memory-truth): the table the memory tests assert, for looking at all of it at once.
//   npx tsx scripts/measure/compareMemoryModels.ts
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyzeModel, analyzeModelText } from '../../src/core/analyzeModel';
import { lenetModelIR } from '../../src/core/lenet';
import { computeMemoryDetail } from '../../src/core/memory/memoryModel';
import type { Analysis } from '../../src/core/analysisResult';

const ROOT = resolve(__dirname, '..', '..');
const read = (p: string) => JSON.parse(readFileSync(join(ROOT, p), 'utf8'));
const index = read('test/fixtures/memory-corpus/index.json');
const tfjs = read('test/fixtures/memory-truth/tfjs-peaks.json');
const torch = read('test/fixtures/memory-truth/pytorch-cpu-peaks.json');

function analysisOf(entry: { file?: string; builtin?: string }): Analysis {
  if (entry.builtin === 'lenet') return analyzeModel(lenetModelIR());
  const { analysis, diagnostics } = analyzeModelText(readFileSync(join(ROOT, entry.file!), 'utf8'));
  if (!analysis) throw new Error(diagnostics.map((d) => d.message).join('; '));
  return analysis;
}

const pct = (ours: number, truth: number | undefined) => (truth ? `${((ours / truth - 1) * 100).toFixed(1).padStart(6)}%` : '      -');
for (const entry of index.models) {
  const analysis = analysisOf(entry);
  const batches: number[] = [...entry.batchSizes, ...(entry.pytorchExtraBatchSizes ?? [])];
  for (const batch of batches) {
    const t = tfjs.models[entry.name]?.batches?.[batch];
    const p = torch.models[entry.name]?.batches?.[batch];
    const row = [entry.name.padEnd(26), String(batch).padStart(4)];
    for (const framework of ['tfjs', 'pytorch'] as const) {
      const truth = framework === 'tfjs' ? t : p;
      const m = computeMemoryDetail(analysis.layers, { batchSize: batch, dtype: 'float32', optimizer: 'adam', framework, device: 'cpu' });
      row.push(`${framework}: train ${pct(m.trainingPeakBytes, truth?.training?.peakBytes)} infer ${pct(m.inferencePeakBytes, truth?.inference?.peakBytes)}`);
    }
    console.log(row.join('  '));
  }
}

// The CUDA truth (H200, PyTorch 2.11, cuDNN off), with the cuda model and its range.
for (const r of torch.cudaComparison?.rows ?? []) {
  const entry = index.models.find((m: { name: string }) => m.name === r.corpusModel);
  const m = computeMemoryDetail(analysisOf(entry).layers, { batchSize: r.batch, dtype: 'float32', optimizer: 'adam', framework: 'pytorch', device: 'cuda' });
  const range = (low: number, high: number | undefined, truth: number) => `${pct(low, truth)}${high ? ` … ${pct(high, truth)}` : ''}`;
  console.log(`cuda ${r.corpusModel.padEnd(21)} ${String(r.batch).padStart(4)}  train ${range(m.trainingPeakBytes, m.trainingPeakRange?.highBytes, r.training.cudaCudnnOffPeakBytes)}  infer ${range(m.inferencePeakBytes, m.inferencePeakRange?.highBytes, r.inference.cudaCudnnOffPeakBytes)}`);
}
