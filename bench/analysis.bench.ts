// Benchmark (not a test): how long our analysis of a model.json takes, next to TF.js deserialising the same JSON
// (`tf.models.modelFromJSON`, which builds the layers and initialises the weights) in the same run.
// Targets: a 1,000-layer model in < 20 ms, and ≥ 20× faster than TF.js.
//   npx tsx bench/analysis.bench.ts
//
// TF.js writes the model JSON texts (its own serialisation, so the input is what users get), then our analysis is
// timed in a child process that never loads TF.js: that is how it runs for real (the editor and the CLI analyse
// without TF.js; training runs in its own process). In the TF.js process, its modules and the models just built
// fill the heap and slow every garbage collection of ours; that figure is printed too, for comparison.
// The child is this file run with `--ours <json file> <runs>`; it imports only src/core.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as tfTypes from '@tensorflow/tfjs';
import { analyzeModelText } from '../src/core';
import { deepCnn, mobileNetV2 } from './benchModels';

type Tf = import('./benchModels').Tf;
type Topology = Parameters<Tf['models']['modelFromJSON']>[0];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

interface Timing {
  median: number;
  min: number;
}

/** Times analyzeModelText on `text` after warming up, checking the result against TF.js's parameter count. */
function timeOurs(text: string, runs: number, expectedParams?: number): Timing {
  const first = analyzeModelText(text).analysis;
  if (!first || first.diagnostics.some((d) => d.severity === 'error')) throw new Error('analysis reported errors');
  if (expectedParams !== undefined && first.totals.params !== expectedParams) {
    throw new Error(`params ${first.totals.params} ≠ TF.js ${expectedParams}`);
  }
  // Warm-up: at least 20 runs and 300 ms, so that a fresh process has optimised the code as a long-lived one has.
  const warmUpStart = performance.now();
  for (let i = 0; i < 20 || performance.now() - warmUpStart < 300; i++) analyzeModelText(text);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    analyzeModelText(text);
    times.push(performance.now() - t0);
  }
  return { median: median(times), min: Math.min(...times) };
}

/** Our timing in a fresh Node process (same Node flags as this one, so tsx's loader too) that never loads TF.js. */
function timeOursInChildProcess(file: string, runs: number, expectedParams: number): Timing {
  const out = execFileSync(process.execPath, [...process.execArgv, __filename, '--ours', file, String(runs), String(expectedParams)], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as Timing;
}

async function bench(tf: Tf, name: string, build: (tf: Tf) => tfTypes.LayersModel, oursRuns: number, tfjsRuns: number, dir: string): Promise<string> {
  const model = build(tf);
  const text = JSON.stringify({ format: 'layers-model', modelTopology: model.toJSON(null, false), weightsManifest: [] });
  const layerCount = model.layers.length;
  const params = model.countParams();
  model.dispose();
  const file = path.join(dir, `${name.replace(/[^A-Za-z0-9]+/g, '_')}.json`);
  fs.writeFileSync(file, text);

  // Ours: parse + per-layer inference + memory model, from the text.
  const ours = timeOursInChildProcess(file, oursRuns, params);
  const oursHere = timeOurs(text, oursRuns, params);

  // TF.js: the same JSON text parsed and deserialised.
  const theirs: number[] = [];
  for (let i = 0; i < tfjsRuns + 1; i++) {
    const t0 = performance.now();
    const m = await tf.models.modelFromJSON((JSON.parse(text) as { modelTopology: Topology }).modelTopology);
    const dt = performance.now() - t0;
    m.dispose();
    if (i > 0) theirs.push(dt); // the first run warms up
  }
  const o = ours.median;
  const t = median(theirs);
  return `| ${name} | ${layerCount} | ${params.toLocaleString('en-US')} | ${(text.length / 1024).toFixed(0)} KiB | ${o.toFixed(2)} ms (min ${ours.min.toFixed(2)}) | ${oursHere.median.toFixed(2)} ms (min ${oursHere.min.toFixed(2)}) | ${t.toFixed(1)} ms (min ${Math.min(...theirs).toFixed(1)}) | ${(t / o).toFixed(0)}× |`;
}

async function main() {
  const tf = await import('@tensorflow/tfjs');
  await tf.setBackend('cpu');
  const cpus = os.cpus();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnn-explorer-bench-'));
  console.log(`Date: ${new Date().toISOString()}`);
  console.log(`Machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`);
  console.log(`TF.js ${tf.version.tfjs}, backend: ${tf.getBackend()}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(', ')}`);
  console.log('');
  console.log('| model | layers (TF.js) | params | JSON | ours: analyzeModelText, own process (median) | ours, in the TF.js process | TF.js modelFromJSON (median) | ratio |');
  console.log('|---|---|---|---|---|---|---|---|');
  try {
    console.log(await bench(tf, 'generated 1,000-layer CNN', deepCnn, 50, 5, dir));
    console.log(await bench(tf, 'MobileNetV2 (224×224×3)', mobileNetV2, 50, 5, dir));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log('');
  console.log(`load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(', ')}`);
}

const oursAt = process.argv.indexOf('--ours');
if (oursAt >= 0) {
  const [file, runs, expected] = process.argv.slice(oursAt + 1);
  console.log(JSON.stringify(timeOurs(fs.readFileSync(file, 'utf8'), Number(runs), Number(expected))));
} else {
  void main();
}
