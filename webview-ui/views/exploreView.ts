// View 5: Explore (issue #14) — inside a trained network: pick an input (a test image, a drawing, an image file),
// see the prediction and every layer's activations, enlarge a map with its receptive field, and the Filters and
// Saliency panels. TF.js runs here in the webview (README "Explore": why), loaded on the tab's first use.
// The host sends the model with its weights (exploreModel) when the tab asks (requestExploreModel), and again after
// each epoch of a live run: the view then reruns the same input (the probe: the chosen image, else test image 0).
import type { ExploreDataset, ExploreInputChoice, ExploreImageFileMessage, ExploreModelMessage } from '../../src/protocol';
import { MAX_EXPLORE_INPUT_BYTES } from '../../src/protocol';
import { ExploreError, type ExploreModel, type ExploreRun } from '../../src/explore/types';
import { decodePixels } from '../chartData';
import type { View, ViewContext } from '../context';
import { h, present } from '../dom';
import { ActivationList, type HoveredValue } from '../explore/activationList';
import { DrawPad } from '../explore/drawPad';
import { loadEngine, type LoadedEngine } from '../explore/engine';
import { enlargedMap } from '../explore/enlargedMap';
import { renderFiltersPanel } from '../explore/filtersPanel';
import { formatValue } from '../explore/formatValue';
import { decodeToModelPixels } from '../explore/imageFile';
import { drawable, resolveInput, testImagesFit } from '../explore/inputChoice';
import { convertibleChannels, encodePixels, modelInput } from '../explore/inputImage';
import type { ExplorePanelInput } from '../explore/panelTypes';
import { paintPixels } from '../explore/pixelCanvas';
import { predictionChart } from '../explore/predictionChart';
import { renderSaliencyPanel } from '../explore/saliencyPanel';
import { TestImageGrid } from '../explore/testImageGrid';

type Source = ExploreInputChoice['source'];
type StatusKind = 'idle' | 'loading' | 'computing' | 'ready' | 'unavailable' | 'error';

interface Loaded {
  modelId: string;
  message: ExploreModelMessage;
  model: ExploreModel;
}

export class ExploreView implements View {
  readonly element = h('section', { class: 'view explore', attrs: { 'data-view': 'explore' } });
  private readonly status = h('div', { class: 'explore-status', attrs: { 'data-testid': 'explore-status', role: 'status', 'data-state': 'idle' } });
  private readonly body = h('div', { class: 'explore-body hidden' });
  private readonly sourceBox = h('div', { class: 'field' });
  private readonly pickerTest = h('div', { class: 'picker picker-test' });
  private readonly classFilterBox = h('div', { class: 'field' });
  private readonly pickerDraw = h('div', { class: 'picker picker-draw' });
  private readonly pickerFile = h('div', { class: 'picker picker-file' });
  private readonly fileNote = h('p', { class: 'caption' });
  private readonly invertBox = h('div', {});
  private readonly preview = h('canvas', { class: 'input-preview', attrs: { 'data-testid': 'explore-input-preview', width: 28, height: 28 } });
  private readonly previewCaption = h('figcaption', {});
  private readonly prediction = h('div', { class: 'prediction-box' });
  private readonly filters = h('section', { class: 'explore-panel explore-filters-panel' });
  private readonly saliency = h('section', { class: 'explore-panel explore-saliency-panel' });
  private readonly scaleBox = h('div', { class: 'field' });
  private readonly readout = h('div', { class: 'explore-readout', attrs: { 'data-testid': 'explore-value', 'aria-live': 'polite' } });
  private readonly enlargedHost = h('div', { class: 'enlarged-host' });
  private readonly grid: TestImageGrid;
  private readonly pad: DrawPad;
  private readonly list: ActivationList;

