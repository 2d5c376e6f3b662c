// The dashboard recomputes memory from the analysis it receives, so the protocol's validator must hand on every
// field of core's Analysis: a dropped field is a silently different number (issue #15: 8.27 MiB in the editor,
// 6.48 MiB in the dashboard). Every fixture's full analysis must come through a JSON round trip and the validator
// unchanged.
import assert from 'node:assert/strict';
import { analysisValidator, num, objectOf, optional, parseWith, str } from '../../../src/protocol';
import { analyzableFixtures } from '../../fixtures/analyzableFixtures';

describe('analysis validator', () => {
  const fixtures = analyzableFixtures();

  it('finds the fixtures it checks', () => {
    assert.ok(fixtures.length >= 10, `only ${fixtures.length} fixtures analyse`);
  });

  it('cannot be declared without one of its type\'s fields (checked by tsc)', () => {
    interface TwoFields { a: number; b?: string }
    // @ts-expect-error: the optional field b is not validated; objectOf must refuse it at compile time.
    const missing = objectOf<TwoFields>({ a: num });
    const complete = objectOf<TwoFields>({ a: num, b: optional(str) });
    assert.deepEqual(missing({ a: 1, b: 'x' }, ''), { a: 1 });
    assert.deepEqual(complete({ a: 1, b: 'x' }, ''), { a: 1, b: 'x' });
  });

  for (const { name, analysis } of fixtures) {
    it(`keeps every field of ${name}'s analysis`, () => {
      const r = parseWith(analysisValidator, JSON.parse(JSON.stringify(analysis)));
      assert.ok(r.ok, r.ok ? '' : r.error);
      assert.deepStrictEqual(r.value, analysis);
    });
  }
});
