// PyTorch code in a real VS Code (issue #12): hover, inlay hints, diagnostics and the quick fix on .py files and on
// notebook cells, from the static engine. Every shape and parameter count asserted is PyTorch 1.13.1's own, recorded
// by scripts/oracle/pytorch_shapes.py in test/fixtures/pytorch-corpus/expected/*.json. The corpus files are opened
// from a copy in a temporary folder: VS Code saves the files a workspace edit touches (files.refactoring.autoSave),
// so the quick fixes applied here must never reach the corpus.
import * as assert from 'node:assert';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import * as vscode from 'vscode';

interface OracleLayer { name: string; className: string; calls: { inputShapes: ((number | null)[] | null)[]; outputShapes: ((number | null)[] | null)[] }[]; trainableParams: number; bufferElements: number }
interface Oracle { layers: OracleLayer[]; totals: { trainableParams: number }; error?: { message: string; line: number | null; module: string } }

// dist-test/integration/suite → the repository.
const corpus = resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'pytorch-corpus');
const copies = mkdtempSync(join(tmpdir(), 'cnn-explorer-pytorch-faces-'));
/** A corpus file's copy (made once): the test opens and edits only these. */
function copyOf(file: string): vscode.Uri {
  const target = join(copies, file);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join(corpus, file), target);
  return vscode.Uri.file(target);
}
const oracle = (file: string): Oracle => JSON.parse(readFileSync(join(corpus, 'expected', `${file}.json`), 'utf8')) as Oracle;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** PyTorch's shape in the faces' notation: the batch (null) is N. */
const torchShape = (shape: (number | null)[] | null) => (shape ? `[${shape.map((d) => (d === null ? 'N' : d)).join(', ')}]` : '?');
const count = (n: number) => n.toLocaleString('en-US');

async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')).join('\n');
}

/** Polls until `get` gives something `ok` accepts (the analysis runs after the document opens or changes). */
async function eventually<T>(get: () => Thenable<T> | T, ok: (value: T) => boolean, what: string, ms = 15000): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await get();
  while (!ok(value)) {
    if (Date.now() > deadline) assert.fail(`${what}; last: ${JSON.stringify(value, null, 1)?.slice(0, 2000)}`);
    await sleep(100);
    value = await get();
  }
  return value;
}

