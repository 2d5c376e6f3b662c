// The renamed settings (issue #11) against VS Code's own configuration: an old lenet.* key in the user's settings is
// still read when the new cnnExplorer.* key is not set, and the new key wins once set. Checks that inspect() on the
// root configuration tells a user's value from the manifest's default, which the unit tests' stand-in assumes.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { readInspectorSettingsFrom } from '../../../src/extension/inspector/inspectorSettingsReader';
import { readTrainingSettings } from '../../../src/extension/training/settings';

describe('renamed settings in VS Code', () => {
  const keys = ['lenet.epochs', 'cnnExplorer.training.epochs', 'lenet.inspector.batchSize', 'cnnExplorer.inspector.batchSize'];
  const set = (key: string, value: unknown) => vscode.workspace.getConfiguration().update(key, value, vscode.ConfigurationTarget.Global);
  afterEach(async () => { for (const k of keys) await set(k, undefined); });

  it('reads nothing renamed when only the defaults are there', () => {
    const config = vscode.workspace.getConfiguration();
    assert.deepStrictEqual(readTrainingSettings(config).renamed, []);
    assert.deepStrictEqual(readInspectorSettingsFrom(config), {
      settings: { batchSize: 100, dtype: 'float32', optimizer: 'adam', memoryFramework: 'auto', memoryDevice: 'cuda', inlayHints: true, codeLens: true }, renamed: [],
    });
  });

  it('reads an old key when the new one is not set, and reports it', async () => {
    await set('lenet.epochs', 3);
    await set('lenet.inspector.batchSize', 8);
    const config = vscode.workspace.getConfiguration();
    const training = readTrainingSettings(config);
    assert.strictEqual(training.overrides.epochs, 3);
    assert.deepStrictEqual(training.renamed, [{ key: 'cnnExplorer.training.epochs', oldKey: 'lenet.epochs' }]);
    const inspector = readInspectorSettingsFrom(config);
    assert.strictEqual(inspector.settings.batchSize, 8);
    assert.deepStrictEqual(inspector.renamed, [{ key: 'cnnExplorer.inspector.batchSize', oldKey: 'lenet.inspector.batchSize' }]);
  });

  it('the new key wins over the old one', async () => {
    await set('lenet.epochs', 3);
    await set('cnnExplorer.training.epochs', 7);
    await set('lenet.inspector.batchSize', 8);
    await set('cnnExplorer.inspector.batchSize', 16);
    const config = vscode.workspace.getConfiguration();
    const training = readTrainingSettings(config);
    assert.deepStrictEqual([training.overrides.epochs, training.renamed], [7, []]);
    const inspector = readInspectorSettingsFrom(config);
    assert.deepStrictEqual([inspector.settings.batchSize, inspector.renamed], [16, []]);
  });
});
