// View 4: training. Live loss (every logged batch) and validation loss/accuracy (each epoch), throughput, ETA and
// backend; at the end test accuracy, the confusion matrix, per-class accuracy and misclassified test images.
// Earlier runs (from .lenet/runs/*/metrics.json, sent by the host) can be overlaid.
import type { TrainingDone, TrainingMessage } from '../../src/protocol';
import { accuracyData, accuracyRange, decodePixels, epochRange, lossData } from '../chartData';
import { testImageOfCell, type CellEvidence } from '../confusionCellImage';
import type { View, ViewContext } from '../context';
import { h, icon, present } from '../dom';
import { exploreChoiceOpening } from '../openTestImage';
import { plural } from '../wording';
import { formatCount, formatDuration, formatLoss, formatPercent, formatRate } from '../../src/core/format';
import { runProgress, type LiveRun } from '../state';
import { pixelCanvas } from '../explore/pixelCanvas';
import { Chart } from './chart';

const STATUS_TEXT: Record<LiveRun['status'], string> = { running: 'Training…', done: 'Done', stopped: 'Stopped', error: 'Failed' };

export class TrainingView implements View {
  readonly element = h('section', { class: 'view training', attrs: { 'data-view': 'training' } });
  private readonly header = h('div', { class: 'run-header' });
  private readonly progress = h('div', { class: 'progress-fill' });
  private readonly stats = h('div', { class: 'run-stats' });
  private readonly lossChart = new Chart({ xLabel: 'Training samples seen', yLabel: 'Loss' });
  private readonly accChart = new Chart({
    className: 'chart-accuracy', xLabel: 'Epoch', yLabel: 'Validation accuracy', yFormat: (v) => `${Math.round(v * 100)}%`, xIncrs: [1, 2, 5, 10, 20, 50],
    yRange: accuracyRange, xRange: epochRange,
  });
  private readonly overlays = h('div', { class: 'overlays' });
  private readonly results = h('div', { class: 'results' });
  private readonly log = h('pre', { class: 'log' });
  private ctx: ViewContext | null = null;
  private renderedDone: TrainingDone | null = null;
  private renderedLabels: Uint8Array | null = null;
  private renderedRuns: unknown = null;

  constructor() {
    this.element.append(
      this.header,
      h('div', { class: 'progress-track' }, this.progress),
      this.stats,
      h('div', { class: 'charts' },
        h('figure', {}, h('figcaption', { text: 'Loss' }), this.lossChart.element),
        h('figure', {}, h('figcaption', { text: 'Validation accuracy' }), this.accChart.element)),
      h('details', { class: 'overlay-box' }, h('summary', { text: 'Overlay earlier runs' }), this.overlays),
      this.results,
      h('details', { class: 'log-box' }, h('summary', { text: 'Log' }), this.log),
    );
  }

  render(ctx: ViewContext): void {
    this.ctx = ctx;
    this.renderHeader(ctx);
    this.renderStats(ctx.data.run);
    this.renderCharts(ctx);
    if (this.renderedRuns !== ctx.data.runs) this.renderOverlays(ctx);
    const done = ctx.data.run?.done ?? null;
    // Without done.labels (an older run's replay), the Explore tab's test set makes more cells openable: redraw then.
    if (done !== this.renderedDone || (done && testLabelsOf(ctx, done) !== this.renderedLabels)) this.renderResults(ctx, done);
    this.log.textContent = (ctx.data.run?.log ?? []).join('\n');
  }

  /**
   * The fast path for one live message: touches only what the message changes (stats and chart data), so a
   * progress message costs one uPlot setData, not a re-render of the view.
   */
  onTrainingMessage(ctx: ViewContext, m: TrainingMessage): void {
    this.ctx = ctx;
    if (m.type === 'batch') {
      // A batch changes only the loss chart; the accuracy chart waits for the epoch.
      this.renderStats(ctx.data.run);
      this.lossChart.update(lossData(ctx.data.run, this.overlayRuns(ctx)));
    } else if (m.type === 'epoch') {
      this.renderStats(ctx.data.run);
      this.renderCharts(ctx);
    } else if (m.type === 'log') {
      this.log.append(document.createTextNode((this.log.textContent ? '\n' : '') + m.text));
    } else {
      this.render(ctx);
    }
  }

  retheme(): void {
    this.lossChart.retheme();
    this.accChart.retheme();
    if (this.ctx) this.renderCharts(this.ctx, true);
  }

