// Runs inside VS Code's extension host (VS Code calls run()). Loads every *.test.js next to this file, or the files
// LENET_INTEGRATION_ONLY names.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  // LENET_INTEGRATION_ONLY (comma-separated file names) runs just those, e.g. a *.bench.js file the default skips.
  const only = process.env.LENET_INTEGRATION_ONLY?.split(',').filter(Boolean) ?? [];
  const files = only.length > 0 ? only : readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  for (const file of files) mocha.addFile(join(__dirname, file));
  return new Promise((ok, fail) => {
    mocha.run((failures) => (failures > 0 ? fail(new Error(`${failures} integration tests failed.`)) : ok()));
  });
}
