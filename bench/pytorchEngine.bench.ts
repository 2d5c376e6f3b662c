// Benchmark (not a test): "Inspect with PyTorch" on ResNet-18-size code (torchvision's ResNet-18, 52 leaves,
// 3x224x224; test/fixtures/pytorch-corpus/resnet18_torchvision.py), through the same runner the extension and the CLI use.
//   npx tsx bench/pytorchEngine.bench.ts [python] [coldRuns] [warmRuns]     (npm run bench:pytorch-engine)
// Cold: a new Python process each time, so the time includes starting Python and `import torch`. Warm: one process
// kept between requests (what the extension does after the first request). Issue #12's goal: < 3 s including the
// Python start. Batch 2 and 3 forwards on the meta device, the trace conversion (MACs from the catalogue) included.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runPyTorchEngine, stopPyTorchEngines, type PyTorchEngineResult } from '../src/pytorchEngine';

const FILE = path.join(__dirname, '../test/fixtures/pytorch-corpus/resnet18_torchvision.py');

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

async function once(python: string, text: string): Promise<{ ms: number; result: PyTorchEngineResult }> {
  const t0 = performance.now();
  const result = await runPyTorchEngine({ python, text, fileName: FILE, inputShape: [3, 224, 224], inputSource: 'comment', timeoutMs: 300_000 });
  return { ms: performance.now() - t0, result };
}

async function main(): Promise<void> {
  const python = process.argv[2] ?? '/usr/bin/python3';
  const coldRuns = Number(process.argv[3] ?? 5);
  const warmRuns = Number(process.argv[4] ?? 20);
  const text = fs.readFileSync(FILE, 'utf8');
  const cpus = os.cpus();
  const loadBefore = os.loadavg();

  const cold: number[] = [];
  const imports: number[] = [];
  let last: PyTorchEngineResult | undefined;
  for (let i = 0; i < coldRuns; i++) {
    stopPyTorchEngines(); // the next request starts a new process
    const { ms, result } = await once(python, text);
    cold.push(ms);
    imports.push(result.versions.importSeconds * 1000);
    last = result;
  }
  const warm: number[] = [];
  const engineTotal: number[] = [];
  for (let i = 0; i < warmRuns; i++) {
    const { ms, result } = await once(python, text);
    warm.push(ms);
    engineTotal.push((result.timings.totalSeconds ?? NaN) * 1000);
  }
  stopPyTorchEngines();
  if (!last) throw new Error('no run');
  const leaves = last.trace.layers.filter((l) => l.kind === 'module' && l.calls.length > 0).length;
  if (leaves !== 52 || last.trace.diagnostics.some((d) => d.severity === 'error')) throw new Error(`ResNet-18 not inspected: ${leaves} leaves called`);

  console.log(`Date: ${new Date().toISOString()}`);
  console.log(`Machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, Python ${last.versions.python}, torch ${last.trace.torchVersion}`);
  console.log(`Load average before: ${loadBefore.map((l) => l.toFixed(1)).join(' ')}; after: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log('');
  console.log('| ResNet-18 (52 leaves, 3x224x224), batch 2 and 3 on meta | median | min | max | runs |');
  console.log('|---|---|---|---|---|');
  console.log(`| cold: start Python + import torch + build + forwards + trace | ${seconds(median(cold))} | ${seconds(Math.min(...cold))} | ${seconds(Math.max(...cold))} | ${coldRuns} |`);
  console.log(`| of which import torch (measured inside Python) | ${seconds(median(imports))} | ${seconds(Math.min(...imports))} | ${seconds(Math.max(...imports))} | ${coldRuns} |`);
  console.log(`| warm: one request to the running process, round trip | ${seconds(median(warm))} | ${seconds(Math.min(...warm))} | ${seconds(Math.max(...warm))} | ${warmRuns} |`);
  console.log(`| of which inside Python (exec + build + 2 forwards + hooks) | ${seconds(median(engineTotal))} | ${seconds(Math.min(...engineTotal))} | ${seconds(Math.max(...engineTotal))} | ${warmRuns} |`);
}

main().catch((err) => {
  stopPyTorchEngines();
  console.error(err);
  process.exitCode = 1;
});
