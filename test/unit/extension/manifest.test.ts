// The manifest is the contract with VS Code: these checks keep it in step with the code and with the one VS Code
// version we can run here.
import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommandIds } from '../../../src/extension/commandIds';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));

describe('package.json manifest', () => {
  it('contributes exactly the commands the code registers, all in category LeNet', () => {
    const contributed = manifest.contributes.commands as { command: string; title: string; category: string }[];
    assert.deepStrictEqual(contributed.map((c) => c.command).sort(), Object.values(CommandIds).sort());
    for (const c of contributed) assert.strictEqual(c.category, 'LeNet', c.command);
    const titles = Object.fromEntries(contributed.map((c) => [c.command, c.title]));
    assert.deepStrictEqual(titles, { 'lenet.train': 'Train', 'lenet.stopTraining': 'Stop Training', 'lenet.openDashboard': 'Open Dashboard', 'lenet.inspectModel': 'Inspect Model Architecture' });
  });

  it('targets VS Code 1.100 (the newest host that runs here) in engines and @types/vscode', () => {
    assert.strictEqual(manifest.engines.vscode, '^1.100.0');
    assert.match(manifest.devDependencies['@types/vscode'], /^~?1\.100\./);
    assert.strictEqual(manifest.main, './dist/extension.js');
    assert.deepStrictEqual(manifest.extensionKind, ['workspace']);
  });

  it('declares untrusted-workspace support honestly: limited, with the training settings restricted', () => {
    const untrusted = manifest.capabilities.untrustedWorkspaces;
    assert.strictEqual(untrusted.supported, 'limited');
    assert.ok(untrusted.description.length > 20);
  });

  it('keeps tfjs-node optional: it cannot install on every machine', () => {
    assert.ok(manifest.optionalDependencies['@tensorflow/tfjs-node']);
    assert.ok(!manifest.dependencies['@tensorflow/tfjs-node']);
  });
});
