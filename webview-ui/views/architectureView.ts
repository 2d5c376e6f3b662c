// View 1: the architecture. A chain-shaped CNN is drawn like the LeNet paper's figure; anything else (branches,
// merges, or more stages than a figure can hold) as a layered graph. The selected layer's details sit beside it.
import type { LayerAnalysis } from '../../src/core';
import type { View, ViewContext } from '../context';
import { clear, h } from '../dom';
import { paperStages, type Stage } from '../paperLabels';
import { drawPaperFigure } from './paperDrawing';
import { layerDetails } from './details';
import { GraphView } from './graphView';

/** Above this many stages the paper figure no longer fits a screen; the graph (with collapse) reads better. */
const MAX_PAPER_STAGES = 24;

export class ArchitectureView implements View {
  readonly element = h('section', { class: 'view architecture', attrs: { 'data-view': 'architecture' } });
  private readonly drawing = h('div', { class: 'drawing' });
  private readonly details = h('aside', { class: 'details-pane', attrs: { 'aria-live': 'polite' } });
  private graph: GraphView | null = null;
  private ctx: ViewContext | null = null;
  private mode: 'paper' | 'graph' | 'none' = 'none';
  /** Resolves when the current drawing is complete (layout included). */
  drawn: Promise<void> = Promise.resolve();

  constructor() {
    this.element.append(this.drawing, this.details);
  }

  render(ctx: ViewContext): void {
    this.ctx = ctx;
    const model = ctx.data.model;
    if (!model) {
      clear(this.drawing);
      this.drawing.append(h('p', { class: 'placeholder', text: ctx.data.modelError ? 'The model could not be analysed (see above).' : 'Waiting for the model…' }));
      clear(this.details);
      return;
    }
    const layers = model.analysis.layers;
    const stages = paperStages(layers, model.layerConfigs, model.analysis.model.format);
    const usePaper = stages !== null && stages.length <= MAX_PAPER_STAGES && stages.some((st) => st.kind === 'conv');
    if (usePaper) this.renderPaper(ctx, stages);
    else this.renderGraph(ctx, layers, model.model.key);
    const selected = layers.find((l) => l.name === ctx.state.selectedLayer) ?? null;
    this.details.replaceChildren(layerDetails(ctx, selected));
  }

  private renderPaper(ctx: ViewContext, stages: Stage[]): void {
    this.mode = 'paper';
    const model = ctx.data.model!;
    const svg = drawPaperFigure(stages, model.layerConfigs, ctx.state.selectedLayer, (name) => ctx.selectLayer(name, true), model.analysis.model.format);
    // How the labels read: maps@height×width, and for 1-D and 3-D models maps@length, maps@frames×height×width.
    const sizes = [...new Set(stages.map((st) => st.spatialRank))].filter((r) => r > 0).sort()
      .map((r) => ['', 'maps@length', 'maps@height×width', 'maps@frames×height×width'][r]).join(' or ') || 'maps@height×width';
    this.drawing.replaceChildren(h('div', { class: 'paper-scroll' }, svg),
      h('p', { class: 'caption', text: `Each stack is one layer's output: ${sizes}; dense layers show their unit count. Click a stage for details; activation, normalisation and dropout layers are folded into the stage before them.` }));
    this.drawn = Promise.resolve();
  }

  private renderGraph(ctx: ViewContext, layers: readonly LayerAnalysis[], key: string): void {
    if (!this.graph) {
      this.graph = new GraphView({
        onSelect: (name) => this.ctx?.selectLayer(name, true),
        onToggleBlock: (id) => {
          const c = this.ctx!;
          const set = new Set(c.state.expandedBlocks);
          if (set.has(id)) set.delete(id);
          else set.add(id);
          c.update({ expandedBlocks: [...set] });
        },
        onExpandAll: (ids) => this.ctx?.update({ expandedBlocks: ids }),
        onCollapseAll: () => this.ctx?.update({ expandedBlocks: [] }),
      });
    }
    if (this.mode !== 'graph') this.drawing.replaceChildren(this.graph.element);
    this.mode = 'graph';
    this.drawn = this.graph.render(key, layers, ctx.state.expandedBlocks, ctx.state.selectedLayer, ctx.data.model?.layerConfigs, ctx.data.model?.analysis.model.format);
  }

  /** The host asked to show a layer (hover link): select it and bring it into view. */
  focus(layer: string): void {
    if (this.mode === 'graph') this.graph?.highlight(layer, true);
    else this.drawing.querySelector(`[data-layer="${CSS.escape(layer)}"]`)?.scrollIntoView({ block: 'nearest', inline: 'center' });
  }
}
