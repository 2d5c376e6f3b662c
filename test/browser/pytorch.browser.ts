// The dashboard of PyTorch models (issue #12) in headless Chromium: corpus files analysed by the static engine and
// sent as the host sends them; every number on screen checked against PyTorch 1.13.1's recorded answer
// (test/fixtures/pytorch-corpus/expected/*.json) after each user step — the paper drawing's stages (channels first:
// C@H×W, C@L, C@T×H×W), the layer table (PyTorch's names, classes, shapes, parameters and buffers apart), the details
// of a selected layer, and the memory what-if for another batch and dtype. Light, dark and high contrast; PNG
// screenshots in test-artifacts/.
//   npx mocha --no-config -r tsx/cjs --extension ts --timeout 180000 test/browser/pytorch.browser.ts
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { DType } from '../../src/core/analysisResult';
import { formatBytes, formatCount } from '../../src/core/format';
import { computeMemoryDetail, type MemoryOptions } from '../../src/core/memory/memoryModel';
import type { ModelMessage } from '../../src/protocol';
import { torchMemoryLayers, traceToAnalysis, type TorchTrace } from '../../src/core/formats/pytorch';
import { pytorchModelMessage } from '../../src/extension/dashboard/pytorchModelMessage';
import { runPyTorchEngine, stopPyTorchEngines } from '../../src/pytorchEngine';
import { DTYPE_LABELS } from './controls.browser';
import { buildWebview, closeCheckedPage, launchChromium, openDashboard, posted, send, serveDashboard, type BrowserSession, type TestServer, type ThemeName } from './harness';
import { chooseOption, readMemory, typeInto } from './interact';
import { memoryFigureValues } from './oracles';
import { corpusModelMessage, corpusOracle, elementsPerSample, expectedPaperLabels, torchShapeText, type Oracle } from './pytorchFixtures';

const ARTIFACTS = resolve(__dirname, '../../test-artifacts');
const CORPUS = resolve(__dirname, '../fixtures/pytorch-corpus');
const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `pytorch-${name}.png`), fullPage: true });
const texts = (page: Page, selector: string) => page.$$eval(selector, (els) => els.map((e) => e.textContent ?? ''));

async function showTab(page: Page, tab: string): Promise<void> {
  await page.click(`vscode-tab-header[data-tab="${tab}"]`);
  await page.waitForSelector(`section[data-view="${tab}"]`, { state: 'visible' });
}

/** The layer table as shown: each row's cells by column title. */
async function readTable(page: Page): Promise<{ rows: Record<string, string>[]; footer: Record<string, string> }> {
  await page.waitForFunction(() => document.querySelectorAll('.layer-table tbody tr').length > 0);
  // No named helper inside: tsx's keepNames would wrap it in a __name() call the page does not define.
  return page.evaluate(() => {
    const heads = [...document.querySelectorAll('.layer-table thead th')].map((th) => th.getAttribute('data-sort') ?? '');
    const [footer, ...rows] = [document.querySelector('.layer-table tfoot tr')!, ...document.querySelectorAll('.layer-table tbody tr')]
      .map((tr) => Object.fromEntries([...tr.querySelectorAll('td')].map((td, i) => [heads[i], td.textContent ?? ''])));
    return { rows, footer };
  });
}

/** The details pane's rows (Class, Input, Output, Parameters, Buffers, …). */
function readDetails(page: Page): Promise<Record<string, string>> {
  return page.$$eval('.details table.kv tr', (trs) => Object.fromEntries(trs.map((tr) => [tr.querySelector('th')?.textContent ?? '', tr.querySelector('td')?.textContent ?? ''])));
}

/**
 * The page's layer table against PyTorch's answer: every leaf module PyTorch lists is a row with its class, its first
 * call's output shapes, its trainable parameters and its buffer elements; the footer's totals are PyTorch's.
 */
