// View 3: memory for a batch — controls for batch size, dtype and optimizer, a stacked bar per peak and the
// figures. Recomputed here with core's memory model (pure TypeScript, bundled into the webview) rather than asked
// of the host: the answer follows the controls on every keystroke with no round trip, and it is the very same
// function the CLI and the editor use, so the numbers cannot differ between faces.
import type { DType, OptimizerName } from '../../src/core';
import {
  BYTES_PER_ELEMENT, computeMemoryDetail, DTYPES, type MemoryDetail, OPTIMIZER_NAMES, OPTIMIZER_STATE, SCALAR_BYTES,
} from '../../src/core/memory';
import { MAX_BATCH_SIZE } from '../../src/protocol';
import type { View, ViewContext } from '../context';
import { h } from '../dom';
import { formatBytes, formatCount } from '../../src/core/format';
import { memoryBars } from '../memoryBars';
import { poolingSection } from './poolingExample';

/** How the optimizers are written for people; the names themselves, and their order, are core's (OPTIMIZER_NAMES). */
const OPTIMIZER_LABELS: Readonly<Record<OptimizerName, string>> = {
  sgd: 'SGD', momentum: 'SGD + momentum', rmsprop: 'RMSprop', adam: 'Adam', adamax: 'Adamax', adagrad: 'Adagrad', adadelta: 'Adadelta',
};
const OPTIMIZERS = OPTIMIZER_NAMES.map((value) => ({ value, label: OPTIMIZER_LABELS[value] }));
const DTYPE_CHOICES = DTYPES.map((value) => ({ value, label: `${value} (${BYTES_PER_ELEMENT[value]} bytes)` }));

/** What the optimizer-state figure is made of, in TF.js's own terms (so SGD's lone "4 B" is explained, not a mystery). */
export function optimizerStateNote(optimizer: OptimizerName): string {
  const rule = OPTIMIZER_STATE[optimizer];
  const name = OPTIMIZER_LABELS[optimizer];
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const slots = rule.slotsPerParameter === 0 ? 'no per-weight slots' : `${plural(rule.slotsPerParameter, 'slot')} the size of each trainable weight`;
  const scalars = rule.scalarTensors === 0 ? '' : `, plus ${plural(rule.scalarTensors, 'float32 scalar')} (${rule.scalarTensors * SCALAR_BYTES} B) it keeps for its whole life`;
  return `${name}: ${slots}${scalars} — ${rule.source}`;
}

export class MemoryView implements View {
  readonly element = h('section', { class: 'view memory', attrs: { 'data-view': 'memory' } });
  private readonly controls = h('div', { class: 'memory-controls' });
  private readonly result = h('div', { class: 'memory-result' });
  private readonly pooling = h('div', { class: 'pooling' });
  private built = false;
  /** Why the batch field's text is not a batch size, or null when it is one. */
  private batchError: string | null = null;

  render(ctx: ViewContext): void {
    if (!this.built) this.build(ctx);
    const model = ctx.data.model;
    if (!model) {
      this.result.replaceChildren(h('p', { class: 'placeholder', text: 'Waiting for the model…' }));
      return;
    }
    // A batch field that does not hold a usable number gets the reason, not the figures of the last good one.
    if (this.batchError !== null) {
      this.result.replaceChildren(h('p', { class: 'error', attrs: { role: 'alert' }, text: this.batchError }));
      return;
    }
    // The walk the host's analysis made (a PyTorch model's: one entry per call) and its layer catalogue's semantics, so
    // the figures for the analysis's own batch are the editor's.
    const semantics = model.analysis.model.format === 'pytorch' ? 'pytorch' : undefined;
    const detail = computeMemoryDetail(model.memoryLayers ?? model.analysis.layers, { ...ctx.state.memory, ...(semantics ? { semantics } : {}) });
    this.result.replaceChildren(...this.figures(detail));
    if (this.pooling.childElementCount === 0) this.pooling.append(poolingSection(ctx.state.memory));
  }

