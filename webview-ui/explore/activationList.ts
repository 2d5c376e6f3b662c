// Every layer's activations, in the architecture's order: one section per layer with one canvas (maps as a grid,
// units as cells, the input as itself). A small model (LeNet: ~0.3 M canvas pixels, a few ms) is painted whole at
// once; a large one (MobileNetV2: painting every map took 1.6–2.5 s in helper M's spike) is painted layer by layer as
// it scrolls into view (IntersectionObserver); `drawAll` paints the rest (the benchmark's "every map drawn").
// Hover a value → the readout; click a map (or Enter on the focused one) → the enlarged view.
import type { ExploreLayerInfo, ExploreModel, ExploreRun, LayerActivations } from '../../src/explore/types';
import { h } from '../dom';
import { formatValue } from './formatValue';
import { paintLayer, type ScaleMode } from './layerPainter';
import { mapGridLayout, mapHit, mapOrigin, unitGridLayout, type GridLayout } from './mapGrid';
import { canvasPoint } from './pixelCanvas';

export interface HoveredValue {
  layer: string;
  /** The map (maps), the unit (units); y and x within the map (0 for units). */
  channel: number;
  y: number;
  x: number;
  value: number;
  kind: 'maps' | 'units' | 'image';
}

interface Row {
  info: ExploreLayerInfo;
  section: HTMLElement;
  canvas: HTMLCanvasElement | null;
  focus: HTMLElement | null;
  note: HTMLElement;
  layout: GridLayout | null;
  visible: boolean;
  drawn: boolean;
  focusChannel: number;
}

export interface ActivationListEvents {
  hover(v: HoveredValue | null): void;
  open(layer: string, channel: number): void;
}

/** How a layer's output is laid out, or null when it is not drawn (`other`, or a shape that is not 1 or 3 axes). */
export function layoutOf(info: ExploreLayerInfo): GridLayout | null {
  if ((info.kind === 'maps' || info.kind === 'image') && info.shape.length === 3) return mapGridLayout(info.shape[0], info.shape[1], info.kind === 'image' && (info.shape[2] === 1 || info.shape[2] === 3) ? 1 : info.shape[2]);
  if (info.kind === 'units' && info.shape.length === 1) return unitGridLayout(info.shape[0]);
  return null;
}

/** Above this many canvas pixels in all, layers are painted only when scrolled into view. */
export const EAGER_PAINT_PIXELS = 3_000_000;

export class ActivationList {
  readonly element = h('div', { class: 'explore-layers' });
  private rows: Row[] = [];
  private eager = true;
  private run: ExploreRun | null = null;
  private scale: ScaleMode = 'shared';
  private readonly observer = new IntersectionObserver((entries) => this.onIntersect(entries), { rootMargin: '300px 0px' });

  constructor(private readonly events: ActivationListEvents) {}

  setModel(model: ExploreModel): void {
    this.observer.disconnect();
    this.run = null;
    this.rows = model.layers.map((info) => this.buildRow(info));
    this.eager = this.rows.reduce((sum, r) => sum + (r.layout ? r.layout.width * r.layout.height : 0), 0) <= EAGER_PAINT_PIXELS;
    this.element.replaceChildren(...this.rows.map((r) => r.section));
    for (const r of this.rows) this.observer.observe(r.section);
  }

  setRun(run: ExploreRun | null, scale: ScaleMode): void {
    this.run = run;
    this.scale = scale;
    for (const [i, r] of this.rows.entries()) {
      r.drawn = false;
      const act = run?.layers[i] ?? null;
      r.section.toggleAttribute('data-skipped', Boolean(act?.skipped));
      r.note.textContent = act?.skipped ? `Not shown: ${act.skipped}` : r.layout ? rangeText(act) : notDrawnText(r.info);
      // No values (skipped, or no input yet): no stale picture of an earlier input.
      r.canvas?.parentElement?.classList.toggle('hidden', !act?.values);
      if (this.eager || r.visible) this.paint(r, i);
    }
  }

  /** Layers painted for the current run, and layers the run skipped (the activation budget). */
  counts(): { drawn: number; skipped: number } {
    return {
      drawn: this.rows.filter((r) => r.drawn).length,
      skipped: this.run ? this.run.layers.filter((l) => l.skipped !== null).length : 0,
    };
  }

  setScale(scale: ScaleMode): void {
    if (scale === this.scale) return;
    this.setRun(this.run, scale);
  }

  /** Paints every layer not painted yet (those out of view included). */
  drawAll(): void {
    for (const [i, r] of this.rows.entries()) if (!r.drawn) this.paint(r, i);
  }

  private paint(r: Row, i: number): void {
    const act = this.run?.layers[i];
    if (!r.canvas || !r.layout || !act?.values) return;
    paintLayer(r.canvas, r.layout, act, r.info.kind, this.scale);
    r.drawn = true;
  }

