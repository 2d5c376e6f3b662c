// The layered graph of a functional model: boxes per layer (or per collapsed repeated block), edges routed by elk,
// pan/zoom/fit, click to select a layer or expand a block.
import type { LayerAnalysis, LayerDrawing } from '../../src/core';
import { h, icon, s } from '../dom';
import { formatOutputShapes } from '../tensorLayout';
import { plural } from '../wording';
import { configKey, findRepeatedBlocks, visibleGraph, type GraphLayer, type RepeatedBlock } from '../graph/collapse';
import { layoutGraph, type Layout } from '../graph/layout';
import { centerOn, fitView, initialView, transformOf, zoomAbout, type ViewBox } from '../graph/panZoom';

export interface GraphCallbacks {
  onSelect(layer: string): void;
  onToggleBlock(blockId: string): void;
  onExpandAll(ids: string[]): void;
  onCollapseAll(): void;
}

/**
 * Colour category of a node (CSS class) from the layer's drawing (its rule in core's catalogue, so an alias is coloured
 * as its class); the palette comes from --vscode-charts-* variables in the stylesheet. Layers without a colour of their
 * own (dropout, reshape, a class core does not know) are `other`.
 */
export type NodeCategory = 'input' | 'conv' | 'pool' | 'dense' | 'merge' | 'activation' | 'norm' | 'other';

export function nodeCategory(drawing: LayerDrawing | undefined): NodeCategory {
  switch (drawing) {
    case 'input': case 'conv': case 'pool': case 'dense': case 'merge': case 'activation': return drawing;
    case 'normalization': return 'norm';
    default: return 'other';
  }
}

const ABBREV: Record<string, string> = {
  BatchNormalization: 'BN', Activation: 'Act', Conv2D: 'Conv', DepthwiseConv2D: 'DWConv', SeparableConv2D: 'SepConv',
  MaxPooling2D: 'MaxPool', AveragePooling2D: 'AvgPool', Dropout: 'Drop', Concatenate: 'Concat',
  // PyTorch's classes and recorded calls.
  BatchNorm1d: 'BN', BatchNorm2d: 'BN', BatchNorm3d: 'BN', Conv1d: 'Conv', Conv2d: 'Conv', Conv3d: 'Conv', MaxPool2d: 'MaxPool',
  AvgPool2d: 'AvgPool', 'Tensor.__add__': 'Add', 'Tensor.__iadd__': 'Add', 'torch.cat': 'Cat',
};

function truncate(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}

export class GraphView {
  readonly element: HTMLElement;
  private readonly viewport: HTMLElement;
  private readonly svg: SVGSVGElement;
  private readonly root: SVGGElement;
  private view: ViewBox = { scale: 1, tx: 0, ty: 0 };
  private layout: Layout | null = null;
  private layoutKey = '';
  private blocks: RepeatedBlock[] = [];
  private blocksFor: readonly LayerAnalysis[] | null = null;
  private selected: string | null = null;
  /** The analysis's format: how shapes are written (tensorLayout.ts). */
  private format = '';
  private nodeOf = new Map<string, string>();
  private readonly status: HTMLElement;
  /** Resolves when the last requested drawing is on screen (the browser tests and the benchmark wait on it). */
  drawn: Promise<void> = Promise.resolve();