async function assertTable(page: Page, oracle: Oracle, batch: number, dtype: DType, step: string): Promise<void> {
  const { rows, footer } = await readTable(page);
  const byName = new Map(rows.map((r) => [r.name, r]));
  const bytes = dtype === 'float16' ? 2 : 4;
  for (const l of oracle.layers) {
    const row = byName.get(l.name);
    assert.ok(row, `${step}: a row for ${l.name}`);
    assert.equal(row.className, l.className, `${step}: ${l.name} class`);
    if (l.calls.length === 0) continue;
    const outs = l.calls[0].outputShapes;
    // A tuple output (an LSTM's (h, c)) is not checked here; plain tensors are.
    if (outs.every(Array.isArray)) {
      assert.equal(row.output, outs.map(torchShapeText).join(', '), `${step}: ${l.name} output`);
      // Output memory of the batch, by hand: elements of one sample (all outputs of all calls) × batch × bytes.
      const elements = l.calls.flatMap((c) => c.outputShapes as (number | null)[][]).reduce((n, s) => n + elementsPerSample(s), 0);
      assert.equal(row.memory, formatBytes(elements * batch * bytes), `${step}: ${l.name} output memory for ${batch} × ${dtype}`);
    }
    assert.equal(row.params, formatCount(l.trainableParams + l.nonTrainableParams), `${step}: ${l.name} params`);
    assert.equal(row.buffers, formatCount(l.bufferElements), `${step}: ${l.name} buffers`);
  }
  assert.equal(footer.params, formatCount(oracle.totals.trainableParams), `${step}: total params`);
  assert.equal(footer.buffers, formatCount(oracle.layers.reduce((n, l) => n + l.bufferElements, 0)), `${step}: total buffers`);
}

/**
 * The memory view against core's memory model over the very walk the host's analysis made (one entry per call, PyTorch
 * semantics) — and, at the analysis's own batch, against the analysis's figures (what the editor's CodeLens says).
 */
async function assertMemory(page: Page, model: ModelMessage, batch: number, dtype: DType, step: string, options: Partial<MemoryOptions> = {}): Promise<void> {
  const shown = await readMemory(page);
  assert.equal(shown.batch, String(batch), `${step}: batch field`);
  assert.equal(shown.dtype, dtype, `${step}: dtype`);
  const d = computeMemoryDetail(model.memoryLayers!, { batchSize: batch, dtype, optimizer: 'adam', semantics: 'pytorch', ...options });
  const values = Object.fromEntries(Object.entries(shown.rows).map(([k, r]) => [k, r.value]));
  assert.deepEqual(values, memoryFigureValues(d), `${step}: every figure`);
  // Hand derivation: every parameter PyTorch counts, and for a framework's figures its buffers too (BatchNorm's running
  // statistics live beside the weights), × the dtype's bytes; the ideal-autograd figure counts parameters only.
  const buffers = options.framework === 'idealAutograd' ? 0 : model.analysis.layers.reduce((n, l) => n + (l.buffers ?? 0), 0);
  assert.equal(values.Parameters, formatBytes((model.analysis.totals.params! + buffers) * (dtype === 'float16' ? 2 : 4)), `${step}: parameters`);
  const m = model.analysis.memory;
  if (batch === m.batchSize && dtype === m.dtype && options.framework === undefined) {
    assert.equal(values['Training peak'], formatBytes(m.trainingPeakBytes), `${step}: the editor's training peak`);
    assert.equal(values['Inference peak'], formatBytes(m.inferencePeakBytes), `${step}: the editor's inference peak`);
  }
  assert.equal(shown.message, '', `${step}: no warning (every size is known)`);
}

