// joinNotebookCells: the code cells of a notebook as the one script the oracle runs (its `notebook_as_script`), so
// the static engine sees the same lines PyTorch ran and every offset maps back to its cell.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { joinNotebookCells, type NotebookCellText } from '../../../../src/core/formats/pytorch';

const corpus = join(__dirname, '..', '..', '..', 'fixtures', 'pytorch-corpus');

interface IpynbCell { cell_type: string; source: string | string[] }

function readNotebook(name: string): NotebookCellText[] {
  const nb = JSON.parse(readFileSync(join(corpus, name), 'utf8')) as { cells: IpynbCell[] };
  return nb.cells.map((c) => ({
    text: Array.isArray(c.source) ? c.source.join('') : c.source,
    language: c.cell_type === 'code' ? 'python' : c.cell_type,
  }));
}

const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

describe('joinNotebookCells', () => {
  it('the corpus notebook: each code cell starts on the line the oracle recorded, markdown cells are null', () => {
    const cells = readNotebook('notebook_exercise20.ipynb');
    const joined = joinNotebookCells(cells);
    const expected = JSON.parse(readFileSync(join(corpus, 'expected', 'notebook_exercise20.ipynb.json'), 'utf8')) as {
      notebookCells: { cell: number; firstLine: number }[];
    };
    const starts = joined.cellStarts.flatMap((start, cell) => (start === null ? [] : [{ cell, firstLine: lineOf(joined.text, start) }]));
    assert.deepEqual(starts, expected.notebookCells);
    assert.deepEqual(joined.cellStarts.map((s) => s === null), cells.map((c) => c.language !== 'python'));
  });

  it('every code cell reappears at its start offset, character for character except blanked magics', () => {
    const cells = readNotebook('notebook_exercise20.ipynb');
    const joined = joinNotebookCells(cells);
    cells.forEach((cell, i) => {
      const start = joined.cellStarts[i];
      if (start === null || start === undefined) return;
      const slice = joined.text.slice(start, start + cell.text.length);
      assert.equal(slice.length, cell.text.length);
      const expectedText = cell.text.replace(/^%matplotlib inline$/m, ' '.repeat('%matplotlib inline'.length));
      assert.equal(slice, expectedText);
    });
    assert.ok(!joined.text.includes('%'), 'the %matplotlib magic is blanked');
  });

  it('cells are separated by one newline; offsets are exact for hand-built cells', () => {
    const joined = joinNotebookCells([
      { text: 'import torch', language: 'python' },
      { text: '# notes', language: 'markdown' },
      { text: 'x = 1\n', language: 'python' },
      { text: 'y = 2', language: 'python' },
    ]);
    assert.equal(joined.text, 'import torch\nx = 1\n\ny = 2');
    assert.deepEqual(joined.cellStarts, [0, null, 13, 20]);
    assert.equal(joined.text.slice(20, 25), 'y = 2');
  });

  it('blanks line magics and shell escapes with spaces of the same length, keeping CRLF', () => {
    const joined = joinNotebookCells([{ text: '  !pip install torch\r\nimport torch\r\n%time x = 1', language: 'python' }]);
    assert.equal(joined.text, ' '.repeat(20) + '\r\nimport torch\r\n' + ' '.repeat(11));
  });

  it('blanks a whole cell whose cell magic is not Python (%%bash), keeps a %%time cell\'s Python', () => {
    const joined = joinNotebookCells([
      { text: '%%bash\nls -l', language: 'python' },
      { text: '%%time\nz = 3', language: 'python' },
    ]);
    assert.equal(joined.text, '      \n     \n      \nz = 3');
  });

  it('no code cells: empty text', () => {
    assert.deepEqual(joinNotebookCells([{ text: '# hi', language: 'markdown' }]), { text: '', cellStarts: [null] });
  });
});
