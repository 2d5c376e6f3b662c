// The protocol's validators (both sides run them on every incoming message) and the host-side helpers of the panel.
import assert from 'node:assert/strict';
import { parseHostToWebview, parseTrainingMessage, parseWebviewToHost, summarizeRun, parseHostToTrainer } from '../../../src/protocol';
import { runSummaryFromMetrics } from '../../../src/extension/dashboard/runs';
import { TrainingBuffer, MAX_BUFFERED } from '../../../src/extension/dashboard/trainingBuffer';
import { contentSecurityPolicy, dashboardHtml, makeNonce } from '../../../src/extension/dashboard/html';
import { earlierRun, lenetMessage, NOTEBOOK_CONFIG, trainingStream } from '../../browser/fixtures';

describe('protocol', () => {
  it('accepts a real model message (after a JSON round trip, as postMessage delivers it)', () => {
    const msg = JSON.parse(JSON.stringify(lenetMessage()));
    const r = parseHostToWebview(msg);
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.ok && r.value.type === 'model' && r.value.analysis.totals.params, 62610);
  });

  it('keeps layer configs keyed "__proto__" and "constructor" as own entries (a layer may be named so)', () => {
    const msg = JSON.parse(JSON.stringify(lenetMessage())) as { layerConfigs: Record<string, unknown> };
    // As JSON.parse delivers it: "__proto__" an own key of the parsed object, not its prototype.
    msg.layerConfigs = JSON.parse('{"__proto__": {"units": 7}, "constructor": {"units": 8}}') as Record<string, unknown>;
    const r = parseHostToWebview(msg);
    assert.ok(r.ok, r.ok ? '' : r.error);
    const configs = (r.ok && r.value.type === 'model' ? r.value.layerConfigs : undefined) ?? {};
    assert.deepEqual(Object.keys(configs), ['__proto__', 'constructor']);
    assert.deepEqual(Object.getOwnPropertyDescriptor(configs, '__proto__')?.value, { units: 7 });
    assert.equal(Object.getPrototypeOf(configs), Object.prototype);
    assert.deepEqual(configs.constructor, { units: 8 });
  });

  it('treats a field inherited from Object.prototype as absent, not as a value', () => {
    const r = parseWebviewToHost(Object.create({ type: 'ready' }) as unknown);
    assert.equal(r.ok, false);
  });

  it('keeps each layer\'s drawing (from its rule in core) and refuses a drawing core does not know', () => {
    const msg = JSON.parse(JSON.stringify(lenetMessage()));
    const r = parseHostToWebview(msg);
    assert.ok(r.ok && r.value.type === 'model', r.ok ? '' : r.error);
    // LeNet (src/core/lenet.ts): each class drawn as its rule says.
    const drawingOf = new Map(r.value.analysis.layers.map((l) => [l.className, l.drawing]));
    assert.deepEqual(Object.fromEntries(drawingOf), {
      InputLayer: 'input', Conv2D: 'conv', BatchNormalization: 'normalization', Activation: 'activation', AveragePooling2D: 'pool',
      Dropout: 'regularization', Flatten: 'reshape', Dense: 'dense',
    });
    msg.analysis.layers[1].drawing = 'sphere';
    const bad = parseHostToWebview(msg);
    assert.equal(bad.ok, false);
    assert.match(bad.ok ? '' : bad.error, /^analysis\.layers\[1\]\.drawing: expected "input" \| "conv"/);
  });

  it('reads a NaN byte figure (JSON null) back as NaN', () => {
    const msg = JSON.parse(JSON.stringify(lenetMessage()));
    msg.analysis.memory.activationBytes = null;
    const r = parseHostToWebview(msg);
    assert.ok(r.ok && r.value.type === 'model' && Number.isNaN(r.value.analysis.memory.activationBytes));
  });

  it('reads a NaN byte figure sent as NaN itself (a structured clone, no JSON) as NaN', () => {
    const msg = JSON.parse(JSON.stringify(lenetMessage())) as { analysis: { memory: { parameterBytes: number } } };
    msg.analysis.memory.parameterBytes = NaN;
    const r = parseHostToWebview(msg);
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.ok(r.ok && r.value.type === 'model' && Number.isNaN(r.value.analysis.memory.parameterBytes));
  });

  it('accepts every message of a full training run', () => {
    for (const m of trainingStream()) {
      const r = parseTrainingMessage(JSON.parse(JSON.stringify(m)));
      assert.ok(r.ok, r.ok ? '' : `${m.type}: ${r.error}`);
    }
  });

  it('names the exact field of a bad message', () => {
    const cases: [unknown, RegExp][] = [
      [{ type: 'batch', runId: 'r', epoch: 1, batch: 0, samplesSeen: 0, loss: 'x' }, /^loss: expected a finite number, got "x"$/],
      [{ type: 'epoch', runId: 'r', epoch: 1, epochs: 5, samplesSeen: 1, trainLoss: null, valLoss: 1, valAccuracy: 1.5, samplesPerSecond: 1, etaSeconds: 1 }, /^valAccuracy: expected a number in \[0, 1\]/],
      [{ type: 'started', runId: 'r', config: { ...NOTEBOOK_CONFIG, batchSize: 0 } }, /^config\.batchSize: expected a positive integer/],
      [{ type: 'done', runId: 'r', testAccuracy: 0.9, confusionMatrix: [[1]], perClassAccuracy: [1], misclassified: [{ index: 0, label: 0, predicted: 1, pixels: 'AAAA' }], seconds: 1, samplesPerSecond: 1, runDir: '/r' }, /^misclassified\[0\]\.pixels: expected 784 bytes/],
      [{ type: 'launch' }, /^type: expected one of started, batch/],
      [null, /^message: expected a message object, got null$/],
    ];
    for (const [value, error] of cases) {
      const r = parseTrainingMessage(value);
      assert.ok(!r.ok, JSON.stringify(value));
      assert.match(r.ok ? '' : r.error, error);
    }
  });

  it('validates what the webview sends to the host', () => {
    assert.ok(parseWebviewToHost({ type: 'revealLayer', requestId: 3, layer: 'c1', path: ['modelTopology', 'config', 'layers', 1] }).ok);
    assert.ok(!parseWebviewToHost({ type: 'revealLayer', requestId: -1, layer: 'c1', path: [] }).ok);
    assert.ok(!parseWebviewToHost({ type: 'runCommand', command: 'rm -rf' }).ok);
    assert.ok(parseHostToTrainer({ type: 'start', runId: 'r', config: NOTEBOOK_CONFIG, dataDir: null, outDir: '/o' }).ok);
  });

  it('summarises a run as the overlay draws it', () => {
    const s = summarizeRun(trainingStream('r9'))!;
    assert.equal(s.runId, 'r9');
    assert.equal(s.losses.length, 25);
    assert.equal(s.epochs.length, 5);
    assert.equal(s.testAccuracy, 0.8889); // the recorded run's
    assert.equal(s.runDir, '/tmp/notebook-run');
  });
});

