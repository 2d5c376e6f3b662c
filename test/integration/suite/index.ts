// Runs inside VS Code's extension host (VS Code calls run()). Loads every *.test.js next to this file.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(join(__dirname, file));
  return new Promise((ok, fail) => {
    mocha.run((failures) => (failures > 0 ? fail(new Error(`${failures} integration tests failed.`)) : ok()));
  });
}
