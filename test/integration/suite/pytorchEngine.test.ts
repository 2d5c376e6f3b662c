// "Inspect with PyTorch" in a real VS Code (issue #12, "Two engines: 2."): the command runs the model with the real
// /usr/bin/python3 and Debian's python3-torch 1.13.1 on the meta device and the faces then show PyTorch's own numbers,
// labelled with its version. Every shape and count asserted is PyTorch's, recorded by scripts/oracle/pytorch_shapes.py
// in test/fixtures/pytorch-corpus/expected/*.json. (The suite's code-server runs with workspace trust disabled, so the
// workspace is trusted; the refusal in an untrusted workspace is pytorchEngineUntrusted.untrusted.ts.)
import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';
import type { TorchTrace } from '../../../src/core/formats/pytorch';

interface OracleLayer { name: string; className: string; calls: { inputShapes: (number | null)[][]; outputShapes: (number | null)[][] }[]; trainableParams: number }
interface Oracle { layers: OracleLayer[] }

// dist-test/integration/suite → the repository.
const corpus = resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'pytorch-corpus');
const oracle = (file: string): Oracle => JSON.parse(readFileSync(join(corpus, 'expected', `${file}.json`), 'utf8')) as Oracle;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The hover's markdown with markdown escapes removed (`1\.13` → `1.13`). */
async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')).join('\n').replace(/\\(.)/g, '$1');
}

describe('Inspect with PyTorch (the PyTorch engine)', function () {
  this.timeout(180_000);
  const settings = () => vscode.workspace.getConfiguration('cnnExplorer.pytorch');

  before(async () => {
    await vscode.extensions.getExtension('cnn-explorer.cnn-explorer')!.activate();
    // The test machine's python3 on PATH may lack torch; Debian's has python3-torch (npm test installs it).
    await settings().update('pythonPath', '/usr/bin/python3', vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await settings().update('pythonPath', undefined, vscode.ConfigurationTarget.Global);
  });

  it('in a trusted workspace: PyTorch\'s trace of the model, shown by the hover labelled with the PyTorch version', async () => {
    assert.strictEqual(vscode.workspace.isTrusted, true);
    const file = 'cifar_tutorial_view.py';
    const expected = oracle(file);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(join(corpus, file)));
    await vscode.window.showTextDocument(document);
    const result = await vscode.commands.executeCommand<TorchTrace | undefined>('cnnExplorer.inspectWithPyTorch', { uri: document.uri.toString() });
    assert.ok(result, 'the command returns the trace');
    const trace: TorchTrace = result;
    assert.strictEqual(trace.engine, 'pytorch');
    assert.match(trace.torchVersion ?? '', /^1\.13\.0a0 \(python3-torch 1\.13\.1/);
    const modules = trace.layers.filter((l) => l.kind === 'module');
    assert.deepStrictEqual(modules.map((l) => l.name), expected.layers.map((l) => l.name));
    for (const [i, leaf] of expected.layers.entries()) {
      const layer = modules[i];
      assert.deepStrictEqual(layer.calls.map((c) => [c.inputShapes, c.outputShapes]), leaf.calls.map((c) => [c.inputShapes, c.outputShapes]), leaf.name);
      assert.strictEqual(layer.parameters!.reduce((s, p) => s + p.shape.reduce((a, b) => a * b, 1), 0), leaf.trainableParams, leaf.name);
    }
    // The faces show the exact result for this version of the document.
    const text = document.getText();
    const position = document.positionAt(text.indexOf('self.conv1 =') + 6);
    const deadline = Date.now() + 15_000;
    let hover = await hoverText(document.uri, position);
    while (!hover.includes('PyTorch 1.13.0a0') && Date.now() < deadline) {
      await sleep(100);
      hover = await hoverText(document.uri, position);
    }
    assert.ok(hover.includes('· PyTorch 1.13.0a0 (python3-torch 1.13.1+dfsg-4) · meta device'), hover);
    // conv1 = Conv2d(3, 6, 5): 6·3·5·5 + 6 = 456 parameters; 28·28 positions · 6 filters · 5·5·3 = 352,800 MACs.
    assert.ok(hover.includes('| Parameters | 456 trainable'), hover);
    assert.ok(hover.includes('| MACs | 352,800 per sample'), hover);
    assert.ok(hover.includes('`[N, 3, 32, 32]` → `[N, 6, 28, 28]`'), hover);
  });

  it('a broken model: PyTorch\'s own error, and the command still answers', async () => {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(join(corpus, 'broken', 'channels_do_not_chain.py')));
    const trace = await vscode.commands.executeCommand<TorchTrace | undefined>('cnnExplorer.inspectWithPyTorch', { uri: document.uri.toString() });
    const errors = trace!.diagnostics.filter((d) => d.severity === 'error');
    assert.strictEqual(errors.length, 1);
    // PyTorch 1.13.1's CPU message (the meta device says only "Invalid channel dimensions"), recorded by the oracle.
    assert.ok(errors[0].message.includes('Given groups=1, weight of size [32, 6, 3, 3], expected input[2, 16, 12, 12] to have 6 channels, but got 16 channels instead'), errors[0].message);
    assert.strictEqual(errors[0].layer, 'conv3');
  });
});
