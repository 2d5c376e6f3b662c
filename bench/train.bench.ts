// Training benchmark: the notebook's PyTorch pipeline (bench/pytorch_lenet.py, Debian's python3-torch) against this
// project's TF.js trainer, on the same full Fashion-MNIST, the same 50,000/10,000 split (seed 3, written to a file
// both read), the same hyper-parameters, in one run. Reports samples/s over training steps only, seconds per epoch,
// test accuracy, and the ratio; names machine, backend, thread counts and the load average (the machine is shared).
//   npx tsx bench/train.bench.ts [--preset notebook|tuned] [--epochs N] [--max-batches N] [--torch-threads default,2]
//                                [--backend auto|wasm|cpu] [--data-dir DIR]
// --max-batches limits the batches per epoch of both (a shorter benchmark, same work on each side).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { TrainingMessage } from '../src/protocol/training';
import { splitTrainValidation } from '../src/training/data/split';
import { resolveTrainingConfig, type PresetName } from '../src/training/trainer/presets';
import { runTraining } from '../src/training/trainer/runTraining';

const { values } = parseArgs({
  options: {
    preset: { type: 'string', default: 'notebook' },
    epochs: { type: 'string', default: '1' },
    'max-batches': { type: 'string' },
    'torch-threads': { type: 'string', default: 'default' },
    backend: { type: 'string', default: 'auto' },
    'data-dir': { type: 'string', default: '/usr/share/datasets/fashion-mnist' },
  },
});

const PYTHON = '/usr/bin/python3';
const preset = values.preset as PresetName;
const epochs = Number(values.epochs);
const maxBatches = values['max-batches'] !== undefined ? Number(values['max-batches']) : undefined;
const config = resolveTrainingConfig(preset, { epochs, backend: values.backend });
const dataDir = values['data-dir'] as string;

interface SideResult {
  name: string;
  samplesPerSecond: number;
  secondsPerEpoch: number;
  testAccuracy: number;
  /** PyTorch only: accuracy the notebook's way (train mode, one batch of 10,000). */
  testAccuracyNotebook?: number;
  valAccuracy: number[];
  load: string;
}

const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' / ');

async function runPytorch(splitFile: string, threads: string): Promise<SideResult> {
  const args = [resolve(__dirname, 'pytorch_lenet.py'), '--data-dir', dataDir, '--split-file', splitFile,
    '--epochs', String(config.epochs), '--batch-size', String(config.batchSize), '--lr', String(config.learningRate),
    '--activation', config.activation, '--optimizer', config.optimizer, '--dropout', String(config.dropout)];
  if (maxBatches !== undefined) args.push('--max-batches', String(maxBatches));
  if (threads !== 'default') args.push('--threads', threads);
  const loadBefore = load();
  const events: Record<string, unknown>[] = [];
  await new Promise<void>((ok, fail) => {
    const p = spawn(PYTHON, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let buffer = '';
    p.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        events.push(JSON.parse(buffer.slice(0, nl)) as Record<string, unknown>);
        buffer = buffer.slice(nl + 1);
      }
    });
    p.on('error', (e) => fail(new Error(`${PYTHON} could not start (${e.message}); install python3-torch`)));
    p.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`pytorch_lenet.py exited with ${code}`))));
  });
  const started = events.find((e) => e.type === 'started') as { threads: number; torch: string };
  const done = events.find((e) => e.type === 'done') as { samplesPerSecond: number; trainSeconds: number; testAccuracyEval: number; testAccuracyNotebook: number };
  const epochEvents = events.filter((e) => e.type === 'epoch') as { valAccuracy: number }[];
  return {
    name: `PyTorch ${started.torch} (CPU, ${started.threads} thread${started.threads === 1 ? '' : 's'})`,
    samplesPerSecond: done.samplesPerSecond,
    secondsPerEpoch: done.trainSeconds / config.epochs,
    testAccuracy: done.testAccuracyEval,
    testAccuracyNotebook: done.testAccuracyNotebook,
    valAccuracy: epochEvents.map((e) => e.valAccuracy),
    load: `${loadBefore} → ${load()}`,
  };
}

