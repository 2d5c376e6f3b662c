// "Inspect with PyTorch" in an UNTRUSTED workspace: refused, nothing runs, the faces keep the static analysis. Not in
// the default suite (which runs with workspace trust disabled, i.e. trusted): run it alone in a code-server started
// with workspace trust on and the workspace left untrusted:
//   CODE_SERVER_WORKSPACE_TRUST=1 LENET_INTEGRATION_ONLY=pytorchEngineUntrusted.untrusted.js VSCODE_TEST_HOST=code-server node dist-test/integration/runTest.js
import * as assert from 'node:assert';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';

const corpus = resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'pytorch-corpus');

async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')).join('\n');
}

describe('Inspect with PyTorch in an untrusted workspace', function () {
  this.timeout(120_000);

  it('is refused: no trace, the hover stays the static analysis', async () => {
    assert.strictEqual(vscode.workspace.isTrusted, false, 'this file must run in an untrusted workspace');
    await vscode.extensions.getExtension('cnn-explorer.cnn-explorer')!.activate();
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(join(corpus, 'cifar_tutorial_view.py')));
    await vscode.window.showTextDocument(document);
    const trace = await vscode.commands.executeCommand('cnnExplorer.inspectWithPyTorch', { uri: document.uri.toString() });
    assert.strictEqual(trace, undefined);
    const hover = await hoverText(document.uri, document.positionAt(document.getText().indexOf('self.conv1 =') + 6));
    assert.ok(!hover.includes('meta device'), hover);
  });
});