describe('dashboard host helpers', () => {
  it('reads metrics.json in the summary shape and in the history shape', () => {
    const run = earlierRun();
    const a = runSummaryFromMetrics(JSON.parse(JSON.stringify(run)), '/ws/.lenet/runs/x');
    assert.ok(a.ok && a.run.losses.length === run.losses.length && a.run.runDir === '/ws/.lenet/runs/x');
    const b = runSummaryFromMetrics({
      config: run.config, backend: 'wasm', startedAt: run.startedAt, dataset: { name: 'fashion-mnist', isSubset: true },
      history: { batches: run.losses, epochs: run.epochs }, testAccuracy: 0.9, samplesPerSecond: 500,
    }, '/ws/.lenet/runs/2026-11-27T09-00-00');
    assert.ok(b.ok, b.ok ? '' : b.error);
    assert.equal(b.ok && b.run.runId, '2026-11-27T09-00-00');
    assert.equal(b.ok && b.run.isSubset, true);
    const c = runSummaryFromMetrics({ backend: 'wasm' }, '/r');
    assert.ok(!c.ok && /datasetName: expected a string/.test(c.error), c.ok ? '' : c.error);
  });

  it('buffers the current run for replay, starting over on a new run', () => {
    const buffer = new TrainingBuffer();
    const seen: string[] = [];
    const sub = buffer.subscribe((m) => seen.push(m.type));
    trainingStream('one').slice(0, 5).forEach((m) => buffer.post(m));
    trainingStream('two').slice(0, 3).forEach((m) => buffer.post(m));
    assert.deepEqual(buffer.snapshot().map((m) => m.runId), ['two', 'two', 'two']);
    assert.equal(seen.length, 8);
    sub.dispose();
    buffer.post(trainingStream('two')[3]);
    assert.equal(seen.length, 8);
    assert.equal(buffer.snapshot().length, 4);
  });

  it('bounds the buffer, keeping the run\'s start and dropping logs first', () => {
    const buffer = new TrainingBuffer();
    const started = trainingStream('b').find((m) => m.type === 'started')!;
    buffer.post(started);
    for (let i = 0; i < MAX_BUFFERED + 10; i++) buffer.post({ type: 'log', runId: 'b', level: 'info', text: String(i) });
    const snap = buffer.snapshot();
    assert.equal(snap.length, MAX_BUFFERED);
    assert.equal(snap[0].type, 'started');
  });

  it('serves a page whose CSP allows only nonce scripts (and wasm compilation), the webview\'s own resources and blob: reads', () => {
    const nonce = makeNonce();
    assert.match(nonce, /^[A-Za-z0-9]{32}$/);
    assert.equal(contentSecurityPolicy('https://x.vscode-cdn.net', 'abc'),
      "default-src 'none'; script-src 'nonce-abc' 'wasm-unsafe-eval'; style-src https://x.vscode-cdn.net; font-src data:; img-src https://x.vscode-cdn.net; worker-src blob:; connect-src blob:");
    const html = dashboardHtml({ cspSource: 'https://x', nonce: 'n1', scriptUri: 'https://x/main.js', styleUri: 'https://x/main.css', title: 'a<b' });
    assert.match(html, /<script nonce="n1" src="https:\/\/x\/main.js"><\/script>/);
    assert.ok(!/style=/.test(html), 'no inline style attribute');
    assert.match(html, /<title>a&lt;b<\/title>/);
  });
});