  private overlayRuns(ctx: ViewContext) {
    const live = ctx.data.run?.runId;
    return ctx.data.runs.filter((r) => ctx.state.overlayRuns.includes(r.runId) && r.runId !== live);
  }

  private renderCharts(ctx: ViewContext, force = false): void {
    const overlays = this.overlayRuns(ctx);
    this.lossChart.update(lossData(ctx.data.run, overlays), force);
    this.accChart.update(accuracyData(ctx.data.run, overlays), force);
  }

  private renderHeader(ctx: ViewContext): void {
    const run = ctx.data.run;
    const running = run?.status === 'running';
    const s = run?.started;
    const train = h('vscode-button', { attrs: { 'data-action': 'train', disabled: running }, on: { click: () => ctx.post({ type: 'runCommand', command: 'train' }) } }, icon('play'), ' Train LeNet');
    const stop = h('vscode-button', { attrs: { secondary: true, 'data-action': 'stop', disabled: !running }, on: { click: () => ctx.post({ type: 'runCommand', command: 'stopTraining' }) } }, icon('debug-stop'), ' Stop');
    const status = run ? h('span', { class: `status status-${run.status}`, text: STATUS_TEXT[run.status] }) : h('span', { class: 'status', text: 'No training run yet. Start one with "LeNet: Train" or the button.' });
    const facts: HTMLElement[] = [];
    if (s) {
      facts.push(h('span', { class: 'fact', attrs: { 'data-fact': 'backend' } }, icon('chip'), ` ${s.backend}`));
      facts.push(h('span', { class: 'fact', attrs: { 'data-fact': 'dataset' } }, icon('database'),
        ` ${s.dataset.name} (${s.dataset.source}): ${formatCount(s.dataset.trainSize)} train / ${formatCount(s.dataset.validationSize)} validation / ${formatCount(s.dataset.testSize)} test`));
      facts.push(h('span', { class: 'fact' }, icon('settings'), ` ${s.config.preset}: ${s.config.optimizer}, lr ${s.config.learningRate}, batch ${s.config.batchSize}, ${plural(s.config.epochs, 'epoch')}, ${s.config.activation}`));
    }
    this.header.replaceChildren(...present(
      h('div', { class: 'run-title' }, status, h('span', { class: 'spacer' }), train, stop),
      h('div', { class: 'facts' }, ...facts),
      s?.dataset.isSubset ? h('p', { class: 'warning', attrs: { 'data-notice': 'subset' }, text: `These results are on the small shipped subset of ${s.dataset.name} (${formatCount(s.dataset.trainSize + s.dataset.validationSize)} training images), not the full dataset: accuracy is lower and not comparable with the notebook.` }) : null,
      run?.status === 'error' ? h('p', { class: 'error', attrs: { role: 'alert' }, text: run.errorMessage ?? 'Training failed.' }) : null,
      run?.status === 'stopped' ? h('p', { class: 'info', text: `Stopped after ${plural(run.stoppedAfterEpochs ?? 0, 'complete epoch')}.${run.runDir ? ` What was learned so far is saved in ${run.runDir}.` : ''}` }) : null,
    ));
  }

  private renderStats(run: LiveRun | null): void {
    this.progress.style.width = `${run ? Math.round(runProgress(run) * 1000) / 10 : 0}%`;
    if (!run) {
      this.stats.replaceChildren();
      return;
    }
    const last = run.losses.at(-1);
    const epoch = run.epochs.at(-1);
    const epochs = run.started?.config.epochs ?? epoch?.epochs;
    const done = run.done;
    const item = (label: string, value: string, id: string) => h('div', { class: 'stat', attrs: { 'data-stat': id } }, h('div', { class: 'stat-label', text: label }), h('div', { class: 'stat-value', text: value }));
    this.stats.replaceChildren(...present(
      item('Epoch', `${last?.epoch ?? epoch?.epoch ?? 0} / ${epochs ?? '?'}`, 'epoch'),
      item('Batch loss', formatLoss(last?.loss), 'loss'),
      item('Validation loss', formatLoss(epoch?.valLoss), 'val-loss'),
      item('Validation accuracy', formatPercent(epoch?.valAccuracy), 'val-acc'),
      item('Throughput', formatRate(done?.samplesPerSecond ?? epoch?.samplesPerSecond), 'throughput'),
      done ? item('Time', formatDuration(done.seconds), 'time') : item('ETA', run.status === 'running' ? formatDuration(epoch?.etaSeconds) : '—', 'eta'),
      done ? item('Test accuracy', formatPercent(done.testAccuracy, 2), 'test-acc') : null,
    ));
  }