  private ctx: ViewContext | null = null;
  private requestedRunDir: string | null | undefined = undefined;
  private engine: LoadedEngine | null = null;
  private loaded: Loaded | null = null;
  private loadingId: string | null = null;
  private computedKey: string | null = null;
  private image: Float32Array | null = null;
  private run: ExploreRun | null = null;
  private generation = 0;
  private pending: Promise<void> = Promise.resolve();
  private pickerSource: Source | null = null;
  private fileRequest = 0;
  private renderedEnlarged = '';
  private lastRunMs: number | null = null;

  constructor() {
    this.grid = new TestImageGrid((index) => this.choose({ source: 'test', index }));
    this.pad = new DrawPad((pixels) => this.choose({ source: 'drawn', pixels: encodePixels(pixels) }));
    this.list = new ActivationList({
      hover: (v) => this.showValue(v),
      open: (layer, channel) => this.update({ enlarged: { layer, channel } }),
    });
    this.pickerTest.append(this.classFilterBox, this.grid.element);
    this.pickerDraw.append(h('p', { class: 'caption', text: 'Draw white on black, as in the dataset (28×28; the model sees bytes / 255).' }), this.pad.element);
    this.pickerFile.append(
      h('vscode-button', { attrs: { 'data-testid': 'explore-load-image' }, on: { click: () => this.pickFile() } }, 'Load image…'),
      this.invertBox, this.fileNote);
    this.body.append(
      h('div', { class: 'explore-top' },
        h('div', { class: 'explore-picker' }, h('h3', { text: 'Input' }), this.sourceBox, this.pickerTest, this.pickerDraw, this.pickerFile),
        h('div', { class: 'explore-result' },
          h('figure', { class: 'preview-figure' }, this.preview, this.previewCaption),
          this.prediction)),
      // The order: what the network computes for the input first, then why (saliency), then its weights.
      h('section', { class: 'explore-activations' },
        h('div', { class: 'activations-head' }, h('h3', { text: 'Activations' }), this.scaleBox),
        h('p', { class: 'caption', text: 'Every layer\'s output for this input, in the architecture\'s order (viridis: dark low, yellow high). Point at a value to read it; click a map to enlarge it with its receptive field.' }),
        this.list.element),
      this.saliency, this.filters,
      this.readout);
    this.element.append(this.status, this.body, this.enlargedHost);
  }

  render(ctx: ViewContext): void {
    this.ctx = ctx;
    const runDir = ctx.state.explore.runDir;
    if (this.requestedRunDir !== runDir) {
      this.requestedRunDir = runDir;
      ctx.post({ type: 'requestExploreModel', runDir });
    }
    const { model: message, unavailable } = ctx.data.explore;
    if (!message) {
      this.dropModel();
      this.body.classList.add('hidden');
      if (unavailable) this.setStatus('unavailable', unavailable.reason, unavailable.hint);
      else this.setStatus('loading', 'Waiting for the model and its weights…');
      return;
    }
    if (this.loaded?.modelId !== message.modelId) {
      if (this.loadingId !== message.modelId) this.track(this.load(message));
      return;
    }
    this.loaded.message = message;
    this.showControls(ctx);
    const key = `${message.modelId}|${JSON.stringify(ctx.state.explore.input)}`;
    if (key !== this.computedKey) {
      this.computedKey = key;
      this.track(this.compute(ctx));
    } else {
      this.list.setScale(ctx.state.explore.scale);
      this.showEnlarged(ctx);
    }
  }

