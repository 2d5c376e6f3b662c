// Benchmark (not a test): what the editor inspector costs on large model files.
//   npx tsx bench/hover.bench.ts        (npm run bench:hover)
// For a MobileNetV2-size model (~150 layers) and a 1,000-layer one, as TF.js serialises them (pretty-printed):
//   - first analysis of a document version (parse + analysis + jsonc-parser tree for offsets + layer locator),
//   - one hover after that: offset → layer (binary search) + the hover markdown, over offsets spread through the file,
//   - inlay hints for the whole file.
// Goal (issue 4): < 5 ms per hover after the first analysis. TF.js is loaded only to write the JSON, in a child
// process, so its heap does not slow our garbage collections (the extension host never loads TF.js).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeModelDocument } from '../src/extension/inspector/modelDocuments';
import { hoverMarkdown, inlayHintText } from '../src/extension/inspector/layerText';
import { deepCnn, mobileNetV2, modelJsonText } from './benchModels';

const options = { batchSize: 100, dtype: 'float32', optimizer: 'adam' } as const;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

function measure(name: string, text: string): string {
  const firsts: number[] = [];
  for (let i = 0; i < 12; i++) {
    const t0 = performance.now();
    analyzeModelDocument(text, i, options);
    firsts.push(performance.now() - t0);
  }
  const result = analyzeModelDocument(text, 99, options);
  if (result.status !== 'model' || !result.model.analysis) throw new Error(`${name}: not analysed`);
  const { model } = result;
  const hovers: number[] = [];
  const step = Math.max(1, Math.floor(text.length / 2000));
  for (let offset = 0; offset < text.length; offset += step) {
    const t0 = performance.now();
    const located = model.locator.layerAt(offset);
    if (located) hoverMarkdown(model.layers[located.index], { batchSize: 100, dtype: 'float32', diagnostics: [] });
    hovers.push(performance.now() - t0);
  }
  const t0 = performance.now();
  const hints = model.locator.layers.map((l) => inlayHintText(model.layers[l.index]));
  const hintsMs = performance.now() - t0;
  return `| ${name} | ${model.layers.length} | ${(text.length / 1024).toFixed(0)} KiB | ${median(firsts.slice(2)).toFixed(1)} ms (min ${Math.min(...firsts).toFixed(1)}) | ${(median(hovers) * 1000).toFixed(1)} µs | ${(percentile(hovers, 99) * 1000).toFixed(1)} µs | ${(Math.max(...hovers) * 1000).toFixed(0)} µs | ${hints.length} in ${hintsMs.toFixed(2)} ms |`;
}

function main(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnn-hover-bench-'));
  // Write the two model files with TF.js in a child process.
  execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'hover.bench.ts'), '--write', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  const cpus = os.cpus();
  console.log(`Date: ${new Date().toISOString()}`);
  console.log(`Machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log('');
  console.log('| model | layers | file | first analysis of a version (median) | hover (median) | hover p99 | hover max | inlay hints |');
  console.log('|---|---|---|---|---|---|---|---|');
  console.log(measure('MobileNetV2 (224×224×3)', fs.readFileSync(path.join(dir, 'mobilenetv2.json'), 'utf8')));
  console.log(measure('generated 1,000-layer CNN', fs.readFileSync(path.join(dir, 'deep1000.json'), 'utf8')));
  fs.rmSync(dir, { recursive: true, force: true });
}

async function writeModels(dir: string): Promise<void> {
  const tf = await import('@tensorflow/tfjs');
  fs.writeFileSync(path.join(dir, 'mobilenetv2.json'), modelJsonText(mobileNetV2(tf)));
  fs.writeFileSync(path.join(dir, 'deep1000.json'), modelJsonText(deepCnn(tf)));
}

const writeAt = process.argv.indexOf('--write');
if (writeAt >= 0) void writeModels(process.argv[writeAt + 1]);
else main();
