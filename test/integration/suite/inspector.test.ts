// The layer-shape inspector inside a real VS Code: hovers, inlay hints and diagnostics on model files. Expected
// shapes and parameter counts are TF.js's own (test/fixtures/workspace/models/*.expected.json, checked against
// TF.js by a unit test); nothing here is typed by hand except which diagnostics the broken fixture must raise.
import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import * as vscode from 'vscode';
import { formatCount } from '../../../src/core/format';
import { ANALYSIS_DEFAULTS } from '../../../src/core/analyzeModel';
import type { CnnExplorerTestApi } from '../../../src/extension/extension';
import { hoverMarkdown } from '../../../src/extension/inspector/layerText';
import { commandLink } from '../../../src/extension/inspector/markdownEscape';
import { INSPECTOR_DEFAULTS, inspectorMemoryOptions } from '../../../src/extension/inspector/inspectorSettingsReader';
import { modelMemoryRows } from '../../../src/extension/inspector/memoryLabel';
import { analyzeModelDocument } from '../../../src/extension/inspector/modelDocuments';
import { unknownReason } from '../../../src/extension/inspector/unknownReason';

interface ExpectedLayer { name: string; className: string; outputShape: (number | null)[]; params: number }

const workspaceRoot = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
const modelPath = (file: string) => join(workspaceRoot(), 'models', file);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function open(file: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(modelPath(file)));
  await vscode.window.showTextDocument(doc);
  return doc;
}

async function hoverText(doc: vscode.TextDocument, offset: number): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(offset));
  return hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')).join('\n');
}

/** The JSON object of the layer called `name` in a layers list. */
function layerObject(text: string, name: string): Node {
  const root = parseTree(text)!;
  const layers = findNodeAtLocation(root, ['modelTopology', 'config', 'layers'])!;
  const found = layers.children!.find((l) => findNodeAtLocation(l, ['config', 'name'])?.value === name || findNodeAtLocation(l, ['name'])?.value === name);
  assert.ok(found, `layer ${name} not in the file`);
  return found;
}

async function diagnosticsFor(uri: vscode.Uri, until: (d: readonly vscode.Diagnostic[]) => boolean): Promise<readonly vscode.Diagnostic[]> {
  let diagnostics = vscode.languages.getDiagnostics(uri);
  for (let i = 0; i < 50 && !until(diagnostics); i++) {
    await sleep(100);
    diagnostics = vscode.languages.getDiagnostics(uri);
  }
  return diagnostics;
}


