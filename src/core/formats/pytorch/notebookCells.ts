// PLACEHOLDER until its owner writes it: the signature is the contract.

export interface NotebookCellText {
  /** The cell's source text. */
  readonly text: string;
  /** `python` for code cells; anything else (markdown, raw) is skipped. */
  readonly language: string;
}

/** A notebook's code cells joined in order, as one Python text, with where each cell starts in it. */
export interface JoinedNotebook {
  readonly text: string;
  /** For each input cell: its start offset in `text`, or null for a skipped (non-code) cell. */
  readonly cellStarts: readonly (number | null)[];
}

/** Joins code cells in order; IPython magics (`%…`, `!…`) are blanked to spaces so offsets and lines still match. */
export function joinNotebookCells(_cells: readonly NotebookCellText[]): JoinedNotebook {
  throw new Error('not yet written');
}
