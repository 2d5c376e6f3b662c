// LeNet-5 training throughput on TF.js backends, on real Fashion-MNIST batches of 100 (the notebook's set-up:
// the core LeNet definition, Adam lr 0.1, softmax cross-entropy, 50,000/10,000 split with seed 3).
//   npx tsx bench/wasm-train.bench.ts [--batches N] [--configs wasm,wasm-tfjs-layers] [--rounds R]
//     (--rounds runs the chosen configurations R times in alternation, for before/after comparisons on a shared machine)
//   npx tsx bench/wasm-train.bench.ts --profile [N]   (tf.profile of N steps: kernel time by kernel and input shapes)
// Each configuration runs in its own process (TF.js's kernel registry and backends are global):
//   wasm          the wasm backend with this project's training kernels (Conv2DBackpropFilter added; the kernels in
//                 REPLACED_WASM_KERNELS of src/training/backend/wasmKernels.ts replaced) and the trainer's layer classes
//                 (src/training/trainer/trainingLayers.ts: Conv2D, BatchNormalization, Dropout) — what the trainer uses;
//   wasm-tfjs-layers  the same kernels as `wasm` but TF.js's own layer classes (what the trainer did before
//                 trainingLayers.ts), to measure what those classes save;
//   wasm-minimal  the wasm backend with only the missing Conv2DBackpropFilter added (our kernel), TF.js's own kernels
//                 and layer classes otherwise;
//   cpu           TF.js's pure-JS cpu backend with the trainer's layer classes (as the trainer runs it).
// Prints samples/s (steady state, after warm-up batches), the backend read back from tf.getBackend(), machine and date.
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { lenetTopology } from '../src/core/lenet';
import { selectBackend } from '../src/training/backend/selectBackend';
import { conv2DBackpropFilterWasmConfig } from '../src/training/backend/wasmConv2DBackpropFilter';
import { gatherImages, gatherLabels } from '../src/training/data/images';
import { loadDataset } from '../src/training/data/sources';
import { notebookValidationCount, splitTrainValidation } from '../src/training/data/split';
import { registerTrainingLayers } from '../src/training/trainer/trainingLayers';

type Config = 'wasm' | 'wasm-tfjs-layers' | 'wasm-minimal' | 'cpu';
const CONFIGS: Config[] = ['wasm', 'wasm-tfjs-layers', 'wasm-minimal', 'cpu'];
const BATCH = 100;

async function useBackend(config: Config): Promise<string> {
  if (config === 'wasm' || config === 'cpu') registerTrainingLayers(tf);
  if (config === 'wasm' || config === 'cpu') return (await selectBackend(config)).backendName;
  if (config === 'wasm-tfjs-layers') return (await selectBackend('wasm')).backendName;
  setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
  tf.registerKernel(conv2DBackpropFilterWasmConfig);
  await tf.setBackend('wasm');
  return tf.getBackend();
}

async function measure(config: Config, batches: number, warmup: number): Promise<Record<string, unknown>> {
  const backend = await useBackend(config);
  const data = await loadDataset({ systemDirs: ['/usr/share/datasets/fashion-mnist'] });
  const { train } = splitTrainValidation(data.train.count, notebookValidationCount(data.train.count), 3);
  const model = (await tf.models.modelFromJSON({ modelTopology: lenetTopology() } as never)) as tf.LayersModel;
  const optimizer = tf.train.adam(0.1);
  const batchAt = (b: number) => {
    const idx = train.subarray((b * BATCH) % (train.length - BATCH), (b * BATCH) % (train.length - BATCH) + BATCH);
    return {
      x: tf.tensor4d(gatherImages(data.train, idx), [BATCH, 28, 28, 1]),
      y: tf.oneHot(tf.tensor1d(gatherLabels(data.train, idx), 'int32'), 10),
    };
  };
  const step = (b: number): number => {
    const { x, y } = batchAt(b);
    const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, true)!;
    const value = loss.dataSync()[0];
    tf.dispose([x, y, loss]);
    return value;
  };
  for (let b = 0; b < warmup; b++) step(b);
  const losses: number[] = [];
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  for (let b = warmup; b < warmup + batches; b++) losses.push(step(b));
  const seconds = (performance.now() - start) / 1000;
  // CPU time of this process: on a shared machine the wall clock also counts time spent waiting for a core.
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    config, backend, batches, samplesPerSecond: Math.round((batches * BATCH) / seconds), msPerBatch: +((seconds * 1000) / batches).toFixed(1),
    samplesPerCpuSecond: Math.round((batches * BATCH) / cpuSeconds),
    firstLoss: +losses[0].toFixed(3), lastLoss: +losses[losses.length - 1].toFixed(3), dataSource: data.source.kind,
  };
}

