// View 3: memory for a batch — controls for batch size, dtype and optimizer, a stacked bar per peak and the
// figures. Recomputed here with core's memory model (pure TypeScript, bundled into the webview) rather than asked
// of the host: the answer follows the controls on every keystroke with no round trip, and it is the very same
// function the CLI and the editor use, so the numbers cannot differ between faces.
import type { DType, MemoryDevice, OptimizerName } from '../../src/core';
import {
  BYTES_PER_ELEMENT, computeMemoryDetail, DTYPES, MAX_BATCH_SEARCHED, maxBatchThatFits, OPTIMIZER_NAMES, OPTIMIZER_STATE, SCALAR_BYTES,
  type MaxBatch, type MemoryDetail, type MemoryLayer, type MemoryOptions,
} from '../../src/core/memory';
import { MAX_BATCH_SIZE, MAX_DEVICE_GIB, type MemoryModelChoice } from '../../src/protocol';
import { DEVICE_CHOICES, FRAMEWORK_CHOICES, frameworkLabel, gibToBytes, memoryOptionsOf } from '../memoryChoice';
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

/**
 * The figure rows (name, value, note) for a breakdown: the framework's figures, each peak's range where a term cannot
 * be predicted, and the ideal-autograd lower bound beside a framework's peaks. Exported for the browser tests' oracle
 * to compare row names against; the values there come from core.
 */
export function memoryFigureRows(d: MemoryDetail): [string, string, string][] {
  const term = (label: RegExp) => d.derivation?.find((t) => t.phase === 'training' && label.test(t.label))?.why;
  const range = (r: MemoryDetail['trainingPeakRange']) => (r && r.highBytes > r.lowBytes ? `; up to ${formatBytes(r.highBytes)}: ${r.why}` : '');
  const ideal = d.framework === undefined || d.framework === 'idealAutograd';
  const rows: [string, string, string][] = [
    ['Parameters', formatBytes(d.parameterBytes), term(/^weights/) ?? 'every weight, trainable or not'],
    ['Gradients', formatBytes(d.gradientBytes), 'one per trainable weight'],
    ['Optimizer state', formatBytes(d.optimizerStateBytes), d.framework === 'pytorch' ? term(/^optimizer state/) ?? '' : optimizerStateNote(d.optimizer)],
    ['Activations (all layer outputs)', formatBytes(d.activationBytes), `sum of every layer's output for ${formatCount(d.batchSize)} samples`],
    ['Kept for backward', formatBytes(d.retainedForBackwardBytes), `activations the gradients need${ideal ? '' : ' (as an ideal autograd keeps them)'}`],
    ['Inference peak', formatBytes(d.inferencePeakBytes), `${d.inferencePeakLayer ? `weights + live tensors, reached at ${d.inferencePeakLayer}` : ''}${range(d.inferencePeakRange)}`],
    ['Training peak', formatBytes(d.trainingPeakBytes), `${d.trainingPeakPhase ? `one training step, reached at ${d.trainingPeakPhase}` : ''}${range(d.trainingPeakRange)}`],
  ];
  if (d.idealAutograd) {
    rows.push(['Ideal autograd peaks', `${formatBytes(d.idealAutograd.inferencePeakBytes)} / ${formatBytes(d.idealAutograd.trainingPeakBytes)}`,
      'inference / training for an autograd that frees as it goes: the lower bound no framework reaches, for teaching']);
  }
  rows.push(['torchinfo\'s estimate', formatBytes(d.torchinfoEstimateBytes), 'inputs + 2 × outputs of layers with weights + weights, for comparison']);
  return rows;
}

