// A PyTorch model's dashboard reads the PyTorch faces' one analysis per document version (the same one hover,
// inlay hints and CodeLens show: static, or the PyTorch engine's exact trace once the user asked for it) and reveals
// a layer at its source span, in the .py file or in the notebook cell that holds it.
import * as vscode from 'vscode';
import { torchMemoryLayers, type Span } from '../../core/formats/pytorch';
import type { ModelDescriptor, ModelErrorMessage, ModelMessage } from '../../protocol';
import { layerSpanOf, pytorchModelMessage, type AnalysedPyTorchModel } from './pytorchModelMessage';

/** What the dashboard needs of the PyTorch faces' analyses (src/extension/pytorch/faces/pytorchAnalyses.ts). */
export interface PyTorchModels {
  /** The model's analysis at the open document's current version; undefined when it is no PyTorch source. */
  analysisOf(target: vscode.Uri, entry?: string): AnalysedPyTorchModel | undefined;
  /** A span of the analysed text → where it is in the editor (the .py file, or the notebook cell). */
  locationOf(target: vscode.Uri, span: Span): vscode.Location | undefined;
  /** A model document's current version was analysed (edit, settings, input shape, exact trace). */
  readonly onDidChange: vscode.Event<vscode.Uri>;
}

export type PyTorchTarget = { uri: vscode.Uri; entry: string | null };

/** Opens the .py file or notebook (unsaved edits included), so the faces analyse what the editor shows. */
async function openModelDocument(uri: vscode.Uri): Promise<void> {
  if (/\.ipynb$/i.test(uri.path)) await vscode.workspace.openNotebookDocument(uri);
  else await vscode.workspace.openTextDocument(uri);
}

/** The model message for a PyTorch target, with the version it is of (undefined for a message about an error). */
export async function pytorchModelFor(
  models: PyTorchModels | undefined, target: PyTorchTarget, descriptor: ModelDescriptor,
): Promise<{ message: ModelMessage | ModelErrorMessage; version?: number }> {
  const error = (message: string): { message: ModelErrorMessage } => ({ message: { type: 'modelError', model: descriptor, message, diagnostics: [] } });
  if (!models) return error('PyTorch models cannot be shown: the PyTorch analysis is not available in this window.');
  try {
    await openModelDocument(target.uri);
  } catch (e) {
    return error(`Cannot read ${target.uri.toString(true)}: ${(e as Error).message}`);
  }
  const model = models.analysisOf(target.uri, target.entry ?? undefined);
  if (!model) return error(`${descriptor.title}: no PyTorch model could be analysed in this file (is it Python code with an nn.Module?).`);
  return { message: pytorchModelMessage(descriptor, model, torchMemoryLayers(model.trace)), version: model.version };
}

/** Shows a layer's source span (its construction, else its call) beside the dashboard. */
export async function revealPyTorchLayer(
  models: PyTorchModels | undefined, target: PyTorchTarget, layerName: string, dashboardColumn: vscode.ViewColumn | undefined,
): Promise<{ ok: boolean; message?: string }> {
  if (!models) return { ok: false, message: 'The PyTorch analysis is not available in this window.' };
  try {
    await openModelDocument(target.uri);
    const model = models.analysisOf(target.uri, target.entry ?? undefined);
    const span = model && layerSpanOf(model.trace, layerName);
    const location = span && models.locationOf(target.uri, span);
    if (!location) return { ok: false, message: `${layerName} is no longer in the model (edited since?).` };
    const document = await vscode.workspace.openTextDocument(location.uri);
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === location.uri.toString());
    const editor = await vscode.window.showTextDocument(document, {
      viewColumn: visible?.viewColumn ?? (dashboardColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One),
      preserveFocus: true,
      selection: location.range,
    });
    editor.revealRange(location.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    editor.selection = new vscode.Selection(location.range.start, location.range.end);
    return { ok: true };
  } catch (e) {
    return { ok: false, message: `Cannot open ${target.uri.toString(true)}: ${(e as Error).message}` };
  }
}
