// Explore's Filters panel: every conv layer's kernels as images (one canvas per layer, diverging colours centred on 0,
// one scale per layer), the weight under the pointer (or the keyboard cursor) read out; and, for the first conv
// layer, each filter beside its feature map on the chosen input: what the filter responds to.
// The kernels depend on the model only: they are drawn once per model id (each layer's when its section is first
// opened); the responses are redrawn for every run.
import type { ExploreLayerInfo, LayerActivations, LayerKernel } from '../../src/explore/types';
import { h, present } from '../dom';
import { paintValues } from './colorMaps';
import { fmt } from './formatValue';
import {
  cellAt, cellOrigin, kernelGrid, kernelPixelAt, kernelValueIndex, responseGrid, responsePixelAt, symmetricRange, tileOrigin,
  type KernelGrid, type KernelPixel, type ResponseGrid,
} from './kernelGrid';
import { channelRanges } from './mapGrid';
import type { ExplorePanelInput } from './panelTypes';
import { canvasPoint } from './pixelCanvas';

/** Kernel sections open at first: all of a small model's, the first two of a large one (the rest paint when opened). */
const OPEN_SECTIONS = 4;

interface PanelParts {
  modelId: string;
  /** The kernel layers' names: a next model with the same ones (a live run's next epoch) keeps the open sections. */
  layerKey: string;
  readout: HTMLElement;
  kernels: HTMLElement;
  responses: HTMLElement;
}

const panels = new WeakMap<HTMLElement, PanelParts>();

export function renderFiltersPanel(container: HTMLElement, input: ExplorePanelInput): void {
  let parts = panels.get(container);
  if (!parts || parts.modelId !== input.modelId) {
    parts = buildPanel(container, input, parts?.layerKey === layerKeyOf(input) ? openLayers(parts) : null);
    panels.set(container, parts);
  }
  renderResponses(parts, input);
}

function layerKeyOf(input: ExplorePanelInput): string {
  return input.model.layers.filter((l) => l.hasKernel).map((l) => l.name).join('\n');
}

function openLayers(parts: PanelParts): Set<string> {
  return new Set([...parts.kernels.querySelectorAll<HTMLDetailsElement>('details[data-layer]')].filter((d) => d.open).map((d) => d.dataset.layer ?? ''));
}

function buildPanel(container: HTMLElement, input: ExplorePanelInput, open: Set<string> | null): PanelParts {
  const readout = h('div', { class: 'explore-filter-value', attrs: { 'data-testid': 'explore-filter-value', 'aria-live': 'polite' }, text: 'Hover a weight or a map pixel to read its value.' });
  const responses = h('div', { class: 'explore-filter-responses' });
  const kernels = h('div', { class: 'explore-filter-layers' });
  const layers = input.model.layers.filter((l) => l.hasKernel);
  const parts: PanelParts = { modelId: input.modelId, layerKey: layerKeyOf(input), readout, kernels, responses };
  container.replaceChildren(
    h('h3', { text: 'Filters' }),
    h('p', { class: 'caption', text: 'Each conv layer\'s kernels: blue below 0, white at 0, red above (one scale per layer, ± its largest |weight|). Rows are filters, columns input channels (one input channel: the filters in a row); a depthwise kernel has one cell per channel.' }),
    readout,
    responses,
    kernels,
  );
  if (layers.length === 0) {
    kernels.append(h('p', { class: 'caption', text: 'This model has no convolution kernels to draw.' }));
    return parts;
  }
  const { engine, model } = input;
  layers.forEach((layer, i) => {
    const opened = open ? open.has(layer.name) : i < (layers.length <= OPEN_SECTIONS ? OPEN_SECTIONS : 2);
    kernels.append(kernelSection(layer, () => engine.kernelOf(model, layer.name), readout, opened));
  });
  return parts;
}

function isDepthwise(layer: ExploreLayerInfo): boolean {
  return layer.className === 'DepthwiseConv2D' || layer.className === 'SeparableConv2D';
}

