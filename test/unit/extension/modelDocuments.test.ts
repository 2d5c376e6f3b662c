// What the editor does with model files that are big, broken, half-typed or not models at all: never throw, bounded
// work, and a diagnostic that says what is wrong where it helps.
import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJsonTree } from '../../../src/core/formats/tfjs/jsonTree';
import { analyzeModelDocument } from '../../../src/extension/inspector/modelDocuments';

const options = { batchSize: 100, dtype: 'float32', optimizer: 'adam' } as const;
const fixture = (name: string) => readFileSync(join(__dirname, '..', '..', 'fixtures', name), 'utf8');

describe('model documents in the editor', () => {
  it('analyses a model and locates every layer that has a JSON object', () => {
    const result = analyzeModelDocument(fixture('workspace/models/functional-merges.json'), 1, options);
    assert.strictEqual(result.status, 'model');
    if (result.status !== 'model') return;
    assert.strictEqual(result.model.kind, 'tfjs-layers');
    assert.strictEqual(result.model.locator.layers.length, result.model.layers.length);
    assert.deepStrictEqual(result.model.diagnostics, []);
  });

  it('does not let the synthetic input of a Sequential model claim its first layer', () => {
    const result = analyzeModelDocument(fixture('workspace/models/sequential-cnn.json'), 1, options);
    assert.ok(result.status === 'model');
    const located = result.model.locator.layers.map((l) => result.model.layers[l.index]);
    assert.ok(located.every((l) => !l.synthetic));
    assert.strictEqual(located.length, result.model.layers.length - 1);
  });

  it('ignores JSON that is not a model: an array, a scalar, package.json', () => {
    for (const text of ['[{"class_name":"Dense"}]', '3', '{"name":"pkg","version":"1.0.0"}']) {
      assert.deepStrictEqual(analyzeModelDocument(text, 1, options), { status: 'not-a-model' }, text);
    }
  });

  it('a graph model gets the diagnostic that says why it cannot be inspected', () => {
    const result = analyzeModelDocument(fixture('models/graph-model.json'), 1, options);
    assert.ok(result.status === 'model');
    assert.strictEqual(result.model.kind, 'graph-model');
    assert.strictEqual(result.model.analysis, undefined);
    assert.match(result.model.diagnostics[0].diagnostic.message, /graph model has no layer configs; export a layers model/);
  });

  it('a half-typed model: no throw, the complete layers still analysed, the break reported at its offset', () => {
    const full = fixture('workspace/models/sequential-cnn.json');
    const cut = full.slice(0, full.indexOf('"class_name": "Flatten"') + 12);
    const result = analyzeModelDocument(cut, 1, options);
    assert.ok(result.status === 'model');
    const errors = result.model.diagnostics.filter((d) => d.diagnostic.severity === 'error');
    assert.ok(errors.length > 0, 'the truncation is reported');
    for (const { range } of result.model.diagnostics) assert.ok(range.offset >= 0 && range.offset + range.length <= cut.length + 1, 'ranges stay inside the text');
  });

  it('every prefix of a model file (typing it from scratch): once a model, always a model; each cut an error where typing stopped; the whole file TF.js\'s numbers', () => {
    const full = fixture('workspace/models/channels-first.json');
    const ends = [...Array.from({ length: Math.ceil(full.length / 7) }, (_, i) => i * 7), full.length];
    let firstModelAt: number | undefined;
    for (const end of ends) {
      const text = full.slice(0, end);
      const result = analyzeModelDocument(text, end, options);
      if (result.status !== 'model') {
        assert.strictEqual(result.status, 'not-a-model', `${end} characters`);
        assert.strictEqual(firstModelAt, undefined, `${end} characters: a model at ${firstModelAt} characters, not one now`);
        continue;
      }
      firstModelAt ??= end;
      const { diagnostics } = result.model;
      for (const { range } of diagnostics) assert.ok(range.offset >= 0 && range.offset + range.length <= text.length + 1, `${end}: a range outside the text`);
      if (end === full.length) {
        assert.deepStrictEqual(diagnostics, []);
        continue;
      }
      // Cut anywhere before the end, the file is broken JSON: never an all-clear, and the first error is on the line
      // where typing stopped (the text's last line), not somewhere the user already wrote correctly.
      const firstError = diagnostics.find((d) => d.diagnostic.severity === 'error');
      assert.ok(firstError, `${end} characters: no error for a cut file`);
      const lastLineStart = text.lastIndexOf('\n') + 1;
      assert.ok(firstError.range.offset >= lastLineStart, `${end} characters: the first error at ${firstError.range.offset}, before the last line (${lastLineStart}): ${firstError.diagnostic.message}`);
    }
    // Recognised as a model once its topology begins (here within the first 200 characters), not only when complete.
    assert.ok(firstModelAt !== undefined && firstModelAt < 200, `first a model at ${firstModelAt} characters`);
    // The whole file: TF.js's own shapes and parameter counts (the fixture's oracle).
    const expected = JSON.parse(fixture('workspace/models/channels-first.expected.json')) as { name: string; outputShape: (number | null)[]; params: number }[];
    const whole = analyzeModelDocument(full, 1, options);
    assert.ok(whole.status === 'model');
    assert.deepStrictEqual(whole.model.layers.filter((l) => !l.synthetic).map((l) => [l.name, l.outputShapes[0], l.params]), expected.map((l) => [l.name, l.outputShape, l.params]));
  });

  it('a 50 MB model file is not analysed while typing: bounded work and a clear status', () => {
    const model = fixture('workspace/models/sequential-cnn.json');
    const huge = model.replace('"weightsManifest": []', `"weightsManifest": [], "padding": "${'x'.repeat(50_000_000)}"`);
    // Only a 4 KiB prefix is looked at (no parse of 50 MB on a keystroke); the inspect command analyses it on request.
    assert.deepStrictEqual(analyzeModelDocument(huge, 1, options), { status: 'too-large', chars: huge.length });
    // The same limit, scaled down: over it, not analysed; the inspect command lifts it.
    assert.strictEqual(analyzeModelDocument(model, 1, options, model.length - 1).status, 'too-large');
    const onRequest = analyzeModelDocument(model, 1, options, Infinity);
    assert.ok(onRequest.status === 'model' && onRequest.model.analysis, 'with no limit it is analysed');
    assert.deepStrictEqual(analyzeModelDocument('['.repeat(10) + 'x'.repeat(6_000_000), 1, options), { status: 'not-a-model' });
  });

  it('JSON 5,000 levels deep, model or not (issue #10 D5): no exception, a diagnostic at the bracket past the limit for a model', () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    assert.deepStrictEqual(parseJsonTree(deep), { root: undefined, errors: [], tooDeepAt: 256 });
    assert.deepStrictEqual(analyzeModelDocument(deep, 1, options), { status: 'not-a-model' });
    assert.deepStrictEqual(analyzeModelDocument(`{"settings": ${deep}}`, 1, options), { status: 'not-a-model' });

    const model = fixture('workspace/models/sequential-cnn.json').replace('"weightsManifest": []', `"weightsManifest": [], "deep": ${deep}`);
    const result = analyzeModelDocument(model, 1, options);
    assert.ok(result.status === 'model');
    assert.strictEqual(result.model.kind, 'tfjs-layers');
    assert.strictEqual(result.model.analysis, undefined);
    assert.deepStrictEqual(result.model.layers, []);
    assert.strictEqual(result.model.locator.layerAt(10), undefined);
    assert.strictEqual(result.model.diagnostics.length, 1);
    const [{ diagnostic, range }] = result.model.diagnostics;
    // The root object is level 1, the value's first bracket level 2: the bracket opening level 257 is its 256th.
    const offset = model.indexOf('"deep": ') + '"deep": '.length + 255;
    assert.deepStrictEqual(range, { offset, length: 1 });
    assert.match(diagnostic.message, /^JSON nested more than 256 levels deep at line \d+, column \d+: no model file nests this deep, so the file is not analysed$/);
  });
});