  private onIntersect(entries: IntersectionObserverEntry[]): void {
    for (const e of entries) {
      const i = this.rows.findIndex((r) => r.section === e.target);
      if (i < 0) continue;
      const r = this.rows[i];
      r.visible = e.isIntersecting;
      if (r.visible && !r.drawn) this.paint(r, i);
    }
  }

  private buildRow(info: ExploreLayerInfo): Row {
    const layout = layoutOf(info);
    const note = h('span', { class: 'layer-note' });
    const canvas = layout ? h('canvas', { class: `activation-canvas kind-${info.kind}`, attrs: { width: layout.width, height: layout.height, tabindex: 0, 'aria-label': `${info.name} activations` } }) : null;
    const focus = canvas ? h('div', { class: 'map-focus hidden' }) : null;
    const section = h('section', {
      class: 'explore-layer',
      attrs: { 'data-testid': 'explore-layer', 'data-layer': info.name, 'data-shape': info.shape.join('×'), 'data-kind': info.kind },
    },
    h('h4', {}, h('span', { class: 'layer-name', text: info.name }), h('span', { class: 'layer-class', text: ` ${info.className} · ${info.shape.join('×')}` })),
    note,
    canvas ? h('div', { class: 'canvas-frame' }, canvas, focus) : null);
    const row: Row = { info, section, canvas, focus, note, layout, visible: false, drawn: false, focusChannel: 0 };
    if (canvas && layout) this.wireCanvas(row, canvas, layout);
    return row;
  }

  private wireCanvas(row: Row, canvas: HTMLCanvasElement, layout: GridLayout): void {
    const hitAt = (e: MouseEvent) => {
      const [x, y] = canvasPoint(canvas, e);
      return mapHit(layout, Math.floor(x), Math.floor(y));
    };
    const valueAt = (channel: number, y: number, x: number): HoveredValue | null => {
      const i = this.rows.indexOf(row);
      const act = this.run?.layers[i];
      if (!act?.values) return null;
      const kind = row.info.kind === 'units' ? 'units' : row.info.kind === 'image' ? 'image' : 'maps';
      const channels = row.info.kind === 'units' ? 1 : row.info.shape[2];
      const index = row.info.kind === 'units' ? channel : (y * layout.mapWidth + x) * channels + (kind === 'image' ? 0 : channel);
      return { layer: row.info.name, channel, y, x, value: act.values[index], kind };
    };
    canvas.addEventListener('mousemove', (e) => {
      const hit = hitAt(e);
      this.events.hover(hit ? valueAt(hit.channel, hit.y, hit.x) : null);
    });
    canvas.addEventListener('mouseleave', () => this.events.hover(null));
    if (row.info.kind !== 'maps') return;
    canvas.classList.add('clickable');
    canvas.addEventListener('click', (e) => {
      const hit = hitAt(e);
      if (hit) this.events.open(row.info.name, hit.channel);
    });
    canvas.addEventListener('keydown', (e) => {
      const step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: layout.columns, ArrowUp: -layout.columns }[e.key];
      if (step !== undefined) {
        row.focusChannel = Math.min(layout.channels - 1, Math.max(0, row.focusChannel + step));
        this.showFocus(row, layout);
        this.events.hover(valueAt(row.focusChannel, Math.floor(layout.mapHeight / 2), Math.floor(layout.mapWidth / 2)));
        e.preventDefault();
      } else if (e.key === 'Enter' || e.key === ' ') {
        this.events.open(row.info.name, row.focusChannel);
        e.preventDefault();
      }
    });
    canvas.addEventListener('focus', () => this.showFocus(row, layout));
    canvas.addEventListener('blur', () => row.focus?.classList.add('hidden'));
  }

  private showFocus(row: Row, layout: GridLayout): void {
    if (!row.focus || !row.canvas) return;
    const { x, y } = mapOrigin(layout, row.focusChannel);
    const scale = row.canvas.getBoundingClientRect().width / layout.width || 1;
    row.focus.classList.remove('hidden');
    row.focus.style.left = `${x * scale}px`;
    row.focus.style.top = `${y * scale}px`;
    row.focus.style.width = `${layout.mapWidth * layout.zoom * scale}px`;
    row.focus.style.height = `${layout.mapHeight * layout.zoom * scale}px`;
  }
}

function rangeText(act: LayerActivations | null): string {
  return act?.values ? `min ${formatValue(act.min)} · max ${formatValue(act.max)}` : '';
}

function notDrawnText(info: ExploreLayerInfo): string {
  return `Not drawn: a ${info.shape.length}-axis output (${info.shape.join('×') || 'scalar'}); maps need H×W×C, units one axis.`;
}