  /** The host answered pickExploreImage. */
  onImageFile(m: ExploreImageFileMessage): void {
    if (m.requestId !== this.fileRequest) return;
    if (m.status === 'cancelled') return;
    if (m.status === 'error' || !m.bytes) {
      this.fileNote.textContent = m.message ?? 'The image could not be read.';
      this.fileNote.classList.add('error');
      return;
    }
    const model = this.loaded?.model;
    if (!model) return;
    const target = model.input;
    const name = m.name ?? 'image';
    decodeToModelPixels(m.bytes, target).then((pixels) => {
      if (pixels.length > MAX_EXPLORE_INPUT_BYTES) this.fileNote.textContent = `${name}: converted to ${target.height}×${target.width}×${target.channels}; too large to keep across a reload.`;
      else this.fileNote.textContent = '';
      this.fileNote.classList.remove('error');
      this.choose({ source: 'file', name, width: target.width, height: target.height, channels: target.channels, pixels: encodePixels(pixels), invert: false });
    }, (e: unknown) => {
      this.fileNote.textContent = `${name} could not be decoded as an image (${e instanceof Error ? e.message : String(e)}).`;
      this.fileNote.classList.add('error');
    });
  }

  /**
   * Resolves when the current input's run is computed and drawn: every layer in view, or with `all` every layer
   * (those not scrolled to are painted now). For the browser tests and the benchmark.
   */
  async whenDrawn(all = false): Promise<void> {
    let p: Promise<void>;
    do {
      p = this.pending;
      await p;
    } while (p !== this.pending);
    if (all) {
      const t = performance.now();
      this.list.drawAll();
      performance.measure('explore:drawAll', { start: t });
      return;
    }
    // The IntersectionObserver reports after layout: two frames, then what is in view is painted.
    await new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));
  }

  get lastRun(): ExploreRun | null {
    return this.run;
  }

  private track(work: Promise<void>): void {
    const p = work.catch((e: unknown) => this.showError(e));
    this.pending = p;
  }

  private update(patch: Partial<ViewContext['state']['explore']>): void {
    const ctx = this.ctx;
    if (ctx) ctx.update({ explore: { ...ctx.state.explore, ...patch } });
  }

  private choose(input: ExploreInputChoice): void {
    this.update({ input });
  }

  private pickFile(): void {
    this.fileRequest++;
    this.ctx?.post({ type: 'pickExploreImage', requestId: this.fileRequest });
  }

  private async load(message: ExploreModelMessage): Promise<void> {
    this.loadingId = message.modelId;
    const gen = ++this.generation;
    this.setStatus('loading', this.engine ? `Loading ${message.title}…` : 'Starting TF.js…');
    this.engine ??= await loadEngine();
    if (gen !== this.generation) return;
    this.setStatus('loading', `Loading ${message.title}…`);
    let model: ExploreModel;
    try {
      model = await this.engine.engine.loadExploreModel(message);
    } catch (e) {
      this.ctx?.post({ type: 'exploreFailed', modelId: message.modelId, message: e instanceof Error ? e.message : String(e) });
      throw e;
    } finally {
      if (this.loadingId === message.modelId) this.loadingId = null;
    }
    if (gen !== this.generation || this.ctx?.data.explore.model?.modelId !== message.modelId) {
      model.dispose();
      return;
    }
    const previous = this.loaded;
    const sameArchitecture = previous !== null && sameLayers(previous.model, model);
    this.loaded = { modelId: message.modelId, message, model };
    // The panels first let go of the previous model (a pending saliency or a closed kernel section would use it after
    // its disposal: "Saliency failed: … disposed" at a live epoch's boundary), then it is freed.
    if (this.ctx && previous) this.panels(this.ctx, null);
    previous?.model.dispose();
    if (!sameArchitecture) this.list.setModel(model);
    this.computedKey = null;
    this.body.classList.remove('hidden');
    if (this.ctx) this.render(this.ctx);
    // render() tracked the compute; wait for it so whenDrawn sees the whole chain.
    await this.pending;
  }

  private dropModel(): void {
    this.generation++;
    this.loaded?.model.dispose();
    this.loaded = null;
    this.computedKey = null;
    this.run = null;
  }

  private async compute(ctx: ViewContext): Promise<void> {
    const loaded = this.loaded;
    const engine = this.engine;
    if (!loaded || !engine) return;
    const gen = ++this.generation;
    const { model, message } = loaded;
    const resolved = resolveInput(ctx.state.explore.input, model.input, message.dataset);
    this.showInput(resolved.ok ? resolved : null);
    if (!resolved.ok) {
      this.run = null;
      this.image = null;
      this.list.setRun(null, ctx.state.explore.scale);
      this.prediction.replaceChildren(h('p', { class: 'placeholder', text: resolved.reason }));
      this.setStatus('ready', this.readyText(engine), null);
      this.panels(ctx, null);
      return;
    }
    this.setStatus('computing', `Computing ${resolved.description}…`);
    const image = modelInput(resolved.pixels, resolved.invert);
    const t0 = performance.now();
    let run: ExploreRun;
    try {
      run = await engine.engine.runExplore(model, image);
    } catch (e) {
      // A newer input or model came meanwhile (the old model may be disposed under this run): not an error to show.
      if (gen !== this.generation) return;
      ctx.post({ type: 'exploreFailed', modelId: loaded.modelId, message: e instanceof Error ? e.message : String(e) });
      throw e;
    }
    if (gen !== this.generation) return;
    this.lastRunMs = performance.now() - t0;
    this.run = run;
    this.image = image;
    const names = classNames(model.classCount, message.dataset);
    // Measures for the browser's performance panel and the benchmark: the engine, our painting, U2's panels.
    performance.measure('explore:run', { start: t0 });
    const tPaint = performance.now();
    this.prediction.replaceChildren(predictionChart(run.probabilities, run.predicted, names, resolved.label));
    this.list.setRun(run, ctx.state.explore.scale);
    this.renderedEnlarged = '';
    this.showEnlarged(ctx);
    performance.measure('explore:paint', { start: tPaint });
    const tPanels = performance.now();
    this.panels(ctx, run);
    performance.measure('explore:panels', { start: tPanels });
    this.setStatus('ready', this.readyText(engine), null);
    this.reportDrawn(ctx, loaded.modelId, engine.backend, run, t0);
  }

  /**
   * Tells the host the maps are drawn (its output channel; the integration test): when the layers in view are
   * painted — for a model small enough to paint at once (LeNet) that is every layer; `layersDrawn` counts those painted.
   */
  private reportDrawn(ctx: ViewContext, modelId: string, backend: string, run: ExploreRun, t0: number): void {
    const gen = this.generation;
    requestAnimationFrame(() => requestAnimationFrame(() => {
      if (gen !== this.generation) return;
      const { drawn, skipped } = this.list.counts();
      ctx.post({ type: 'exploreDrawn', modelId, backend, layersDrawn: drawn, layersSkipped: skipped, predicted: run.predicted, ms: Math.round(performance.now() - t0) });
    }));
  }

  private panels(ctx: ViewContext, run: ExploreRun | null): void {
    if (!this.loaded || !this.engine) return;
    const input: ExplorePanelInput = {
      ctx, engine: this.engine.engine, model: this.loaded.model, modelId: this.loaded.modelId, image: run ? this.image : null, run,
      classNames: classNames(this.loaded.model.classCount, this.loaded.message.dataset),
    };
    renderFiltersPanel(this.filters, input);
    renderSaliencyPanel(this.saliency, input);
  }

  private readyText(engine: LoadedEngine): string {
    const m = this.loaded;
    if (!m) return '';
    const o = m.message.origin;
    const parts = [m.message.title];
    if (o.kind === 'live') parts.push(`live run · epoch ${o.epoch}/${o.epochs}`);
    parts.push(`TF.js ${engine.backend}`);
    if (this.lastRunMs !== null) parts.push(`all layers in ${Math.round(this.lastRunMs)} ms`);
    if (engine.backendNote) parts.push(engine.backendNote);
    return parts.join(' · ');
  }

  private showControls(ctx: ViewContext): void {
    const loaded = this.loaded!;
    const dataset = loaded.message.dataset;
    const shape = loaded.model.input;
    const sources: { value: Source; label: string }[] = [];
    if (dataset && testImagesFit(shape, dataset)) sources.push({ value: 'test', label: `Test image (${dataset.name})` });
    if (drawable(shape)) sources.push({ value: 'drawn', label: 'Drawing' });
    if (convertibleChannels(shape.channels)) sources.push({ value: 'file', label: 'Image file' });
    const chosen = ctx.state.explore.input?.source ?? sources[0]?.value ?? 'file';
    if (this.pickerSource === null || !sources.some((s) => s.value === this.pickerSource)) this.pickerSource = chosen;
    select<Source>(this.sourceBox, 'Source', 'explore-input-source', 'Input source', sources, this.pickerSource, (v) => {
      this.pickerSource = v;
      this.showControls(ctx);
    });
    this.pickerTest.classList.toggle('hidden', this.pickerSource !== 'test');
    this.pickerDraw.classList.toggle('hidden', this.pickerSource !== 'drawn');
    this.pickerFile.classList.toggle('hidden', this.pickerSource !== 'file');
    const input = ctx.state.explore.input;
    if (dataset && this.pickerSource === 'test') {
      const filter = ctx.state.explore.classFilter;
      const options = [{ value: 'all', label: 'All classes' }, ...dataset.classNames.map((n, i) => ({ value: String(i), label: `${i} · ${n}` }))];
      select(this.classFilterBox, 'Class', 'explore-class-filter', 'Class filter', options, filter === null ? 'all' : String(filter), (v) => {
        this.update({ classFilter: v === 'all' ? null : Number(v) });
      });
      this.grid.show(dataset, filter, input?.source === 'test' ? input.index : input === null ? 0 : null);
    }
    if (this.pickerSource === 'drawn') this.pad.setPixels(input?.source === 'drawn' ? resolveDrawn(input.pixels) : null);
    if (this.pickerSource === 'file') {
      const file = input?.source === 'file' ? input : null;
      const box = file ? h('vscode-checkbox', { attrs: { checked: file.invert, 'data-testid': 'explore-invert', label: 'Invert (dark on light → light on dark)' } }) : null;
      box?.addEventListener('change', () => this.update({ input: { ...file!, invert: (box as unknown as { checked: boolean }).checked } }));
      this.invertBox.replaceChildren(...present(box));
      if (!file && !this.fileNote.textContent) this.fileNote.textContent = `PNG, JPEG, GIF, BMP or WebP from the workspace, converted to the model's ${shape.height}×${shape.width} ${shape.channels === 1 ? 'grey' : 'RGB'} input (stretched; transparent = white).`;
    }
    select<'shared' | 'perMap'>(this.scaleBox, 'Colour scale', 'explore-scale', 'Colour scale', [
      { value: 'shared', label: 'One per layer' }, { value: 'perMap', label: 'One per map' },
    ], ctx.state.explore.scale, (v) => this.update({ scale: v }));
  }

  private showInput(r: { pixels: Uint8Array; invert: boolean; label: number | null; description: string } | null): void {
    const m = this.loaded!;
    const { height, width, channels } = m.model.input;
    this.preview.classList.toggle('hidden', r === null);
    if (r) paintPixels(this.preview, r.pixels, width, height, channels, r.invert);
    const names = classNames(m.model.classCount, m.message.dataset);
    this.previewCaption.replaceChildren(...present(
      r ? h('span', { text: `${r.description}${r.invert ? ' (inverted)' : ''}` }) : null,
      r && r.label !== null ? h('span', { class: 'muted', text: ` · label ${names[r.label]}` }) : null,
      h('span', { class: 'muted', text: ` · ${height}×${width}×${channels}` }),
    ));
  }

  private showEnlarged(ctx: ViewContext): void {
    const e = ctx.state.explore.enlarged;
    const key = e && this.run ? `${this.loaded?.modelId}|${this.computedKey}|${e.layer}|${e.channel}|${ctx.state.explore.scale}` : '';
    if (key === this.renderedEnlarged) return;
    this.renderedEnlarged = key;
    const panel = e && this.run && this.image && this.loaded && this.engine
      ? enlargedMap({
        engine: this.engine.engine, model: this.loaded.model, run: this.run, layer: e.layer, channel: e.channel, scale: ctx.state.explore.scale,
        image: this.image, close: () => {
          this.update({ enlarged: null });
          // Back to the layer the map was opened from (keyboard users keep their place).
          this.list.element.querySelector<HTMLElement>(`[data-layer="${CSS.escape(e.layer)}"] canvas`)?.focus();
        },
      })
      : null;
    this.enlargedHost.replaceChildren(...present(panel));
    panel?.querySelector<HTMLElement>('canvas.enlarged-map')?.focus();
  }

  private showValue(v: HoveredValue | null): void {
    const r = this.readout;
    if (!v) {
      r.textContent = '';
      for (const k of ['layer', 'channel', 'y', 'x', 'value']) delete r.dataset[k];
      return;
    }
    r.dataset.layer = v.layer;
    r.dataset.channel = String(v.channel);
    r.dataset.y = String(v.y);
    r.dataset.x = String(v.x);
    r.dataset.value = String(v.value);
    r.textContent = v.kind === 'units' ? `${v.layer} · unit ${v.channel}: ${formatValue(v.value)}`
      : v.kind === 'image' ? `${v.layer} · (row ${v.y}, column ${v.x}): ${formatValue(v.value)}`
        : `${v.layer} · map ${v.channel} · (row ${v.y}, column ${v.x}): ${formatValue(v.value)}`;
  }

  private setStatus(kind: StatusKind, text: string, hint: string | null = null): void {
    this.status.dataset.state = kind;
    this.status.className = `explore-status status-${kind}`;
    this.status.replaceChildren(h('span', { text }), ...present(hint ? h('span', { class: 'hint', text: ` ${hint}` }) : null));
  }

  private showError(e: unknown): void {
    this.loadingId = null;
    this.setStatus('error', e instanceof Error ? e.message : String(e), e instanceof ExploreError ? e.hint : null);
    if (!(e instanceof ExploreError)) console.error('[cnn-explorer] Explore:', e);
  }
}

