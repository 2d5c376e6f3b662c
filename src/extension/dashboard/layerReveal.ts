// "Show in editor" from the dashboard: opens the model file beside the dashboard and selects the layer's JSON object.
import * as vscode from 'vscode';
import { parseJsonTree, rangeOfPath } from '../../core/formats/tfjs';

export type RevealOutcome = { ok: boolean; message?: string };

/** Shows the JSON object at `path` of `uri` in an editor (the file's visible editor, else the column away from the dashboard). */
export async function revealLayerInEditor(uri: vscode.Uri, path: (string | number)[], dashboardColumn: vscode.ViewColumn | undefined): Promise<RevealOutcome> {
  try {
    const doc = await vscode.workspace.openTextDocument(uri);
    const { root } = parseJsonTree(doc.getText());
    const range = root ? rangeOfPath(root, path) : undefined;
    if (!range) return { ok: false, message: 'The layer is no longer at the same place in the file (edited since?).' };
    const start = doc.positionAt(range.offset);
    const selection = new vscode.Range(start, doc.positionAt(range.offset + range.length));
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    const editor = await vscode.window.showTextDocument(doc, {
      viewColumn: visible?.viewColumn ?? (dashboardColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One),
      preserveFocus: true,
      selection: new vscode.Range(start, start),
    });
    editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    editor.selection = new vscode.Selection(selection.start, selection.end);
    return { ok: true };
  } catch (e) {
    return { ok: false, message: `Cannot open ${uri.toString(true)}: ${(e as Error).message}` };
  }
}
