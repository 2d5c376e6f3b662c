// Offsets in a notebook's joined code cells (joinNotebookCells) ↔ offsets in one cell. A cell keeps its length in the
// joined text (magics are blanked, not removed), so the mapping is a subtraction. Pure.
import type { Span } from '../../../core/formats/pytorch';

/** Where one code cell sits in the joined text. */
export interface CellPlacement {
  readonly start: number;
  readonly length: number;
}

/** The cell (index into `cells`) holding `offset`, its end included; undefined between cells or out of range. */
export function cellIndexAt(cells: readonly CellPlacement[], offset: number): number | undefined {
  let lo = 0;
  let hi = cells.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = cells[mid];
    if (offset < c.start) hi = mid - 1;
    else if (offset > c.start + c.length) lo = mid + 1;
    else return mid;
  }
  return undefined;
}

/**
 * A span of the joined text as a span of the cell it starts in (clipped to that cell's end: a span cannot cross a
 * cell boundary in the editor); undefined when it starts between cells.
 */
export function spanInCell(cells: readonly CellPlacement[], span: Span): { cell: number; span: Span } | undefined {
  const cell = cellIndexAt(cells, span.from);
  if (cell === undefined) return undefined;
  const { start, length } = cells[cell];
  return { cell, span: { from: span.from - start, to: Math.min(span.to, start + length) - start } };
}

/** A span of one cell in the joined text. */
export function spanInJoined(cells: readonly CellPlacement[], cell: number, span: Span): Span {
  const { start } = cells[cell];
  return { from: start + span.from, to: start + span.to };
}
