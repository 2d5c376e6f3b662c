// The inspector's integration tests compare hovers with *.expected.json: those expectations must be what
// TensorFlow.js says today, so they are regenerated here and compared with the committed files.
import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildInspectorFixtures, fixturesDir } from '../../fixtures/inspectorFixtures';

describe('inspector fixtures', () => {
  for (const fixture of buildInspectorFixtures()) {
    it(`${fixture.file} and its expected shapes/params are what TF.js produces`, () => {
      assert.strictEqual(readFileSync(join(fixturesDir, fixture.file), 'utf8'), fixture.modelJson, 'run: npx tsx test/fixtures/inspectorFixtures.ts');
      const committed = JSON.parse(readFileSync(join(fixturesDir, fixture.file.replace(/\.json$/, '.expected.json')), 'utf8'));
      assert.deepStrictEqual(committed, fixture.expected);
    });
  }
});