/** Puts a fixture back whatever a test did (a run once left an edit saved in the file): the original text, saved. */
async function restoreAndClose(doc: vscode.TextDocument, original: string): Promise<void> {
  const restore = new vscode.WorkspaceEdit();
  restore.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), original);
  await vscode.workspace.applyEdit(restore);
  await doc.save();
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
}
describe('layer-shape inspector in the editor', () => {
  let api: CnnExplorerTestApi;
  before(async () => {
    api = await vscode.extensions.getExtension<CnnExplorerTestApi>('cnn-explorer.cnn-explorer')!.activate();
  });

  for (const file of ['sequential-cnn.json', 'functional-merges.json', 'channels-first.json']) {
    it(`hovers every layer of ${file} with TF.js's output shape and parameter count`, async () => {
      const doc = await open(file);
      const expected = JSON.parse(readFileSync(modelPath(file.replace(/\.json$/, '.expected.json')), 'utf8')) as ExpectedLayer[];
      for (const layer of expected) {
        const object = layerObject(doc.getText(), layer.name);
        // Hover at three places inside the layer: its class name, a config value, and its last character.
        const classNode = findNodeAtLocation(object, ['class_name'])!;
        for (const offset of [classNode.offset + 1, object.offset + Math.floor(object.length / 2), object.offset + object.length - 1]) {
          const text = await hoverText(doc, offset);
          assert.ok(text.includes(`**${layer.name.replace(/_/g, '\\_')}**`), `hover at ${offset} in ${layer.name} names another layer:\n${text}`);
          assert.ok(text.includes(`\`[${layer.outputShape.map((d) => (d === null ? 'null' : d)).join(', ')}]\``), `${layer.name}: output shape ${JSON.stringify(layer.outputShape)} not in hover:\n${text}`);
          assert.ok(text.includes(`| Parameters | ${formatCount(layer.params)} (trainable`), `${layer.name}: ${layer.params} params not in hover:\n${text}`);
        }
      }
    });

    it(`gives one inlay hint per layer of ${file}`, async () => {
      const doc = await open(file);
      const expected = JSON.parse(readFileSync(modelPath(file.replace(/\.json$/, '.expected.json')), 'utf8')) as ExpectedLayer[];
      const whole = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
      const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, whole);
      const labels = hints.map((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')));
      assert.strictEqual(labels.length, expected.length, labels.join('\n'));
      for (const layer of expected) {
        const shape = `[${layer.outputShape.map((d) => (d === null ? 'null' : d)).join(', ')}]`;
        assert.ok(labels.some((l) => l === `→ ${shape} · ${formatCount(layer.params)} param${layer.params === 1 ? '' : 's'}`), `no hint for ${layer.name} ${shape}:\n${labels.join('\n')}`);
      }
    });
  }

  it('puts diagnostics of the broken model on the offending layers', async () => {
    const doc = await open('broken.json');
    const diagnostics = await diagnosticsFor(doc.uri, (d) => d.length >= 4);
    const text = doc.getText();
    const within = (d: vscode.Diagnostic, layer: string) => {
      const object = layerObject(text, layer);
      const start = doc.offsetAt(d.range.start);
      return start >= object.offset && doc.offsetAt(d.range.end) <= object.offset + object.length;
    };
    const expectations: [string, vscode.DiagnosticSeverity, RegExp][] = [
      ['too_big', vscode.DiagnosticSeverity.Error, /kernel|larger|exceeds/i],
      ['mismatched_sum', vscode.DiagnosticSeverity.Error, /shape|mismatch|incompatible/i],
      ['custom', vscode.DiagnosticSeverity.Warning, /MyCustomLayer/],
      ['orphan', vscode.DiagnosticSeverity.Error, /ghost/],
    ];
    for (const [layer, severity, message] of expectations) {
      assert.ok(diagnostics.some((d) => d.severity === severity && message.test(d.message) && within(d, layer)),
        `no ${vscode.DiagnosticSeverity[severity]} matching ${message} inside layer ${layer}; got:\n${diagnostics.map((d) => `${vscode.DiagnosticSeverity[d.severity]} ${d.range.start.line}:${d.range.start.character} ${d.message}`).join('\n')}`);
    }
    const orphanRef = text.indexOf('"ghost"');
    assert.ok(diagnostics.some((d) => /ghost/.test(d.message) && doc.offsetAt(d.range.start) <= orphanRef && doc.offsetAt(d.range.end) >= orphanRef + 7), 'the dangling reference is marked on the reference itself');
  });

  it('clears the diagnostics when an edit fixes the model', async () => {
    const doc = await open('kernel-too-large.json');
    const before = await diagnosticsFor(doc.uri, (d) => d.length > 0);
    assert.ok(before.some((d) => d.severity === vscode.DiagnosticSeverity.Error), 'the 31×31 kernel on a 28×28 input is an error');
    const original = doc.getText();
    const at = original.indexOf('[31, 31]');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + '[31, 31]'.length)), '[5, 5]');
    try {
      assert.ok(await vscode.workspace.applyEdit(edit));
      const after = await diagnosticsFor(doc.uri, (d) => d.length === 0);
      assert.deepStrictEqual(after.map((d) => d.message), []);
    } finally {
      await restoreAndClose(doc, original);
    }
  });

  it('shows hostile layer and class names as text: theme icons and HTML off, only our command trusted (issue #10 D8)', async () => {
    const doc = await open('hostile-names.json');
    const analysed = analyzeModelDocument(doc.getText(), doc.version, ANALYSIS_DEFAULTS);
    if (analysed.status !== 'model') throw new Error(`hostile-names.json: ${analysed.status}`);
    const model = analysed.model;
    const root = parseTree(doc.getText())!;
    const layers = findNodeAtLocation(root, ['modelTopology', 'config', 'layers'])!.children!;
    for (const [index, object] of layers.entries()) {
      const offset = findNodeAtLocation(object, ['class_name'])!.offset + 1;
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(offset));
      const ours = hovers.flatMap((h) => h.contents).filter((c): c is vscode.MarkdownString => c instanceof vscode.MarkdownString && c.value.includes('command:cnnExplorer.inspectModel'));
      assert.strictEqual(ours.length, 1, `layer ${index}: ${hovers.length} hovers`);
      const [markdown] = ours;
      assert.deepStrictEqual(markdown.isTrusted, { enabledCommands: ['cnnExplorer.inspectModel'] });
      assert.ok(!markdown.supportHtml, 'HTML must be off');
      assert.ok(!markdown.supportThemeIcons, 'theme icons must be off: VS Code expands $(…) even inside code');
      // The markdown is exactly the pure function's, whose escaping the unit test renders and checks.
      const layer = model.layers.find((l) => !l.synthetic && JSON.stringify(l.path) === JSON.stringify(['modelTopology', 'config', 'layers', index]))!;
      // The layer's problems but those under the pointer (VS Code's own hover shows them), as the inspector does.
      const diagnostics = model.diagnostics
        .filter((d) => d.diagnostic.layer === layer.name && !(offset >= d.range.offset && offset <= d.range.offset + d.range.length))
        .map((d) => d.diagnostic);
      assert.strictEqual(markdown.value, hoverMarkdown(layer, {
        batchSize: ANALYSIS_DEFAULTS.batchSize, dtype: ANALYSIS_DEFAULTS.dtype, diagnostics,
        unknownReason: unknownReason(layer, model.layers, model.diagnostics.map((d) => d.diagnostic)),
        dashboardLink: commandLink('cnnExplorer.inspectModel', [doc.uri.toString(), layer.name]),
        memory: model.analysis?.memory,
      }));
    }
  });

  it('the memoryFramework setting changes the hover\'s memory figure to the other framework\'s, labelled (issue #13)', async () => {
    const doc = await open('sequential-cnn.json');
    const offset = doc.getText().indexOf('"class_name"', doc.getText().indexOf('"layers"')) + 1;
    const trainingRow = (hover: string) => hover.split('\n').find((l) => l.startsWith('| Model training peak |'));
    /** The row the inspector must show: from the pure hover text over core's analysis with the same settings. */
    const expectedRow = (memoryFramework: 'auto' | 'pytorch') => {
      const analysed = analyzeModelDocument(doc.getText(), doc.version, inspectorMemoryOptions({ ...INSPECTOR_DEFAULTS, memoryFramework }));
      if (analysed.status !== 'model' || !analysed.model.analysis) throw new Error('sequential-cnn.json not analysed');
      return modelMemoryRows(analysed.model.analysis.memory)[0];
    };
    const hoverRow = async (expected: string) => {
      let row = trainingRow(await hoverText(doc, offset));
      for (let i = 0; i < 50 && row !== expected; i++) {
        await sleep(100);
        row = trainingRow(await hoverText(doc, offset));
      }
      return row;
    };
    const config = () => vscode.workspace.getConfiguration('cnnExplorer.inspector');
    try {
      const tfjs = expectedRow('auto');
      assert.match(tfjs, / · TF\.js 4\.x · /);
      assert.strictEqual(await hoverRow(tfjs), tfjs);
      await config().update('memoryFramework', 'pytorch', vscode.ConfigurationTarget.Global);
      const torch = expectedRow('pytorch');
      assert.match(torch, / · PyTorch 2\.x · CUDA · /);
      assert.notStrictEqual(torch, tfjs);
      assert.strictEqual(await hoverRow(torch), torch);
    } finally {
      await config().update('memoryFramework', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });

  it('lists a problem in the hover only where VS Code does not already show it (issue #15)', async () => {
    const doc = await open('kernel-too-large.json');
    await diagnosticsFor(doc.uri, (d) => d.length > 0);
    const text = doc.getText();
    const count = (hover: string) => hover.split('is larger than the input').length - 1;
    // On the kernel size VS Code's own hover shows the problem (one message for H and W): ours must not repeat it.
    assert.strictEqual(count(await hoverText(doc, text.indexOf('[31, 31]') + 1)), 0);
    // Elsewhere in the layer, ours is the only place they show.
    assert.strictEqual(count(await hoverText(doc, text.indexOf('"Conv2D"') + 1)), 1);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('offers "did you mean Conv2D?" for PyTorch\'s Conv2d in a Keras file, and the fix makes c1 known (issue #15)', async () => {
    const doc = await open('misspelt-class.json');
    const original = doc.getText();
    const at = original.indexOf('"Conv2d"');
    const diagnostics = await diagnosticsFor(doc.uri, (d) => d.length > 0);
    assert.ok(diagnostics.some((d) => /unknown layer class "Conv2d"/.test(d.message)), diagnostics.map((d) => d.message).join('\n'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(doc.positionAt(at + 2), doc.positionAt(at + 2)));
    const fix = actions.find((a) => a.title.startsWith('Did you mean Conv2D?'));
    assert.ok(fix?.edit, actions.map((a) => a.title).join('\n'));
    assert.strictEqual(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
    try {
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.strictEqual(doc.getText(), original.replace('"Conv2d"', '"Conv2D"'));
      // 5·5·1·6 + 6 = 156 parameters once c1 is a known Conv2D.
      const hover = await hoverText(doc, at + 2);
      assert.ok(hover.includes('| Parameters | 156 (trainable 156'), hover);
    } finally {
      await restoreAndClose(doc, original);
    }
  });

  it('leaves ordinary JSON alone', async () => {
    // Waits for the inspector's own word that it analysed the document (not a fixed sleep a late publish would pass).
    const content = '{ "name": "not-a-model", "layers": [1, 2] }';
    const analysed = new Promise<vscode.TextDocument>((resolve) => {
      const subscription = api.onDidAnalyseDocument((d) => {
        if (d.getText() !== content) return;
        subscription.dispose();
        resolve(d);
      });
    });
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content });
    await vscode.window.showTextDocument(doc);
    assert.strictEqual(await hoverText(doc, 5), '');
    assert.strictEqual((await analysed).uri.toString(), doc.uri.toString());
    assert.deepStrictEqual(vscode.languages.getDiagnostics(doc.uri), []);
  });
});
