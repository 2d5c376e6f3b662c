// One feature map enlarged beside the input image, with the receptive field of the pointed pixel outlined on the
// input (the engine's receptiveField: every input pixel that can change that value). Mouse or arrow keys pick the
// pixel; Escape or the close button leaves.
import type { ExploreModel, ExploreRun, InputRegion } from '../../src/explore/types';
import { h, icon } from '../dom';
import { paintValues } from './colorMaps';
import { paintImage } from './layerPainter';
import { formatValue } from './formatValue';
import type { ExploreEngine } from './panelTypes';
import { canvasPoint } from './pixelCanvas';

/** The enlarged views' side in CSS pixels (integer zoom below it). */
const SIDE = 280;

export interface EnlargedInput {
  engine: ExploreEngine;
  model: ExploreModel;
  run: ExploreRun;
  layer: string;
  channel: number;
  scale: 'shared' | 'perMap';
  /** The model's input image (H×W×C, [0, 1]). */
  image: Float32Array;
  close(): void;
}

export function enlargedMap(o: EnlargedInput): HTMLElement | null {
  const li = o.model.layers.findIndex((l) => l.name === o.layer);
  const act = o.run.layers[li];
  const info = o.model.layers[li];
  if (!act?.values || info.kind !== 'maps' || info.shape.length !== 3 || o.channel >= info.shape[2]) return null;
  const [mh, mw, mc] = info.shape;
  const values = act.values;
  let min = act.min;
  let max = act.max;
  if (o.scale === 'perMap') {
    min = Infinity;
    max = -Infinity;
    for (let i = o.channel; i < values.length; i += mc) {
      min = Math.min(min, values[i]);
      max = Math.max(max, values[i]);
    }
  }
  const mapZoom = Math.max(1, Math.floor(SIDE / Math.max(mh, mw)));
  const mapCanvas = h('canvas', { class: 'enlarged-map', attrs: { width: mw * mapZoom, height: mh * mapZoom, tabindex: 0, 'aria-label': `${o.layer} map ${o.channel} enlarged: arrow keys move the pixel` } });
  paintOnto(mapCanvas, (image) => paintValues(image, values, { width: mw, height: mh, channels: mc, channel: o.channel, min, max, map: 'viridis', zoom: mapZoom }));
  const { height: ih, width: iw, channels: ic } = o.model.input;
  const inZoom = Math.max(1, Math.floor(SIDE / Math.max(ih, iw)));
  const inputCanvas = h('canvas', { class: 'enlarged-input', attrs: { width: iw * inZoom, height: ih * inZoom } });
  paintOnto(inputCanvas, (image) => paintImage(image, o.image, ih, iw, ic, inZoom));
  const pixelMark = h('div', { class: 'pixel-mark' });
  const field = h('div', { class: 'receptive-field', attrs: { 'data-testid': 'explore-receptive-field' } });
  const readout = h('p', { class: 'enlarged-readout', attrs: { 'aria-live': 'polite' } });
  let at = { y: Math.floor(mh / 2), x: Math.floor(mw / 2) };

  const show = () => {
    const region: InputRegion | null = o.engine.receptiveField(o.model, o.layer, at.y, at.x);
    const v = values[(at.y * mw + at.x) * mc + o.channel];
    place(pixelMark, at.x * mapZoom, at.y * mapZoom, mapZoom, mapZoom);
    if (region) {
      field.classList.remove('hidden');
      for (const k of ['top', 'left', 'bottom', 'right'] as const) field.dataset[k] = String(region[k]);
      place(field, region.left * inZoom, region.top * inZoom, (region.right - region.left + 1) * inZoom, (region.bottom - region.top + 1) * inZoom);
    } else {
      field.classList.add('hidden');
    }
    readout.dataset.y = String(at.y);
    readout.dataset.x = String(at.x);
    readout.dataset.value = String(v);
    readout.textContent = `(row ${at.y}, column ${at.x}) = ${formatValue(v)}` + (region
      ? ` · receptive field: rows ${region.top}–${region.bottom}, columns ${region.left}–${region.right} (${region.bottom - region.top + 1}×${region.right - region.left + 1} input pixels)`
      : ' · no receptive field for this layer');
  };
  mapCanvas.addEventListener('mousemove', (e) => {
    const [px, py] = canvasPoint(mapCanvas, e, mw, mh);
    const x = Math.floor(px);
    const y = Math.floor(py);
    if (x >= 0 && y >= 0 && x < mw && y < mh && (x !== at.x || y !== at.y)) {
      at = { y, x };
      show();
    }
  });
  mapCanvas.addEventListener('keydown', (e) => {
    const d = ({ ArrowRight: [0, 1], ArrowLeft: [0, -1], ArrowDown: [1, 0], ArrowUp: [-1, 0] } as Record<string, [number, number]>)[e.key];
    if (!d) return;
    e.preventDefault();
    at = { y: Math.min(mh - 1, Math.max(0, at.y + d[0])), x: Math.min(mw - 1, Math.max(0, at.x + d[1])) };
    show();
  });
  const panel = h('div', { class: 'enlarged', attrs: { 'data-testid': 'explore-enlarged', 'data-layer': o.layer, 'data-channel': o.channel, role: 'dialog', 'aria-label': `${o.layer}, map ${o.channel}` } },
    h('div', { class: 'enlarged-head' },
      h('h3', { text: `${o.layer} · map ${o.channel} (${mh}×${mw})` }),
      h('vscode-button', { attrs: { secondary: true, 'aria-label': 'Close the enlarged map' }, on: { click: () => o.close() } }, icon('close'))),
    h('div', { class: 'enlarged-body' },
      h('figure', {}, h('div', { class: 'canvas-frame' }, mapCanvas, pixelMark), h('figcaption', { text: 'Feature map (point at a pixel)' })),
      h('figure', {}, h('div', { class: 'canvas-frame' }, inputCanvas, field), h('figcaption', { text: 'Input: its receptive field outlined' }))),
    readout);
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') o.close();
  });
  show();
  return panel;
}

/** Positions an overlay over its canvas, in the canvas's own pixels (the canvas is drawn at its size: no CSS scaling). */
function place(el: HTMLElement, left: number, top: number, width: number, height: number): void {
  el.style.left = `${left}px`;
  el.style.top = `${top}px`;
  el.style.width = `${width}px`;
  el.style.height = `${height}px`;
}

function paintOnto(canvas: HTMLCanvasElement, paint: (image: ImageData) => void): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  const image = context.createImageData(canvas.width, canvas.height);
  paint(image);
  context.putImageData(image, 0, 0);
}
