// A PyTorch source for `cnn-explorer inspect`: a .py file's text, or a notebook's code cells joined in order (the
// way running them top to bottom executes them), with where each cell is so messages can say "cell 5, line 3".
import { joinNotebookCells, type NotebookCellText } from '../core/formats/pytorch';

export interface CliPyTorchSource {
  readonly text: string;
  /** For a notebook: each code cell's index in the notebook and place in `text`. */
  readonly cells?: readonly { readonly index: number; readonly start: number; readonly length: number }[];
}

interface IpynbCell {
  cell_type?: unknown;
  source?: unknown;
}

/** The notebook's code cells in order, in the kernel's language (Python unless the metadata says otherwise). */
export function readNotebook(json: string): CliPyTorchSource | { error: string } {
  let nb: { cells?: unknown; metadata?: { kernelspec?: { language?: unknown }; language_info?: { name?: unknown } } };
  try {
    nb = JSON.parse(json.replace(/^\ufeff/, '')) as typeof nb;
  } catch (e) {
    return { error: `not a Jupyter notebook (malformed JSON: ${(e as Error).message})` };
  }
  if (typeof nb !== 'object' || nb === null || !Array.isArray(nb.cells)) return { error: 'not a Jupyter notebook (no "cells" list)' };
  const kernelLanguage = nb.metadata?.kernelspec?.language ?? nb.metadata?.language_info?.name ?? 'python';
  const cells: NotebookCellText[] = (nb.cells as IpynbCell[]).map((c) => {
    const text = Array.isArray(c.source) ? c.source.filter((s) => typeof s === 'string').join('') : typeof c.source === 'string' ? c.source : '';
    return { text, language: c.cell_type === 'code' && typeof kernelLanguage === 'string' ? kernelLanguage.toLowerCase() : String(c.cell_type) };
  });
  const joined = joinNotebookCells(cells);
  const placed = joined.cellStarts.flatMap((start, index) => (start === null ? [] : [{ index, start, length: cells[index].text.length }]));
  return { text: joined.text, cells: placed };
}

/** The 1-based line and column of an offset, in the .py file or in its notebook cell (numbered from 1, all cells counted). */
export function positionOf(source: CliPyTorchSource, offset: number): { line: number; column: number; cell?: number } {
  let text = source.text;
  let base = 0;
  let cellNumber: number | undefined;
  const cell = source.cells && [...source.cells].reverse().find((c) => c.start <= offset);
  if (cell) {
    text = source.text.slice(cell.start, cell.start + cell.length);
    base = cell.start;
    cellNumber = cell.index + 1;
  }
  const before = text.slice(0, Math.max(0, offset - base));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return { ...(cellNumber !== undefined ? { cell: cellNumber } : {}), line, column };
}

/** `line 24, column 9`; in a notebook `cell 5, line 3, column 9` (as editors count). */
export function describeOffset(source: CliPyTorchSource, offset: number): string {
  const p = positionOf(source, offset);
  return `${p.cell !== undefined ? `cell ${p.cell}, ` : ''}line ${p.line}, column ${p.column}`;
}
