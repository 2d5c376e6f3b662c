// One analysis per document version, shared by every face, and a newer version supersedes an older one: what the
// cache in front of the analysis worker promises (issue #10 D6). The analysis here is the real one, in-process, behind
// a gate the test opens, so the order of events is the test's, not the scheduler's.
import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MemoryOptions } from '../../../src/core/memory/memoryModel';
import { analyzeModelDocument, ModelDocumentCache, type ModelDocumentResult } from '../../../src/extension/inspector/modelDocuments';

const options = { batchSize: 100, dtype: 'float32', optimizer: 'adam' } as const;
const fixture = (name: string) => readFileSync(join(__dirname, '..', '..', 'fixtures', 'workspace', 'models', name), 'utf8');

/** An analysis that starts when called and finishes when the test releases it. */
function gatedAnalysis() {
  const started: { text: string; version: number; options: MemoryOptions; release: () => void; fail: (e: Error) => void }[] = [];
  const analyze = (text: string, version: number, opts: MemoryOptions) => new Promise<ModelDocumentResult>((resolve, reject) => {
    started.push({ text, version, options: opts, release: () => resolve(analyzeModelDocument(text, version, opts)), fail: reject });
  });
  return { started, analyze };
}

const tick = () => new Promise((r) => setImmediate(r));
const paramsOf = (r: ModelDocumentResult | undefined) => (r?.status === 'model' ? r.model.analysis?.totals.params : r?.status);