  private build(ctx: ViewContext): void {
    this.built = true;
    const m = ctx.state.memory;
    // A text field: it keeps what was typed ("0", "2.5", "") so the view can say why it is not a batch size.
    const batch = h('vscode-textfield', { attrs: { inputmode: 'numeric', value: m.batchSize, 'aria-label': 'Batch size', id: 'batch-size' } }) as unknown as HTMLInputElement;
    batch.addEventListener('input', () => {
      const text = batch.value.trim();
      const v = Number(text);
      this.batchError = text !== '' && Number.isInteger(v) && v >= 1 && v <= MAX_BATCH_SIZE
        ? null : `Batch size must be a whole number from 1 to ${formatCount(MAX_BATCH_SIZE)} (the field holds "${text}").`;
      if (this.batchError === null) ctx.update({ memory: { ...ctx.state.memory, batchSize: v } });
      else this.render(ctx);
    });
    const select = <T extends string>(id: string, label: string, options: { value: T; label: string }[], current: T, apply: (v: T) => void) => {
      const el = h('vscode-single-select', { attrs: { id, 'aria-label': label } },
        ...options.map((o) => h('vscode-option', { attrs: { value: o.value, selected: o.value === current }, text: o.label })));
      el.addEventListener('change', () => apply((el as unknown as { value: T }).value));
      return el;
    };
    // Each handler spreads the memory choices as they are now (ctx.state is live), so one control never undoes another.
    const dtype = select<DType>('dtype', 'Data type', DTYPE_CHOICES, m.dtype,
      (v) => ctx.update({ memory: { ...ctx.state.memory, dtype: v } }));
    const opt = select<OptimizerName>('optimizer', 'Optimizer', OPTIMIZERS, m.optimizer, (v) => ctx.update({ memory: { ...ctx.state.memory, optimizer: v } }));
    this.controls.append(
      h('label', { class: 'field' }, h('span', { text: 'Batch size' }), batch),
      h('label', { class: 'field' }, h('span', { text: 'Data type' }), dtype),
      h('label', { class: 'field' }, h('span', { text: 'Optimizer' }), opt),
    );
    this.element.append(h('h2', { text: 'Memory for one batch' }), this.controls, this.result, this.pooling);
  }

  private figures(d: MemoryDetail): HTMLElement[] {
    if (d.unknownLayers.length > 0) {
      return [h('p', { class: 'warning', text: `Activation memory is unknown because of ${d.unknownLayers.slice(0, 5).join(', ')}${d.unknownLayers.length > 5 ? ' …' : ''}: an output size that could not be inferred (see the diagnostics), a nested model called on inputs of different shapes, or a shared layer called again after layers its first call feeds (the memory walk cannot order those calls yet). Parameters: ${formatBytes(d.parameterBytes)}.` })];
    }
    const bars = memoryBars(d);
    const max = Math.max(...bars.map((b) => b.total), 1);
    const barEls = bars.map((b) => {
      const track = h('div', { class: 'stack', attrs: { role: 'img', 'aria-label': `${b.label}: ${formatBytes(b.total)}` } });
      for (const seg of b.segments) {
        if (seg.bytes <= 0) continue;
        const el = h('div', { class: `seg seg-${seg.id}`, title: `${seg.label}: ${formatBytes(seg.bytes)}` });
        el.style.width = `${(seg.bytes / max) * 100}%`;
        track.append(el);
      }
      return h('div', { class: 'bar-row' }, h('div', { class: 'bar-label', text: b.label }), track, h('div', { class: 'bar-total', text: formatBytes(b.total) }));
    });
    const legend = h('div', { class: 'legend' }, ...(['parameters', 'gradients', 'optimizer', 'activations'] as const).map((id) =>
      h('span', { class: 'legend-item' }, h('span', { class: `swatch seg-${id}` }), { parameters: 'Parameters', gradients: 'Gradients', optimizer: 'Optimizer state', activations: 'Activations' }[id])));
    const rows: [string, string, string][] = [
      ['Parameters', formatBytes(d.parameterBytes), 'every weight, trainable or not'],
      ['Gradients', formatBytes(d.gradientBytes), 'one per trainable weight'],
      ['Optimizer state', formatBytes(d.optimizerStateBytes), optimizerStateNote(d.optimizer)],
      ['Activations (all layer outputs)', formatBytes(d.activationBytes), `sum of every layer's output for ${formatCount(d.batchSize)} samples`],
      ['Kept for backward', formatBytes(d.retainedForBackwardBytes), 'activations the gradients need'],
      ['Inference peak', formatBytes(d.inferencePeakBytes), d.inferencePeakLayer ? `weights + live outputs, reached at ${d.inferencePeakLayer}` : ''],
      ['Training peak', formatBytes(d.trainingPeakBytes), d.trainingPeakPhase ? `one training step, reached at ${d.trainingPeakPhase}` : ''],
      ['torchinfo\'s estimate', formatBytes(d.torchinfoEstimateBytes), 'inputs + 2 × outputs of layers with weights + weights, for comparison'],
    ];
    const table = h('table', { class: 'kv memory-table' }, ...rows.map(([k, v, note]) =>
      h('tr', { attrs: { 'data-figure': k } }, h('th', { text: k }), h('td', { class: 'num', text: v }), h('td', { class: 'note', text: note }))));
    return [h('div', { class: 'bars' }, ...barEls), legend, table];
  }
}
