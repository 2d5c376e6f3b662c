// A notebook's code cells as one Python text, the way running them top to bottom executes them (and the way the
// oracle, scripts/oracle/pytorch_shapes.py, joins them): cells joined by one '\n', markdown and raw cells skipped.
// IPython-only lines are blanked to spaces of the same length, so every offset and line of a cell stays where it is
// in the joined text and spans map back to the cell by subtraction.

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

// Cell magics whose body is not Python (or is not run): the whole cell is blanked.
const NON_PYTHON_CELL_MAGIC = /^%%(?:bash|sh|script|html|javascript|js|latex|markdown|svg|perl|ruby|writefile|file|sql)\b/;
// A line magic or shell escape (`%matplotlib inline`, `!pip install torch`, `%%time` on a cell of Python).
const IPYTHON_LINE = /^[ \t]*[%!]/;

/** Joins code cells in order; IPython magics (`%…`, `!…`) are blanked to spaces so offsets and lines still match. */
export function joinNotebookCells(cells: readonly NotebookCellText[]): JoinedNotebook {
  const parts: string[] = [];
  const cellStarts: (number | null)[] = [];
  let offset = 0;
  for (const cell of cells) {
    if (cell.language !== 'python') {
      cellStarts.push(null);
      continue;
    }
    if (parts.length > 0) offset += 1; // the '\n' that separates it from the previous code cell
    cellStarts.push(offset);
    const text = blankIPython(cell.text);
    parts.push(text);
    offset += text.length;
  }
  return { text: parts.join('\n'), cellStarts };
}

function blankIPython(text: string): string {
  if (NON_PYTHON_CELL_MAGIC.test(text.trimStart())) return text.replace(/[^\r\n]/g, ' ');
  // Split keeping the line ends so '\r\n' cells keep their length.
  return text.split(/(?<=\n)/).map((line) => (IPYTHON_LINE.test(line) ? line.replace(/[^\r\n]/g, ' ') : line)).join('');
}