  constructor(private readonly cb: GraphCallbacks) {
    this.svg = s('svg', { class: 'graph', role: 'group', 'aria-label': 'Layer graph' });
    this.root = s('g');
    const defs = s('defs', {}, s('marker', { id: 'arrowhead', viewBox: '0 0 8 8', refX: 7, refY: 4, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
      s('path', { d: 'M0,0 L8,4 L0,8 z', class: 'arrowhead' })));
    this.svg.append(defs, this.root);
    this.viewport = h('div', { class: 'graph-viewport', attrs: { tabindex: 0 } }, this.svg);
    this.status = h('span', { class: 'graph-status' });
    const button = (name: string, title: string, action: () => void) =>
      h('vscode-button', { attrs: { secondary: true, 'data-action': name }, title, on: { click: action } }, icon(name));
    const toolbar = h('div', { class: 'graph-toolbar' },
      button('zoom-in', 'Zoom in (+)', () => this.zoomCenter(1.25)),
      button('zoom-out', 'Zoom out (−)', () => this.zoomCenter(0.8)),
      button('screen-full', 'Fit the whole graph (0)', () => this.fit()),
      button('expand-all', 'Expand all repeated blocks', () => this.cb.onExpandAll(this.blocks.map((b) => b.id))),
      button('collapse-all', 'Collapse repeated blocks', () => this.cb.onCollapseAll()),
      this.status,
    );
    this.element = h('div', { class: 'graph-view' }, toolbar, this.viewport);
    this.installPanZoom();
  }

  private installPanZoom(): void {
    const vp = this.viewport;
    vp.addEventListener('wheel', (e) => {
      e.preventDefault();
      const r = vp.getBoundingClientRect();
      this.setView(zoomAbout(this.view, Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top));
    }, { passive: false });
    let drag: { x: number; y: number; v: ViewBox; moved: boolean } | null = null;
    vp.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      drag = { x: e.clientX, y: e.clientY, v: this.view, moved: false };
    });
    vp.addEventListener('pointermove', (e) => {
      if (!drag) return;
      const dx = e.clientX - drag.x;
      const dy = e.clientY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) < 4) return;
      if (!drag.moved) vp.setPointerCapture(e.pointerId);
      drag.moved = true;
      this.setView({ ...drag.v, tx: drag.v.tx + dx, ty: drag.v.ty + dy });
    });
    const end = (e: PointerEvent) => {
      if (drag?.moved) {
        vp.releasePointerCapture(e.pointerId);
        // Swallow the click that ends a drag so it does not select the node under the pointer.
        vp.addEventListener('click', (c) => c.stopPropagation(), { capture: true, once: true });
      }
      drag = null;
    };
    vp.addEventListener('pointerup', end);
    vp.addEventListener('pointercancel', end);
    vp.addEventListener('keydown', (e) => {
      if (e.key === '+' || e.key === '=') this.zoomCenter(1.25);
      else if (e.key === '-') this.zoomCenter(0.8);
      else if (e.key === '0') this.fit();
    });
  }

  private setView(v: ViewBox): void {
    this.view = v;
    this.root.setAttribute('transform', transformOf(v));
  }

  private zoomCenter(f: number): void {
    this.setView(zoomAbout(this.view, f, this.viewport.clientWidth / 2, this.viewport.clientHeight / 2));
  }

  fit(): void {
    if (!this.layout) return;
    this.setView(fitView(this.layout.width, this.layout.height, this.viewport.clientWidth, this.viewport.clientHeight));
  }

  /** Draws the model (re-laying out only when the visible graph changed) and highlights `selected`. */
  render(
    modelKey: string, layers: readonly LayerAnalysis[], expanded: readonly string[], selected: string | null,
    configs?: Readonly<Record<string, Record<string, unknown>>>, format = '',
  ): Promise<void> {
    this.format = format;
    const graphLayers: GraphLayer[] = layers.map((l) => ({
      name: l.name, className: l.className, drawing: l.drawing, shape: formatOutputShapes(l.outputShapes, format), inboundLayers: l.inboundLayers,
      config: configKey(configs?.[l.name]),
    }));
    if (this.blocksFor !== layers) {
      this.blocks = findRepeatedBlocks(graphLayers);
      this.blocksFor = layers;
    }
    const key = `${modelKey}\u0000${layers.length}\u0000${[...expanded].sort().join(',')}`;
    if (key === this.layoutKey && this.layout) {
      this.highlight(selected, false);
      return this.drawn;
    }
    this.layoutKey = key;
    const graph = visibleGraph(graphLayers, this.blocks, new Set(expanded));
    this.nodeOf = graph.nodeOf;
    const collapsedLayers = this.blocks.filter((b) => !expanded.includes(b.id)).reduce((n, b) => n + b.period * b.repeats, 0);
    const summary = `${layers.length} layers · ${graph.nodes.length} boxes` +
      (collapsedLayers > 0 ? ` · ${collapsedLayers} layers in ${plural(this.blocks.length - expanded.filter((id) => this.blocks.some((b) => b.id === id)).length, 'repeated block')} (click to expand)` : '');
    // A layout of hundreds of boxes takes a moment: say so instead of looking frozen.
    this.status.textContent = `${summary} · laying out…`;
    const hadLayout = this.layout !== null;
    this.drawn = layoutGraph(graph).then((layout) => {
      if (key !== this.layoutKey) return; // a newer request superseded this one
      this.status.textContent = summary;
      this.layout = layout;
      this.draw(layers, graph.nodes, layout);
      if (!hadLayout) this.setView(initialView(layout.width, layout.height, this.viewport.clientWidth, this.viewport.clientHeight));
      this.highlight(selected, !hadLayout);
    });
    return this.drawn;
  }

  private draw(layers: readonly LayerAnalysis[], nodes: { id: string; layerIndex: number; block: RepeatedBlock | null }[], layout: Layout): void {
    const edgeGroup = s('g', { class: 'edges' });
    for (const e of layout.edges) {
      if (e.points.length < 2) continue;
      const d = e.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
      edgeGroup.append(s('path', { d, class: 'edge', 'marker-end': 'url(#arrowhead)' }));
    }
    const nodeGroup = s('g', { class: 'nodes' });
    for (const n of nodes) {
      const p = layout.nodes.get(n.id);
      if (!p) continue;
      const layer = layers[n.layerIndex];
      const g = s('g', { class: 'node', transform: `translate(${p.x.toFixed(1)} ${p.y.toFixed(1)})`, 'data-node': n.id, tabindex: 0, role: 'button' });
      let line1: string;
      let line2: string;
      let tip: string;
      if (n.block) {
        const b = n.block;
        g.classList.add('block');
        line1 = `${b.repeats} × ${b.period === 1 ? layer.className : `block of ${b.period}`}`;
        const last = layers[n.layerIndex + b.period * b.repeats - 1];
        const shape = formatOutputShapes([last.outputShapes[0] ?? null], this.format);
        line2 = `${truncate(b.classes.map((c) => ABBREV[c] ?? c).join('→'), Math.max(8, 26 - shape.length))} · ${shape}`;
        tip = `${b.repeats} repeats of [${b.classes.join(' → ')}], from ${layer.name} to ${last.name}; output ${shape}. Click to expand.`;
      } else {
        g.classList.add(`cat-${nodeCategory(layer.drawing)}`);
        line1 = truncate(layer.name, 28);
        const shapes = formatOutputShapes(layer.outputShapes, this.format);
        line2 = truncate(`${layer.className} · ${shapes}`, 32);
        tip = `${layer.name} (${layer.className}) → ${shapes}`;
      }
      const title = s('title');
      title.textContent = tip;
      const t1 = s('text', { x: 8, y: 16, class: 'node-name' });
      t1.textContent = line1;
      const t2 = s('text', { x: 8, y: 31, class: 'node-info' });
      t2.textContent = line2;
      g.append(title, s('rect', { width: p.width, height: p.height, rx: 4, class: 'node-box' }), t1, t2);
      const activate = () => (n.block ? this.cb.onToggleBlock(n.block.id) : this.cb.onSelect(layer.name));
      g.addEventListener('click', activate);
      g.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') activate(); });
      nodeGroup.append(g);
    }
    this.root.replaceChildren(edgeGroup, nodeGroup);
  }

  /** Marks the node showing `layer` (its block when collapsed); centres it when asked. */
  highlight(layer: string | null, center: boolean): void {
    this.selected = layer;
    this.root.querySelectorAll('.node.selected').forEach((n) => n.classList.remove('selected'));
    if (!layer) return;
    const id = this.nodeOf.get(layer);
    if (!id) return;
    const el = this.root.querySelector(`[data-node="${CSS.escape(id)}"]`);
    el?.classList.add('selected');
    const p = this.layout?.nodes.get(id);
    if (center && p) this.setView(centerOn(this.view, p.x + p.width / 2, p.y + p.height / 2, this.viewport.clientWidth, this.viewport.clientHeight));
  }

  get selectedLayer(): string | null {
    return this.selected;
  }
}
