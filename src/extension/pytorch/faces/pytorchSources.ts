// Which open documents are PyTorch sources and what text is analysed for each: a .py file's own text, or a notebook's
// code cells joined in order (a cell's document resolves to its notebook). The vscode side of cellSpans.ts.
import * as vscode from 'vscode';
import { joinNotebookCells } from '../../../core/formats/pytorch';
import type { CellPlacement } from './cellSpans';

export const NOTEBOOK_CELL_SCHEME = 'vscode-notebook-cell';

/** What the analysis reads: the model document's text and, for a notebook, where each code cell is in it. */
export interface SourceText {
  /** The .py file or the notebook. */
  readonly uri: vscode.Uri;
  readonly text: string;
  /** Each code cell's document and place in `text`, in order; empty for a .py file. */
  readonly cells: readonly (CellPlacement & { readonly document: vscode.TextDocument })[];
  readonly notebook?: vscode.NotebookDocument;
}

export function isPythonFile(document: vscode.TextDocument): boolean {
  return document.languageId === 'python' && document.uri.scheme !== NOTEBOOK_CELL_SCHEME && document.uri.scheme !== 'git';
}

/** The notebook a cell document belongs to (open notebooks only). */
export function notebookOfCell(document: vscode.TextDocument): vscode.NotebookDocument | undefined {
  if (document.uri.scheme !== NOTEBOOK_CELL_SCHEME) return undefined;
  return vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document === document));
}

/** A notebook whose cells are Python (Jupyter's, and any other whose code cells are python). */
export function isPythonNotebook(notebook: vscode.NotebookDocument): boolean {
  return notebook.getCells().some((c) => c.kind === vscode.NotebookCellKind.Code && c.document.languageId === 'python');
}

/** The model document (a .py or a notebook) a document, notebook or uri stands for; undefined when none. */
export function modelDocumentOf(target: vscode.TextDocument | vscode.NotebookDocument | vscode.Uri): vscode.TextDocument | vscode.NotebookDocument | undefined {
  if (target instanceof vscode.Uri) {
    const key = target.toString();
    const notebook = vscode.workspace.notebookDocuments.find((nb) => nb.uri.toString() === key
      || (target.scheme === NOTEBOOK_CELL_SCHEME && nb.getCells().some((c) => c.document.uri.toString() === key)));
    if (notebook) return isPythonNotebook(notebook) ? notebook : undefined;
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    return document && isPythonFile(document) ? document : undefined;
  }
  if ('getCells' in target) return isPythonNotebook(target) ? target : undefined;
  if (target.uri.scheme === NOTEBOOK_CELL_SCHEME) {
    const notebook = notebookOfCell(target);
    return notebook && isPythonNotebook(notebook) ? notebook : undefined;
  }
  return isPythonFile(target) ? target : undefined;
}

export function sourceTextOf(model: vscode.TextDocument | vscode.NotebookDocument): SourceText {
  if (!('getCells' in model)) return { uri: model.uri, text: model.getText(), cells: [] };
  const cells = model.getCells();
  const joined = joinNotebookCells(cells.map((c) => ({
    text: c.document.getText(),
    language: c.kind === vscode.NotebookCellKind.Code ? c.document.languageId : 'markdown',
  })));
  const placements: SourceText['cells'][number][] = [];
  joined.cellStarts.forEach((start, i) => {
    if (start !== null) placements.push({ start, length: cells[i].document.getText().length, document: cells[i].document });
  });
  return { uri: model.uri, text: joined.text, cells: placements, notebook: model };
}
