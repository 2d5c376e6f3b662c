// The editor's analysis in a worker thread (issue #10 D6): the real bundled worker answers hover, inlay hints,
// CodeLens, diagnostics and the dashboard exactly as the in-process analysis does, only about the version it holds,
// its layer index (no JSON tree) answers every offset as core's LayerLocator does, and a worker that dies fails its
// pending requests with an error that says so, then the next request starts a new one.
import * as assert from 'node:assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flattenLayers } from '../../../src/extension/inspector/modelDocuments';
import { parseJsonTree } from '../../../src/core/formats/tfjs/jsonTree';
import { LayerLocator } from '../../../src/core/formats/tfjs/layerLocator';
import { analyzeModel } from '../../../src/core/analyzeModel';
import { parseModelJson } from '../../../src/core/formats/tfjs/parseModel';
import { AnalysisWorkerClient, AnalysisWorkerError } from '../../../src/extension/inspector/analysisWorkerClient';
import { analyzeModelDocument, resultWithoutParsing } from '../../../src/extension/inspector/modelDocuments';
import { dashboardModelOf, hoverAt, inlayHintsIn, summaryOf } from '../../../src/extension/inspector/modelFaces';
import { buildAnalysisWorker } from './analysisWorkerBundle';

const options = { batchSize: 100, dtype: 'float32', optimizer: 'adam' } as const;
const fixtures = join(__dirname, '..', '..', 'fixtures');
const models = [
  ...['sequential-cnn', 'functional-merges', 'channels-first', 'broken', 'hostile-names', 'misspelt-class', 'kernel-too-large'].map((n) => join(fixtures, 'workspace', 'models', `${n}.json`)),
  ...['nested-shared', 'keras2-sequential', 'keras3-functional', 'graph-model', 'broken-syntax', 'broken-cycle'].map((n) => join(fixtures, 'models', `${n}.json`)),
];

