// The dashboard application: receives host messages (validated), keeps the state, renders the active view.
// Views render lazily: a hidden tab is marked stale and redrawn when shown, so a training message costs only the
// training view's chart update, and a 1,000-layer model draws only the tab being looked at.
import {
  DASHBOARD_TABS, modelRefOf, parseHostToWebview, restoreDashboardState, sameModelRef, type DashboardState, type DashboardTab, type HostToWebview,
  type TrainingMessage,
} from '../src/protocol';
import { liveContext, type View, type ViewContext } from './context';
import { h, icon, present } from './dom';
import { layerCountText } from './wording';
import { formatCompact, formatCount } from '../src/core/format';
import {
  EMPTY_HOST_DATA, reduceExploreModel, reduceTraining, replayTraining, type HostData,
} from './state';
import type { HostChannel } from './vscodeApi';
import type { ExploreRun } from '../src/explore/types';
import { ArchitectureView } from './views/architectureView';
import { ExploreView } from './views/exploreView';
import { LayersView } from './views/layersView';
import { MemoryView } from './views/memoryView';
import { TheoryView } from './views/theoryView';
import { TrainingView } from './views/trainingView';

const TAB_TITLES: Record<DashboardTab, [string, string]> = {
  architecture: ['Architecture', 'type-hierarchy'],
  layers: ['Layers', 'table'],
  memory: ['Memory', 'server'],
  training: ['Training', 'graph-line'],
  explore: ['Explore', 'eye'],
  theory: ['Theory', 'book'],
};

export class DashboardApp {
  private data: HostData = EMPTY_HOST_DATA;
  private state: DashboardState;
  private readonly architecture = new ArchitectureView();
  private readonly layers = new LayersView();
  private readonly memory = new MemoryView();
  private readonly training = new TrainingView();
  private readonly explore = new ExploreView();
  private readonly theory = new TheoryView();
  private readonly views: Record<DashboardTab, View>;
  private readonly stale = new Set<DashboardTab>(DASHBOARD_TABS);
  private readonly header = h('header', { class: 'model-header' });
  private readonly banner = h('div', { class: 'banner', attrs: { role: 'status' } });
  private readonly tabs: HTMLElement;
  private nextRequestId = 1;

