// Which model a command acts on: a URI it was given (hover link, CodeLens, explorer) or the active editor's document.
// Files that are not open are read through vscode.workspace.fs, so virtual and remote file systems work.
import * as vscode from 'vscode';
import type { Analysis, Diagnostic, ModelIR } from '../../core';
import { INSPECT_MODEL_TITLE } from '../commandIds';
import type { DashboardAnswer } from './analysisWorkerClient';
import type { ModelInspector } from './inspector';

export type ModelTarget = { uri: vscode.Uri; analysis: Analysis; ir: ModelIR } | { error: string; diagnostics: Diagnostic[] };

export async function resolveModelTarget(inspector: ModelInspector, given?: string | vscode.Uri): Promise<ModelTarget> {
  const uri = typeof given === 'string' ? vscode.Uri.parse(given) : given ?? vscode.window.activeTextEditor?.document.uri;
  if (!uri) return { error: `Open a TF.js model.json or Keras model JSON file first, then run "${INSPECT_MODEL_TITLE}".`, diagnostics: [] };
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  let result: DashboardAnswer | undefined;
  try {
    if (open) {
      // The same analysis hover and diagnostics use; undefined when an edit superseded it: then the newer version's.
      for (let tries = 0; result === undefined && tries < 5; tries++) result = await inspector.dashboardModel(open);
      if (result === undefined && (open.languageId === 'json' || open.languageId === 'jsonc')) {
        return { error: `${uri.toString(true)} kept changing while it was analysed: run the command again.`, diagnostics: [] };
      }
      // A file too large for analysis while typing is analysed on this explicit request.
      if (result?.status === 'too-large') result = await inspector.analyzeForDashboard(open.getText());
    } else {
      let text: string;
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch (e) {
        return { error: `Cannot read ${uri.toString(true)}: ${(e as Error).message}`, diagnostics: [] };
      }
      result = await inspector.analyzeForDashboard(text);
    }
  } catch (e) {
    return { error: `Cannot analyse ${uri.toString(true)}: ${(e as Error).message}`, diagnostics: [] };
  }
  const name = uri.path.split('/').pop() ?? uri.toString(true);
  if (!result || result.status === 'not-a-model') return { error: `${name} is not a TF.js layers model (model.json) or a Keras model JSON.`, diagnostics: [] };
  if (result.status === 'too-large') return { error: `${name} is too large to analyse.`, diagnostics: [] };
  const { analysis, ir, diagnostics } = result;
  if (!analysis || !ir) return { error: `${name} cannot be analysed: ${diagnostics[0]?.message ?? 'unknown reason'}`, diagnostics };
  return { uri, analysis, ir };
}
