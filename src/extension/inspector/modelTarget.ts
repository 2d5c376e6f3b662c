// Which model a command acts on: a URI it was given (hover link, CodeLens, explorer) or the active editor's document.
// Files that are not open are read through vscode.workspace.fs, so virtual and remote file systems work.
import * as vscode from 'vscode';
import type { Analysis } from '../../core/analysis';
import type { Diagnostic, ModelIR } from '../../core/ir';
import { analyzeModelDocument, type ModelDocumentResult } from './modelDocuments';
import type { ModelInspector } from './inspector';

export type ModelTarget = { uri: vscode.Uri; analysis: Analysis; ir: ModelIR } | { error: string; diagnostics: Diagnostic[] };

export async function resolveModelTarget(inspector: ModelInspector, given?: string | vscode.Uri): Promise<ModelTarget> {
  const uri = typeof given === 'string' ? vscode.Uri.parse(given) : given ?? vscode.window.activeTextEditor?.document.uri;
  if (!uri) return { error: 'Open a TF.js model.json or Keras model JSON file first, then run "LeNet: Inspect Model Architecture".', diagnostics: [] };
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
      return { error: `Cannot read ${uri.toString(true)}: ${(e as Error).message}`, diagnostics: [] };
    }
    result = analyzeModelDocument(text, 0, inspector.memoryOptions, Infinity);
  }
  const name = uri.path.split('/').pop() ?? uri.toString(true);
  if (!result || result.status === 'not-a-model') return { error: `${name} is not a TF.js layers model (model.json) or a Keras model JSON.`, diagnostics: [] };
  if (result.status === 'too-large') return { error: `${name} is too large to analyse.`, diagnostics: [] };
  const { analysis, ir } = result.model;
  const diagnostics = result.model.diagnostics.map((d) => d.diagnostic);
  if (!analysis || !ir) return { error: `${name} cannot be analysed: ${diagnostics[0]?.message ?? 'unknown reason'}`, diagnostics };
  return { uri, analysis, ir };
}
