// Explore's Saliency panel: for a class (the predicted one unless the user picks another: explore.targetClass), the
// gradient of its score w.r.t. the input (|gradient|, max over channels) and Grad-CAM on the last feature-map layer
// blended over the input, both at the input's size, zoomed. Gradients cost more than a forward pass (LeNet: ~22 ms on
// wasm), so they are computed after the input settles (debounced) and an older computation's result is dropped.
import type { GradCam, Saliency } from '../../src/explore/types';
import { formatPercent } from '../../src/core/format';
import { h } from '../dom';
import { paintValues } from './colorMaps';
import { fmt } from './formatValue';
import { blendHeat, displayZoom, inputToRgb, mapMax, rgbToRgba, SALIENCY_TARGET_PX } from './heatmapOverlay';
import type { ExplorePanelInput } from './panelTypes';

/** How long the input must stay put before the gradients run (a drawing changes with every stroke). */
const DEBOUNCE_MS = 120;

interface PanelParts {
  select: HTMLElement;
  selectKey: string;
  status: HTMLElement;
  figures: HTMLElement;
  note: HTMLElement;
  /** Bumped by every render and class change: a computation that finishes under an older generation is dropped. */
  generation: number;
  timer: ReturnType<typeof setTimeout> | null;
  latest: ExplorePanelInput | null;
}

const panels = new WeakMap<HTMLElement, PanelParts>();

export function renderSaliencyPanel(container: HTMLElement, input: ExplorePanelInput): void {
  let parts = panels.get(container);
  if (!parts) {
    parts = buildPanel(container);
    panels.set(container, parts);
  }
  parts.latest = input;
  refreshSelect(parts, input);
  schedule(parts);
}

function buildPanel(container: HTMLElement): PanelParts {
  const status = h('p', { class: 'caption explore-saliency-status', attrs: { 'aria-live': 'polite' } });
  const figures = h('div', { class: 'explore-saliency-figures', attrs: { 'data-testid': 'explore-saliency', 'data-status': 'idle' } });
  // Input, saliency and Grad-CAM side by side (CSSOM: the CSP allows it, not a style attribute).
  Object.assign(figures.style, { display: 'flex', flexWrap: 'wrap', gap: '16px', alignItems: 'flex-start' });
  const note = h('p', { class: 'caption' });
  const parts: PanelParts = { select: h('span'), selectKey: '', status, figures, note, generation: 0, timer: null, latest: null };
  container.replaceChildren(
    h('h3', { text: 'Saliency' }),
    h('p', { class: 'caption', text: 'Which input pixels move the class\'s score (its logit, before the softmax): |∂score/∂pixel| (Simonyan et al. 2014), and Grad-CAM (Selvaraju et al. 2017): the last feature maps weighted by their mean gradient, ReLU, scaled up to the input and laid over it.' }),
    h('div', { class: 'explore-saliency-controls' }, h('label', { text: 'Explain class ', attrs: { for: 'explore-target-class' } }), parts.select),
    status,
    figures,
    note,
  );
  return parts;
}

/** The class the panel explains: the user's choice if the model has it, else the predicted class. */
function targetOf(input: ExplorePanelInput): number | null {
  const chosen = input.ctx.state.explore.targetClass;
  if (chosen !== null && chosen < input.model.classCount) return chosen;
  return input.run ? input.run.predicted : null;
}

/** What the class select shows: rebuilt only when one of these changes. */
function selectKeyOf(input: ExplorePanelInput): string {
  return [input.classNames.join('\n'), input.model.classCount, input.run?.predicted ?? null, input.ctx.state.explore.targetClass].join('|');
}