async function runTfjs(): Promise<SideResult> {
  const out = mkdtempSync(join(tmpdir(), 'lenet-bench-'));
  const loadBefore = load();
  const messages: TrainingMessage[] = [];
  let lastPrint = 0;
  const outcome = await runTraining({
    runId: 'bench', config, outDir: join(out, 'run'), dataDir, systemDirs: [],
    // Same work as PyTorch's --max-batches: that many batches per epoch; validation and test stay complete.
    limits: maxBatches !== undefined ? { train: maxBatches * config.batchSize, validation: 10000 } : undefined,
    emit: (m) => {
      messages.push(m);
      if (m.type === 'log' || m.type === 'error') console.error(`[tfjs] ${m.type === 'log' ? m.text : m.message}`);
      if (m.type === 'epoch') console.error(`[tfjs] epoch ${m.epoch}: validation ${(100 * m.valAccuracy).toFixed(1)}%, ${m.samplesPerSecond.toFixed(0)} samples/s`);
    },
    onBatch: (p) => {
      if (Date.now() - lastPrint > 15000) {
        lastPrint = Date.now();
        console.error(`[tfjs] epoch ${p.epoch} batch ${p.batchesDone}/${p.batchesPerEpoch}, ${p.samplesPerSecond.toFixed(0)} samples/s`);
      }
    },
    shouldStop: () => false,
  });
  rmSync(out, { recursive: true, force: true });
  if (outcome.status !== 'done' || !outcome.metrics?.test) throw new Error(`TF.js run ended ${outcome.status}: ${outcome.error ?? ''}`);
  const m = outcome.metrics;
  const test = outcome.metrics.test;
  return {
    name: `TF.js ${m.environment.tfjs} (${m.backend}; ${m.backendDetails.details.filter((d) => /SIMD/.test(d)).join(', ')})`,
    samplesPerSecond: m.samplesPerSecond,
    secondsPerEpoch: m.trainSeconds / config.epochs,
    testAccuracy: test.accuracy,
    valAccuracy: m.history.epochs.map((e) => e.valAccuracy),
    load: `${loadBefore} → ${load()}`,
  };
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'lenet-split-'));
  const splitFile = join(tmp, 'split.json');
  const split = splitTrainValidation(60000, 10000, config.seed);
  writeFileSync(splitFile, JSON.stringify({ train: Array.from(split.train), validation: Array.from(split.validation) }));
  const batches = maxBatches ?? Math.ceil(50000 / config.batchSize);
  console.error(`LeNet-5 training benchmark: ${preset} recipe (${config.optimizer} lr ${config.learningRate}, ${config.activation}, dropout ${config.dropout}, batch ${config.batchSize}), ${config.epochs} epoch(s) of ${batches} batches`);
  const results: SideResult[] = [];
  // Interleaved, so that a change in the shared machine's load hits both sides alike.
  const threadsList = (values['torch-threads'] as string).split(',');
  results.push(await runPytorch(splitFile, threadsList[0]));
  results.push(await runTfjs());
  for (const threads of threadsList.slice(1)) results.push(await runPytorch(splitFile, threads));
  rmSync(tmp, { recursive: true, force: true });

  const tfjs = results.find((r) => r.name.startsWith('TF.js'));
  const cpu = cpus();
  console.log(`\n### ${new Date().toISOString().slice(0, 10)} — ${preset} recipe, ${config.epochs} epoch(s) × ${batches} batches of ${config.batchSize}, validation 10,000, test 10,000\n`);
  console.log(`Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown'}, no GPU, Node ${process.version}. Load average (1/5/15 min) before → after each side shown.\n`);
  console.log('| trainer | samples/s (train steps) | s / epoch | test accuracy | validation accuracy by epoch | TF.js ÷ this | load avg |');
  console.log('|---|---:|---:|---:|---|---:|---|');
  for (const r of results) {
    const ratio = tfjs ? (tfjs.samplesPerSecond / r.samplesPerSecond).toFixed(2) : '–';
    const acc = `${(100 * r.testAccuracy).toFixed(2)}%${r.testAccuracyNotebook !== undefined ? ` (notebook-style ${(100 * r.testAccuracyNotebook).toFixed(2)}%)` : ''}`;
    console.log(`| ${r.name} | ${r.samplesPerSecond.toFixed(0)} | ${r.secondsPerEpoch.toFixed(1)} | ${acc} | ${r.valAccuracy.map((a) => (100 * a).toFixed(1)).join(', ')} | ${ratio} | ${r.load} |`);
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
