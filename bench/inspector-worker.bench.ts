// Benchmark (not a test): how long the extension host's thread is blocked per edit of a 4.83-million-character
// model.json (28,350 inputs into one Concatenate, just under the 5 M live limit; issue #10 D6), before and after
// the analysis moved to a worker thread. The same code path as the editor without vscode: ModelDocumentCache over
//   before: analyzeModelDocument on this thread;
//   after:  resultWithoutParsing on this thread, then the bundled worker (AnalysisWorkerClient), plus a hover and
//           the inlay hints of the first 5,000 characters asked of the worker, as the editor does after an edit.
// The blocking is measured twice: the longest gap between ticks of a 5 ms interval timer (what a keystroke or a
// hover waiting on the host would wait), and perf_hooks.monitorEventLoopDelay's max. Also the structured-clone cost
// of the whole result (why the host receives only small answers) and of the dashboard's model (sent on request).
//   npx tsx bench/inspector-worker.bench.ts [edits=5]
import * as os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { AnalysisWorkerClient, type AnalysedVersion } from '../src/extension/inspector/analysisWorkerClient';
import { analyzeModelDocument, ModelDocumentCache, resultWithoutParsing, type AnalyzeText } from '../src/extension/inspector/modelDocuments';
import { dashboardModelOf, summaryOf } from '../src/extension/inspector/modelFaces';
import { buildAnalysisWorker } from '../test/unit/extension/analysisWorkerBundle';
import { wideConcatModel } from '../test/unit/extension/wideConcatModel';

const options = { batchSize: 100, dtype: 'float32', optimizer: 'adam' } as const;
const edits = Number(process.argv[2] ?? 5);

function loopWatcher() {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let maxGap = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last - 5);
    last = now;
  }, 5);
  return {
    stop() {
      clearInterval(timer);
      histogram.disable();
      return { maxGapMs: Math.max(maxGap, performance.now() - last - 5), histogramMaxMs: histogram.max / 1e6 };
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function perEdit<R>(label: string, analyze: AnalyzeText<R>, analysed: (r: R | undefined) => Promise<boolean>, base: string): Promise<void> {
  const cache = new ModelDocumentCache<R>(options, analyze);
  for (let version = 1; version <= edits; version++) {
    // Each edit a different text: one layer renamed, as typing would.
    const text = base.replace('"concat"', `"concat${version}"`);
    // Watching from before the edit: monitorEventLoopDelay drops the first interval after enable().
    const watcher = loopWatcher();
    await sleep(100);
    const started = performance.now();
    const result = await cache.get('model.json', version, () => text);
    const ok = await analysed(result);
    const wallMs = performance.now() - started;
    await sleep(20);
    const { maxGapMs, histogramMaxMs } = watcher.stop();
    console.log(`| ${label} | ${version} | ${wallMs.toFixed(0)} | ${maxGapMs.toFixed(1)} | ${histogramMaxMs.toFixed(1)} | ${ok ? 'yes' : 'NO'} |`);
  }
}

async function main(): Promise<void> {
  const text = wideConcatModel(28_350);
  const cpus = os.cpus();
  console.log(`Date: ${new Date().toISOString()}; ${cpus.length} × ${cpus[0]?.model}, Node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`model.json: ${text.length.toLocaleString('en')} characters, 28,350 inputs`);

  const result = analyzeModelDocument(text, 1, options);
  if (result.status !== 'model') throw new Error('not analysed');
  const { locator: _index, ...whole } = result.model;
  const cloneMs = (value: unknown) => [0, 1, 2].map(() => {
    const t = performance.now();
    structuredClone(value);
    return (performance.now() - t).toFixed(0);
  }).join(', ');
  console.log(`structuredClone, 3 times: whole result ${cloneMs(whole)} ms; what the host receives per edit (summary: diagnostics, quick fixes, CodeLens) ${cloneMs(summaryOf(result))} ms; the dashboard's model (analysis + IR, on request) ${cloneMs(dashboardModelOf(result.model))} ms`);

  console.log('\n| path | edit | wall ms | longest loop gap ms | monitorEventLoopDelay max ms | analysed |');
  console.log('|---|---|---|---|---|---|');
  await perEdit('before: on the host thread', async (t, v, o) => analyzeModelDocument(t, v, o),
    async (r) => r?.status === 'model' && r.model.analysis?.layers.length === 28_351, text);
  const client = new AnalysisWorkerClient(buildAnalysisWorker());
  const hoverAt = text.indexOf('"concat');
  await perEdit<AnalysedVersion>('after: worker thread', async (t, v, o, key) => client.analyze(key, t, v, o),
    async (r) => {
      if (!r || resultWithoutParsing(text) || r.summary.status !== 'model' || !r.summary.model.lens) return false;
      const hover = await client.hover('model.json', r.stamp, hoverAt, 'file:///model.json');
      const hints = await client.inlays('model.json', r.stamp, 0, 5000);
      return /\(None, 28350\)|\[null, 28350\]/.test(hover?.markdown ?? '') && (hints?.length ?? 0) > 0;
    }, text);
  const t0 = performance.now();
  const { stamp } = await client.analyze('model.json', text, 99, options);
  const analysedAt = performance.now();
  const watcher = loopWatcher();
  const dashboard = await client.dashboard('model.json', stamp);
  console.log(`dashboard model from the worker: ${(performance.now() - analysedAt).toFixed(0)} ms after a ${(analysedAt - t0).toFixed(0)} ms analysis, longest loop gap ${watcher.stop().maxGapMs.toFixed(0)} ms (${dashboard ? 'received' : 'stale'})`);
  client.dispose();
}

void main();