export class MemoryView implements View {
  readonly element = h('section', { class: 'view memory', attrs: { 'data-view': 'memory' } });
  private readonly controls = h('div', { class: 'memory-controls' });
  private readonly result = h('div', { class: 'memory-result' });
  private readonly pooling = h('div', { class: 'pooling' });
  private built = false;
  /** Why the batch field's text is not a batch size, or null when it is one. */
  private batchError: string | null = null;
  /** Why the device memory field's text is not a size, or null when it is one. */
  private deviceError: string | null = null;
  /** PyTorch's device: only PyTorch's figures have one (disabled for the other frameworks). */
  private deviceSelect: HTMLElement | null = null;

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
    // the figures for the analysis's own batch and the model's own framework are the editor's.
    const format = model.analysis.model.format;
    const options = memoryOptionsOf(ctx.state, format, model.analysis.memory);
    const layers = model.memoryLayers ?? model.analysis.layers;
    // The device is chosen with PyTorch picked explicitly; under auto it is the editor's (the heading says which).
    this.deviceSelect?.toggleAttribute('disabled', options.framework !== 'pytorch' || ctx.state.memoryModel.framework === 'auto');
    const detail = computeMemoryDetail(layers, options);
    this.result.replaceChildren(...this.figures(detail, options), ...this.maxBatch(layers, options, ctx.state.memoryModel.deviceGiB));
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
    const mm = ctx.state.memoryModel;
    const framework = select<MemoryModelChoice['framework']>('framework', 'Framework', FRAMEWORK_CHOICES, mm.framework,
      (v) => ctx.update({ memoryModel: { ...ctx.state.memoryModel, framework: v } }));
    this.deviceSelect = select<MemoryDevice>('device', 'Device', DEVICE_CHOICES, mm.device,
      (v) => ctx.update({ memoryModel: { ...ctx.state.memoryModel, device: v } }));
    const deviceGiB = h('vscode-textfield', { attrs: { inputmode: 'decimal', value: mm.deviceGiB, 'aria-label': 'Device memory in GiB', id: 'device-gib' } }) as unknown as HTMLInputElement;
    deviceGiB.addEventListener('input', () => {
      const text = deviceGiB.value.trim();
      const v = Number(text);
      this.deviceError = text !== '' && Number.isFinite(v) && v > 0 && v <= MAX_DEVICE_GIB
        ? null : `Device memory must be a number of GiB above 0 and at most ${formatCount(MAX_DEVICE_GIB)} (the field holds "${text}").`;
      if (this.deviceError === null) ctx.update({ memoryModel: { ...ctx.state.memoryModel, deviceGiB: v } });
      else this.render(ctx);
    });
    this.controls.append(
      h('label', { class: 'field' }, h('span', { text: 'Batch size' }), batch),
      h('label', { class: 'field' }, h('span', { text: 'Data type' }), dtype),
      h('label', { class: 'field' }, h('span', { text: 'Optimizer' }), opt),
      h('label', { class: 'field' }, h('span', { text: 'Framework' }), framework),
      h('label', { class: 'field' }, h('span', { text: 'Device (PyTorch)' }), this.deviceSelect),
      h('label', { class: 'field' }, h('span', { text: 'Device memory (GiB)' }), deviceGiB),
    );
    this.element.append(h('h2', { text: 'Memory for one batch' }), this.controls, this.result, this.pooling);
  }

  /** The question users ask (issue #13): the largest batch whose training step, and whose inference, fits the device. */
  private maxBatch(layers: readonly MemoryLayer[], options: MemoryOptions, deviceGiB: number): HTMLElement[] {
    if (this.deviceError !== null) return [h('p', { class: 'error max-batch', attrs: { role: 'alert' }, text: this.deviceError })];
    const fits = maxBatchThatFits(layers, options, gibToBytes(deviceGiB));
    const answer = (m: MaxBatch) => m.batch === null ? 'unknown (an output size is unknown)'
      : m.batch === 0 ? 'not even one sample'
        : `${m.batch >= MAX_BATCH_SEARCHED ? 'at least ' : ''}${formatCount(m.batch)} (peak ${formatBytes(m.peakBytes)})`;
    const label = frameworkLabel(options.framework ?? 'idealAutograd', options.device);
    return [h('div', { class: 'max-batch', attrs: { 'data-testid': 'max-batch' } },
      h('h3', { text: `Largest batch that fits in ${deviceGiB.toLocaleString('en-US', { maximumFractionDigits: 3 })} GiB (${label}, ${options.dtype}, ${OPTIMIZER_LABELS[options.optimizer]})` }),
      h('table', { class: 'kv' },
        h('tr', { attrs: { 'data-fit': 'training' } }, h('th', { text: 'Training' }), h('td', { text: answer(fits.training) })),
        h('tr', { attrs: { 'data-fit': 'inference' } }, h('th', { text: 'Inference' }), h('td', { text: answer(fits.inference) }))),
      h('p', { class: 'caption', text: 'The highest figure of each peak counts (on CUDA: with cuBLAS\'s workspaces). Memory other processes hold, the CUDA context and the framework\'s own reserve are not counted: leave room for them.' }))];
  }

  private figures(d: MemoryDetail, options: MemoryOptions): HTMLElement[] {
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
    const rows = memoryFigureRows(d);
    const table = h('table', { class: 'kv memory-table' }, ...rows.map(([k, v, note]) =>
      h('tr', { attrs: { 'data-figure': k } }, h('th', { text: k }), h('td', { class: 'num', text: v }), h('td', { class: 'note', text: note }))));
    const framework = d.framework ?? 'idealAutograd';
    const heading = h('p', { class: 'memory-framework', attrs: { 'data-framework': framework } },
      h('strong', { text: 'Figures for ' }), frameworkLabel(framework, d.device ?? (framework === 'pytorch' ? options.device : undefined)));
    const assumptions = d.assumptions?.length ? h('ul', { class: 'assumptions' }, ...d.assumptions.map((a) => h('li', { text: a }))) : null;
    // Each term of the framework's peaks with its reason: how the figure is made up.
    const terms = d.derivation?.length ? h('details', { class: 'memory-terms' },
      h('summary', { text: 'How the peaks are made up, term by term' }),
      h('table', { class: 'kv' }, ...d.derivation.map((t) => h('tr', { attrs: { 'data-term': `${t.phase}:${t.label}` } },
        h('th', { text: `${t.phase}: ${t.label}` }), h('td', { class: 'num', text: formatBytes(t.bytes) }), h('td', { class: 'note', text: t.why }))))) : null;
    return [heading, ...(assumptions ? [assumptions] : []), h('div', { class: 'bars' }, ...barEls), legend, table, ...(terms ? [terms] : [])];
  }
}