/**
 * A layer's section: its kernel is read (a copy of the weights) and painted when the section is first open, so a large
 * model's closed sections cost nothing.
 */
function kernelSection(layer: ExploreLayerInfo, readKernel: () => LayerKernel | null, readout: HTMLElement, open: boolean): HTMLElement {
  const summary = h('summary', {}, `${layer.name} · ${layer.className}`);
  const details = h('details', { class: 'explore-filter-layer', attrs: { 'data-layer': layer.name } }, summary);
  let built = false;
  const build = () => {
    if (built || !details.open) return;
    built = true;
    const kernel = readKernel();
    if (!kernel) {
      details.append(h('p', { class: 'caption', text: 'Its kernel weights were not found.' }));
      return;
    }
    const depthwise = isDepthwise(layer);
    const grid = kernelGrid(kernel.shape, depthwise);
    const range = symmetricRange(kernel.values);
    summary.textContent = `${layer.name} · ${layer.className} · ${kernelShapeText(kernel, depthwise)} · weights in [${fmt(-range.max)}, ${fmt(range.max)}]`;
    const canvas = kernelCanvas(layer, kernel, depthwise, grid, readout);
    paintKernelGrid(canvas, grid, kernel, range);
    details.append(...present(cutNote(grid), canvas));
  };
  details.addEventListener('toggle', build);
  details.open = open;
  // Setting `open` on a detached section fires no toggle in every engine: build once the current task is done.
  queueMicrotask(build);
  return details;
}

/** One layer's kernels: the weight under the pointer, or under a keyboard cursor moved with the arrows, read out. */
function kernelCanvas(layer: ExploreLayerInfo, kernel: LayerKernel, depthwise: boolean, grid: KernelGrid, readout: HTMLElement): HTMLCanvasElement {
  const [kh, kw, cin, cout] = kernel.shape;
  const canvas = h('canvas', {
    class: 'explore-kernel-canvas',
    attrs: {
      'data-testid': 'explore-filters', 'data-layer': layer.name, 'data-shape': kernel.shape.join(','), tabindex: 0,
      role: 'img', 'aria-label': `${layer.name} kernels, ${kernelShapeText(kernel, depthwise)}: arrow keys move between weights`,
    },
  });
  canvas.width = grid.width;
  canvas.height = grid.height;
  canvas.style.maxWidth = '100%';
  const show = (p: KernelPixel | null) => {
    if (!p) return;
    const v = kernel.values[kernelValueIndex(kernel.shape, p)];
    const which = depthwise ? `channel ${p.channel}${cout > 1 ? `, multiplier ${p.filter}` : ''}` : `filter ${p.filter}${cin > 1 ? `, input channel ${p.channel}` : ''}`;
    setReadout(readout, `${layer.name} · ${which} · weight (row ${p.ky}, col ${p.kx}): ${fmt(v)}`,
      { layer: layer.name, part: 'kernel', filter: p.filter, channel: p.channel, ky: p.ky, kx: p.kx, value: v });
  };
  canvas.addEventListener('mousemove', (e) => show(kernelPixelAt(grid, ...canvasPoint(canvas, e))));
  // The cursor in weights: grid row × kh + kernel row, grid column × kw + kernel column.
  let cursor = { gy: 0, gx: 0 };
  const cursorPixel = (gy: number, gx: number): KernelPixel | null => {
    const cell = cellAt(grid, Math.floor(gy / kh), Math.floor(gx / kw));
    return cell ? { ...cell, ky: gy % kh, kx: gx % kw } : null;
  };
  canvas.addEventListener('keydown', (e) => {
    const step: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const d = step[e.key];
    if (!d) return;
    e.preventDefault();
    const gy = clamp(cursor.gy + d[0], 0, grid.rows * kh - 1);
    const gx = clamp(cursor.gx + d[1], 0, grid.cols * kw - 1);
    const p = cursorPixel(gy, gx);
    if (!p) return;
    cursor = { gy, gx };
    show(p);
  });
  canvas.addEventListener('focus', () => show(cursorPixel(cursor.gy, cursor.gx)));
  return canvas;
}

