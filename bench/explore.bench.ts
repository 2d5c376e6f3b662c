// Explore benchmark (issue #14) in headless Chromium (Debian's /usr/bin/chromium via playwright-core), on the
// production (minified) webview bundle with its CSP, the engine on the page's own backend (wasm with SIMD, else cpu):
// from choosing an image to every map drawn — inference of every layer, the prediction, and every layer's canvas
// painted (the view's exploreDrawn(true): the layers out of view too), two animation frames later.
//   LeNet (the fixture run, 28×28×1): the time from the click on a test image's thumbnail.
//   MobileNetV2-size (224×224×3, 3.5 M params, bench/exploreModels.ts): no test set, so the image is a file: the time
//   from the host's exploreImageFile reply (a PNG made by the page's own encoder) — decode, resize, inference, paint.
// Goals: LeNet < 100 ms median, MobileNetV2-size < 1.5 s median. Median of ≥ 10 after warm-up.
//   npx tsx bench/explore.bench.ts        (the lead's `npm run bench:explore`)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { lenetRunMessage } from '../test/browser/exploreFixtures';
import { buildWebview, launchChromium, openDashboard, posted, serveDashboard, type BrowserSession, type TestServer } from '../test/browser/harness';
import { noFavicon, openExplore, waitReady } from '../test/browser/explorePage';
import type { ExploreModelMessage } from '../src/protocol/explore';
import { mobileNetV2Message } from './exploreModels';

const WARMUP = 3;
const RUNS = 12;

interface Stats { median: number; min: number; max: number; runs: number }
/** One timed choice: the total, the engine's own figure for runExplore (the status line's "all layers in N ms"), and
 * the main thread's long tasks (> 50 ms) in the window: what blocked the frame. */
interface Timing { total: number; visible: number; engine: number; longTasks: number[]; phases: Record<string, number> }
const stats = (xs: number[]): Stats => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return { median: s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2, min: s[0], max: s[s.length - 1], runs: s.length };
};
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').trim().split(' ').slice(0, 3).join(' ');

type BenchWindow = {
  cnnExplorer: { app: { exploreDrawn(all?: boolean): Promise<void> } };
  __posted: { type: string; requestId?: number }[];
  __timeUntilDrawn(start: () => Promise<void> | void): Promise<Timing>;
};

/**
 * Puts the one timer both choices use into the page: from `start` (the user's choice) to the maps in view and to every
 * map drawn (two frames later), with the long tasks and the view's own measures (explore:run, :paint, :panels, :drawAll).
 */
async function installTimer(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as BenchWindow;
    w.__timeUntilDrawn = async (start) => {
      const app = w.cnnExplorer.app;
      const longTasks: number[] = [];
      const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasks.push(Math.round(e.duration)); });
      observer.observe({ type: 'longtask' });
      performance.clearMeasures();
      const t0 = performance.now();
      await start();
      await app.exploreDrawn(false);
      const visible = performance.now() - t0;
      await app.exploreDrawn(true);
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const total = performance.now() - t0;
      observer.disconnect();
      const engine = Number(/all layers in (\d+) ms/.exec(document.querySelector('[data-testid="explore-status"]')?.textContent ?? '')?.[1] ?? NaN);
      const phases: Record<string, number> = {};
      for (const m of performance.getEntriesByType('measure')) if (m.name.startsWith('explore:')) phases[m.name.slice(8)] = (phases[m.name.slice(8)] ?? 0) + m.duration;
      return { total, visible, engine, longTasks, phases };
    };
  });
}

/** Opens a dashboard on the Explore tab with `message` loaded and its first input drawn; returns the status line. */
async function exploreWith(session: BrowserSession, server: TestServer, message: ExploreModelMessage): Promise<{ page: Page; status: string }> {
  const page = await openDashboard(session, server, 'dark');
  await openExplore(page, message);
  await waitReady(page, 300000);
  await page.evaluate(() => (window as unknown as BenchWindow).cnnExplorer.app.exploreDrawn(true));
  await installTimer(page);
  return { page, status: (await page.textContent('[data-testid="explore-status"]')) ?? '' };
}

/** Clicks test image `index` (in the page, no driver round trip in the timing) and times it to every map drawn. */
function timeTestImage(page: Page, index: number): Promise<Timing> {
  return page.evaluate(async (i) => {
    const thumb = document.querySelector<HTMLElement>(`[data-testid="explore-test-image"][data-index="${i}"]`);
    if (!thumb) throw new Error(`no thumbnail ${i}`);
    return (window as unknown as BenchWindow).__timeUntilDrawn(() => thumb.click());
  }, index);
}

/**
 * Clicks "Load image…", answers the page's pickExploreImage at once with a PNG (a w×h gradient with a seeded
 * pattern, encoded by the page's canvas) as the host does, and times from that reply to every map drawn.
 */
