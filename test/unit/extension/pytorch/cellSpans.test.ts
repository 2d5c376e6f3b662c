// Spans of a notebook's joined code cells ↔ spans of one cell, on the joined text of real cells: the text a span
// covers in the joined text is the text it covers in its cell.
import { strict as assert } from 'node:assert';
import { joinNotebookCells } from '../../../../src/core/formats/pytorch';
import { cellIndexAt, spanInCell, spanInJoined, type CellPlacement } from '../../../../src/extension/pytorch/faces/cellSpans';

const cells = [
  { text: '%matplotlib inline\nimport torch\nfrom torch import nn\n', language: 'python' },
  { text: 'Some *markdown*', language: 'markdown' },
  { text: 'class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(4, 2)\n', language: 'python' },
  { text: 'model = Net()', language: 'python' },
];
const joined = joinNotebookCells(cells);
const placements: CellPlacement[] = [];
const cellOfPlacement: number[] = [];
joined.cellStarts.forEach((start, i) => {
  if (start === null) return;
  placements.push({ start, length: cells[i].text.length });
  cellOfPlacement.push(i);
});

describe('cellSpans', () => {
  it('maps a span of the joined text to the same text in its cell, and back', () => {
    for (const needle of ['nn.Linear(4, 2)', 'Net()', 'import torch']) {
      const from = joined.text.indexOf(needle);
      const mapped = spanInCell(placements, { from, to: from + needle.length });
      assert.ok(mapped, needle);
      const cellText = cells[cellOfPlacement[mapped.cell]].text;
      assert.equal(cellText.slice(mapped.span.from, mapped.span.to), needle);
      assert.deepEqual(spanInJoined(placements, mapped.cell, mapped.span), { from, to: from + needle.length });
    }
  });

  it('a cell\'s end offset belongs to it; a span running past the cell is clipped to the cell', () => {
    const second = placements[1];
    assert.equal(cellIndexAt(placements, second.start + second.length), 1);
    const mapped = spanInCell(placements, { from: second.start + second.length - 3, to: joined.text.length });
    assert.deepEqual(mapped, { cell: 1, span: { from: second.length - 3, to: second.length } });
  });

  it('offsets outside every cell map to nothing', () => {
    assert.equal(cellIndexAt(placements, -1), undefined);
    assert.equal(cellIndexAt(placements, joined.text.length + 1), undefined);
    assert.equal(cellIndexAt([], 0), undefined);
  });
});
