// Dashboard benchmark in headless Chromium (Debian's /usr/bin/chromium via playwright-core), on the production
// (minified) webview bundle:
//   1. first render of a model: from the `model` message (dispatched as VS Code delivers it, structured-cloned)
//      to the architecture drawing on screen (graph layout done, two animation frames later = painted);
//   2. cost of one training progress message on the visible training view: structured clone, validation, the
//      handler, the chart redraw uPlot runs in a microtask, and the style/layout of the changed DOM (forced).
// Budgets (issue 6): first render of a 1,000-layer model < 1 s; chart update per progress message < 16 ms.
//   npx tsx bench/dashboard.bench.ts
import { cpus, loadavg } from 'node:os';
import type { Page } from 'playwright-core';
import { fileModelMessage, lenetMessage, resnetModelJson, trainingStream } from '../test/browser/fixtures';
import { buildWebview, launchChromium, openDashboard, serveDashboard } from '../test/browser/harness';
import type { HostToWebview } from '../src/protocol';

interface Stats { median: number; p95: number; max: number; runs: number }
const stats = (xs: number[]): Stats => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: q(0.5), p95: q(0.95), max: s[s.length - 1], runs: s.length };
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

/** Dispatches a host message and resolves with the time until the architecture is drawn and painted. */
async function timeFirstRender(page: Page, message: HostToWebview): Promise<number> {
  return page.evaluate(async (m) => {
    const w = window as unknown as { cnnExplorer: { app: { architectureDrawn: Promise<void> } } };
    const t0 = performance.now();
    window.dispatchEvent(new MessageEvent('message', { data: structuredClone(m) }));
    await w.cnnExplorer.app.architectureDrawn;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - t0;
  }, message);
}

/** Per-message cost of a stream of training messages on the visible training view. */
async function timeProgress(page: Page, messages: HostToWebview[]): Promise<number[]> {
  return page.evaluate(async (ms) => {
    const out: number[] = [];
    for (const m of ms) {
      await new Promise((r) => requestAnimationFrame(r));
      const t0 = performance.now();
      window.dispatchEvent(new MessageEvent('message', { data: structuredClone(m) }));
      // uPlot draws in a microtask queued by setData: wait for it, then force style and layout of the DOM changes.
      await new Promise<void>((r) => queueMicrotask(r));
      await new Promise<void>((r) => queueMicrotask(r));
      void document.body.offsetHeight;
      out.push(performance.now() - t0);
    }
    return out;
  }, messages);
}

async function main(): Promise<void> {
  const loadBefore = loadavg();
  await buildWebview(true);
  const lenet = lenetMessage();
  const big = fileModelMessage(resnetModelJson(3, 48), 'resnet_3x48.json');
  const resnet150 = fileModelMessage(resnetModelJson(3, 7), 'resnet_3x7.json');
  const server = await serveDashboard();
  const session = await launchChromium();
  const results: Record<string, Stats> = {};
  try {
    const fresh = async () => openDashboard(session, server, 'dark');
    const repeat = async (name: string, n: number, f: (p: Page) => Promise<number>) => {
      const xs: number[] = [];
      for (let i = 0; i < n; i++) {
        const page = await fresh();
        xs.push(await f(page));
        await page.close();
      }
      results[name] = stats(xs);
    };
    await repeat('first render, LeNet (paper figure)', 5, (p) => timeFirstRender(p, lenet));
    await repeat(`first render, ${resnet150.analysis.layers.length}-layer ResNet (graph, repeated blocks collapsed)`, 5, (p) => timeFirstRender(p, resnet150));
    await repeat(`first render, ${big.analysis.layers.length}-layer ResNet (graph, repeated blocks collapsed)`, 5, (p) => timeFirstRender(p, big));
    await repeat(`first render, ${big.analysis.layers.length}-layer ResNet, every layer expanded (${big.analysis.layers.length} boxes)`, 3, async (p) => {
      // A saved state with every block expanded: the worst case, one box per layer laid out by elk.
      await p.close();
      const blocksPage = await openDashboard(session, server, 'dark', {
        version: 1, tab: 'architecture', expandedBlocks: big.analysis.layers.map((l) => l.name), modelRef: { source: 'file', uri: big.model.uri },
      });
      const t = await timeFirstRender(blocksPage, big);
      const boxes = await blocksPage.$$eval('svg.graph .node', (n) => n.length);
      if (boxes !== big.analysis.layers.length) throw new Error(`expected ${big.analysis.layers.length} boxes, got ${boxes}`);
      await blocksPage.close();
      return t;
    });
    const allRows: number[] = [];
    await repeat(`Layers tab, ${big.analysis.layers.length} rows: first screen painted`, 3, async (p) => {
      await timeFirstRender(p, big);
      const [first, all] = await p.evaluate(async (n) => {
        const t0 = performance.now();
        (document.querySelector('vscode-tab-header[data-tab="layers"]') as HTMLElement).click();
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        const t1 = performance.now();
        while (document.querySelectorAll('.layer-table tbody tr').length < n) await new Promise((r) => setTimeout(r, 5));
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        return [t1 - t0, performance.now() - t0];
      }, big.analysis.layers.length);
      allRows.push(all);
      return first;
    });
    results[`Layers tab, ${big.analysis.layers.length} rows: all rows in and painted`] = stats(allRows);

    // Progress messages: a notebook run (25 logged batches, 5 epochs) with an earlier run overlaid, then a run
    // logging every batch (2,500 points per chart) to see the cost grow with the points drawn.
    const page = await fresh();
    await timeFirstRender(page, lenet);
    const stream = trainingStream('bench');
    const wrap = (m: (typeof stream)[number]): HostToWebview => ({ type: 'training', message: m });
    await page.evaluate((m) => window.dispatchEvent(new MessageEvent('message', { data: m })), wrap(stream[0]));
    await page.waitForSelector('section[data-view="training"]', { state: 'visible' });
    const progress = stream.slice(1, -1).filter((m) => m.type === 'batch' || m.type === 'epoch').map(wrap);
    results['progress message (notebook run: 25 batch + 5 epoch messages)'] = stats(await timeProgress(page, progress));
    const dense: HostToWebview[] = [];
    for (let i = 0; i < 2500; i++) {
      dense.push({ type: 'training', message: { type: 'batch', runId: 'bench', epoch: 1 + Math.floor(i / 500), batch: i % 500, samplesSeen: 250000 + i * 100, loss: 0.3 + 0.1 * Math.sin(i / 30) } });
    }
    const denseTimes = await timeProgress(page, dense);
    results['progress message with 2,500 points already drawn (last 500 of a run logging every batch)'] = stats(denseTimes.slice(-500));
    await page.close();
  } finally {
    await session.close();
    await server.close();
  }
  const version = session.browser.version?.() ?? '';
  console.log(`Dashboard benchmark — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Chromium ${version}, Node ${process.version}, load average before/after ${loadBefore.map((x) => x.toFixed(1)).join('/')} → ${loadavg().map((x) => x.toFixed(1)).join('/')}`);
  console.log('| measurement | median | p95 | max | runs |\n|---|---|---|---|---|');
  for (const [name, s] of Object.entries(results)) console.log(`| ${name} | ${ms(s.median)} | ${ms(s.p95)} | ${ms(s.max)} | ${s.runs} |`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
