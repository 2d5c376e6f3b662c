// The extension in a real VS Code extension host: it activates, registers every contributed command, and
// activation does not load TensorFlow.js.
import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CnnExplorerTestApi } from '../../../src/extension/extension';

const EXTENSION_ID = 'cnn-explorer.cnn-explorer';

describe('CNN Explorer in a real VS Code extension host', () => {
  let extension: vscode.Extension<CnnExplorerTestApi>;

  before(() => {
    const found = vscode.extensions.getExtension<CnnExplorerTestApi>(EXTENSION_ID);
    assert.ok(found, `extension ${EXTENSION_ID} is not installed in the host`);
    extension = found;
  });

  it('runs in the Node extension host of VS Code 1.100.x', () => {
    console.log(`    host: VS Code ${vscode.version} (${vscode.env.appName}), node ${process.version}, uiKind ${vscode.UIKind[vscode.env.uiKind]}, remote ${vscode.env.remoteName ?? 'none'}`);
    assert.match(vscode.version, /^1\.100\./);
  });

  it('activates, and activation loads no TensorFlow.js', async () => {
    const api = await extension.activate();
    assert.strictEqual(extension.isActive, true);
    assert.ok(api, 'activate() returns the test API when VS Code runs the extension under tests (ExtensionMode.Test)');
    assert.ok(typeof api.activationMs === 'number' && api.activationMs >= 0, 'activate() reports its duration');
    console.log(`    activation took ${api.activationMs.toFixed(1)} ms`);
    const tensorflowModules = Object.keys(require.cache).filter((m) => /tensorflow|tfjs/i.test(m));
    assert.deepStrictEqual(tensorflowModules, [], 'TensorFlow.js modules were loaded into the extension host');
    // The bundle itself must not inline TF.js either (it would be evaluated at activation).
    const bundle = readFileSync(join(extension.extensionPath, 'dist', 'extension.js'), 'utf8');
    assert.ok(!/tfjs-core|registerKernel\(/.test(bundle), 'dist/extension.js contains TensorFlow.js code');
  });

  it('registers every command the manifest contributes', async () => {
    const contributed = (extension.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    assert.ok(contributed.length >= 4);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of contributed) assert.ok(registered.has(id), `command ${id} is contributed but not registered`);
  });
});