  private renderOverlays(ctx: ViewContext): void {
    this.renderedRuns = ctx.data.runs;
    const runs = ctx.data.runs;
    if (runs.length === 0) {
      this.overlays.replaceChildren(h('p', { class: 'caption', text: 'No earlier runs in .lenet/runs/ of this workspace.' }));
      return;
    }
    this.overlays.replaceChildren(...runs.map((r) => {
      const box = h('vscode-checkbox', {
        attrs: { checked: ctx.state.overlayRuns.includes(r.runId), 'data-run': r.runId, label: `${r.startedAt.slice(0, 16).replace('T', ' ')} — ${r.backend}, ${r.config.preset}, ${r.stoppedEarly ? `stopped after ${r.epochs.length} of ${plural(r.config.epochs, 'epoch')}` : plural(r.config.epochs, 'epoch')}${r.testAccuracy !== null ? `, test ${formatPercent(r.testAccuracy)}` : ''}${r.isSubset ? ' (subset)' : ''}` },
        title: r.runDir,
      });
      box.addEventListener('change', () => {
        const on = (box as unknown as { checked: boolean }).checked;
        const set = new Set(ctx.state.overlayRuns);
        if (on) set.add(r.runId);
        else set.delete(r.runId);
        ctx.update({ overlayRuns: [...set] });
      });
      return box;
    }));
  }

  private renderResults(ctx: ViewContext, done: TrainingDone | null): void {
    this.renderedDone = done;
    this.renderedLabels = done ? testLabelsOf(ctx, done) : null;
    if (!done) {
      this.results.replaceChildren();
      return;
    }
    const names = ctx.data.run?.started?.dataset.classNames ?? done.perClassAccuracy.map((_, i) => String(i));
    const evidence: CellEvidence = {
      predictions: predictionsOf(ctx, done), labels: this.renderedLabels, misclassified: done.misclassified, confusionMatrix: done.confusionMatrix,
    };
    const open = (index: number, label: number) => openInExplore(ctx, done, index, label);
    this.results.replaceChildren(
      h('h2', {}, `Test accuracy: `, h('span', { class: 'test-accuracy', text: formatPercent(done.testAccuracy, 2) })),
      h('p', { class: 'caption', text: `${formatDuration(done.seconds)} at ${formatRate(done.samplesPerSecond)}. Saved in ${done.runDir}.` }),
      h('div', { class: 'result-grid' },
        h('div', {}, h('h3', { text: 'Confusion matrix (rows: true class, columns: predicted)' }), confusionMatrix(done.confusionMatrix, names, evidence, open)),
        h('div', {}, h('h3', { text: 'Per-class accuracy' }), perClass(done.perClassAccuracy, names))),
      h('h3', { text: `Misclassified test images (${done.misclassified.length})` }),
      h('p', { class: 'caption', text: 'Click a misclassified image or a confusion-matrix cell to look inside the network on that image (Explore).' }),
      gallery(done, names, open),
    );
  }
}

type OpenTestImage = (index: number, label: number) => void;

/** Opens a test image of the run shown here in Explore (on this run: see exploreChoiceOpening). */
function openInExplore(ctx: ViewContext, done: TrainingDone, index: number, label: number): void {
  ctx.update({ tab: 'explore', explore: exploreChoiceOpening(ctx.state.explore, index, label, done.runDir, ctx.data.runs.map((r) => r.runDir)) });
}

/** The test set Explore loaded, when it is this run's (its labels, and predictions from metrics.json); else null. */
function exploreTestSetOf(ctx: ViewContext, done: TrainingDone) {
  const m = ctx.data.explore.model;
  if (!m?.dataset) return null;
  const o = m.origin;
  const same = (o.kind === 'live' && o.runId === done.runId) || (o.kind === 'run' && (o.runId === done.runId || o.runDir === done.runDir));
  return same ? m.dataset : null;
}

const decoded = new WeakMap<TrainingDone, { predictions: Uint8Array | null; labels: Uint8Array | null }>();

