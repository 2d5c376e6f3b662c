// Browser tests of the Explore tab (issue #14): the built webview in headless Debian Chromium, with the CSP, fed the
// exploreModel the host sends for a real saved run (test/fixtures/explore/lenet-run: weights.bin's bytes, the
// Fashion-MNIST test set) and driven as a user drives it. After each step the page's numbers are checked against
// TF.js itself in Node on the cpu backend (exploreOracle.ts): every layer's output, the probabilities, the hovered
// value, the colours, saliency's score; receptive fields against a hand derivation. Screenshots in test-artifacts/.
//   flock /tmp/ui.lock npx mocha --no-config -r tsx/cjs --extension ts --timeout 180000 test/browser/explore.browser.ts
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { ExploreModelMessage } from '../../src/protocol/explore';
import { lenetRunMessage, NO_WEIGHTS, readModelFolder } from './exploreFixtures';
import { ExploreOracle, lenetReceptiveField, scaledImage } from './exploreOracle';
import {
  assertClose, assertPredictionShown, assertRunMatches, canvasPixel, expectedColours, mapCellPoint, oracleOfState, pageRun,
} from './exploreOracleChecks';
import { buildWebview, closeCheckedPage, launchChromium, openDashboard, posted, serveDashboard, type BrowserSession, type TestServer, type ThemeName } from './harness';
import { answerExploreRequest, noFavicon, openExplore, sendWithBytes, waitReady } from './explorePage';
import { chooseOption } from './interact';

const ARTIFACTS = resolve(__dirname, '../../test-artifacts');
const BRANCH_MODEL = resolve(__dirname, '../fixtures/explore/branch-model/model.json');

type StateWindow = { __state: { tab: string; explore: { input: { source: string; index?: number; pixels?: string } | null; classFilter: number | null; targetClass: number | null; scale: string; enlarged: { layer: string; channel: number } | null } } };
const exploreState = (page: Page) => page.evaluate(() => (window as unknown as StateWindow).__state.explore);

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

async function clickTestImage(page: Page, index: number): Promise<void> {
  await page.click(`[data-testid="explore-test-image"][data-index="${index}"]`);
}

/** The test indices of the thumbnails on screen. */
const shownIndices = (page: Page) => page.$$eval('[data-testid="explore-test-image"]', (els) => els.map((e) => Number(e.getAttribute('data-index'))));

