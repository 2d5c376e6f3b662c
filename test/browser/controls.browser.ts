// The Theory and Memory views driven as a user drives them: typing into every field and choosing every option, in
// several orders and in seeded random sequences, and after EACH step comparing the shown result AND its derivation
// with core's own functions for the values now in the fields (oracles.ts). Included by dashboard.browser.ts.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Page } from 'playwright-core';
import type { DType, OptimizerName } from '../../src/core/analysisResult';
import { formatBytes, formatCount } from '../../src/core/format';
import type { ModelMessage } from '../../src/protocol';
import { chooseOption, readCards, readMemory, typeInto } from './interact';
import { THEORY_EXAMPLES, THEORY_FIELDS, expectedCard, expectedMemoryFigures, type MemoryChoice } from './oracles';

export const DTYPE_LABELS: Record<DType, string> = { float32: 'float32 (4 bytes)', float16: 'float16 (2 bytes)' };
export const OPTIMIZER_LABELS: Record<OptimizerName, string> = {
  sgd: 'SGD', momentum: 'SGD + momentum', rmsprop: 'RMSprop', adam: 'Adam', adamax: 'Adamax', adagrad: 'Adagrad', adadelta: 'Adadelta',
};

/** The page's cards against the oracle for the texts the test typed (which must also be what the fields hold). */
export async function assertTheory(page: Page, typed: Record<string, Record<string, string>>, step: string): Promise<void> {
  const cards = await readCards(page);
  for (const [card, texts] of Object.entries(typed)) {
    const shown = cards[card];
    assert.ok(shown, `${step}: card ${card} on screen`);
    assert.deepEqual(shown.fields, texts, `${step}: the ${card} fields hold what was typed`);
    const want = expectedCard(card, texts);
    if (want.ok) {
      assert.equal(shown.result, want.result, `${step}: ${card} result for ${JSON.stringify(texts)}`);
      assert.equal(shown.formula, want.formula, `${step}: ${card} derivation for ${JSON.stringify(texts)}`);
      assert.equal(shown.error, '', `${step}: ${card} has no error`);
    } else {
      assert.equal(shown.result, '—', `${step}: ${card} shows no result for ${JSON.stringify(texts)}`);
      assert.equal(shown.formula, '', `${step}: ${card} shows no derivation for ${JSON.stringify(texts)}`);
      assert.match(shown.error, want.error, `${step}: ${card} says why for ${JSON.stringify(texts)}`);
    }
  }
}

export async function assertMemory(page: Page, model: ModelMessage, choice: MemoryChoice, step: string): Promise<void> {
  const shown = await readMemory(page);
  assert.equal(shown.batch, choice.batchText, `${step}: batch field`);
  assert.equal(shown.dtype, choice.dtype, `${step}: dtype select`);
  assert.equal(shown.optimizer, choice.optimizer, `${step}: optimizer select`);
  const want = expectedMemoryFigures(model.analysis.layers, choice);
  if (want === null) {
    assert.deepEqual(shown.rows, {}, `${step}: no figures for batch "${choice.batchText}"`);
    assert.match(shown.message, /Batch size must be a whole number from 1 to 1,000,000/, `${step}: says why`);
    return;
  }
  const values = Object.fromEntries(Object.entries(shown.rows).map(([k, r]) => [k, r.value]));
  assert.deepEqual(values, want.figures, `${step}: figures for ${JSON.stringify(choice)}`);
  assert.equal(shown.rows['Activations (all layer outputs)'].note, want.activationNote, `${step}: activations label`);
  // Hand derivation: every weight of the model at the chosen dtype's bytes.
  const params = model.analysis.totals.params!;
  assert.equal(shown.rows.Parameters.value, formatBytes(params * (choice.dtype === 'float16' ? 2 : 4)), `${step}: ${formatCount(params)} weights × bytes`);
  assert.equal(shown.message, '', `${step}: no message beside the figures`);
  // SGD's whole optimizer state is TF.js's one float32 scalar (the negated learning rate): 4 B, said so beside it.
  if (choice.optimizer === 'sgd') {
    assert.equal(shown.rows['Optimizer state'].value, '4 B');
    assert.match(shown.rows['Optimizer state'].note, /^SGD: no per-weight slots, plus 1 float32 scalar \(4 B\)/);
  }
}

/** Fills every theory field with the notebook example (the test's known starting point). */
export async function resetTheory(page: Page, typed: Record<string, Record<string, string>>, everyField = false): Promise<void> {
  for (const [card, fields] of Object.entries(THEORY_EXAMPLES)) {
    for (const [id, text] of Object.entries(fields)) {
      if (everyField || typed[card][id] !== text) await typeInto(page, `[data-field="${card}.${id}"]`, text);
      typed[card][id] = text;
    }
  }
}

export const copyExamples = (): Record<string, Record<string, string>> => Object.fromEntries(Object.entries(THEORY_EXAMPLES).map(([k, v]) => [k, { ...v }]));

/** One edit of a theory field: a valid number, an out-of-range one, empty, a fraction or a negative number. */
export const theoryEdit = fc.record({
  card: fc.constantFrom(...Object.keys(THEORY_FIELDS)),
  pick: fc.nat(),
  text: fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 0, max: 40 }).map(String) },
    { weight: 1, arbitrary: fc.constantFrom('', '1.5', '-2', '3', '2', '4') },
  ),
}).map(({ card, pick, text }) => {
  const ids = Object.keys(THEORY_FIELDS[card]);
  return { card, field: ids[pick % ids.length], text };
});

export const memoryEdit = fc.oneof(
  fc.record({ kind: fc.constant('batch' as const), text: fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 5000 }).map(String) }, { weight: 1, arbitrary: fc.constantFrom('', '0', '2.5') }) }),
  fc.record({ kind: fc.constant('dtype' as const), value: fc.constantFrom<DType>('float32', 'float16') }),
  fc.record({ kind: fc.constant('optimizer' as const), value: fc.constantFrom<OptimizerName>('sgd', 'momentum', 'rmsprop', 'adam', 'adamax', 'adagrad', 'adadelta') }),
);
export type MemoryEdit = typeof memoryEdit extends fc.Arbitrary<infer T> ? T : never;

export async function applyMemoryEdit(page: Page, choice: MemoryChoice, e: MemoryEdit): Promise<void> {
  if (e.kind === 'batch') {
    await typeInto(page, '#batch-size', e.text);
    choice.batchText = e.text;
  } else if (e.kind === 'dtype') {
    await chooseOption(page, '#dtype', DTYPE_LABELS[e.value]);
    choice.dtype = e.value;
  } else {
    await chooseOption(page, '#optimizer', OPTIMIZER_LABELS[e.value]);
    choice.optimizer = e.value;
  }
}
