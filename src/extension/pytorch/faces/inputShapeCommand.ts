// "Set input shape…" (cnnExplorer.setInputShape): the CodeLens asks for the input shape of a file that has no
// `# input:` comment and keeps the answer per file in the workspace state (PyTorchAnalyses.setInputShape).
import * as vscode from 'vscode';
import { parseInputShapeText } from './inputShapeText';
import type { PyTorchAnalyses } from './pytorchAnalyses';
import { isModelCommandArgs, PyTorchCommandIds } from './pytorchCommandIds';

export function registerInputShapeCommand(analyses: PyTorchAnalyses): vscode.Disposable {
  return vscode.commands.registerCommand(PyTorchCommandIds.setInputShape, async (args?: unknown) => {
    const target = isModelCommandArgs(args) ? vscode.Uri.parse(args.uri) : vscode.window.activeTextEditor?.document;
    const source = target && analyses.sourceOf(target);
    if (!source) {
      void vscode.window.showErrorMessage('Open a PyTorch .py file or notebook first, then set its input shape.');
      return undefined;
    }
    if (analyses.hasInputComment(source.uri)) {
      void vscode.window.showInformationMessage('This file sets its input shape with an "# input:" comment: edit the comment to change it.');
      return undefined;
    }
    const value = await vscode.window.showInputBox({
      title: 'Input shape per sample',
      prompt: 'Without the batch: C×H×W for images (1x28x28), C×L for 1-D signals (1x16000), T×F for sequences. Empty clears it.',
      placeHolder: '1x28x28',
      value: source.inputShape?.join('x') ?? '',
      validateInput: (text) => {
        if (text.trim() === '') return undefined;
        const parsed = parseInputShapeText(text);
        return 'error' in parsed ? parsed.error : undefined;
      },
    });
    if (value === undefined) return undefined;
    const parsed = value.trim() === '' ? { shape: null } : parseInputShapeText(value);
    if ('error' in parsed) return undefined;
    await analyses.setInputShape(source.uri, parsed.shape);
    return parsed.shape;
  });
}
