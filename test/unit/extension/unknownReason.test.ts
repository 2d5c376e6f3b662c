// Issue #15: when a figure is unknown the editor says why — the layer's own unknown class (with the Keras spelling
// it most likely means), its own error, or the first problem upstream — instead of "? params" everywhere or "depends
// on an input shape that could not be inferred" for a layer whose input is known. Fixtures: kernel-too-large.json
// (c1's 31×31 kernel on a 28×28 input: an error) and misspelt-class.json (PyTorch's `Conv2d` in a Keras file).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANALYSIS_DEFAULTS } from '../../../src/core/analyzeModel';
import { hoverMarkdown, inlayHintText, problemMessage, totalsLensTitle } from '../../../src/extension/inspector/layerText';
import { analyzeModelDocument, type ModelDocument } from '../../../src/extension/inspector/modelDocuments';
import { modelUnknownReason, unknownReason } from '../../../src/extension/inspector/unknownReason';
import { inlayHintsIn } from '../../../src/extension/inspector/modelFaces';
import { wideConcatModel } from './wideConcatModel';

function modelDocument(file: string): ModelDocument {
  const result = analyzeModelDocument(readFileSync(join(__dirname, '..', '..', 'fixtures', 'workspace', 'models', file), 'utf8'), 1, ANALYSIS_DEFAULTS);
  assert.ok(result.status === 'model' && result.model.analysis);
  return result.model;
}

function editorTexts(model: ModelDocument) {
  const diagnostics = model.diagnostics.map((d) => d.diagnostic);
  const analysis = model.analysis!;
  const lens = totalsLensTitle(analysis.totals, analysis.memory, modelUnknownReason(model.layers, diagnostics));
  const layer = (name: string) => {
    const l = model.layers.find((x) => x.name === name)!;
    const reason = unknownReason(l, model.layers, diagnostics);
    return {
      hint: inlayHintText(l, reason),
      hover: hoverMarkdown(l, { batchSize: 100, dtype: 'float32', diagnostics: diagnostics.filter((d) => d.layer === name), unknownReason: reason }),
    };
  };
  return { lens, layer };
}

describe('the editor says why a figure is unknown', () => {
  it('after an error: the lens and every later layer name the erroring layer', () => {
    const { lens, layer } = editorTexts(modelDocument('kernel-too-large.json'));
    assert.equal(lens, 'CNN Explorer: ? params · weights ? · training ≈ ? at batch 100 (adam, float32) — unknown because of the error in c1');
    assert.equal(layer('c1').hint, '→ ? · 5,772 params (error here)');
    assert.equal(layer('flat').hint, '→ ? · ? params (error in c1)');
    assert.equal(layer('out').hint, '→ ? · ? params (error in c1)');
    assert.ok(layer('out').hover.includes('| Parameters | unknown because of the error in c1 |'), layer('out').hover);
  });

  it('a misspelt class: "unknown layer class", with the class it most likely means', () => {
    const { lens, layer } = editorTexts(modelDocument('misspelt-class.json'));
    assert.match(lens, / — unknown because of the unknown layer class of c1$/);
    assert.equal(layer('c1').hint, '→ ? · ? params (unknown layer class)');
    assert.ok(layer('c1').hover.includes('| Parameters | unknown layer class \\(did you mean Conv2D\\?\\) |'), layer('c1').hover);
    assert.equal(layer('out').hint, '→ ? · ? params (unknown class of c1)');
  });

  it('says nothing more when everything is known', () => {
    const { lens, layer } = editorTexts(modelDocument('sequential-cnn.json'));
    assert.ok(!lens.includes('unknown'), lens);
    assert.ok(!layer('c1').hint.includes('('), layer('c1').hint);
  });

  it('does not repeat the layer name the hover is titled with', () => {
    const { layer } = editorTexts(modelDocument('kernel-too-large.json'));
    const hover = layer('c1').hover;
    assert.ok(hover.includes('**Error:** kernel 31 is larger than the input'), hover);
    assert.ok(!hover.includes('c1: kernel'), hover);
  });

  it('a Problems entry names its layer once, whether or not core\'s message starts with the name', () => {
    assert.equal(problemMessage({ severity: 'error', message: 'c3: kernel 15 is larger', layer: 'c3', path: [] }), 'c3: kernel 15 is larger');
    assert.equal(problemMessage({ severity: 'error', message: 'kernel 15 is larger', layer: 'c3', path: [] }), 'c3: kernel 15 is larger');
    assert.equal(problemMessage({ severity: 'error', message: 'malformed JSON', path: [] }), 'malformed JSON');
  });

  it('an inlay request reads each layer a bounded number of times, not once per layer per layer', () => {
    // 2,000 inputs concatenated: every figure known. Counting reads of the layer list makes the cost measurable
    // without a clock: by-name maps rebuilt per hinted layer read it layers × layers times (4 million here).
    const result = analyzeModelDocument(wideConcatModel(2000), 1, ANALYSIS_DEFAULTS);
    assert.ok(result.status === 'model');
    let reads = 0;
    const layers = new Proxy(result.model.layers, {
      get(target, property, receiver) {
        if (typeof property === 'string' && /^\d+$/.test(property)) reads++;
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
    const model = { ...result.model, layers };
    const hints = inlayHintsIn(model, 0, Number.MAX_SAFE_INTEGER);
    assert.equal(hints.length, 2001);
    assert.equal(hints[2000].label, '→ [null, 2000] · 0 params');
    assert.ok(reads <= 3 * 2001, `${reads} reads of 2,001 layers`);
    // A model with unknown figures: the per-document index still gives each layer its reason (the fixtures above).
    const broken = modelDocument('kernel-too-large.json');
    const labels = inlayHintsIn(broken, 0, Number.MAX_SAFE_INTEGER).map((h) => h.label);
    assert.ok(labels.includes('→ ? · ? params (error in c1)'), labels.join('\n'));
  });
});
