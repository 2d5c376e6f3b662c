// Which model a command acts on: a URI it was given (hover link, CodeLens, explorer) or the active editor's document.
// Files that are not open are read through vscode.workspace.fs, so virtual and remote file systems work.
import * as vscode from 'vscode';
import type { Analysis } from '../../core/analysis';
import { analyzeModelDocument, type ModelDocumentResult } from './modelDocuments';
import type { ModelInspector } from './inspector';

export type ModelTarget = { uri: vscode.Uri; analysis: Analysis } | { error: string };

export async function resolveModelTarget(inspector: ModelInspector, given?: string | vscode.Uri): Promise<ModelTarget> {
  const uri = typeof given === 'string' ? vscode.Uri.parse(given) : given ?? vscode.window.activeTextEditor?.document.uri;
  if (!uri) return { error: 'Open a TF.js model.json or Keras model JSON file first, then run "LeNet: Inspect Model Architecture".' };
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  let result: ModelDocumentResult | undefined;
  if (open) {
    result = inspector.resultFor(open);
    // A file too large for analysis while typing is analysed on this explicit request.
    if (result?.status === 'too-large') result = analyzeModelDocument(open.getText(), open.version, inspector.memoryOptions, Infinity);
  } else {
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch (e) {
      return { error: `Cannot read ${uri.toString(true)}: ${(e as Error).message}` };
    }
    result = analyzeModelDocument(text, 0, inspector.memoryOptions, Infinity);
  }
  const name = uri.path.split('/').pop() ?? uri.toString(true);
  if (!result || result.status === 'not-a-model') return { error: `${name} is not a TF.js layers model (model.json) or a Keras model JSON.` };
  if (result.status === 'too-large') return { error: `${name} is too large to analyse.` };
  if (!result.model.analysis) {
    const first = result.model.diagnostics[0]?.diagnostic.message ?? 'unknown reason';
    return { error: `${name} cannot be analysed: ${first}` };
  }
  return { uri, analysis: result.model.analysis };
}
