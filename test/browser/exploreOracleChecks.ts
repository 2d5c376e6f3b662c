// The Explore suite's comparisons: what the page computed and shows (its ExploreRun, the prediction bars, the hover
// readout, canvas colours) against the TF.js-on-cpu oracle in Node. The page runs the engine on its own backend
// (wasm with SIMD, else cpu): float32 sums in another order, so values agree to a relative 1e-5 (the issue's
// bound), not bit for bit.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { colorIndex, colorTable } from '../../webview-ui/explore/colorMaps';
import { mapGridLayout, mapOrigin } from '../../webview-ui/explore/mapGrid';
import type { ExploreOracle, OracleRun } from './exploreOracle';

/** |page − oracle| ≤ TOLERANCE × max(1, |oracle|): the 1e-5 (wasm and cpu differed by ≤ 4e-7 on these models). */
export const TOLERANCE = 1e-5;

export interface PageRun {
  layers: { layer: string; shape: number[]; values: number[] | null; skipped: string | null; min: number; max: number }[];
  probabilities: number[];
  predicted: number;
}

type ExploreWindow = { cnnExplorer: { app: { exploreDrawn(all?: boolean): Promise<void>; exploreRun: unknown } } };

/** Waits until the page's current input is computed and drawn, then reads its run (plain arrays). */
export async function pageRun(page: Page, all = false): Promise<PageRun> {
  await page.waitForFunction(() => (window as unknown as ExploreWindow).cnnExplorer?.app !== undefined);
  return page.evaluate(async (drawAll) => {
    const app = (window as unknown as ExploreWindow).cnnExplorer.app;
    await app.exploreDrawn(drawAll);
    const run = app.exploreRun as { layers: { layer: string; shape: number[]; values: Float32Array | null; skipped: string | null; min: number; max: number }[]; probabilities: Float32Array; predicted: number } | null;
    if (!run) throw new Error('no Explore run on the page');
    return {
      layers: run.layers.map((l) => ({ ...l, values: l.values ? Array.from(l.values) : null })),
      probabilities: Array.from(run.probabilities), predicted: run.predicted,
    };
  }, all);
}

export function assertClose(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= TOLERANCE * Math.max(1, Math.abs(expected)), `${what}: page ${actual}, TF.js ${expected}`);
}

/** Every layer the page computed equals TF.js's own output of that layer; the probabilities and the argmax too. */
export function assertRunMatches(run: PageRun, expected: OracleRun, what: string): void {
  const names = run.layers.filter((l) => expected.layers.has(l.layer)).map((l) => l.layer);
  assert.deepEqual(names, [...expected.layers.keys()], `${what}: the page's layers are the model's, in its order`);
  for (const l of run.layers) {
    const o = expected.layers.get(l.layer);
    if (!o) continue; // the input layer, shown as the image
    assert.deepEqual(l.shape, o.shape, `${what}: ${l.layer} shape`);
    assert.equal(l.skipped, null, `${what}: ${l.layer} not skipped`);
    assert.ok(l.values, `${what}: ${l.layer} has values`);
    assert.equal(l.values.length, o.values.length, `${what}: ${l.layer} size`);
    let worst = 0;
    let at = 0;
    for (let i = 0; i < o.values.length; i++) {
      const d = Math.abs(l.values[i] - o.values[i]) / Math.max(1, Math.abs(o.values[i]));
      if (d > worst) { worst = d; at = i; }
    }
    assert.ok(worst <= TOLERANCE, `${what}: ${l.layer}[${at}] page ${l.values[at]}, TF.js ${o.values[at]}`);
  }
  run.probabilities.forEach((p, c) => assertClose(p, expected.probabilities[c], `${what}: probability of class ${c}`));
  assert.equal(run.predicted, expected.predicted, `${what}: predicted class`);
}

/** The prediction bars: one per class with the run's probability, the predicted one marked. */
export async function assertPredictionShown(page: Page, expected: OracleRun, classNames: readonly string[], what: string): Promise<void> {
  const bars = await page.$$eval('[data-testid="explore-prediction"] [data-class]', (els) => els.map((e) => ({
    cls: Number(e.getAttribute('data-class')), p: Number(e.getAttribute('data-probability')), current: e.getAttribute('aria-current'), text: e.textContent ?? '',
  })));
  assert.equal(bars.length, expected.probabilities.length, `${what}: one bar per class`);
  for (const b of bars) {
    assertClose(b.p, expected.probabilities[b.cls], `${what}: bar of class ${b.cls}`);
    assert.ok(b.text.includes(classNames[b.cls]), `${what}: bar ${b.cls} names ${classNames[b.cls]} (${b.text})`);
  }
  assert.equal(Number(await page.getAttribute('[data-testid="explore-prediction"]', 'data-predicted')), expected.predicted, `${what}: predicted`);
  assert.deepEqual(bars.filter((b) => b.current === 'true').map((b) => b.cls), [expected.predicted], `${what}: the predicted bar is marked`);
}

/** The client position of value (channel, y, x) in a layer's activation canvas (the centre of its cell). */
export async function mapCellPoint(page: Page, layer: string, shape: number[], channel: number, y: number, x: number): Promise<{ x: number; y: number }> {
  const canvas = page.locator(`[data-testid="explore-layer"][data-layer="${layer}"] canvas`);
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  const width = await canvas.evaluate((c) => (c as HTMLCanvasElement).width);
  assert.ok(box, `${layer}'s canvas is on screen`);
  const g = mapGridLayout(shape[0], shape[1], shape[2]);
  assert.equal(width, g.width, `${layer}: canvas width of ${shape[2]} maps of ${shape[1]} at zoom ${g.zoom}`);
  const o = mapOrigin(g, channel);
  const s = box.width / g.width;
  return { x: box.x + (o.x + (x + 0.5) * g.zoom) * s, y: box.y + (o.y + (y + 0.5) * g.zoom) * s };
}

/** The RGBA of canvas pixel (px, py) of a layer's activation canvas. */
export function canvasPixel(page: Page, layer: string, px: number, py: number): Promise<number[]> {
  return page.locator(`[data-testid="explore-layer"][data-layer="${layer}"] canvas`).evaluate((c, [x, y]) =>
    Array.from((c as HTMLCanvasElement).getContext('2d')!.getImageData(x, y, 1, 1).data), [px, py]);
}

/**
 * A map value's colour for a scale mode: viridis at the value's place between the layer's (shared) or the map's
 * (perMap) minimum and maximum, all taken from the oracle. One table step either way is allowed: a value within
 * float error of a step boundary.
 */
export function expectedColours(values: Float32Array, channels: number, channel: number, index: number, scale: 'shared' | 'perMap'): number[][] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = scale === 'perMap' ? channel : 0; i < values.length; i += scale === 'perMap' ? channels : 1) {
    min = Math.min(min, values[i]);
    max = Math.max(max, values[i]);
  }
  const k = colorIndex(values[index * channels + channel], min, max);
  const table = colorTable('viridis');
  return [k - 1, k, k + 1].filter((j) => j >= 0 && j < 256).map((j) => [table[j * 3], table[j * 3 + 1], table[j * 3 + 2], 255]);
}

export async function oracleOfState(page: Page, oracle: ExploreOracle): Promise<{ pixels: Uint8Array; run: OracleRun }> {
  const b64 = await page.evaluate(() => (window as unknown as { __state: { explore: { input: { pixels: string } } } }).__state.explore.input.pixels);
  const pixels = new Uint8Array(Buffer.from(b64, 'base64'));
  return { pixels, run: oracle.run(Float32Array.from(pixels, (v) => v / 255)) };
}
