// Benchmark (not a test): a hover on PyTorch code once the document version is analysed (issue #12: "hover < 5 ms").
//   npx tsx bench/pytorchHover.bench.ts
// The editor keeps one analysis per document version (PyTorchAnalyses); a hover is then PyTorchModelView.hoverAt:
// the site under the offset (binary search over construction and call spans) and its markdown. Measured on the
// 500-line, 100-layer model of the static-engine benchmark and on the corpus's largest files, at every layer site
// (each construction and each call in forward) in turn; also the inlay hints of the whole file.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzePyTorchSource } from '../src/core/formats/pytorch';
import { PyTorchModelView } from '../src/extension/pytorch/faces/pytorchModelView';
import { fiveHundredLineModel, quantile } from './pytorchStatic.bench';

const corpus = path.join(__dirname, '..', 'test', 'fixtures', 'pytorch-corpus');

function row(name: string, text: string): string {
  const view = new PyTorchModelView(analyzePyTorchSource(text), text);
  const offsets = view.sites.map((site) => Math.floor((site.span.from + site.span.to) / 2));
  const times: number[] = [];
  let answered = 0;
  for (let round = 0; round < 30; round++) {
    for (const offset of offsets) {
      const t0 = performance.now();
      const hover = view.hoverAt(offset, { batchSize: 100, dtype: 'float32' });
      const ms = performance.now() - t0;
      if (round >= 5) times.push(ms); // the first rounds warm the JIT
      if (hover && round === 0) answered++;
    }
  }
  const t0 = performance.now();
  const hints = view.inlaysIn(0, text.length);
  const hintsMs = performance.now() - t0;
  return `| ${name} | ${view.sites.length} (${answered} with a hover) | ${(quantile(times, 0.5) * 1000).toFixed(0)} µs | ${(quantile(times, 0.99) * 1000).toFixed(0)} µs | ${Math.max(...times).toFixed(2)} ms | ${hints.length} in ${hintsMs.toFixed(2)} ms |`;
}

const rows = [
  row('generated 500-line model (100 leaves)', fiveHundredLineModel()),
  ...['resnet50_bottleneck.py', 'mobilenet_v2_inverted_residual.py', 'densenet_concat.py'].map((f) => row(f, fs.readFileSync(path.join(corpus, f), 'utf8'))),
];
console.log(`Date: ${new Date().toISOString()}`);
console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log('');
console.log('| file | layer sites | hover median | hover p99 | hover max | inlay hints (whole file) |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