function kernelShapeText(kernel: LayerKernel, depthwise: boolean): string {
  const [kh, kw, cin, cout] = kernel.shape;
  return depthwise
    ? `${cin} channels × ${cout === 1 ? '' : `${cout} multipliers × `}${kh}×${kw}`
    : `${cout} filters × ${cin} input channel${cin === 1 ? '' : 's'} × ${kh}×${kw}`;
}

/** What the canvas leaves out when the layer's kernels do not fit it. */
function cutNote(grid: KernelGrid): HTMLElement | null {
  if (grid.shownCells === grid.totalCells) return null;
  const text = grid.layout === 'wrapped'
    ? `Showing the first ${grid.shownCells} of ${grid.totalCells} kernels (the canvas's size limit).`
    : grid.depthwise
      ? `Showing channels 0–${grid.rows - 1} of ${grid.matrixRows} and multipliers 0–${grid.cols - 1} of ${grid.matrixCols} (the canvas's size limit).`
      : `Showing filters 0–${grid.rows - 1} of ${grid.matrixRows} and input channels 0–${grid.cols - 1} of ${grid.matrixCols} (the canvas's size limit).`;
  return h('p', { class: 'caption', attrs: { 'data-cut': `${grid.shownCells}/${grid.totalCells}` }, text });
}

function paintKernelGrid(canvas: HTMLCanvasElement, grid: KernelGrid, kernel: LayerKernel, range: { min: number; max: number }): void {
  const g = canvas.getContext('2d');
  if (!g || grid.width === 0 || grid.height === 0) return;
  const image = g.createImageData(grid.width, grid.height);
  const [kh, kw, cin, cout] = kernel.shape;
  for (let row = 0; row < grid.rows; row++) {
    for (let col = 0; col < grid.cols; col++) {
      const cell = cellAt(grid, row, col);
      if (!cell) continue;
      const o = cellOrigin(grid, row, col);
      // [kh, kw, cin, cout] row-major is a kh×kw map of cin × cout interleaved channels.
      paintValues(image, kernel.values, {
        width: kw, height: kh, channels: cin * cout, channel: cell.channel * cout + cell.filter,
        min: range.min, max: range.max, map: 'diverging', x0: o.x, y0: o.y, zoom: grid.zoom,
      });
    }
  }
  g.putImageData(image, 0, 0);
}

// ---------- the first conv layer on the chosen input ----------