describe('PyTorch models on the dashboard (Chromium)', function () {
  let server: TestServer;
  let session: BrowserSession;
  const files = {
    lenet: 'lenet_sequential.py', resnet: 'cifar_resnet_shortcut.py', audio: 'audio_conv1d_adaptive.py', video: 'video_conv3d.py',
    gru: 'gru_rnn_bidirectional.py', shared: 'cifar_tutorial_view.py',
  } as const;
  const messages = {} as Record<keyof typeof files, ModelMessage>;
  const oracles = {} as Record<keyof typeof files, Oracle>;

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await buildWebview();
    for (const [k, f] of Object.entries(files) as [keyof typeof files, string][]) {
      messages[k] = corpusModelMessage(f);
      oracles[k] = corpusOracle(f);
      assert.deepEqual(messages[k].analysis.diagnostics, [], `${f} analyses without a problem`);
    }
    server = await serveDashboard();
    session = await launchChromium();
  });

  after(async () => {
    await session?.close();
    await server?.close();
  });

  for (const theme of ['light', 'dark', 'hc'] as ThemeName[]) {
    describe(`${theme} theme`, () => {
      let page: Page;
      before(async () => {
        page = await openDashboard(session, server, theme);
      });
      after(async () => {
        const rejected = (await posted(page)).filter((m) => m.type === 'invalidMessage');
        await closeCheckedPage(page);
        assert.deepEqual(rejected, [], 'the page took every host message');
      });

      it('draws a Sequential LeNet like the paper, channels first, with PyTorch\'s numbers and the engine', async () => {
        const oracle = oracles.lenet;
        await send(page, messages.lenet);
        await page.waitForSelector('svg.paper .stage-label');
        // d2l's LeNet on 1×28×28: C1 6@28×28 (padding 2), S2 6@14×14, C3 16@10×10, S4 16@5×5, F 120, 84, 10.
        assert.deepEqual(expectedPaperLabels(oracle), ['INPUT: 1@28×28', 'C1: 6@28×28', 'S2: 6@14×14', 'C3: 16@10×10', 'S4: 16@5×5', 'F5: 120', 'F6: 84', 'F7: 10']);
        assert.deepEqual(await texts(page, 'svg.paper .stage-label'), expectedPaperLabels(oracle));
        assert.deepEqual(await texts(page, 'svg.paper .stage-class'), ['input', 'conv 5×5', 'avg pool 2×2', 'conv 5×5', 'avg pool 2×2', 'linear', 'linear', 'linear']);
        assert.match((await page.textContent('[data-total="params"]')) ?? '', new RegExp(formatCount(oracle.totals.trainableParams)));
        assert.equal(await page.textContent('[data-total="engine"]'), 'PyTorch · static analysis');
        assert.match((await page.textContent('[data-total="format"]')) ?? '', /pytorch/);
        await shot(page, `${theme}-1-lenet-paper`);
      });

      it('selects a stage: its details in PyTorch\'s notation, buffers apart, and a reveal by name', async () => {
        const conv = corpusOracle(files.lenet).layers.find((l) => l.name === '3')!;
        await page.click('svg.paper [data-layer="3"]');
        await page.waitForFunction(() => document.querySelector('.details h3')?.textContent === '3');
        const details = await readDetails(page);
        assert.equal(details.Class, 'Conv2d');
        assert.equal(details.Input, torchShapeText(conv.calls[0].inputShapes[0]));
        assert.equal(details.Output, torchShapeText(conv.calls[0].outputShapes[0]));
        // Conv2d(6, 16, 5): 16·6·5·5 + 16 = 2,416 parameters, as PyTorch counts them; no buffers.
        assert.equal(conv.trainableParams, 16 * 6 * 5 * 5 + 16);
        assert.equal(details.Parameters, `${formatCount(conv.trainableParams)} (${formatCount(conv.trainableParams)} trainable, 0 non-trainable)`);
        assert.equal(details.Buffers, 'none');
        const reveal = (await posted(page)).filter((m) => m.type === 'revealLayer').at(-1);
        assert.deepEqual(reveal && { layer: reveal.layer, path: reveal.path }, { layer: '3', path: [] });
        const state = await page.evaluate(() => (window as unknown as { __state: { selectedLayer: string; modelRef: unknown } }).__state);
        assert.equal(state.selectedLayer, '3');
        assert.deepEqual(state.modelRef, { source: 'pytorch', uri: `file:///corpus/${files.lenet}`, entry: null });
        assert.equal(await page.textContent('.details summary'), 'Arguments');
        await shot(page, `${theme}-2-lenet-selected`);
      });

      it('lists the layers with PyTorch\'s names, classes, shapes, parameters and buffers', async () => {
        await showTab(page, 'layers');
        await assertTable(page, oracles.lenet, 100, 'float32', 'lenet');
        await shot(page, `${theme}-3-lenet-layers`);
      });

      it('the memory what-if follows batch and dtype with PyTorch semantics, and the table follows it', async () => {
        await showTab(page, 'memory');
        await page.waitForSelector('.memory-table');
        await assertMemory(page, messages.lenet, 100, 'float32', 'defaults');
        await typeInto(page, '#batch-size', '32');
        await assertMemory(page, messages.lenet, 32, 'float32', 'batch 32');
        await chooseOption(page, '#dtype', DTYPE_LABELS.float16);
        await assertMemory(page, messages.lenet, 32, 'float16', 'batch 32, float16');
        await shot(page, `${theme}-4-lenet-memory-32-float16`);
        await showTab(page, 'layers');
        await assertTable(page, oracles.lenet, 32, 'float16', 'lenet at batch 32, float16');
        // Back to the defaults for the next models.
        await showTab(page, 'memory');
        await typeInto(page, '#batch-size', '100');
        await chooseOption(page, '#dtype', DTYPE_LABELS.float32);
        await assertMemory(page, messages.lenet, 100, 'float32', 'back to the defaults');
      });

      it('the memory view says whose figures they are; switching framework and device, and the largest batch for a device', async () => {
        await showTab(page, 'memory');
        const heading = () => page.textContent('.memory-framework');
        // Auto is what the editor computed: on PyTorch code with the default settings, PyTorch's own model on a CUDA GPU.
        assert.deepEqual([messages.lenet.analysis.memory.framework, messages.lenet.analysis.memory.device], ['pytorch', 'cuda']);
        assert.equal(await heading(), 'Figures for PyTorch 2.x eager on a CUDA GPU');
        assert.ok((await page.$$('.assumptions li')).length > 0, 'the assumptions are listed');
        await chooseOption(page, '#framework', 'Ideal autograd (lower bound)');
        await assertMemory(page, messages.lenet, 100, 'float32', 'ideal autograd', { framework: 'idealAutograd' });
        assert.equal(await heading(), 'Figures for ideal autograd (a lower bound no framework reaches)');
        assert.equal(await page.getAttribute('#device', 'disabled'), '', 'no device for the lower bound');
        await chooseOption(page, '#framework', 'PyTorch 2.x eager');
        await chooseOption(page, '#device', 'CPU');
        await assertMemory(page, messages.lenet, 100, 'float32', 'pytorch on the cpu', { framework: 'pytorch', device: 'cpu' });
        assert.equal(await heading(), 'Figures for PyTorch 2.x eager on the CPU');
        await shot(page, `${theme}-4b-lenet-memory-cpu`);
        // The largest batch in 0.5 GiB: its training peak fits, one sample more does not (checked against core's figures
        // for those two batches, not against the search the page runs).
        await typeInto(page, '#device-gib', '0.5');
        await page.waitForFunction(() => document.querySelector('[data-testid="max-batch"] h3')?.textContent?.startsWith('Largest batch that fits in 0.5 GiB'));
        const device = 0.5 * 1024 ** 3;
        const peak = (batch: number) => {
          const d = computeMemoryDetail(messages.lenet.memoryLayers!, { batchSize: batch, dtype: 'float32', optimizer: 'adam', semantics: 'pytorch', framework: 'pytorch', device: 'cpu' });
          return { training: d.trainingPeakRange?.highBytes ?? d.trainingPeakBytes, inference: d.inferencePeakRange?.highBytes ?? d.inferencePeakBytes };
        };
        for (const phase of ['training', 'inference'] as const) {
          const shown = (await page.textContent(`[data-fit="${phase}"] td`)) ?? '';
          const match = /^([\d,]+) \(peak (.+)\)$/.exec(shown);
          assert.ok(match, `${phase}: "${shown}"`);
          const batch = Number(match[1].replace(/,/g, ''));
          assert.ok(peak(batch)[phase] <= device && peak(batch + 1)[phase] > device, `${phase}: batch ${batch} is the largest that fits`);
          assert.equal(match[2], formatBytes(peak(batch)[phase]), `${phase}: its peak`);
        }
        await typeInto(page, '#device-gib', '0');
        assert.match((await page.textContent('[data-testid="max-batch"], .max-batch')) ?? '', /Device memory must be a number of GiB above 0/);
        await shot(page, `${theme}-4c-lenet-max-batch`);
        // Back to the defaults for the next models.
        await typeInto(page, '#device-gib', '8');
        await chooseOption(page, '#device', 'GPU (CUDA, cuDNN off)');
        await chooseOption(page, '#framework', 'Auto (as the editor shows it)');
        await assertMemory(page, messages.lenet, 100, 'float32', 'auto again');
        const saved = await page.evaluate(() => (window as unknown as { __state: { memoryModel: unknown } }).__state.memoryModel);
        assert.deepEqual(saved, { framework: 'auto', device: 'cuda', deviceGiB: 8 });
      });

      it('a ResNet with residual adds is a graph; BatchNorm buffers counted apart from parameters', async () => {
        const oracle = oracles.resnet;
        await send(page, messages.resnet);
        await showTab(page, 'layers');
        await page.waitForFunction(() => [...document.querySelectorAll('.layer-table tbody tr')].some((tr) => tr.getAttribute('data-layer') === 'layer4.1.bn2'));
        await assertTable(page, oracle, 100, 'float32', 'resnet');
        // BatchNorm2d(64): running_mean 64 + running_var 64 + num_batches_tracked 1 = 129 buffer elements.
        assert.equal(oracle.layers.find((l) => l.name === 'bn1')?.bufferElements, 64 + 64 + 1);
        await shot(page, `${theme}-5-resnet-layers`);
        await showTab(page, 'architecture');
        await page.waitForSelector('svg.graph .node');
        await page.evaluate(() => (window as unknown as { cnnExplorer: { app: { architectureDrawn: Promise<void> } } }).cnnExplorer.app.architectureDrawn);
        const conv1 = await page.textContent('svg.graph [data-node="conv1"] .node-info');
        assert.equal(conv1, `Conv2d · ${torchShapeText(oracle.layers[0].calls[0].outputShapes[0])}`);
        await page.click('svg.graph [data-node="bn1"]');
        await page.waitForFunction(() => document.querySelector('.details h3')?.textContent === 'bn1');
        const details = await readDetails(page);
        assert.equal(details.Buffers, `${formatCount(129)} elements (running statistics: saved with the model, not trained)`);
        assert.equal(details.Parameters, '128 (128 trainable, 0 non-trainable)');
        await showTab(page, 'memory');
        await assertMemory(page, messages.resnet, 100, 'float32', 'resnet');
        await shot(page, `${theme}-6-resnet-memory`);
      });

      it('a module called twice (the CIFAR tutorial\'s pool) keeps the what-if known', async () => {
        await send(page, messages.shared);
        await showTab(page, 'memory');
        await assertMemory(page, messages.shared, 100, 'float32', 'cifar tutorial');
        await showTab(page, 'layers');
        await assertTable(page, oracles.shared, 100, 'float32', 'cifar tutorial');
        // Its details show both calls, as PyTorch's hooks saw them: [N, 6, 28, 28] → [N, 6, 14, 14], then [N, 16, 10, 10] → [N, 16, 5, 5].
        const pool = oracles.shared.layers.find((l) => l.name === 'pool')!;
        await page.click('.layer-table tbody tr[data-layer="pool"]');
        await showTab(page, 'architecture');
        await page.waitForFunction(() => document.querySelector('.details h3')?.textContent === 'pool');
        const details = await readDetails(page);
        const each = (pick: 'inputShapes' | 'outputShapes') => pool.calls.map((c, i) => `${torchShapeText(c[pick][0])} (call ${i + 1})`).join('; ');
        assert.equal(details.Input, each('inputShapes'));
        assert.equal(details.Output, each('outputShapes'));
        assert.equal(details.Output, '[N, 6, 14, 14] (call 1); [N, 16, 5, 5] (call 2)');
      });

      it('draws 1-D audio (C@L) and 3-D video (C@T×H×W) stages', async () => {
        await showTab(page, 'architecture');
        for (const k of ['audio', 'video'] as const) {
          await send(page, messages[k]);
          await page.waitForFunction((first) => document.querySelector('svg.paper .stage-label')?.textContent === first, expectedPaperLabels(oracles[k])[0]);
          assert.deepEqual(await texts(page, 'svg.paper .stage-label'), expectedPaperLabels(oracles[k]), k);
          await shot(page, `${theme}-7-${k}-paper`);
        }
        // Hand check of two: Conv1d(1, 16, 64, stride 8, padding 28) on 16000 → floor((16000 + 56 − 64) / 8) + 1 = 16@2000;
        // Conv3d(3, 16, (3, 3, 3), padding 1) on 8×32×32 → 16@8×32×32.
        assert.equal(expectedPaperLabels(oracles.audio)[1], 'C1: 16@2000');
        assert.equal(expectedPaperLabels(oracles.video)[1], 'C1: 16@8×32×32');
        // The operations as the source writes them (video_conv3d.py): an int kernel_size is the same on all three axes.
        assert.deepEqual(await texts(page, 'svg.paper .stage-class'), ['input', 'conv 3×3×3', 'max pool 1×2×2', 'conv 3×3×3', 'max pool 2×2×2',
          'transposed conv 1×2×2', 'avg pool 2×2×2', 'conv 2×3×3', 'adaptive avg pool', 'adaptive max pool', 'linear']);
        assert.match((await page.textContent('section[data-view="architecture"] .caption')) ?? '', /maps@frames×height×width/);
        await send(page, messages.audio);
        await page.waitForFunction((first) => document.querySelector('svg.paper .stage-label')?.textContent === first, expectedPaperLabels(oracles.audio)[0]);
        // audio_conv1d_adaptive.py: Conv1d kernel 64, then (Conv1d 9, MaxPool1d 3) blocks, AdaptiveAvgPool1d, Linear.
        assert.deepEqual(await texts(page, 'svg.paper .stage-class'), ['input', 'conv 64', 'conv 9', 'max pool 3', 'conv 9', 'max pool 3', 'conv 9',
          'max pool 3', 'adaptive avg pool', 'linear']);
      });

      it('sequences: a GRU\'s outputs with the batch where PyTorch puts it ([4, N, 64] for h_n)', async () => {
        await send(page, messages.gru);
        await showTab(page, 'layers');
        await page.waitForFunction(() => [...document.querySelectorAll('.layer-table tbody tr')].some((tr) => tr.getAttribute('data-layer') === 'gru'));
        await assertTable(page, oracles.gru, 100, 'float32', 'gru');
        const gru = (await readTable(page)).rows.find((r) => r.name === 'gru')!;
        assert.equal(gru.output, '[N, 50, 128], [4, N, 64]');
        await shot(page, `${theme}-8-gru-layers`);
      });
    });
  }

  it('the PyTorch engine\'s exact trace (the user\'s torch on the meta device) is labelled with its version, same numbers', async function () {
    this.timeout(180_000);
    // Debian's python3-torch 1.13.1 (npm test installs it where missing), run by the engine the extension runs.
    const text = readFileSync(join(CORPUS, files.lenet), 'utf8');
    let trace: TorchTrace;
    try {
      ({ trace } = await runPyTorchEngine({ python: '/usr/bin/python3', text, fileName: join(CORPUS, files.lenet), inputShape: [1, 28, 28], inputSource: 'comment', timeoutMs: 150_000 }));
    } finally {
      stopPyTorchEngines();
    }
    assert.equal(trace.engine, 'pytorch');
    const analysis = traceToAnalysis(trace);
    const uri = `file:///corpus/${files.lenet}`;
    const exact = pytorchModelMessage({ key: `pytorch:${uri}#`, title: files.lenet, source: 'pytorch', uri }, { analysis, trace, version: 1 }, torchMemoryLayers(trace));
    const page = await openDashboard(session, server, 'light');
    await send(page, exact);
    await page.waitForSelector('svg.paper .stage-label');
    assert.equal(await page.textContent('[data-total="engine"]'), `PyTorch ${trace.torchVersion} · meta device`);
    assert.match(trace.torchVersion ?? '', /^1\.13/);
    assert.deepEqual(await texts(page, 'svg.paper .stage-label'), expectedPaperLabels(oracles.lenet));
    await showTab(page, 'layers');
    await assertTable(page, oracles.lenet, 100, 'float32', 'exact trace');
    await shot(page, 'light-10-exact-engine');
    await page.close();
  });

  it('a page reloaded with a PyTorch panel\'s saved state restores its choices and keeps its model reference', async () => {
    const uri = `file:///corpus/${files.lenet}`;
    const saved = {
      version: 1, tab: 'layers', selectedLayer: '7', memory: { batchSize: 64, dtype: 'float16', optimizer: 'sgd' },
      sort: { key: 'buffers', descending: true }, overlayRuns: [], expandedBlocks: [], theory: {}, modelRef: { source: 'pytorch', uri, entry: null },
    };
    const page = await openDashboard(session, server, 'light', saved);
    await send(page, messages.lenet);
    await assertTable(page, oracles.lenet, 64, 'float16', 'restored');
    assert.equal(await page.getAttribute('.layer-table tbody tr.selected', 'data-layer'), '7');
    assert.equal(await page.getAttribute('th[data-sort="buffers"]', 'aria-sort'), 'descending');
    const state = await page.evaluate(() => (window as unknown as { __state: unknown }).__state);
    assert.deepEqual(state, saved);
    await shot(page, 'light-9-restored');
    await page.close();
  });
});
