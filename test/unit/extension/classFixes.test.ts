// The "did you mean Conv2D?" quick fix (issue #15) on misspelt-class.json (PyTorch's `Conv2d` in a Keras file): it
// replaces exactly the class name string, and the fixed file analyses with c1 known — 5·5·1·6 + 6 = 156 parameters,
// derived by hand for a 5×5 convolution from 1 channel to 6 filters with bias.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANALYSIS_DEFAULTS } from '../../../src/core/analyzeModel';
import { analyzeModelDocument } from '../../../src/extension/inspector/modelDocuments';

const fixture = (file: string) => readFileSync(join(__dirname, '..', '..', 'fixtures', 'workspace', 'models', file), 'utf8');

function analysed(text: string) {
  const result = analyzeModelDocument(text, 1, ANALYSIS_DEFAULTS);
  assert.ok(result.status === 'model');
  return result.model;
}

describe('quick fix for a misspelt layer class', () => {
  it('offers Conv2D for Conv2d, on the class name string, and the fixed file analyses', () => {
    const text = fixture('misspelt-class.json');
    const fixes = analysed(text).classFixes;
    assert.equal(fixes.length, 1);
    const [fix] = fixes;
    assert.deepEqual([fix.layer, fix.className, fix.suggestion], ['c1', 'Conv2d', 'Conv2D']);
    assert.equal(text.slice(fix.range.offset, fix.range.offset + fix.range.length), '"Conv2d"');
    const fixed = analysed(text.slice(0, fix.range.offset) + fix.replacement + text.slice(fix.range.offset + fix.range.length));
    assert.equal(fixed.layers.find((l) => l.name === 'c1')!.params, 156);
    assert.deepEqual(fixed.diagnostics.map((d) => d.diagnostic.message), []);
    assert.deepEqual(fixed.classFixes, []);
  });

  it('offers nothing for known classes or names close to none', () => {
    assert.deepEqual(analysed(fixture('sequential-cnn.json')).classFixes, []);
    assert.deepEqual(analysed(fixture('hostile-names.json')).classFixes, []);
  });
});