function refreshSelect(parts: PanelParts, input: ExplorePanelInput): void {
  const predicted = input.run?.predicted ?? null;
  const chosen = input.ctx.state.explore.targetClass;
  const name = (i: number) => input.classNames[i] ?? `class ${i}`;
  const key = selectKeyOf(input);
  if (key === parts.selectKey) return;
  parts.selectKey = key;
  const options = [
    h('vscode-option', { attrs: { value: 'predicted', selected: chosen === null || chosen >= input.model.classCount }, text: predicted === null ? 'The predicted class' : `The predicted class (${name(predicted)})` }),
    ...Array.from({ length: input.model.classCount }, (_, i) =>
      h('vscode-option', { attrs: { value: String(i), selected: chosen === i }, text: `${name(i)}${i === predicted ? ' (predicted)' : ''}` })),
  ];
  const select = h('vscode-single-select', { attrs: { id: 'explore-target-class', 'data-testid': 'explore-target-class', 'aria-label': 'Class to explain' } }, ...options);
  select.addEventListener('change', () => {
    const v = (select as unknown as { value: string }).value;
    const latest = parts.latest;
    if (!latest) return;
    const targetClass = v === 'predicted' ? null : Number(v);
    latest.ctx.update({ explore: { ...latest.ctx.state.explore, targetClass } });
    // The select already shows the choice: not rebuilt (a keyboard user keeps the focus on it).
    parts.selectKey = selectKeyOf(latest);
    schedule(parts);
  });
  // A rebuild from outside (a new prediction) keeps the focus where it was.
  const hadFocus = parts.select.matches(':focus-within');
  parts.select.replaceWith(select);
  parts.select = select;
  if (hadFocus) select.focus();
}

function schedule(parts: PanelParts): void {
  const generation = ++parts.generation;
  if (parts.timer !== null) clearTimeout(parts.timer);
  const input = parts.latest;
  if (!input || !input.image || !input.run) {
    parts.timer = null;
    setStatus(parts, 'idle', 'Choose an input to see which of its pixels matter to the prediction.');
    parts.figures.replaceChildren();
    parts.note.textContent = '';
    return;
  }
  setStatus(parts, 'computing', 'Computing the gradients…');
  parts.timer = setTimeout(() => {
    parts.timer = null;
    // The gradients hold the page's one thread (0.4–1 s for a MobileNetV2-size model): let two frames present the
    // feature maps painted for this input first, so the user sees them before the page is busy.
    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => {
      if (generation === parts.generation) void compute(parts, input, generation);
    }, 0)));
  }, DEBOUNCE_MS);
}

async function compute(parts: PanelParts, input: ExplorePanelInput, generation: number): Promise<void> {
  const image = input.image!;
  const classIndex = targetOf(input);
  if (classIndex === null) return;
  const stale = () => generation !== parts.generation;
  try {
    const sal = await input.engine.saliency(input.model, image, classIndex);
    if (stale()) return;
    let cam: GradCam | null = null;
    let camError: string | null = null;
    if (input.model.lastConvLayer !== null) {
      try {
        cam = await input.engine.gradCam(input.model, image, classIndex);
      } catch (e) {
        camError = e instanceof Error ? e.message : String(e);
      }
      if (stale()) return;
    }
    draw(parts, input, sal, cam, camError);
  } catch (e) {
    // An older call's model may be disposed by now: its error is not the user's business.
    if (stale()) return;
    setStatus(parts, 'error', `Saliency failed: ${e instanceof Error ? e.message : String(e)}`);
    parts.figures.replaceChildren();
  }
}