function inlayLabels(hints: readonly vscode.InlayHint[]): string[] {
  return hints.map((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')));
}

async function inlays(document: vscode.TextDocument): Promise<vscode.InlayHint[]> {
  const whole = new vscode.Range(0, 0, document.lineCount, 0);
  return vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', document.uri, whole);
}

const ours = (d: vscode.Diagnostic) => d.source === 'CNN Explorer';

describe('PyTorch code in the editor', function () {
  this.timeout(120_000);

  before(async () => {
    await vscode.extensions.getExtension('cnn-explorer.cnn-explorer')!.activate();
  });

  it('a .py file: hover on a construction and on a call, with PyTorch\'s shapes and parameter counts', async () => {
    const file = 'lenet_blitz_functional.py';
    const expected = oracle(file);
    const document = await vscode.workspace.openTextDocument(copyOf(file));
    await vscode.window.showTextDocument(document);
    const text = document.getText();
    for (const leaf of expected.layers) {
      // On the attribute of `self.conv1 = nn.Conv2d(1, 6, 5)` and on the call `self.conv1(x)` in forward.
      const construction = document.positionAt(text.indexOf(`self.${leaf.name} =`) + 6);
      const call = document.positionAt(text.indexOf(`self.${leaf.name}(`) + 6);
      const io = `\`${torchShape(leaf.calls[0].inputShapes[0])}\` → \`${torchShape(leaf.calls[0].outputShapes[0])}\``;
      for (const position of [construction, call]) {
        const hover = await eventually(() => hoverText(document.uri, position), (h) => h.includes(`**${leaf.name}**`), `hover on ${leaf.name}`);
        assert.ok(hover.includes(io), `${leaf.name}: ${io} not in\n${hover}`);
        assert.ok(hover.includes(`| Parameters | ${count(leaf.trainableParams)} trainable`), `${leaf.name}: ${leaf.trainableParams} params not in\n${hover}`);
        assert.ok(hover.includes('static analysis'), hover);
      }
    }
  });

  it('a .py file: an inlay hint after each construction with PyTorch\'s output shape and parameters', async () => {
    const file = 'lenet_blitz_functional.py';
    const expected = oracle(file);
    const document = await vscode.workspace.openTextDocument(copyOf(file));
    const hints = await eventually(() => inlays(document), (h) => h.length > 0, 'inlay hints');
    const labels = inlayLabels(hints);
    for (const leaf of expected.layers) {
      const label = `→ ${torchShape(leaf.calls[0].outputShapes[0])} · ${count(leaf.trainableParams)} params`;
      const line = document.positionAt(document.getText().indexOf(`self.${leaf.name} =`)).line;
      const onLine = hints.filter((h) => h.position.line === line);
      assert.deepEqual(inlayLabels(onLine), [label], `${leaf.name} (line ${line + 1}); all: ${labels.join(' | ')}`);
    }
  });

  it('a broken .py: the diagnostic on the wrong literal, and its quick fix makes the file sound', async () => {
    const file = 'linear_in_features_after_flatten.py';
    const expected = oracle(`broken/${file}`);
    // PyTorch 1.13.1's own error for this file.
    assert.match(expected.error!.message, /mat1 and mat2 shapes cannot be multiplied \(2x256 and 400x120\)/);
    const document = await vscode.workspace.openTextDocument(copyOf(join('broken', file)));
    await vscode.window.showTextDocument(document);
    try {
      const diagnostics = await eventually(() => vscode.languages.getDiagnostics(document.uri).filter(ours), (d) => d.some((x) => x.severity === vscode.DiagnosticSeverity.Error), 'an error diagnostic');
      const error = diagnostics.find((d) => d.severity === vscode.DiagnosticSeverity.Error)!;
      assert.match(error.message, /256/);
      assert.match(error.message, /400/);
      // On the `400` of `nn.Linear(400, 120)`.
      assert.equal(document.getText(error.range), '400');
      assert.equal(document.lineAt(error.range.start.line).text.trim(), 'nn.Linear(400, 120),');
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, error.range, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((a) => a.edit && /256/.test(a.title));
      assert.ok(fix, `no quick fix to 256 among ${actions.map((a) => a.title).join(' | ')}`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit!));
      assert.equal(document.lineAt(error.range.start.line).text.trim(), 'nn.Linear(256, 120),');
      await eventually(() => vscode.languages.getDiagnostics(document.uri).filter(ours), (d) => !d.some((x) => x.severity === vscode.DiagnosticSeverity.Error), 'no error after the fix');
    } finally {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  describe('a notebook (the course\'s exercise 20, cells in order, a %matplotlib magic)', () => {
    const file = 'notebook_exercise20.ipynb';
    let notebook: vscode.NotebookDocument;
    let modelCell: vscode.TextDocument;

    before(async () => {
      notebook = await vscode.workspace.openNotebookDocument(copyOf(file));
      await vscode.window.showNotebookDocument(notebook);
      modelCell = notebook.cellAt(3).document;
      assert.match(modelCell.getText(), /class NeuralNetwork/);
    });

    it('hover on a Sequential item in the class cell: PyTorch\'s qualified name, shapes and parameters', async () => {
      const expected = oracle(file);
      const text = modelCell.getText();
      const items: [string, string][] = [['nn.0', 'nn.Conv2d(1, 6'], ['nn.1', 'nn.BatchNorm2d(6)'], ['nn.11', 'nn.Linear(400, 120)']];
      for (const [name, code] of items) {
        const leaf = expected.layers.find((l) => l.name === name)!;
        const position = modelCell.positionAt(text.indexOf(code) + 3);
        const hover = await eventually(() => hoverText(modelCell.uri, position), (h) => h.includes(`**${name.replace('.', '\\.')}**`), `hover on ${name}`);
        assert.ok(hover.includes(`\`${torchShape(leaf.calls[0].inputShapes[0])}\` → \`${torchShape(leaf.calls[0].outputShapes[0])}\``), hover);
        assert.ok(hover.includes(`| Parameters | ${count(leaf.trainableParams)} trainable`), hover);
        if (leaf.bufferElements > 0) assert.ok(hover.includes(`| Buffers | ${count(leaf.bufferElements)} elements`), hover);
      }
    });

    it('inlay hints in the class cell, one per Sequential item, with PyTorch\'s numbers', async () => {
      const expected = oracle(file);
      const hints = await eventually(() => inlays(modelCell), (h) => h.length > 0, 'inlay hints in the cell');
      const labels = inlayLabels(hints);
      const sequentialLeaves = expected.layers.filter((l) => l.name.startsWith('nn.'));
      for (const leaf of sequentialLeaves) {
        const label = `→ ${torchShape(leaf.calls[0].outputShapes[0])} · ${count(leaf.trainableParams)} params`;
        assert.ok(labels.some((l) => l.startsWith(label)), `${leaf.name}: ${label} not among ${labels.join(' | ')}`);
      }
    });

    it('a wrong literal typed in a cell: the diagnostic on that cell, and the quick fix', async () => {
      const text = modelCell.getText();
      const at = text.indexOf('nn.Linear(400, 120)') + 'nn.Linear('.length;
      const range = new vscode.Range(modelCell.positionAt(at), modelCell.positionAt(at + 3));
      const edit = new vscode.WorkspaceEdit();
      edit.replace(modelCell.uri, range, '401');
      assert.ok(await vscode.workspace.applyEdit(edit));
      try {
        const diagnostics = await eventually(() => vscode.languages.getDiagnostics(modelCell.uri).filter(ours), (d) => d.some((x) => x.severity === vscode.DiagnosticSeverity.Error), 'an error on the cell');
        const error = diagnostics.find((d) => d.severity === vscode.DiagnosticSeverity.Error)!;
        assert.equal(modelCell.getText(error.range), '401');
        // 16·5·5 = 400 features reach the Linear that expects 401.
        assert.match(error.message, /400/);
        assert.match(error.message, /401/);
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', modelCell.uri, error.range, vscode.CodeActionKind.QuickFix.value);
        const fix = actions.find((a) => a.edit && /400/.test(a.title));
        assert.ok(fix, `no quick fix to 400 among ${actions.map((a) => a.title).join(' | ')}`);
        assert.ok(await vscode.workspace.applyEdit(fix.edit!));
        assert.ok(modelCell.getText().includes('nn.Linear(400, 120)'));
        await eventually(() => vscode.languages.getDiagnostics(modelCell.uri).filter(ours), (d) => d.length === 0, 'no diagnostic after the fix');
      } finally {
        if (!modelCell.getText().includes('nn.Linear(400, 120)')) {
          const back = new vscode.WorkspaceEdit();
          back.replace(modelCell.uri, new vscode.Range(modelCell.positionAt(0), modelCell.positionAt(modelCell.getText().length)), text);
          await vscode.workspace.applyEdit(back);
        }
      }
    });

    after(async () => {
      await vscode.window.showNotebookDocument(notebook);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });
  });

  after(async () => {
    // Leave the blitz Net open with a hover showing: the host's final screenshot shows hover and inlay hints.
    const document = await vscode.workspace.openTextDocument(copyOf('lenet_blitz_functional.py'));
    const editor = await vscode.window.showTextDocument(document);
    await sleep(3000);
    const position = document.positionAt(document.getText().indexOf('self.conv2 =') + 6);
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenter);
    await vscode.commands.executeCommand('editor.action.showHover');
    await sleep(1500);
    // The copies go when the extension host exits, after the host's screenshot of this editor.
    process.once('exit', () => rmSync(copies, { recursive: true, force: true }));
  });
});