describe('the model document cache (one analysis per version, newer versions supersede)', () => {
  const v1 = fixture('sequential-cnn.json');
  const v2 = fixture('channels-first.json');
  const v3 = fixture('functional-merges.json');

  it('analyses a version once, shares the result, and again when the options change', async () => {
    const gate = gatedAnalysis();
    const cache = new ModelDocumentCache(options, gate.analyze);
    let reads = 0;
    const text = () => { reads++; return v1; };
    const hover = cache.get('a', 1, text);
    const inlays = cache.get('a', 1, text);
    assert.strictEqual(hover, inlays, 'the same promise for every face of one version');
    await tick();
    assert.strictEqual(gate.started.length, 1);
    gate.started[0].release();
    const first = await hover;
    assert.strictEqual(first?.status, 'model');
    assert.strictEqual(await cache.get('a', 1, text), first);
    assert.strictEqual(reads, 1);

    cache.setOptions({ ...options, batchSize: 32 });
    const rebatched = cache.get('a', 1, text);
    await tick();
    assert.strictEqual(gate.started.length, 2);
    assert.strictEqual(gate.started[1].options.batchSize, 32);
    gate.started[1].release();
    const result = await rebatched;
    assert.ok(result?.status === 'model' && result.model.analysis?.memory.batchSize === 32);
  });

  it('drops a queued version that a newer one superseded before it started, and never gives an in-flight older result', async () => {
    const gate = gatedAnalysis();
    const cache = new ModelDocumentCache(options, gate.analyze);
    const r1 = cache.get('a', 1, () => v1);
    await tick();
    const r2 = cache.get('a', 2, () => v2);
    const r3 = cache.get('a', 3, () => v3);
    // Version 2 never reached the analysis: superseded while it waited behind version 1.
    assert.strictEqual(await r2, undefined);
    assert.deepStrictEqual(gate.started.map((s) => s.version), [1]);
    gate.started[0].release();
    assert.strictEqual(await r1, undefined, 'version 1 finished after version 3 was asked for: no one gets it');
    await tick();
    assert.deepStrictEqual(gate.started.map((s) => s.version), [1, 3]);
    assert.strictEqual(gate.started[1].text, v3);
    gate.started[1].release();
    assert.strictEqual(paramsOf(await r3), paramsOf(analyzeModelDocument(v3, 3, options)));
    assert.strictEqual(await cache.get('a', 3, () => v3), await r3, 'the latest version stays cached');
  });

  it('runs one analysis at a time, other documents in request order', async () => {
    const gate = gatedAnalysis();
    const cache = new ModelDocumentCache(options, gate.analyze);
    const a = cache.get('a', 1, () => v1);
    const b = cache.get('b', 1, () => v2);
    await tick();
    assert.deepStrictEqual(gate.started.map((s) => s.text), [v1]);
    gate.started[0].release();
    assert.strictEqual(paramsOf(await a), paramsOf(analyzeModelDocument(v1, 1, options)));
    await tick();
    gate.started[1].release();
    assert.strictEqual(paramsOf(await b), paramsOf(analyzeModelDocument(v2, 1, options)));
  });

  it('new options supersede an analysis in flight; a closed document drops its queued one', async () => {
    const gate = gatedAnalysis();
    const cache = new ModelDocumentCache(options, gate.analyze);
    const old = cache.get('a', 1, () => v1);
    const closed = cache.get('b', 1, () => v2);
    await tick();
    cache.setOptions({ ...options, dtype: 'float16' });
    cache.delete('b');
    assert.strictEqual(await closed, undefined);
    gate.started[0].release();
    assert.strictEqual(await old, undefined, 'computed with the old options: given to no one');
    const fresh = cache.get('a', 1, () => v1);
    await tick();
    assert.deepStrictEqual(gate.started.map((s) => s.options.dtype), ['float32', 'float16'], 'b never ran');
    gate.started[1].release();
    const result = await fresh;
    assert.ok(result?.status === 'model' && result.model.analysis?.memory.dtype === 'float16');
  });

  it('a failed analysis rejects every waiter of that version and is remembered until the version changes', async () => {
    const gate = gatedAnalysis();
    const cache = new ModelDocumentCache(options, gate.analyze);
    const hover = cache.get('a', 1, () => v1);
    const lens = cache.get('a', 1, () => v1);
    await tick();
    gate.started[0].fail(new Error('the model analysis worker stopped (exit code 1)'));
    await assert.rejects(hover, /worker stopped/);
    await assert.rejects(lens, /worker stopped/);
    // A file whose analysis kills the worker must not start a new worker on every hover, hint and lens.
    await assert.rejects(cache.get('a', 1, () => v1), /worker stopped/);
    await tick();
    assert.strictEqual(gate.started.length, 1, 'the same version is not analysed again');
    const edited = cache.get('a', 2, () => v1);
    await tick();
    assert.strictEqual(gate.started.length, 2, 'a new version is');
    gate.started[1].release();
    assert.strictEqual((await edited)?.status, 'model');
  });

  it('a crashed worker (clear) keeps the analysis that killed it failed and runs the queued ones on the next worker', async () => {
    const gate = gatedAnalysis();
    const cache = new ModelDocumentCache(options, gate.analyze);
    const done = cache.get('c', 1, () => v3);
    await tick();
    gate.started[0].release();
    assert.strictEqual((await done)?.status, 'model');
    const crashing = cache.get('a', 1, () => v1);
    const queued = cache.get('b', 1, () => v2);
    await tick();
    // The order the worker client uses: it clears the cache (onDied), then the running analysis rejects.
    assert.strictEqual(cache.clear(), true, 'an analysis was running: the crash is its own');
    gate.started[1].fail(new Error('the model analysis worker stopped (out of memory)'));
    await assert.rejects(crashing, /out of memory/);
    await tick();
    assert.deepStrictEqual(gate.started.map((s) => s.text), [v3, v1, v2], 'b still runs, on the new worker');
    gate.started[2].release();
    assert.strictEqual(paramsOf(await queued), paramsOf(analyzeModelDocument(v2, 1, options)), 'b\'s diagnostics are not dropped');
    await assert.rejects(cache.get('a', 1, () => v1), /out of memory/, 'the crashing version is not retried');
    const redone = cache.get('c', 1, () => v3);
    await tick();
    assert.strictEqual(gate.started.length, 4, 'the analysis the dead worker held is redone');
    gate.started[3].release();
    assert.strictEqual((await redone)?.status, 'model');
  });

  it('after dispose nothing queued starts and nothing new is analysed', async () => {
    const gate = gatedAnalysis();
    const cache = new ModelDocumentCache(options, gate.analyze);
    const running = cache.get('a', 1, () => v1);
    const queued = cache.get('b', 1, () => v2);
    await tick();
    cache.dispose();
    assert.strictEqual(await queued, undefined);
    gate.started[0].release();
    assert.strictEqual(await running, undefined, 'a result after dispose is given to no one');
    assert.strictEqual(await cache.get('c', 1, () => v3), undefined);
    await tick();
    assert.strictEqual(gate.started.length, 1, 'only the analysis already running ran');
  });
});
