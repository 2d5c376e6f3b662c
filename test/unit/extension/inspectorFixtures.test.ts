// The inspector's integration tests compare hovers with *.expected.json: those expectations must be what
// TensorFlow.js says today, so they are regenerated here and compared with the committed files.
import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { buildInspectorFixtures, fixturesDir, type InspectorFixture } from '../../fixtures/inspectorFixtures';

describe('inspector fixtures', () => {
  let fixtures: InspectorFixture[];

  before(async () => {
    // Other test files register the wasm backend (higher priority); building layers needs an initialised backend.
    await tf.setBackend('cpu');
    fixtures = buildInspectorFixtures();
  });

  for (const file of ['sequential-cnn.json', 'functional-merges.json', 'channels-first.json']) {
    it(`${file} and its expected shapes/params are what TF.js produces`, () => {
      const fixture = fixtures.find((f) => f.file === file);
      assert.ok(fixture, `no fixture builder for ${file}`);
      assert.strictEqual(readFileSync(join(fixturesDir, file), 'utf8'), fixture.modelJson, 'run: npx tsx test/fixtures/inspectorFixtures.ts');
      const committed = JSON.parse(readFileSync(join(fixturesDir, file.replace(/\.json$/, '.expected.json')), 'utf8'));
      assert.deepStrictEqual(committed, fixture.expected);
    });
  }

  it('covers every fixture the builder makes', () => {
    assert.deepStrictEqual(fixtures.map((f) => f.file).sort(), ['channels-first.json', 'functional-merges.json', 'sequential-cnn.json']);
  });
});
