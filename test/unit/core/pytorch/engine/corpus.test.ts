// The static engine against PyTorch 1.13.1 on the corpus: for every file, every leaf module of named_modules() (in
// that order) has PyTorch's name, class, parameter and buffer counts, and the input and output shapes of each of
// its calls (recorded by the oracle's forward hooks at batch 2 and 3, the batch axis written null).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzePyTorchSource, joinNotebookCells } from '../../../../../src/core/formats/pytorch';
import { analyzeStatic } from '../../../../../src/core/formats/pytorch/static/analyzeStatic';
import type { TracedLayer } from '../../../../../src/core/formats/pytorch/trace';
import { CORPUS, flattenShapes, readExpected, type ExpectedLayer } from './corpusExpected';

/**
 * What the static engine cannot follow yet, by file and leaf, with why. Each entry must really fail (the test
 * below checks), so the list cannot go stale.
 */
const KNOWN_GAPS: Record<string, Record<string, string>> = {
  // None: every leaf of every file matches PyTorch. (The notebook's nn.CrossEntropyLoss was one until the catalogue
  // described the loss classes.)
};

const elements = (shapes: readonly { shape: readonly number[] }[] | null): number | null =>
  shapes ? shapes.reduce((sum, p) => sum + p.shape.reduce((a, b) => a * b, 1), 0) : null;

function differences(got: TracedLayer | undefined, expected: ExpectedLayer): string[] {
  if (!got) return ['missing'];
  const out: string[] = [];
  if (got.className !== expected.className) out.push(`class ${got.className}, PyTorch ${expected.className}`);
  const params = elements(got.parameters);
  if (params !== expected.trainableParams + expected.nonTrainableParams) out.push(`parameters ${params}, PyTorch ${expected.trainableParams + expected.nonTrainableParams}`);
  const buffers = elements(got.buffers);
  if (buffers !== expected.bufferElements) out.push(`buffer elements ${buffers}, PyTorch ${expected.bufferElements}`);
  const gotCalls = JSON.stringify(got.calls.map((c) => ({ in: c.inputShapes, out: c.outputShapes })));
  const expectedCalls = JSON.stringify(expected.calls.map((c) => ({ in: flattenShapes(c.inputShapes), out: flattenShapes(c.outputShapes) })));
  if (gotCalls !== expectedCalls) out.push(`calls ${gotCalls}, PyTorch ${expectedCalls}`);
  return out;
}

/** A .py file's text, or a notebook's code cells joined in order (as the oracle runs them). */
function sourceOf(file: string): string {
  const raw = fs.readFileSync(path.join(CORPUS, file), 'utf8');
  if (!file.endsWith('.ipynb')) return raw;
  const notebook = JSON.parse(raw) as { cells: { cell_type: string; source: string | string[] }[] };
  return joinNotebookCells(notebook.cells.map((c) => ({
    text: Array.isArray(c.source) ? c.source.join('') : c.source,
    language: c.cell_type === 'code' ? 'python' : c.cell_type,
  }))).text;
}

describe('static PyTorch engine: the corpus against PyTorch 1.13.1', () => {
  const files = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.py') || f.endsWith('.ipynb'));

  it('has the corpus (at least 25 model files)', () => {
    assert.ok(files.length >= 25, `${files.length} files`);
  });

  for (const file of files) {
    it(file, () => {
      const expected = readExpected(file);
      const { trace } = analyzeStatic(sourceOf(file));
      assert.strictEqual(trace.entry?.name, expected.entry.name, 'the entry the issue #12 rule picks');
      const modules = trace.layers.filter((l) => l.kind === 'module');
      assert.deepStrictEqual(modules.map((l) => l.name), expected.layers.map((l) => l.name), 'leaf names in named_modules() order');
      const byName = new Map(modules.map((l) => [l.name, l]));
      const gaps = KNOWN_GAPS[file] ?? {};
      for (const layer of expected.layers) {
        const diff = differences(byName.get(layer.name), layer);
        if (layer.name in gaps) assert.ok(diff.length > 0, `${layer.name} is listed as a known gap but now matches PyTorch: remove it from KNOWN_GAPS`);
        else assert.deepStrictEqual(diff, [], `${file} ${layer.name}`);
      }
      if (expected.output && !Object.keys(gaps).length) assert.deepStrictEqual(trace.outputShapes, flattenShapes([expected.output]), 'the model output');
      assert.deepStrictEqual(trace.diagnostics.filter((d) => d.severity === 'error'), [], 'no errors on a model PyTorch runs');
    });
  }

  it('gives an Analysis for every file through analyzePyTorchSource (the trace → traceToAnalysis path)', () => {
    for (const file of files) {
      const { analysis, trace } = analyzePyTorchSource(sourceOf(file));
      assert.strictEqual(analysis.model.format, 'pytorch', file);
      const calledLeaves = trace.layers.filter((l) => l.calls.length > 0).length;
      assert.ok(analysis.layers.length >= calledLeaves, `${file}: ${analysis.layers.length} layers for ${calledLeaves} called ones`);
    }
  });
});