function draw(parts: PanelParts, input: ExplorePanelInput, sal: Saliency, cam: GradCam | null, camError: string | null): void {
  const { height, width, channels } = input.model.input;
  const zoom = displayZoom(height, width);
  const name = input.classNames[sal.classIndex] ?? `class ${sal.classIndex}`;
  const probability = input.run?.probabilities[sal.classIndex];
  const base = inputToRgb(input.image!, height, width, channels);

  const inputCanvas = sizedCanvas(width, height, zoom, 'The input');
  putRgba(inputCanvas, rgbToRgba(base), width, height);

  const max = mapMax(sal.map);
  const salCanvas = sizedCanvas(width, height, zoom, `Saliency of ${name}`);
  salCanvas.setAttribute('data-testid', 'explore-saliency-map');
  salCanvas.setAttribute('data-max', String(max));
  const g = salCanvas.getContext('2d');
  if (g) {
    const img = g.createImageData(width, height);
    paintValues(img, sal.map, { width, height, min: 0, max, map: 'viridis' });
    g.putImageData(img, 0, 0);
  }

  const figures: HTMLElement[] = [
    figure(inputCanvas, `Input (${height}×${width}${channels === 1 ? '' : `×${channels}`})`),
    figure(salCanvas, `|∂score/∂pixel|, max over channels: 0 (dark) to ${fmt(max)}`),
  ];
  if (cam) {
    const camCanvas = sizedCanvas(width, height, zoom, `Grad-CAM of ${name} on ${cam.layer}`);
    camCanvas.setAttribute('data-testid', 'explore-gradcam');
    camCanvas.setAttribute('data-layer', cam.layer);
    camCanvas.setAttribute('data-class', String(cam.classIndex));
    putRgba(camCanvas, blendHeat(base, cam.heatmap), width, height);
    figures.push(figure(camCanvas, `Grad-CAM on ${cam.layer} (${cam.height}×${cam.width} maps, scaled to ${height}×${width})`));
  }
  parts.figures.replaceChildren(...figures);
  parts.figures.setAttribute('data-class', String(sal.classIndex));
  parts.figures.setAttribute('data-score', String(sal.score));
  parts.figures.setAttribute('data-layer', cam?.layer ?? '');
  const notes = [
    input.model.lastConvLayer === null ? 'Grad-CAM needs a layer with feature maps larger than 1×1: this model has none.' : null,
    camError ? `Grad-CAM failed: ${camError}` : null,
    cam && mapMax(cam.cam) === 0 ? `Grad-CAM is 0 everywhere: no map of ${cam.layer} weighs for ${name} on this input (ReLU of a sum that is ≤ 0 at every pixel).` : null,
    noteOf(sal), cam ? noteOf(cam) : null,
  ].filter((n): n is string => n !== null);
  parts.note.textContent = notes.join(' ');
  setStatus(parts, 'done',
    `${name}: score (logit) ${fmt(sal.score)}${probability === undefined ? '' : `, probability ${formatPercent(probability, 1)}`}${sal.classIndex === input.run?.predicted ? ' (the predicted class)' : ''}.`);
}

/** The engine says when it took the gradients on another backend (wasm lacks some gradient kernels). */
function noteOf(result: object): string | null {
  const note = (result as { note?: unknown }).note;
  return typeof note === 'string' && note !== '' ? note : null;
}

function setStatus(parts: PanelParts, status: 'idle' | 'computing' | 'done' | 'error', text: string): void {
  parts.status.textContent = text;
  parts.status.classList.toggle('error', status === 'error');
  parts.figures.setAttribute('data-status', status);
}

function sizedCanvas(width: number, height: number, zoom: number, label: string): HTMLCanvasElement {
  const c = h('canvas', { class: 'explore-saliency-canvas', attrs: { role: 'img', 'aria-label': label } });
  c.width = width;
  c.height = height;
  // Zoomed by CSS with square pixels (CSSOM, allowed by the CSP; no style attribute).
  c.style.width = `${width * zoom}px`;
  c.style.height = `${height * zoom}px`;
  c.style.imageRendering = 'pixelated';
  return c;
}

function putRgba(canvas: HTMLCanvasElement, rgba: Uint8ClampedArray, width: number, height: number): void {
  const g = canvas.getContext('2d');
  if (!g) return;
  const img = g.createImageData(width, height);
  img.data.set(rgba);
  g.putImageData(img, 0, 0);
}

function figure(canvas: HTMLCanvasElement, caption: string): HTMLElement {
  const f = h('figure', { class: 'explore-saliency-figure' }, canvas, h('figcaption', { class: 'caption', text: caption }));
  f.style.margin = '0';
  // Captions wrap under their image, not beyond it.
  f.style.maxWidth = `${Math.max(parseFloat(canvas.style.width) || 0, SALIENCY_TARGET_PX)}px`;
  return f;
}