describe('the analysis worker thread', function () {
  this.timeout(60_000);
  let script: string;
  let client: AnalysisWorkerClient;

  before(() => {
    script = buildAnalysisWorker();
    client = new AnalysisWorkerClient(script);
  });
  after(() => client.dispose());

  it('answers every face exactly as the in-process analysis does, for every fixture', async () => {
    const uri = 'file:///w/model.json';
    for (const file of models) {
      const text = readFileSync(file, 'utf8');
      const local = analyzeModelDocument(text, 7, options);
      const { stamp, summary } = await client.analyze(file, text, 7, options);
      assert.deepStrictEqual(summary, summaryOf(local), file);
      const dashboard = await client.dashboard(file, stamp);
      assert.deepStrictEqual(dashboard, local.status === 'model' ? { status: 'model', ...dashboardModelOf(local.model) } : local, file);
      if (local.status !== 'model') continue;
      assert.deepStrictEqual(await client.inlays(file, stamp, 0, text.length), inlayHintsIn(local.model, 0, text.length), file);
      for (let offset = 0; offset < text.length; offset += 97) {
        assert.deepStrictEqual(await client.hover(file, stamp, offset, uri), hoverAt(local.model, offset, uri, options), `${file} at ${offset}`);
      }
    }
    assert.deepStrictEqual((await client.analyze('pkg', '{"name": "pkg"}', 1, options)).summary, { status: 'not-a-model' });
    assert.strictEqual(client.started, 1, 'one worker serves every request');
  });

  it('a question about an analysis a newer version replaced, or a closed document, is answered stale (undefined)', async () => {
    const text = readFileSync(models[0], 'utf8');
    const offset = text.indexOf('"Conv2D"');
    const v1 = await client.analyze('doc', text, 1, options);
    assert.ok(await client.hover('doc', v1.stamp, offset, 'u'), 'the held version answers');
    const v2 = await client.analyze('doc', text.replace('"Conv2D"', '"Conv2D" '), 2, options);
    assert.strictEqual(await client.hover('doc', v1.stamp, offset, 'u'), undefined);
    assert.strictEqual(await client.inlays('doc', v1.stamp, 0, text.length), undefined);
    assert.strictEqual(await client.dashboard('doc', v1.stamp), undefined);
    assert.ok(await client.hover('doc', v2.stamp, offset, 'u'));
    client.forget('doc');
    assert.strictEqual(await client.hover('doc', v2.stamp, offset, 'u'), undefined);
  });

  it('the worker\'s layer index (no JSON tree) finds the same layer as core\'s LayerLocator at every offset', () => {
    for (const file of models) {
      const text = readFileSync(file, 'utf8');
      const result = analyzeModelDocument(text, 1, options);
      if (result.status !== 'model' || !result.model.analysis) continue;
      // The oracle: core's locator over the jsonc-parser tree, built from the same analysis.
      const layers = flattenLayers(analyzeModel(parseModelJson(text).model!, options).layers);
      const oracle = LayerLocator.build(parseJsonTree(text).root, layers.map((l) => ({ path: l.synthetic ? [] : l.path })));
      assert.deepStrictEqual(result.model.locator.layers.map((l) => l.index), oracle.layers.map((l) => l.index), file);
      for (let offset = -1; offset <= text.length + 1; offset++) {
        assert.strictEqual(result.model.locator.layerAt(offset)?.index, oracle.layerAt(offset)?.index, `${file} at ${offset}`);
      }
    }
  });

  it('answers without a parse only what cannot be a model (checked against the full analysis)', () => {
    const texts = [...models.map((f) => readFileSync(f, 'utf8')), '{"name": "pkg", "version": "1.0.0"}', '[1, 2]', '{"\\u0063lass_name": "Sequential", "config": []}', ''];
    for (const text of texts) {
      const quick = resultWithoutParsing(text);
      if (quick) assert.deepStrictEqual(quick, analyzeModelDocument(text, 1, options), text.slice(0, 80));
    }
    assert.strictEqual(resultWithoutParsing('{"\\u0063lass_name": "Sequential", "config": []}'), undefined, 'an escaped key still goes to the analysis');
    assert.deepStrictEqual(resultWithoutParsing('{"name": "pkg"}'), { status: 'not-a-model' });
  });

  it('a worker that dies fails its pending requests with a clear error, and the next request restarts it', async () => {
    // A real worker script that exits on its first request while a marker file is absent, and analyses afterwards.
    const dir = mkdtempSync(join(tmpdir(), 'cnn-worker-crash-'));
    const marker = join(dir, 'crashed-once');
    const crashing = join(dir, 'crashOnce.js');
    writeFileSync(crashing, `const fs = require('node:fs');
if (!fs.existsSync(${JSON.stringify(marker)})) {
  require('node:worker_threads').parentPort.on('message', () => { fs.writeFileSync(${JSON.stringify(marker)}, ''); process.exit(3); });
} else {
  require(${JSON.stringify(script)});
}`);
    const died: string[] = [];
    const flaky = new AnalysisWorkerClient(crashing, (e) => died.push(e.message));
    try {
      const text = readFileSync(models[0], 'utf8');
      const first = flaky.analyze('a', text, 1, options);
      const second = flaky.analyze('b', text, 2, options);
      await assert.rejects(first, (e: Error) => e instanceof AnalysisWorkerError && /the model analysis worker stopped \(exit code 3\); a new one starts with the next request/.test(e.message));
      await assert.rejects(second, AnalysisWorkerError);
      assert.strictEqual(died.length, 1, 'the owner is told once, to drop what the worker held');
      assert.deepStrictEqual((await flaky.analyze('a', text, 3, options)).summary, summaryOf(analyzeModelDocument(text, 3, options)));
      assert.strictEqual(flaky.started, 2);
    } finally {
      flaky.dispose();
    }
  });

  it('dispose fails what is pending and stops the worker', async () => {
    const text = readFileSync(models[0], 'utf8');
    const local = new AnalysisWorkerClient(script);
    const pending = local.analyze('a', text, 1, options);
    local.dispose();
    await assert.rejects(pending, /shutting down/);
    // A request after dispose (an in-flight face's follow-up question) must not start a worker no one stops.
    await assert.rejects(local.analyze('a', text, 2, options), /shutting down/);
    await assert.rejects(local.hover('a', 1, 0, 'u'), /shutting down/);
    assert.strictEqual(local.started, 1);
  });
});
