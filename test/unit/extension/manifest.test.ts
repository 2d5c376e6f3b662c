// The manifest is the contract with VS Code: these checks keep it in step with the code and with the one VS Code
// version we can run here.
import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommandIds, INSPECT_MODEL_TITLE, RenamedCommandIds } from '../../../src/extension/commandIds';
import { INSPECTOR_DEFAULTS, INSPECTOR_SETTING_KEYS } from '../../../src/extension/inspector/inspectorSettingsReader';
import { MEMORY_DEVICES } from '../../../src/core/memory';
import { TRAINING_SETTING_KEYS } from '../../../src/extension/training/settings';
import { DEFAULT_TIMEOUT_SECONDS } from '../../../src/extension/pytorch/engine/engineSettings';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));

describe('package.json manifest', () => {
  it('contributes exactly the commands the code registers: training under LeNet, the inspector and dashboard under CNN Explorer', () => {
    const contributed = manifest.contributes.commands as { command: string; title: string; category: string }[];
    assert.deepStrictEqual(contributed.map((c) => c.command).sort(), [...Object.values(CommandIds), ...Object.keys(RenamedCommandIds)].sort());
    const palette = Object.fromEntries(contributed.map((c) => [c.command, `${c.category}: ${c.title}`]));
    assert.deepStrictEqual(Object.fromEntries(Object.values(CommandIds).map((id) => [id, palette[id]])), {
      'lenet.train': 'LeNet: Train',
      'lenet.stopTraining': 'LeNet: Stop Training',
      'cnnExplorer.openDashboard': 'CNN Explorer: Open Dashboard',
      'cnnExplorer.inspectModel': INSPECT_MODEL_TITLE,
      'cnnExplorer.inspectWithPyTorch': 'CNN Explorer: Inspect with PyTorch',
      'cnnExplorer.setInputShape': 'CNN Explorer: Set Input Shape',
    });
    assert.strictEqual(INSPECT_MODEL_TITLE, 'CNN Explorer: Inspect Model Architecture');
  });

  it('keeps the old lenet.* ids of the inspector and dashboard commands, hidden from the palette', () => {
    const hidden = (manifest.contributes.menus.commandPalette as { command: string; when: string }[]).filter((m) => m.when === 'false').map((m) => m.command);
    assert.deepStrictEqual(hidden.sort(), Object.keys(RenamedCommandIds).sort());
    for (const [oldId, id] of Object.entries(RenamedCommandIds)) assert.ok(Object.values(CommandIds).includes(id), `${oldId} runs ${id}`);
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

  describe('settings (issue #11: titled "Training: Epochs", not "Lenet: Epochs")', () => {
    type Setting = Record<string, unknown> & { default?: unknown; deprecationMessage?: string; markdownDeprecationMessage?: string };
    const settings = manifest.contributes.configuration.properties as Record<string, Setting>;
    const keys = [...TRAINING_SETTING_KEYS, ...INSPECTOR_SETTING_KEYS];
    // Settings added since the rename (issue #13's memoryFramework, memoryDevice) have no old lenet.* name.
    const renamed = keys.flatMap(({ key, oldKey }) => (oldKey === undefined ? [] : [{ key, oldKey }]));

    it('declares every setting the code reads under cnnExplorer.training.* / inspector.* / pytorch.*, and nothing else new', () => {
      const current = Object.keys(settings).filter((k) => settings[k].deprecationMessage === undefined);
      // The PyTorch engine's settings are new (no old lenet.* name): read in src/extension/pytorch/engine.
      const pytorchEngine = ['cnnExplorer.pytorch.pythonPath', 'cnnExplorer.pytorch.timeoutSeconds'];
      assert.deepStrictEqual(current.sort(), [...keys.map((r) => r.key), ...pytorchEngine].sort());
      assert.strictEqual(settings['cnnExplorer.pytorch.timeoutSeconds'].default, DEFAULT_TIMEOUT_SECONDS);
      // VS Code titles a setting by its key's prefix, trimming one that matches the extension's name (cnn-explorer).
      for (const k of current) assert.match(k, /^cnnExplorer\.(training|inspector|pytorch)\.[a-zA-Z]+$/);
    });

    it('keeps each old lenet.* key declared, marked deprecated with its new name, with the same type and default', () => {
      const old = Object.keys(settings).filter((k) => settings[k].deprecationMessage !== undefined);
      assert.deepStrictEqual(old.sort(), renamed.map((r) => r.oldKey).sort());
      const schema = ({ description: _d, markdownDescription: _m, enumDescriptions: _e, order: _o, deprecationMessage: _dm, markdownDeprecationMessage: _mdm, ...rest }: Setting) => rest;
      for (const { key, oldKey } of renamed) {
        const was = settings[oldKey];
        assert.ok(was.deprecationMessage!.includes(key), oldKey);
        assert.ok(was.markdownDeprecationMessage!.includes(`#${key}#`), oldKey);
        assert.deepStrictEqual(schema(was), schema(settings[key]), oldKey);
      }
    });

    it('declares the inspector\'s memory settings with no old name, their values the ones the reader accepts', () => {
      assert.deepStrictEqual(INSPECTOR_SETTING_KEYS.filter((k) => k.oldKey === undefined).map((k) => k.key),
        ['cnnExplorer.inspector.memoryFramework', 'cnnExplorer.inspector.memoryDevice']);
      assert.deepStrictEqual(settings['cnnExplorer.inspector.memoryFramework'].enum, ['auto', 'tfjs', 'pytorch']);
      assert.deepStrictEqual(settings['cnnExplorer.inspector.memoryDevice'].enum, [...MEMORY_DEVICES]);
    });

    it('declares the defaults the inspector falls back to', () => {
      for (const [name, value] of Object.entries(INSPECTOR_DEFAULTS)) assert.strictEqual(settings[`cnnExplorer.inspector.${name}`].default, value, name);
    });

    it('restricts the data folder, the backend and the Python to run in untrusted workspaces, under the new and the old names', () => {
      assert.deepStrictEqual([...manifest.capabilities.untrustedWorkspaces.restrictedConfigurations].sort(),
        ['cnnExplorer.pytorch.pythonPath', 'cnnExplorer.training.backend', 'cnnExplorer.training.dataDir', 'lenet.backend', 'lenet.dataDir']);
    });
  });

  it('keeps tfjs-node optional: it cannot install on every machine', () => {
    assert.ok(manifest.optionalDependencies['@tensorflow/tfjs-node']);
    assert.ok(!manifest.dependencies['@tensorflow/tfjs-node']);
  });
});