function resolveDrawn(base64: string): Uint8Array | null {
  try {
    return decodePixels(base64);
  } catch {
    return null; // not base64: the restored state validated it, so only a hand-edited one
  }
}

function sameLayers(a: ExploreModel, b: ExploreModel): boolean {
  return a.layers.length === b.layers.length && a.layers.every((l, i) => l.name === b.layers[i].name && l.shape.join() === b.layers[i].shape.join() && l.kind === b.layers[i].kind);
}

export function classNames(count: number, dataset: ExploreDataset | null): string[] {
  return Array.from({ length: count }, (_, i) => dataset?.classNames[i] ?? `class ${i}`);
}

/**
 * A labelled select in `box`, rebuilt only when its options or value change (a vscode-single-select is a Lit element:
 * rebuilding three on every click cost more than the LeNet run itself). `apply` is re-read on each change.
 */
function select<T extends string>(box: HTMLElement, caption: string, testId: string, label: string, options: { value: T | string; label: string }[], current: string, apply: (v: T) => void): void {
  const key = JSON.stringify([options, current]);
  const holder = box as HTMLElement & { selectKey?: string; apply?: (v: string) => void };
  holder.apply = apply as (v: string) => void;
  if (holder.selectKey === key) return;
  holder.selectKey = key;
  const el = h('vscode-single-select', { attrs: { 'data-testid': testId, 'aria-label': label } },
    ...options.map((o) => h('vscode-option', { attrs: { value: o.value, selected: o.value === current }, text: o.label })));
  el.addEventListener('change', () => holder.apply?.((el as unknown as { value: string }).value));
  box.replaceChildren(h('span', { text: caption }), el);
}