function renderResponses(parts: PanelParts, input: ExplorePanelInput): void {
  const layer = input.model.layers.find((l) => l.hasKernel);
  if (!layer || layer.className !== 'Conv2D') {
    parts.responses.replaceChildren();
    return;
  }
  const title = h('h4', { text: `What ${layer.name}'s filters respond to on this input` });
  const kernel = input.engine.kernelOf(input.model, layer.name);
  const act = input.run?.layers.find((a) => a.layer === layer.name) ?? null;
  if (!kernel) {
    parts.responses.replaceChildren();
    return;
  }
  if (!input.run || !act) {
    parts.responses.replaceChildren(title, h('p', { class: 'caption', text: 'Choose an input to see each filter beside the feature map it makes.' }));
    return;
  }
  if (!act.values) {
    parts.responses.replaceChildren(title, h('p', { class: 'caption', text: `Skipped: ${act.skipped ?? 'no values'}` }));
    return;
  }
  const [mh, mw, channels] = act.shape;
  if (act.shape.length !== 3 || channels !== kernel.shape[3]) {
    parts.responses.replaceChildren();
    return;
  }
  const grid = responseGrid(kernel.shape, mh, mw);
  const perMap = input.ctx.state.explore.scale === 'perMap';
  const canvas = h('canvas', {
    class: 'explore-response-canvas',
    attrs: { 'data-testid': 'explore-filter-responses', 'data-layer': layer.name, 'data-scale': perMap ? 'perMap' : 'shared', role: 'img', 'aria-label': `${layer.name}: each filter beside its feature map on this input` },
  });
  canvas.width = grid.wrap.width;
  canvas.height = grid.wrap.height;
  canvas.style.maxWidth = '100%';
  paintResponses(canvas, grid, kernel, act, perMap);
  canvas.addEventListener('mousemove', (e) => {
    const p = responsePixelAt(grid, ...canvasPoint(canvas, e));
    if (!p) return;
    if (p.part === 'kernel') {
      const v = kernel.values[kernelValueIndex(kernel.shape, p)];
      setReadout(parts.readout, `${layer.name} · filter ${p.filter}${kernel.shape[2] > 1 ? `, input channel ${p.channel}` : ''} · weight (row ${p.ky}, col ${p.kx}): ${fmt(v)}`,
        { layer: layer.name, part: 'kernel', filter: p.filter, channel: p.channel, ky: p.ky, kx: p.kx, value: v });
    } else {
      const v = act.values![(p.y * mw + p.x) * channels + p.filter];
      setReadout(parts.readout, `${layer.name} · map ${p.filter} · (y ${p.y}, x ${p.x}): ${fmt(v)}`,
        { layer: layer.name, part: 'map', filter: p.filter, y: p.y, x: p.x, value: v });
    }
  });
  const shown = grid.wrap.shown < grid.filters ? h('p', { class: 'caption', text: `Showing the first ${grid.wrap.shown} of ${grid.filters} filters.` }) : null;
  parts.responses.replaceChildren(...present(title,
    h('p', { class: 'caption', text: `Kernel (blue < 0 < red) beside its ${mh}×${mw} map, ${layer.name}'s output (viridis, ${perMap ? 'each map its own scale' : `one scale for all maps: [${fmt(act.min)}, ${fmt(act.max)}]`}).` }),
    shown, canvas));
}

function paintResponses(canvas: HTMLCanvasElement, grid: ResponseGrid, kernel: LayerKernel, act: LayerActivations, perMap: boolean): void {
  const g = canvas.getContext('2d');
  if (!g || grid.wrap.width === 0 || grid.wrap.height === 0 || !act.values) return;
  const image = g.createImageData(grid.wrap.width, grid.wrap.height);
  const [kh, kw, cin, cout] = kernel.shape;
  const range = symmetricRange(kernel.values);
  const mapRanges = perMap ? channelRanges(act.values, cout) : null;
  for (let f = 0; f < grid.wrap.shown; f++) {
    const o = tileOrigin(grid, f);
    for (let c = 0; c < cin; c++) {
      paintValues(image, kernel.values, {
        width: kw, height: kh, channels: cin * cout, channel: c * cout + f, min: range.min, max: range.max, map: 'diverging',
        x0: o.x + c * (kw * grid.kernelZoom + grid.gap), y0: o.y, zoom: grid.kernelZoom,
      });
    }
    const scale = mapRanges ? { min: mapRanges.min[f], max: mapRanges.max[f] } : { min: act.min, max: act.max };
    paintValues(image, act.values, {
      width: grid.mapWidth, height: grid.mapHeight, channels: cout, channel: f, min: scale.min, max: scale.max, map: 'viridis',
      x0: o.x + grid.mapX, y0: o.y, zoom: grid.mapZoom,
    });
  }
  g.putImageData(image, 0, 0);
}

// ---------- shared ----------

function setReadout(el: HTMLElement, text: string, data: Record<string, string | number>): void {
  el.textContent = text;
  for (const [k, v] of Object.entries(data)) el.setAttribute(`data-${k}`, String(v));
  // A kernel readout has no y/x and a map readout no channel/ky/kx: drop what the other kind left.
  for (const k of ['filter', 'channel', 'ky', 'kx', 'y', 'x']) if (!(k in data)) el.removeAttribute(`data-${k}`);
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

