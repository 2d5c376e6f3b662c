// View 2: the per-layer table, sortable by any column, with totals — model.summary() with MACs, memory and shares.
import type { View, ViewContext } from '../context';
import { h } from '../dom';
import { formatBytes, formatCount, formatPercent } from '../../src/core/format';
import { layerRows, sortRows, tableTotals, type LayerRow } from '../layerRows';
import { layerCountText } from '../wording';
import type { LayerSortKey } from '../../src/protocol';

interface Column {
  key: LayerSortKey;
  title: string;
  numeric: boolean;
  cell(r: LayerRow): string | HTMLElement;
}

function shareCell(share: number | null): HTMLElement {
  const bar = h('span', { class: 'share-bar' });
  bar.style.width = `${Math.round((share ?? 0) * 100)}%`;
  return h('span', { class: 'share' }, h('span', { class: 'share-track' }, bar), h('span', { class: 'share-text', text: formatPercent(share) }));
}

const FIRST_ROWS = 60;
const CHUNK_ROWS = 250;

export class LayersView implements View {
  readonly element = h('section', { class: 'view layers', attrs: { 'data-view': 'layers' } });
  private generation = 0;

  render(ctx: ViewContext): void {
    const model = ctx.data.model;
    if (!model) {
      this.element.replaceChildren(h('p', { class: 'placeholder', text: 'Waiting for the model…' }));
      return;
    }
    const { batchSize, dtype } = ctx.state.memory;
    // PyTorch modules have buffers (BatchNorm's running statistics): state saved with the model, not parameters.
    const hasBuffers = model.analysis.model.format === 'pytorch';
    const columns: Column[] = [
      { key: 'index', title: '#', numeric: true, cell: (r) => String(r.index) },
      { key: 'name', title: 'Name', numeric: false, cell: (r) => r.name },
      { key: 'className', title: 'Class', numeric: false, cell: (r) => r.className },
      { key: 'output', title: 'Output shape', numeric: false, cell: (r) => r.output },
      { key: 'params', title: 'Params', numeric: true, cell: (r) => formatCount(r.params) },
      { key: 'trainable', title: 'Trainable', numeric: true, cell: (r) => formatCount(r.trainable) },
      { key: 'nonTrainable', title: 'Non-trainable', numeric: true, cell: (r) => formatCount(r.nonTrainable) },
      ...(hasBuffers ? [{ key: 'buffers', title: 'Buffers', numeric: true, cell: (r: LayerRow) => formatCount(r.buffers) } satisfies Column] : []),
      { key: 'macs', title: 'MACs / sample', numeric: true, cell: (r) => formatCount(r.macs) },
      { key: 'memory', title: `Output memory (batch ${formatCount(batchSize)}, ${dtype})`, numeric: true, cell: (r) => formatBytes(r.memory) },
      { key: 'share', title: 'Share of params', numeric: true, cell: (r) => shareCell(r.share) },
    ];
    const rows = layerRows(model.analysis, batchSize, dtype);
    const totals = tableTotals(model.analysis, batchSize, dtype);
    const { key, descending } = ctx.state.sort;
    const sorted = sortRows(rows, key, descending);

    const head = h('tr', {}, ...columns.map((c) => {
      const active = c.key === key;
      const th = h('th', {
        class: `${c.numeric ? 'num' : ''} sortable${active ? ' sorted' : ''}`,
        attrs: { 'aria-sort': active ? (descending ? 'descending' : 'ascending') : 'none', tabindex: 0, 'data-sort': c.key },
        on: {
          click: () => ctx.update({ sort: { key: c.key, descending: active ? !descending : c.numeric && c.key !== 'index' } }),
          keydown: (e) => { if (e.key === 'Enter') (e.target as HTMLElement).click(); },
        },
      }, c.title, active ? h('span', { class: `codicon codicon-arrow-${descending ? 'down' : 'up'}` }) : null);
      return th;
    }));
    // One listener for all rows (a 1,000-layer model has 1,000 rows).
    const body = h('tbody', { on: { click: (e) => {
      const name = (e.target as HTMLElement).closest('tr')?.dataset.layer;
      if (name) ctx.selectLayer(name, true);
    } } });
    const rowOf = (r: LayerRow) => {
      const tr = h('tr', { class: r.name === ctx.state.selectedLayer ? 'selected' : '', attrs: { 'data-layer': r.name } });
      for (const c of columns) tr.append(h('td', { class: c.numeric ? 'num' : '' }, c.cell(r)));
      return tr;
    };
    // The first screenful at once, the rest in chunks after the first paint: a 1,000-row table shows at once
    // instead of after the browser laid out all of it (bench/RESULTS-dashboard.md).
    const generation = ++this.generation;
    body.append(...sorted.slice(0, FIRST_ROWS).map(rowOf));
    const appendRest = (from: number) => {
      if (generation !== this.generation || from >= sorted.length) return;
      body.append(...sorted.slice(from, from + CHUNK_ROWS).map(rowOf));
      setTimeout(() => appendRest(from + CHUNK_ROWS), 0);
    };
    requestAnimationFrame(() => setTimeout(() => appendRest(FIRST_ROWS), 0));
    const foot = h('tr', { class: 'totals' },
      h('td'), h('td', { text: 'Total' }), h('td', { text: layerCountText(model.analysis.layers) }), h('td'),
      h('td', { class: 'num', text: formatCount(totals.params) }),
      h('td', { class: 'num', text: formatCount(totals.trainable) }),
      h('td', { class: 'num', text: formatCount(totals.nonTrainable) }),
      hasBuffers ? h('td', { class: 'num', text: formatCount(totals.buffers) }) : null,
      h('td', { class: 'num', text: formatCount(totals.macs) }),
      h('td', { class: 'num', text: formatBytes(totals.memory) }),
      h('td', { class: 'num', text: totals.params === null ? '?' : '100%' }),
    );
    const table = h('table', { class: 'layer-table' }, h('thead', {}, head), body, h('tfoot', {}, foot));
    this.element.replaceChildren(
      h('p', { class: 'caption', text: `Click a column to sort, a row to select the layer (and reveal it in the editor). MACs are multiply-accumulates of one forward pass for one sample. Output memory uses the batch size and dtype of the Memory tab.${hasBuffers ? ' Buffers (BatchNorm\'s running statistics) are saved with the model but are not parameters.' : ''}` }),
      h('div', { class: 'table-scroll' }, table),
    );
  }
}