describe('Explore tab in Chromium', function () {
  let server: TestServer;
  let session: BrowserSession;
  let lenet: ExploreModelMessage;
  let oracle: ExploreOracle;
  let classNames: string[];
  let labels: Uint8Array;
  const testImage = (i: number) => scaledImage(lenet.dataset!.images.subarray(i * 784, (i + 1) * 784));

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await buildWebview();
    lenet = await lenetRunMessage();
    classNames = lenet.dataset!.classNames;
    labels = lenet.dataset!.labels;
    oracle = await ExploreOracle.load(lenet);
    server = await serveDashboard();
    session = await launchChromium();
    await noFavicon(session);
  });

  after(async () => {
    oracle?.dispose();
    await session?.close();
    await server?.close();
  });

  describe('a saved LeNet run, driven as a user (light theme)', () => {
    let page: Page;
    before(async () => {
      page = await openDashboard(session, server, 'light');
      await openExplore(page, lenet);
      await waitReady(page);
    });
    after(async () => { if (page) await closeCheckedPage(page); });

    it('shows test image 0 first, with every layer and the probabilities TF.js computes', async () => {
      const run = await pageRun(page);
      const expected = oracle.run(testImage(0));
      assertRunMatches(run, expected, 'test image 0');
      await assertPredictionShown(page, expected, classNames, 'test image 0');
      // Every layer of model.json, in its order, with its shape for one image.
      const sections = await page.$$eval('[data-testid="explore-layer"]', (els) => els.map((e) => [e.getAttribute('data-layer'), e.getAttribute('data-shape')]));
      const modelLayers = [...expected.layers.values()].map((l) => [l.name, l.shape.join('×')]);
      assert.deepEqual(sections.filter(([n]) => expected.layers.has(n!)), modelLayers);
      assert.match((await page.textContent('[data-testid="explore-status"]')) ?? '', /TF\.js (wasm|cpu)/);
      // The run's own predictions (metrics.json's test.predictions) on the thumbnails: TF.js predicts the same.
      const thumbs = await page.$$eval('[data-testid="explore-test-image"]', (els) => els.map((e) => [Number(e.getAttribute('data-index')), e.getAttribute('title') ?? ''] as const));
      const predictions = lenet.dataset!.predictions;
      assert.ok(predictions, 'the run\'s predictions are sent with the full test set (Debian\'s dataset-fashion-mnist)');
      assert.ok(thumbs.length >= 8);
      for (const [i, title] of thumbs) {
        assert.ok(title.includes(`the run predicted ${classNames[predictions[i]]}`), `thumbnail ${i}: ${title}`);
        assert.equal(oracle.run(testImage(i)).predicted, predictions[i], `test image ${i}: TF.js predicts what the run saved`);
      }
    });

    it('explores the test image the user clicks', async () => {
      await clickTestImage(page, 5);
      assert.deepEqual((await exploreState(page)).input, { source: 'test', index: 5 });
      const expected = oracle.run(testImage(5));
      assertRunMatches(await pageRun(page), expected, 'test image 5');
      await assertPredictionShown(page, expected, classNames, 'test image 5');
      assert.equal(await page.getAttribute('[data-testid="explore-test-image"][data-index="5"]', 'aria-selected'), 'true');
    });

    it('filters the test images by class, and a keyboard user moves and chooses with arrows and Enter', async () => {
      const sneaker = classNames.indexOf('Sneaker');
      await chooseOption(page, '[data-testid="explore-class-filter"]', `${sneaker} · Sneaker`);
      await page.waitForFunction(() => (window as unknown as StateWindow).__state.explore.classFilter !== null);
      assert.equal((await exploreState(page)).classFilter, sneaker);
      const shown = await shownIndices(page);
      const sneakers = [...labels.keys()].filter((i) => labels[i] === sneaker);
      assert.deepEqual(shown, sneakers.slice(0, shown.length), 'the first page of Sneaker images, in test-set order');
      assert.ok(shown.length >= 8);
      await clickTestImage(page, shown[2]);
      assertRunMatches(await pageRun(page), oracle.run(testImage(shown[2])), `sneaker #${shown[2]}`);
      // Keyboard: the chosen thumbnail has the focus stop; → moves to the next Sneaker, Enter chooses it.
      await page.focus(`[data-testid="explore-test-image"][data-index="${shown[2]}"]`);
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Enter');
      await page.waitForFunction((i) => (window as unknown as StateWindow).__state.explore.input?.index === i, shown[3]);
      const expected = oracle.run(testImage(shown[3]));
      assertRunMatches(await pageRun(page), expected, `sneaker #${shown[3]} by keyboard`);
      await assertPredictionShown(page, expected, classNames, `sneaker #${shown[3]} by keyboard`);
      // ↓ moves a row of 8.
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.waitForFunction((i) => (window as unknown as StateWindow).__state.explore.input?.index === i, shown[11]);
      assertRunMatches(await pageRun(page), oracle.run(testImage(shown[11])), `sneaker #${shown[11]} by keyboard`);
    });

    it('reads the value under the pointer, and paints maps on one colour scale per layer or per map', async () => {
      const index = (await exploreState(page)).input!.index!;
      const expected = oracle.run(testImage(index));
      const c3 = expected.layers.get('c3_act')!;
      for (const [channel, y, x] of [[5, 3, 7], [0, 0, 0], [15, 9, 9]]) {
        const at = await mapCellPoint(page, 'c3_act', c3.shape, channel, y, x);
        await page.mouse.move(at.x, at.y);
        const r = await page.locator('[data-testid="explore-value"]').evaluate((e) => ({ ...(e as HTMLElement).dataset, text: e.textContent }) as Record<string, string | undefined>);
        assert.deepEqual([r.layer, Number(r.channel), Number(r.y), Number(r.x)], ['c3_act', channel, y, x], 'the readout names the value pointed at');
        assertClose(Number(r.value), c3.values[(y * 10 + x) * 16 + channel], `c3_act map ${channel} (${y}, ${x})`);
        assert.match(r.text ?? '', new RegExp(`map ${channel} · \\(row ${y}, column ${x}\\)`));
      }
      // Units: f5_act's unit 17.
      const f5 = expected.layers.get('f5_act')!;
      const units = page.locator('[data-testid="explore-layer"][data-layer="f5_act"] canvas');
      await units.scrollIntoViewIfNeeded();
      const box = (await units.boundingBox())!;
      const width = await units.evaluate((c) => (c as HTMLCanvasElement).width);
      // unitGridLayout(120): cells of 10 px + 2 px gaps, 64 a row; unit 17 is row 0, column 17.
      const s = box.width / width;
      await page.mouse.move(box.x + (17 * 12 + 5) * s, box.y + 5 * s);
      const u = await page.locator('[data-testid="explore-value"]').evaluate((e) => ({ ...(e as HTMLElement).dataset }));
      assert.equal(u.layer, 'f5_act');
      assert.equal(Number(u.channel), 17);
      assertClose(Number(u.value), f5.values[17], 'f5_act unit 17');

      // Colours: c1_conv's map 3 at (14, 20), shared scale then per-map scale.
      const c1 = expected.layers.get('c1_conv')!;
      const check = async (scale: 'shared' | 'perMap') => {
        await pageRun(page);
        const at = await mapCellPoint(page, 'c1_conv', c1.shape, 3, 14, 20);
        const box1 = (await page.locator('[data-testid="explore-layer"][data-layer="c1_conv"] canvas').boundingBox())!;
        const cw = await page.locator('[data-testid="explore-layer"][data-layer="c1_conv"] canvas').evaluate((c) => (c as HTMLCanvasElement).width);
        const px = Math.floor((at.x - box1.x) * cw / box1.width);
        const py = Math.floor((at.y - box1.y) * cw / box1.width);
        const rgba = await canvasPixel(page, 'c1_conv', px, py);
        const allowed = expectedColours(c1.values, 6, 3, 14 * 28 + 20, scale);
        assert.ok(allowed.some((c) => c.join() === rgba.join()), `c1_conv map 3 (14, 20) on the ${scale} scale: ${rgba} not in ${JSON.stringify(allowed)}`);
      };
      assert.equal((await exploreState(page)).scale, 'shared');
      await check('shared');
      await chooseOption(page, '[data-testid="explore-scale"]', 'One per map');
      await page.waitForFunction(() => (window as unknown as StateWindow).__state.explore.scale === 'perMap');
      await check('perMap');
      await shot(page, 'light-explore-1-test-image');
    });

    it('enlarges a clicked map and outlines the receptive field of the pixel pointed at (LeNet by hand)', async () => {
      const index = (await exploreState(page)).input!.index!;
      const expected = oracle.run(testImage(index));
      const c3 = expected.layers.get('c3_conv')!;
      const at = await mapCellPoint(page, 'c3_conv', c3.shape, 2, 4, 4);
      await page.mouse.click(at.x, at.y);
      await page.waitForSelector('[data-testid="explore-enlarged"][data-layer="c3_conv"][data-channel="2"]');
      assert.deepEqual((await exploreState(page)).enlarged, { layer: 'c3_conv', channel: 2 });
      const map = page.locator('[data-testid="explore-enlarged"] canvas.enlarged-map');
      const box = (await map.boundingBox())!;
      const field = async () => page.locator('[data-testid="explore-receptive-field"]').evaluate((e) => {
        const d = (e as HTMLElement).dataset;
        return { top: Number(d.top), left: Number(d.left), bottom: Number(d.bottom), right: Number(d.right) };
      });
      // c3_conv (10×10): (0, 9) → input rows 0–11 (clipped from -2), columns 16–27; (5, 2) → rows 8–21, columns 2–15.
      for (const [y, x] of [[0, 9], [5, 2], [9, 0]]) {
        await page.mouse.move(box.x + (x + 0.5) * box.width / 10, box.y + (y + 0.5) * box.height / 10);
        assert.deepEqual(await field(), lenetReceptiveField('c3_conv', y, x), `c3_conv (${y}, ${x})`);
      }
      assert.deepEqual(lenetReceptiveField('c3_conv', 0, 9), { top: 0, left: 16, bottom: 11, right: 27 });
      // Keyboard: arrow keys move the pixel from (9, 0).
      await map.focus();
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowRight');
      assert.deepEqual(await field(), lenetReceptiveField('c3_conv', 8, 1));
      const readout = await page.locator('[data-testid="explore-enlarged"] .enlarged-readout').evaluate((e) => ({ ...(e as HTMLElement).dataset }));
      assert.deepEqual([Number(readout.y), Number(readout.x)], [8, 1]);
      assertClose(Number(readout.value), c3.values[(8 * 10 + 1) * 16 + 2], 'enlarged c3_conv map 2 (8, 1)');
      await shot(page, 'light-explore-2-enlarged');
      await page.keyboard.press('Escape');
      await page.waitForSelector('[data-testid="explore-enlarged"]', { state: 'detached' });
      assert.equal((await exploreState(page)).enlarged, null);
      // s4_pool: 16×16 fields, 4 apart (hand derivation in exploreOracle.ts).
      assert.deepEqual(lenetReceptiveField('s4_pool', 2, 2), { top: 6, left: 6, bottom: 21, right: 21 });
    });

    it('explains the class the user picks: saliency is tf.grad of its logit, Grad-CAM on the last maps layer', async () => {
      const index = (await exploreState(page)).input!.index!;
      const image = testImage(index);
      const expected = oracle.run(image);
      const saliencyDone = (cls: number) => page.waitForSelector(`[data-testid="explore-saliency"][data-status="done"][data-class="${cls}"]`, { timeout: 60000 });
      await saliencyDone(expected.predicted);
      const check = async (cls: number) => {
        const s = oracle.saliency(image, cls);
        const box = await page.locator('[data-testid="explore-saliency"]').evaluate((e) => ({ ...(e as HTMLElement).dataset }));
        assertClose(Number(box.score), s.score, `class ${cls} score (its logit)`);
        assertClose(Number(box.score), expected.logits[cls], `class ${cls} score = logit`);
        const max = Number(await page.getAttribute('[data-testid="explore-saliency-map"]', 'data-max'));
        assertClose(max, Math.max(...s.map), `class ${cls} saliency max |d logit / d pixel|`);
        // LeNet's last layer with H×W maps (H, W > 1): s4_pool, 5×5×16.
        assert.equal(box.layer, 's4_pool');
        assert.equal(await page.getAttribute('[data-testid="explore-gradcam"]', 'data-class'), String(cls));
      };
      await check(expected.predicted);
      const target = expected.predicted === 3 ? 4 : 3;
      await chooseOption(page, '[data-testid="explore-target-class"]', classNames[target]);
      await saliencyDone(target);
      assert.equal((await exploreState(page)).targetClass, target);
      await check(target);
      await shot(page, 'light-explore-3-saliency');
    });

    it('explores a drawing made with the mouse', async () => {
      await chooseOption(page, '[data-testid="explore-input-source"]', 'Drawing');
      const pad = page.locator('[data-testid="explore-draw-canvas"]');
      await pad.scrollIntoViewIfNeeded();
      const box = (await pad.boundingBox())!;
      const cell = box.width / 28;
      // A vertical stroke down column 14 from row 5 to row 22, then across row 22 to column 20: an "L".
      await page.mouse.move(box.x + 14.5 * cell, box.y + 5.5 * cell);
      await page.mouse.down();
      for (let r = 6; r <= 22; r++) await page.mouse.move(box.x + 14.5 * cell, box.y + (r + 0.5) * cell);
      for (let c = 15; c <= 20; c++) await page.mouse.move(box.x + (c + 0.5) * cell, box.y + 22.5 * cell);
      await page.mouse.up();
      await page.waitForFunction(() => (window as unknown as StateWindow).__state.explore.input?.source === 'drawn');
      const { pixels, run: expected } = await oracleOfState(page, oracle);
      // The stroke's pixels are full white, far ones black (the brush: full out to 0.9 px, nothing past 1.9 px).
      for (const [r, c] of [[5, 14], [12, 14], [22, 14], [22, 20]]) assert.equal(pixels[r * 28 + c], 255, `(${r}, ${c}) drawn`);
      for (const [r, c] of [[0, 0], [5, 20], [12, 17], [27, 27], [22, 23]]) assert.equal(pixels[r * 28 + c], 0, `(${r}, ${c}) not drawn`);
      const run = await pageRun(page);
      assertRunMatches(run, expected, 'the drawing');
      await assertPredictionShown(page, expected, classNames, 'the drawing');
      await shot(page, 'light-explore-4-drawing');
    });

    it('comes back as it was after a reload: input, scale, target class; the same numbers', async () => {
      const saved = await page.evaluate(() => (window as unknown as StateWindow).__state);
      assert.equal(saved.tab, 'explore');
      const reloaded = await openDashboard(session, server, 'light', saved);
      try {
        await reloaded.waitForSelector('section[data-view="explore"]', { state: 'visible' });
        await answerExploreRequest(reloaded, lenet);
        await waitReady(reloaded);
        const state = await exploreState(reloaded);
        assert.deepEqual(state, saved.explore);
        const { run: expected } = await oracleOfState(reloaded, oracle);
        assertRunMatches(await pageRun(reloaded), expected, 'the drawing after a reload');
        await assertPredictionShown(reloaded, expected, classNames, 'the drawing after a reload');
        assert.equal(await reloaded.locator('[data-testid="explore-scale"]').evaluate((e) => (e as unknown as { value: string }).value), 'perMap');
        await reloaded.waitForSelector(`[data-testid="explore-saliency"][data-status="done"][data-class="${saved.explore.targetClass}"]`, { timeout: 60000 });
      } finally {
        await closeCheckedPage(reloaded);
      }
    });
  });

  for (const theme of ['dark', 'hc'] as ThemeName[]) {
    it(`${theme} theme: a test image's maps, prediction and enlarged map`, async () => {
      const page = await openDashboard(session, server, theme);
      try {
        await openExplore(page, lenet);
        await waitReady(page);
        await clickTestImage(page, 12);
        const expected = oracle.run(testImage(12));
        assertRunMatches(await pageRun(page), expected, `${theme}: test image 12`);
        await assertPredictionShown(page, expected, classNames, `${theme}: test image 12`);
        await shot(page, `${theme}-explore-1-test-image`);
        const at = await mapCellPoint(page, 'c1_act', expected.layers.get('c1_act')!.shape, 1, 10, 10);
        await page.mouse.click(at.x, at.y);
        await page.waitForSelector('[data-testid="explore-enlarged"][data-layer="c1_act"][data-channel="1"]');
        await shot(page, `${theme}-explore-2-enlarged`);
      } finally {
        await closeCheckedPage(page);
      }
    });
  }

  it('a functional model with a branch: every layer of a drawing equals TF.js\'s; saliency through the merge', async () => {
    const page = await openDashboard(session, server, 'dark');
    try {
      const uri = 'file:///models/branch-model/model.json';
      const message: ExploreModelMessage = { type: 'exploreModel', modelId: `file:${uri}:1`, title: 'model.json (branch-model)', origin: { kind: 'file', uri }, ...readModelFolder(BRANCH_MODEL), dataset: null };
      const branch = await ExploreOracle.load(message);
      try {
        await openExplore(page, message);
        await page.waitForSelector('[data-testid="explore-draw-canvas"]', { state: 'visible', timeout: 60000 });
        const box = (await page.locator('[data-testid="explore-draw-canvas"]').boundingBox())!;
        const cell = box.width / 28;
        await page.mouse.move(box.x + 6.5 * cell, box.y + 6.5 * cell);
        await page.mouse.down();
        for (let k = 7; k <= 21; k++) await page.mouse.move(box.x + (k + 0.5) * cell, box.y + (k + 0.5) * cell);
        await page.mouse.up();
        await page.waitForFunction(() => (window as unknown as StateWindow).__state.explore.input?.source === 'drawn');
        const { pixels, run: expected } = await oracleOfState(page, branch);
        assert.equal(pixels[14 * 28 + 14], 255, 'the diagonal is drawn');
        assertRunMatches(await pageRun(page), expected, 'branch model, a diagonal');
        await assertPredictionShown(page, expected, Array.from({ length: 10 }, (_, i) => `class ${i}`), 'branch model');
        await page.waitForSelector(`[data-testid="explore-saliency"][data-status="done"]`, { timeout: 60000 });
        const s = await page.locator('[data-testid="explore-saliency"]').evaluate((e) => ({ ...(e as HTMLElement).dataset }));
        const cls = Number(s.class);
        const image = Float32Array.from(pixels, (v) => v / 255);
        assertClose(Number(s.score), branch.saliency(image, cls).score, 'the pre-softmax score of the dense softmax layer');
        assertClose(Number(await page.getAttribute('[data-testid="explore-saliency-map"]', 'data-max')), Math.max(...branch.saliency(image, cls).map), 'saliency max through the branches');
        assert.equal(s.layer, 'top_conv');
        await shot(page, 'dark-explore-3-branch-model');
      } finally {
        branch.dispose();
      }
    } finally {
      await closeCheckedPage(page);
    }
  });

  it('explores an image file: a 56×56 PNG converted to the model\'s 28×28 grey input (hand-derived pixels)', async () => {
    const page = await openDashboard(session, server, 'light');
    try {
      await openExplore(page, lenet);
      await waitReady(page);
      await chooseOption(page, '[data-testid="explore-input-source"]', 'Image file');
      await page.click('[data-testid="explore-load-image"]');
      await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'pickExploreImage'));
      const request = (await posted(page)).find((m) => m.type === 'pickExploreImage') as unknown as { requestId: number };
      // Black, with a white square over rows 10–29 and columns 20–39: whole 2×2 blocks, so halving it gives rows
      // 5–14, columns 10–19 white (luma of white 0.2989 + 0.587 + 0.114 = 0.9999 → 255) and the rest black (0).
      const png = await page.evaluate(async () => {
        const canvas = new OffscreenCanvas(56, 56);
        const g = canvas.getContext('2d')!;
        g.fillStyle = '#000';
        g.fillRect(0, 0, 56, 56);
        g.fillStyle = '#fff';
        g.fillRect(20, 10, 20, 20);
        return Array.from(new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer()));
      });
      await sendWithBytes(page, { type: 'exploreImageFile', requestId: request.requestId, status: 'ok', name: 'square.png', bytes: new Uint8Array(png), message: null });
      await page.waitForFunction(() => (window as unknown as StateWindow).__state.explore.input?.source === 'file');
      const { pixels, run: expected } = await oracleOfState(page, oracle);
      assert.equal(pixels.length, 28 * 28);
      for (let r = 0; r < 28; r++) {
        for (let c = 0; c < 28; c++) {
          const white = r >= 5 && r <= 14 && c >= 10 && c <= 19;
          assert.ok(white ? pixels[r * 28 + c] >= 254 : pixels[r * 28 + c] === 0, `(${r}, ${c}) = ${pixels[r * 28 + c]}, ${white ? 'white' : 'black'} by hand`);
        }
      }
      assertRunMatches(await pageRun(page), expected, 'square.png');
      await assertPredictionShown(page, expected, classNames, 'square.png');
      await shot(page, 'light-explore-6-image-file');
    } finally {
      await closeCheckedPage(page);
    }
  });

  it('says why a model without weights cannot be explored, and what to do', async () => {
    const page = await openDashboard(session, server, 'light');
    try {
      await openExplore(page, NO_WEIGHTS);
      await page.waitForSelector('[data-testid="explore-status"][data-state="unavailable"]');
      const text = (await page.textContent('[data-testid="explore-status"]')) ?? '';
      assert.ok(text.includes(NO_WEIGHTS.reason) && text.includes(NO_WEIGHTS.hint!), text);
      assert.equal(await page.locator('[data-testid="explore-layer"]').count(), 0);
      await shot(page, 'light-explore-5-unavailable');
    } finally {
      await closeCheckedPage(page);
    }
  });
});
