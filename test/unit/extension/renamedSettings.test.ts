// Settings renamed from lenet.* to cnnExplorer.* (issue #11): new key > old key > default, and each old key read is
// reported by name.
import * as assert from 'node:assert';
import { INSPECTOR_DEFAULTS, INSPECTOR_SETTING_KEYS, inspectorMemoryOptions, readInspectorSettingsFrom } from '../../../src/extension/inspector/inspectorSettingsReader';
import { readRenamedSetting, renamedSettingsMessage } from '../../../src/extension/renamedSettings';
import { fakeConfiguration } from './fakeConfiguration';

const batch = { key: 'cnnExplorer.inspector.batchSize', oldKey: 'lenet.inspector.batchSize' };

describe('renamed settings', () => {
  it('reads the new key when set, in any scope, even if the old one is set too', () => {
    for (const scope of ['global', 'workspace', 'workspaceFolder'] as const) {
      const values = { global: { [batch.oldKey]: 7 }, workspace: { [batch.oldKey]: 7 }, workspaceFolder: { [batch.oldKey]: 7 } };
      values[scope][batch.key] = 32;
      const config = fakeConfiguration(values);
      assert.deepStrictEqual(readRenamedSetting(config, batch), { value: 32, from: batch.key }, scope);
    }
  });

  it('reads the old key when only it is set, and says so', () => {
    for (const scope of ['global', 'workspace', 'workspaceFolder'] as const) {
      const config = fakeConfiguration({ [scope]: { [batch.oldKey]: 7 } });
      assert.deepStrictEqual(readRenamedSetting(config, batch), { value: 7, from: batch.oldKey, renamed: batch }, scope);
    }
  });

  it('falls back to the new key\'s default when neither is set', () => {
    assert.deepStrictEqual(readRenamedSetting(fakeConfiguration({}), batch), { value: 100, from: batch.key });
  });

  it('an explicit null on the new key counts as set (the user cleared it there)', () => {
    const key = { key: 'cnnExplorer.training.epochs', oldKey: 'lenet.epochs' };
    const config = fakeConfiguration({ global: { [key.oldKey]: 3 }, workspace: { [key.key]: null } });
    assert.deepStrictEqual(readRenamedSetting(config, key), { value: null, from: key.key });
  });

  it('names every old and new key in one message', () => {
    const m = renamedSettingsMessage([batch, { key: 'cnnExplorer.training.epochs', oldKey: 'lenet.epochs' }]);
    assert.match(m, /lenet\.inspector\.batchSize → cnnExplorer\.inspector\.batchSize, lenet\.epochs → cnnExplorer\.training\.epochs/);
  });
});

describe('inspector settings', () => {
  it('defaults: batch 100, float32, adam, hints and CodeLens on, the model\'s own framework on CUDA; nothing reported', () => {
    assert.deepStrictEqual(readInspectorSettingsFrom(fakeConfiguration({})), {
      settings: { batchSize: 100, dtype: 'float32', optimizer: 'adam', inlayHints: true, codeLens: true, memoryFramework: 'auto', memoryDevice: 'cuda' }, renamed: [],
    });
  });

  it('old lenet.inspector.* keys are still read and reported; new keys win', () => {
    const r = readInspectorSettingsFrom(fakeConfiguration({
      global: { 'lenet.inspector.batchSize': 8, 'lenet.inspector.dtype': 'float16', 'lenet.inspector.codeLens': false },
      workspace: { 'cnnExplorer.inspector.batchSize': 16, 'cnnExplorer.inspector.optimizer': 'sgd' },
    }));
    assert.deepStrictEqual(r.settings, { batchSize: 16, dtype: 'float16', optimizer: 'sgd', inlayHints: true, codeLens: false, memoryFramework: 'auto', memoryDevice: 'cuda' });
    assert.deepStrictEqual(r.renamed.map((k) => k.oldKey), ['lenet.inspector.dtype', 'lenet.inspector.codeLens']);
  });

  it('invalid values fall back to the defaults', () => {
    const r = readInspectorSettingsFrom(fakeConfiguration({ global: {
      'cnnExplorer.inspector.batchSize': 0, 'cnnExplorer.inspector.dtype': 'int8', 'cnnExplorer.inspector.optimizer': 'lion',
      'cnnExplorer.inspector.inlayHints': 'yes', 'cnnExplorer.inspector.memoryFramework': 'idealAutograd',
      'cnnExplorer.inspector.memoryDevice': 'tpu',
    } }));
    assert.deepStrictEqual(r.settings, { batchSize: 100, dtype: 'float32', optimizer: 'adam', inlayHints: true, codeLens: true, memoryFramework: 'auto', memoryDevice: 'cuda' });
  });

  it('covers exactly batchSize, dtype, optimizer, inlayHints, codeLens (renamed) and memoryFramework, memoryDevice (new)', () => {
    assert.deepStrictEqual(INSPECTOR_SETTING_KEYS.map((k) => k.key.replace('cnnExplorer.inspector.', '')), ['batchSize', 'dtype', 'optimizer', 'inlayHints', 'codeLens', 'memoryFramework', 'memoryDevice']);
  });

  it('reads memoryFramework and memoryDevice; auto leaves the framework to the model, a choice is passed to core', () => {
    const r = readInspectorSettingsFrom(fakeConfiguration({ global: { 'cnnExplorer.inspector.memoryFramework': 'pytorch', 'cnnExplorer.inspector.memoryDevice': 'cpu' } }));
    assert.strictEqual(r.settings.memoryFramework, 'pytorch');
    assert.strictEqual(r.settings.memoryDevice, 'cpu');
    assert.deepStrictEqual(r.renamed, []);
    assert.deepStrictEqual(inspectorMemoryOptions(r.settings), { batchSize: 100, dtype: 'float32', optimizer: 'adam', framework: 'pytorch', device: 'cpu' });
    assert.deepStrictEqual(inspectorMemoryOptions(INSPECTOR_DEFAULTS), { batchSize: 100, dtype: 'float32', optimizer: 'adam', device: 'cuda' });
  });
});
