// Issue #10 D5: nesting depth is bad input, reported as a diagnostic that names the limit and where, never an
// exception. Before: a 10,000-deep value overflowed JSON.stringify ("internal error while parsing the model: Maximum
// call stack size exceeded"), 1,000 nested Sequentials overflowed the engine ("internal error while analysing").
import * as assert from 'node:assert';
import { analyzeModelText } from '../../../src/core/analyzeModel';
import type { Diagnostic } from '../../../src/core/ir';
import { parseModelJson, parseModelValue } from '../../../src/core/formats/tfjs/parseModel';
import { excessiveNestingOffset, MAX_JSON_DEPTH, MAX_MODEL_NESTING } from '../../../src/core/formats/tfjs/nestingLimits';

const deepArray = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

/** Dense(3) on input (None, 4) with `extra` as one more config value: 4·3 + 3 = 15 parameters. */
const denseWith = (extra: string) =>
  `{"class_name":"Sequential","config":[{"class_name":"Dense","config":{"name":"d","units":3,"input_shape":[4],"extra":${extra}}}]}`;

/** `levels` Sequentials, each the only layer of the one around it, around Dense(3) on input (None, 4): 15 parameters. */
function nestedSequentials(levels: number): string {
  let model: unknown = { class_name: 'Dense', config: { name: 'd', units: 3, input_shape: [4] } };
  for (let i = levels; i >= 1; i--) model = { class_name: 'Sequential', config: { name: `s${i}`, layers: [model] } };
  return JSON.stringify(model);
}

function assertNoInternalError(diagnostics: Diagnostic[]): void {
  for (const d of diagnostics) assert.doesNotMatch(d.message, /internal error|call stack/i);
}

describe('deep nesting is a diagnostic, never an exception (issue #10 D5)', () => {
  it('a config value 10,000 levels deep: the limit, its line and column, and the offset of the bracket past it', () => {
    const text = denseWith(deepArray(10000));
    for (const variant of [text, `// a comment sends the text through jsonc-parser\n${text}`]) {
      const { model, diagnostics } = parseModelJson(variant);
      assert.strictEqual(model, undefined);
      assert.strictEqual(diagnostics.length, 1);
      const [d] = diagnostics;
      assertNoInternalError(diagnostics);
      // The brackets before the value's: the root object, the config list, the layer, its config: 4 levels; the array
      // opening level 257 is the 253rd bracket of the value.
      const valueStart = variant.indexOf('"extra":') + '"extra":'.length;
      assert.strictEqual(d.offset, valueStart + (MAX_JSON_DEPTH + 1 - 4) - 1);
      const line = variant.startsWith('//') ? 2 : 1;
      const column = d.offset! - (line === 2 ? variant.indexOf('\n') + 1 : 0) + 1;
      assert.strictEqual(d.message, `JSON nested more than 256 levels deep at line ${line}, column ${column}: no model file nests this deep, so the file is not analysed`);
    }
  });

  it('exactly at the limit the file is read (and the figures are right); one level more is not', () => {
    // 4 levels around the value: a value of 252 levels makes 256.
    const atLimit = analyzeModelText(denseWith(deepArray(MAX_JSON_DEPTH - 4)));
    assert.ok(atLimit.analysis);
    assert.strictEqual(atLimit.analysis.totals.params, 15);
    assert.strictEqual(analyzeModelText(denseWith(deepArray(MAX_JSON_DEPTH - 3))).analysis, undefined);
  });

  it('brackets inside strings and comments do not count', () => {
    const text = `/* ${'['.repeat(1000)} */ ${denseWith(`"${'{'.repeat(1000)}\\"${'['.repeat(1000)}"`)}`;
    assert.strictEqual(excessiveNestingOffset(text), undefined);
    const { analysis } = analyzeModelText(text);
    assert.strictEqual(analysis?.totals.params, 15);
  });

  it('unmatched closers cannot hide depth from the scan (jsonc-parser skips a } inside an array and still recurses)', () => {
    const text = `// a comment takes the jsonc-parser path\n{"class_name":"Sequential","config":[0 ${'}'.repeat(6000)}, ${'['.repeat(5000)}]}`;
    assert.notStrictEqual(excessiveNestingOffset(text), undefined);
    const { analysis, diagnostics } = analyzeModelText(text);
    assert.strictEqual(analysis, undefined);
    assert.ok(diagnostics.some((d) => /nested more than 256 levels deep/.test(d.message)), JSON.stringify(diagnostics.map((d) => d.message)));
  });

  it('1,000 nested Sequentials: the JSON depth diagnostic, no internal error', () => {
    const { analysis, diagnostics } = analyzeModelText(nestedSequentials(1000));
    assert.strictEqual(analysis, undefined);
    assertNoInternalError(diagnostics);
    assert.match(diagnostics[0].message, /^JSON nested more than 256 levels deep at line 1, column \d+/);
  });

  it(`${MAX_MODEL_NESTING} nested models are analysed (15 parameters); one more is reported at that model, its figures unknown`, () => {
    const ok = analyzeModelText(nestedSequentials(MAX_MODEL_NESTING));
    assert.ok(ok.analysis);
    assert.deepStrictEqual(ok.diagnostics.filter((d) => d.severity === 'error'), []);
    assert.strictEqual(ok.analysis.totals.params, 15);

    const tooMany = analyzeModelText(nestedSequentials(MAX_MODEL_NESTING + 2));
    assert.ok(tooMany.analysis);
    assertNoInternalError(tooMany.diagnostics);
    const errors = tooMany.diagnostics.filter((d) => d.severity === 'error');
    assert.strictEqual(errors.length, 1, JSON.stringify(errors));
    // s1 is the file's model; s2 … are nested in it: s34 is the 33rd nested model.
    assert.strictEqual(errors[0].message, `model "s${MAX_MODEL_NESTING + 2}" is nested ${MAX_MODEL_NESTING + 1} models deep; more than ${MAX_MODEL_NESTING} levels are not analysed`);
    assert.strictEqual(errors[0].layer, `s${MAX_MODEL_NESTING + 2}`);
    assert.deepStrictEqual(errors[0].path, Array.from({ length: MAX_MODEL_NESTING + 1 }, () => ['config', 'layers', 0]).flat());
    assert.strictEqual(tooMany.analysis.totals.params, null, 'unknown, not 0');
  });

  it('an embedded model config string nesting too deep, and an already parsed value nesting too deep', () => {
    const embedded = JSON.stringify({ modelTopology: { model_config: denseWith(deepArray(10000)) } });
    const fromString = parseModelJson(embedded);
    assert.strictEqual(fromString.model, undefined);
    assertNoInternalError(fromString.diagnostics);
    assert.match(fromString.diagnostics[0].message, /^in the embedded model config: JSON nested more than 256 levels deep at line 1, column \d+/);
    assert.deepStrictEqual(fromString.diagnostics[0].path, ['modelTopology', 'model_config']);

    const value = JSON.parse(denseWith('0')) as { config: { config: Record<string, unknown> }[] };
    let deep: unknown[] = [];
    value.config[0].config.extra = deep;
    for (let i = 0; i < 10000; i++) deep = (deep[0] = []) as unknown[];
    const fromValue = parseModelValue(value);
    assert.strictEqual(fromValue.model, undefined);
    assert.strictEqual(fromValue.diagnostics[0].message, 'JSON nested more than 256 levels deep: no model file nests this deep, so the model is not analysed');
  });
});