function timeImageFile(page: Page, seed: number, size: number): Promise<Timing> {
  return page.evaluate(async ([s, side]) => {
    const w = window as unknown as BenchWindow;
    const canvas = new OffscreenCanvas(side, side);
    const ctx = canvas.getContext('2d')!;
    const img = ctx.createImageData(side, side);
    for (let p = 0; p < side * side; p++) {
      const x = p % side;
      const y = Math.floor(p / side);
      img.data[p * 4] = (x * 255) / side;
      img.data[p * 4 + 1] = (y * 255) / side;
      img.data[p * 4 + 2] = ((x * 7 + y * 13 + s * 31) % 256);
      img.data[p * 4 + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
    const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
    const before = w.__posted.length;
    document.querySelector<HTMLElement>('[data-testid="explore-load-image"]')!.click();
    const request = w.__posted.slice(before).find((m) => m.type === 'pickExploreImage');
    if (!request) throw new Error('Load image… did not ask the host for a file');
    return w.__timeUntilDrawn(async () => {
      window.dispatchEvent(new MessageEvent('message', { data: { type: 'exploreImageFile', requestId: request.requestId, status: 'ok', name: `bench-${s}.png`, bytes, message: null } }));
      // The view starts computing after the image is decoded: wait until the state holds this file.
      while (!(JSON.stringify((w as unknown as { __state: unknown }).__state).includes(`bench-${s}.png`))) await new Promise((r) => setTimeout(r, 1));
    });
  }, [seed, size] as const);
}

/**
 * The Saliency panel starts its gradients 120 ms after a new input (debounced) and they block the page's thread while
 * they run: let them finish before the next choice, so no run is timed with the previous one's saliency in it.
 */
async function saliencySettled(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="explore-saliency"][data-status="computing"]', { timeout: 2000 }).catch(() => undefined);
  await page.waitForSelector('[data-testid="explore-saliency"]:not([data-status="computing"])', { timeout: 120000 });
}

async function main(): Promise<void> {
  const load = { before: loadavg(), after: '' };
  await buildWebview(true);
  const lenet = await lenetRunMessage();
  const mobile = await mobileNetV2Message();
  const server = await serveDashboard();
  const session = await launchChromium();
  await noFavicon(session);
  const results: Record<string, { total: Stats; visible: Stats; engine: Stats; longTasks: string; phases: string; status: string }> = {};
  const summarize = (xs: Timing[], status: string) => ({
    total: stats(xs.map((x) => x.total)), visible: stats(xs.map((x) => x.visible)), engine: stats(xs.map((x) => x.engine)), status,
    longTasks: xs.map((x) => `[${x.longTasks.join(', ')}]`).join(' '),
    phases: [...new Set(xs.flatMap((x) => Object.keys(x.phases)))].map((k) => `${k} ${stats(xs.map((x) => x.phases[k] ?? 0)).median.toFixed(1)}`).join(', '),
  });
  try {
    {
      const { page, status } = await exploreWith(session, server, lenet);
      const xs: Timing[] = [];
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const t = await timeTestImage(page, 1 + (i % 30));
        if (i >= WARMUP) xs.push(t);
        await saliencySettled(page);
      }
      results['LeNet (fixture run, 28×28×1, 20 layers): click a test image → every map drawn'] = summarize(xs, status);
      await page.close();
    }
    {
      const { page, status } = await exploreWith(session, server, mobile.message);
      // The first file input chooses the "Image file" source; the runs after it each replace the file.
      await page.waitForSelector('[data-testid="explore-load-image"]', { state: 'attached' });
      const xs: Timing[] = [];
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const t = await timeImageFile(page, i, 224);
        if (i >= WARMUP) xs.push(t);
        await saliencySettled(page);
      }
      const skipped = await page.$$eval('[data-testid="explore-layer"][data-skipped]', (els) => els.length);
      results[`MobileNetV2-size (224×224×3, ${mobile.params.toLocaleString('en-US')} params, ${mobile.layers} layers; ${skipped} skipped by the 64 MiB budget): image file → every map drawn`] = summarize(xs, status);
      console.log('posted by the page:', [...new Set((await posted(page)).map((m) => m.type))].join(', '));
      await page.close();
    }
  } finally {
    await session.close();
    await server.close();
  }
  load.after = loadavg();
  const cpu = execFileSync('lscpu', { encoding: 'utf8' }).split('\n').filter((l) => /^(Model name|CPU\(s\)|Thread|Core|Socket|Flags)/.test(l))
    .map((l) => l.replace(/^Flags:\s+.*/, (f) => `Flags (SIMD): ${f.split(/\s+/).filter((x) => /^(sse4_2|avx|avx2|avx512f|fma)$/.test(x)).join(' ')}`));
  const chromium = execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).trim();
  console.log(`# Explore benchmark, ${new Date().toISOString()}`);
  console.log(cpu.join('\n'));
  console.log(`${chromium}; Node ${process.version}; load average (1/5/15 min) before ${load.before}, after ${load.after}`);
  const line = (s: Stats) => `median ${s.median.toFixed(1)} ms, min ${s.min.toFixed(1)}, max ${s.max.toFixed(1)}`;
  for (const [name, r] of Object.entries(results)) {
    console.log(`${name}\n  total:      ${line(r.total)} (${r.total.runs} runs after ${WARMUP} warm-ups)`);
    console.log(`  in view:    ${line(r.visible)} (the layers on screen painted, two frames later: what the user sees first)`);
    console.log(`  runExplore: ${line(r.engine)} (the view's own figure for the engine: every layer's output read back)`);
    console.log(`  the view's measures (median ms): ${r.phases}`);
    console.log(`  long tasks (ms) per run: ${r.longTasks}\n  page status: ${r.status}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