function decodedOf(done: TrainingDone): { predictions: Uint8Array | null; labels: Uint8Array | null } {
  let d = decoded.get(done);
  if (!d) {
    d = { predictions: done.predictions ? decodePixels(done.predictions) : null, labels: done.labels ? decodePixels(done.labels) : null };
    decoded.set(done, d);
  }
  return d;
}

/** Every test image's label: `done.labels` (decoded once), else the labels of the test set Explore loaded for this run. */
function testLabelsOf(ctx: ViewContext, done: TrainingDone): Uint8Array | null {
  return decodedOf(done).labels ?? exploreTestSetOf(ctx, done)?.labels ?? null;
}

/** Every test image's prediction by this run: `done.predictions`, else the Explore test set's (from metrics.json). */
function predictionsOf(ctx: ViewContext, done: TrainingDone): Uint8Array | null {
  return decodedOf(done).predictions ?? exploreTestSetOf(ctx, done)?.predictions ?? null;
}

/** A cell or image that opens Explore: Enter and Space as well as a click. */
function asButton(el: HTMLElement, activate: () => void): void {
  el.setAttribute('role', 'button');
  el.tabIndex = 0;
  el.addEventListener('click', activate);
  el.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    activate();
  });
}

function confusionMatrix(matrix: number[][], names: string[], evidence: CellEvidence, open: OpenTestImage): HTMLElement {
  const max = Math.max(1, ...matrix.flat());
  const head = h('tr', {}, h('th', { class: 'corner', text: 'true \\ pred' }), ...names.map((n) => h('th', { class: 'col-head', title: n, text: n })));
  const rows = matrix.map((row, i) => h('tr', {}, h('th', { class: 'row-head', text: names[i] ?? String(i) }), ...row.map((count, j) => {
    const what = `true ${names[i] ?? i}, predicted ${names[j] ?? j}: ${count}`;
    const cell = h('td', { class: `cm-cell${i === j ? ' diagonal' : ''}`, title: what, text: String(count), attrs: { 'data-testid': 'confusion-cell', 'data-true': i, 'data-predicted': j } });
    if (count > 0) {
      const target = testImageOfCell(i, j, evidence, names);
      if (target.index !== null) {
        const index = target.index;
        cell.classList.add('opens');
        cell.dataset.index = String(index);
        cell.title = `${what}. Open the first one (test image #${index}) in Explore.`;
        cell.setAttribute('aria-label', cell.title);
        asButton(cell, () => open(index, i));
      } else {
        cell.title = `${what}. ${target.reason}`;
        cell.setAttribute('aria-disabled', 'true');
      }
    }
    // Intensity by count; square root so that the off-diagonal confusions stay visible next to the diagonal.
    const intensity = Math.sqrt(count / max);
    cell.style.backgroundColor = `color-mix(in srgb, var(--heat-color) ${Math.round(intensity * 85)}%, transparent)`;
    if (intensity > 0.6) cell.classList.add('strong');
    return cell;
  })));
  return h('table', { class: 'confusion', attrs: { 'data-testid': 'confusion-matrix' } }, h('thead', {}, head), h('tbody', {}, ...rows));
}

function perClass(acc: number[], names: string[]): HTMLElement {
  return h('table', { class: 'per-class' }, ...acc.map((a, i) => {
    const bar = h('span', { class: 'acc-bar' });
    bar.style.width = `${a * 100}%`;
    return h('tr', {}, h('th', { text: names[i] ?? String(i) }), h('td', { class: 'acc-track' }, bar), h('td', { class: 'num', text: formatPercent(a) }));
  }));
}

function gallery(done: TrainingDone, names: string[], open: OpenTestImage): HTMLElement {
  return h('div', { class: 'gallery' }, ...done.misclassified.map((m) => {
    const canvas = pixelCanvas('digit', decodePixels(m.pixels), 28, 28, 1);
    const button = h('button', {
      class: 'sample-open', title: `Test image #${m.index}: open it in Explore`,
      attrs: { type: 'button', 'data-testid': 'gallery-image', 'data-index': m.index, 'aria-label': `Test image #${m.index}, ${names[m.label] ?? m.label} predicted ${names[m.predicted] ?? m.predicted}: open it in Explore` },
      on: { click: () => open(m.index, m.label) },
    }, canvas);
    return h('figure', { class: 'sample' }, button,
      h('figcaption', {}, h('span', { class: 'pred', text: names[m.predicted] ?? String(m.predicted) }), h('span', { class: 'true', text: `true: ${names[m.label] ?? m.label}` })));
  }));
}