/** `--profile N`: tf.profile of N steps on wasm, kernel time summed by kernel name and input shapes (to find hot spots). */
async function profile(steps: number): Promise<void> {
  const backend = await useBackend('wasm');
  const data = await loadDataset({ systemDirs: ['/usr/share/datasets/fashion-mnist'] });
  const model = (await tf.models.modelFromJSON({ modelTopology: lenetTopology() } as never)) as tf.LayersModel;
  const optimizer = tf.train.adam(0.1);
  const idx = Uint32Array.from({ length: BATCH }, (_, i) => i);
  const x = tf.tensor4d(gatherImages(data.train, idx), [BATCH, 28, 28, 1]);
  const y = tf.oneHot(tf.tensor1d(gatherLabels(data.train, idx), 'int32'), 10);
  const step = () => tf.dispose(optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, true)!);
  for (let i = 0; i < 20; i++) step();
  const byKey = new Map<string, { ms: number; calls: number }>();
  const byName = new Map<string, { ms: number; calls: number }>();
  let calls = 0;
  const start = performance.now();
  const info = await tf.profile(() => { for (let i = 0; i < steps; i++) step(); });
  const wall = performance.now() - start;
  for (const k of info.kernels) {
    const ms = Number(await k.kernelTimeMs) || 0;
    calls++;
    const key = `${k.name} ${k.inputShapes.map((s) => `[${s}]`).join(' ')}`;
    for (const [map, name] of [[byKey, key], [byName, k.name]] as const) {
      const e = map.get(name) ?? { ms: 0, calls: 0 };
      e.ms += ms; e.calls++; map.set(name, e);
    }
  }
  const total = [...byName.values()].reduce((a, e) => a + e.ms, 0);
  console.log(`backend ${backend}: ${steps} steps, ${(wall / steps).toFixed(1)} ms/step wall (profiling on), ${(total / steps).toFixed(1)} ms/step in kernels, ${calls / steps} kernel calls/step`);
  for (const [map, top] of [[byName, 25], [byKey, 40]] as const) {
    for (const [k, e] of [...map].sort((a, b) => b[1].ms - a[1].ms).slice(0, top)) {
      console.log(`${(e.ms / steps).toFixed(2).padStart(7)} ms  ${String(e.calls / steps).padStart(4)}×  ${k}`);
    }
    console.log('');
  }
  tf.dispose([x, y]);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const profileArg = args.indexOf('--profile');
  if (profileArg >= 0) return profile(Number(args[profileArg + 1] ?? 10));
  const child = args.indexOf('--child');
  if (child >= 0) {
    const config = args[child + 1] as Config;
    const batches = Number(args[child + 2]);
    console.log(JSON.stringify(await measure(config, batches, config === 'cpu' ? 1 : 10)));
    return;
  }
  const batchesArg = args.indexOf('--batches');
  const batches = batchesArg >= 0 ? Number(args[batchesArg + 1]) : 100;
  const configsArg = args.indexOf('--configs');
  const configs = configsArg >= 0 ? (args[configsArg + 1].split(',') as Config[]) : CONFIGS;
  const unknown = configs.filter((c) => !CONFIGS.includes(c));
  if (unknown.length > 0) throw new Error(`Unknown configuration(s) ${unknown.join(', ')}; expected ${CONFIGS.join(', ')}.`);
  const roundsArg = args.indexOf('--rounds');
  const rounds = roundsArg >= 0 ? Number(args[roundsArg + 1]) : 1;
  for (const [flag, value] of [['--batches', batches], ['--rounds', rounds]] as const) {
    if (!(Number.isInteger(value) && value > 0)) throw new Error(`${flag} takes a positive integer`);
  }
  console.log(`LeNet-5 training, Fashion-MNIST, batch ${BATCH}, Adam lr 0.1 — ${new Date().toISOString()}`);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}, no GPU; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  for (let round = 1; round <= rounds; round++) for (const config of configs) {
    const n = config === 'cpu' ? Math.max(2, Math.round(batches / 30)) : batches;
    const out = execFileSync(process.execPath, [...process.execArgv, __filename, '--child', config, String(n)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const result = JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, unknown>;
    console.log(`${rounds > 1 ? `round ${round}  ` : ''}${config.padEnd(16)} backend=${result.backend}  ${String(result.samplesPerSecond).padStart(5)} samples/s  ${result.msPerBatch} ms/batch  ${String(result.samplesPerCpuSecond).padStart(5)} samples/CPU-s  (${result.batches} batches; loss ${result.firstLoss} → ${result.lastLoss}; load ${loadavg()[0].toFixed(1)})`);
  }
}

main().catch((e: Error) => {
  console.error(e.stack ?? e.message);
  process.exit(1);
});