  constructor(root: HTMLElement, private readonly host: HostChannel) {
    this.state = restoreDashboardState(host.getState());
    this.views = { architecture: this.architecture, layers: this.layers, memory: this.memory, training: this.training, explore: this.explore, theory: this.theory };
    this.tabs = h('vscode-tabs', { attrs: { 'selected-index': DASHBOARD_TABS.indexOf(this.state.tab), panel: true } },
      ...DASHBOARD_TABS.flatMap((id) => [
        h('vscode-tab-header', { attrs: { slot: 'header', id: `tab-${id}`, 'data-tab': id } }, icon(TAB_TITLES[id][1]), ` ${TAB_TITLES[id][0]}`),
        h('vscode-tab-panel', { attrs: { 'data-panel': id } }, this.views[id].element),
      ]));
    this.tabs.addEventListener('vsc-tabs-select', (e) => {
      const index = (e as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex;
      const tab = DASHBOARD_TABS[index];
      if (tab && tab !== this.state.tab) this.update({ tab });
    });
    root.replaceChildren(this.header, this.banner, this.tabs);
    this.renderHeader();
    this.renderActive();
  }

  /** The one context handed to every view: reads the current data and state at each access, never a snapshot. */
  private readonly ctx: ViewContext = liveContext(
    { data: () => this.data, state: () => this.state },
    {
      update: (patch) => this.update(patch),
      selectLayer: (name, reveal) => this.selectLayer(name, reveal),
      post: (m) => this.host.post(m),
    },
  );

  /** Entry point for every message event. Invalid messages are reported to the host and otherwise ignored. */
  receive(raw: unknown): void {
    const parsed = parseHostToWebview(raw);
    if (!parsed.ok) {
      console.error('[cnn-explorer] rejected host message:', parsed.error);
      this.host.post({ type: 'invalidMessage', error: parsed.error });
      return;
    }
    this.apply(parsed.value);
  }

  private apply(m: HostToWebview): void {
    switch (m.type) {
      case 'model': {
        const modelChanged = this.data.model?.model.key !== m.model.key;
        this.data = { ...this.data, model: m, modelError: null };
        if (modelChanged && this.data.model && this.state.selectedLayer && !m.analysis.layers.some((l) => l.name === this.state.selectedLayer)) {
          this.state = { ...this.state, selectedLayer: null };
        }
        this.markStale('architecture', 'layers', 'memory');
        this.renderHeader();
        const ref = modelRefOf(m.model);
        if (!sameModelRef(this.state.modelRef, ref)) this.update({ modelRef: ref });
        else this.renderActive();
        break;
      }
      case 'modelError':
        this.data = { ...this.data, modelError: m };
        this.renderHeader();
        this.markStale('architecture', 'layers', 'memory');
        this.renderActive();
        break;
      case 'focusLayer':
        this.selectLayer(m.layer, false);
        if (this.state.tab !== 'architecture' && this.state.tab !== 'layers') this.update({ tab: 'architecture' });
        void this.architecture.drawn.then(() => this.architecture.focus(m.layer));
        break;
      case 'training':
        this.applyTraining(m.message);
        break;
      case 'trainingReplay':
        this.data = { ...this.data, run: replayTraining(m.messages) };
        this.markStale('training');
        this.renderActive();
        break;
      case 'runs':
        this.data = { ...this.data, runs: m.runs };
        this.markStale('training');
        this.renderActive();
        break;
      case 'showTab':
        if (m.tab !== this.state.tab) this.update({ tab: m.tab });
        break;
      case 'exploreModel':
        this.data = { ...this.data, explore: { model: reduceExploreModel(this.data.explore.model, m), unavailable: null } };
        this.markStale('explore');
        this.renderActive();
        break;
      case 'exploreUnavailable':
        this.data = { ...this.data, explore: { model: null, unavailable: m } };
        this.markStale('explore');
        this.renderActive();
        break;
      case 'exploreImageFile':
        this.explore.onImageFile(m);
        break;
      case 'revealResult':
        this.banner.textContent = m.ok ? '' : (m.message ?? 'Could not reveal the layer in the editor.');
        this.banner.classList.toggle('visible', !m.ok);
        break;
    }
  }

  private applyTraining(msg: TrainingMessage): void {
    const before = this.data.run;
    const run = reduceTraining(before, msg);
    if (run === before) return;
    this.data = { ...this.data, run };
    // A new run brings the user to the training charts (the host opens the panel when "LeNet: Train" starts).
    if (msg.type === 'started' && this.state.tab !== 'training') {
      this.update({ tab: 'training' });
      return;
    }
    if (this.state.tab === 'training') this.training.onTrainingMessage(this.ctx, msg);
    else this.stale.add('training');
  }

  update(patch: Partial<DashboardState>): void {
    const prev = this.state;
    this.state = { ...prev, ...patch };
    this.host.setState(this.state);
    if (patch.tab && patch.tab !== prev.tab) {
      const index = DASHBOARD_TABS.indexOf(patch.tab);
      if ((this.tabs as unknown as { selectedIndex: number }).selectedIndex !== index) (this.tabs as unknown as { selectedIndex: number }).selectedIndex = index;
    }
    // What depends on what: memory controls change the layers table's memory column and the details pane.
    if (patch.memory) this.markStale('memory', 'layers', 'architecture');
    if (patch.memoryModel) this.markStale('memory');
    if (patch.sort) this.markStale('layers');
    if (patch.expandedBlocks) this.markStale('architecture');
    if (patch.overlayRuns) this.markStale('training');
    if (patch.theory) this.markStale('theory');
    // The Explore view compares what it computed with the state itself (a target class alone reruns nothing).
    if (patch.explore) this.markStale('explore');
    if (patch.selectedLayer !== undefined) this.markStale('architecture', 'layers');
    this.renderActive();
  }

  selectLayer(name: string | null, reveal: boolean): void {
    if (name !== this.state.selectedLayer) this.update({ selectedLayer: name });
    const layer = this.data.model?.analysis.layers.find((l) => l.name === name);
    if (reveal && layer && (this.data.model?.model.source === 'file' || this.data.model?.model.source === 'pytorch')) {
      this.host.post({ type: 'revealLayer', requestId: this.nextRequestId++, layer: layer.name, path: layer.path });
    }
  }

  private markStale(...tabs: DashboardTab[]): void {
    for (const t of tabs) this.stale.add(t);
  }

  private renderActive(): void {
    const tab = this.state.tab;
    if (!this.stale.has(tab)) return;
    this.stale.delete(tab);
    // Marks for the browser's performance panel and the benchmark ("render:layers" etc.).
    performance.mark(`render:${tab}:start`);
    this.views[tab].render(this.ctx);
    performance.measure(`render:${tab}`, `render:${tab}:start`);
  }

  /** The host toggled the theme (body class): charts read colours at build time, so they are rebuilt. */
  retheme(): void {
    this.training.retheme();
  }

  /**
   * Resolves when the Explore tab's current input is computed and its layers painted: those in view, or with `all`
   * every layer (for the benchmark's "every map drawn"). Read-only use by the browser tests and the benchmark.
   */
  exploreDrawn(all = false): Promise<void> {
    return this.explore.whenDrawn(all);
  }

  /** The Explore tab's last run (activations, probabilities), for the browser tests' oracles. */
  get exploreRun(): ExploreRun | null {
    return this.explore.lastRun;
  }

  /** Resolves when the architecture drawing (including graph layout) is on screen. */
  get architectureDrawn(): Promise<void> {
    return this.architecture.drawn;
  }

  private renderHeader(): void {
    const m = this.data.model;
    const err = this.data.modelError;
    const badge = (label: string, value: string, id: string) => h('span', { class: 'badge', attrs: { 'data-total': id } }, h('span', { class: 'badge-label', text: label }), ` ${value}`);
    const diagnostics = m?.analysis.diagnostics ?? err?.diagnostics ?? [];
    const problems = diagnostics.filter((d) => d.severity !== 'info');
    this.header.replaceChildren(...present(
      h('h1', { text: m?.model.title ?? err?.model.title ?? 'CNN Explorer' }),
      m ? h('div', { class: 'badges' },
        h('span', { class: 'badge', attrs: { 'data-total': 'layers' }, text: layerCountText(m.analysis.layers) }),
        badge('params', formatCount(m.analysis.totals.params), 'params'),
        badge('MACs', formatCompact(m.analysis.totals.macs), 'macs'),
        badge('format', m.analysis.model.format, 'format'),
        m.engine ? h('span', { class: 'badge', attrs: { 'data-total': 'engine' }, text: m.engine }) : null,
      ) : null,
      err ? h('p', { class: 'error', attrs: { role: 'alert' }, text: err.message }) : null,
      problems.length > 0 ? h('details', { class: 'diagnostics' },
        h('summary', {}, icon('warning'), ` ${problems.length} problem${problems.length > 1 ? 's' : ''} in the model`),
        h('ul', {}, ...problems.slice(0, 50).map((d) => h('li', { class: d.severity, text: diagnosticText(d) })))) : null,
    ));
  }
}

/** "c1: kernel 31 is larger…": the layer's name once, whether or not the message already starts with it. */
export function diagnosticText(d: { layer?: string | null; message: string }): string {
  return d.layer && !d.message.startsWith(`${d.layer}: `) ? `${d.layer}: ${d.message}` : d.message;
}
