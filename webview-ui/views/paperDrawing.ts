// The LeNet paper's figure for a sequential CNN: each stage a stack of feature maps sized by height×width, the
// stack's depth showing the number of maps, labelled "C1: 6@28×28". SVG, laid out left to right.
import { s } from '../dom';
import type { Stage } from '../paperLabels';

const MAX_STACK = 8;
const GAP = 34;
const TOP = 36;
/** Text sizes in drawing units (styles.css sets the same): the drawing is never shown below MIN_SCALE, so on screen
 * the captions stay ≥ 12.5 × 0.94 ≈ 11.8 px (they were drawn at ~8 px when a narrow panel shrank the figure). */
const LINE = 15;
const LABEL_CHAR = 7.8;
const CAPTION_CHAR = 6.6;
const MIN_SCALE = 0.94;
const MAX_SCALE = 1.6;

/** Side of a map in px: proportional to its size, clamped so 1×1 maps stay visible and 224×224 maps fit. */
function side(n: number, scale: number): number {
  return Math.max(8, Math.min(160, n * scale));
}

/** A window size as written in a caption: `[5, 5]` → 5×5; a single number stands for every spatial axis (2-D unless said). */
const pair = (v: unknown, rank = 2) => (Array.isArray(v) ? v.join('×') : typeof v === 'number' ? Array(Math.max(1, rank)).fill(v).join('×') : '');

/** The operation that makes a stage, as the paper's figure captions it: "conv 5×5 + relu", "max pool 2×2", "dense". */
export function operationCaption(stage: Stage, config: Record<string, unknown> | undefined, format = ''): string {
  if (format === 'pytorch') return torchOperationCaption(stage, config);
  const act = typeof config?.activation === 'string' && config.activation !== 'linear' ? ` + ${config.activation}` : '';
  if (stage.kind === 'conv') return `conv ${pair(config?.kernel_size)}${act}`;
  if (stage.kind === 'pool') {
    const kind = /^Max/.test(stage.layer.className) ? 'max' : 'avg';
    return /Global/.test(stage.layer.className) ? `global ${kind} pool` : `${kind} pool ${pair(config?.pool_size ?? [2, 2])}`;
  }
  if (stage.kind === 'dense') return `dense${act}`;
  return stage.layer.className;
}

/**
 * The same for a PyTorch module or functional call (`Conv2d`, `F.max_pool2d`), from its arguments: PyTorch's kernels are
 * `kernel_size` (pools' too), and an activation is a layer of its own (folded as an extra), never fused.
 */
function torchOperationCaption(stage: Stage, args: Record<string, unknown> | undefined): string {
  const name = stage.layer.className.replace(/^(F|torch|Tensor)\./, '');
  // PyTorch's int kernel_size stands for every spatial axis: Conv3d(…, 3) is 3×3×3, MaxPool1d(3) is 3.
  const kernel = pair(args?.kernel_size, stage.spatialRank);
  if (stage.kind === 'conv') return `${/Transpose/i.test(name) ? 'transposed conv' : 'conv'}${kernel ? ` ${kernel}` : ''}`;
  if (stage.kind === 'pool') {
    const kind = /max/i.test(name) ? 'max' : /lp/i.test(name) ? 'LP' : 'avg';
    if (/adaptive/i.test(name)) return `adaptive ${kind} pool`;
    return `${kind} pool${kernel ? ` ${kernel}` : ''}`;
  }
  if (stage.kind === 'dense') return /bilinear/i.test(name) ? 'bilinear' : 'linear';
  return stage.layer.className;
}

/** A folded layer as the paper would annotate it: "BN", "sigmoid", "dropout 0.001", "flatten". */
export function extraName(className: string, config: Record<string, unknown> | undefined, format = ''): string {
  if (format === 'pytorch') {
    // `F.relu`, `torch.flatten`, `Tensor.view` are written as the function; BatchNorm1d/2d/3d alike.
    const name = className.replace(/^(F|torch|Tensor)\./, '');
    if (/^BatchNorm[123]d$/.test(name) || name === 'batch_norm') return 'batch norm';
    if (/^Dropout/.test(name) && typeof config?.p === 'number') return `dropout ${config.p}`;
    return name.toLowerCase();
  }
  if (className === 'Activation' && typeof config?.activation === 'string') return config.activation;
  if (className === 'BatchNormalization') return 'batch norm';
  if (className === 'Dropout' && typeof config?.rate === 'number') return `dropout ${config.rate}`;
  return className.toLowerCase();
}

export function drawPaperFigure(
  stages: readonly Stage[],
  configs: Record<string, Record<string, unknown>> | undefined,
  selected: string | null,
  onSelect: (layer: string) => void,
  format = '',
): SVGSVGElement {
  // Scale from the largest feature map (not from dense units, which are drawn on their own log scale).
  const maxSpatial = Math.max(1, ...stages.filter((st) => st.kind !== 'dense' && st.width > 1).map((st) => Math.max(st.height, st.width)));
  const scale = 100 / Math.max(28, maxSpatial);
  const svg = s('svg', { class: 'paper', role: 'group', 'aria-label': 'Feature maps of the network, stage by stage' });
  let x = 16;
  let maxBottom = 0;
  const centers: number[] = [];
  const groups: SVGGElement[] = [];
  stages.forEach((st) => {
    const isMap = st.kind !== 'dense' && st.width > 1;
    const w = isMap ? side(st.width, scale) : 14;
    const hgt = isMap ? side(st.height, scale) : Math.max(20, Math.min(190, 16 * Math.log2(1 + st.height)));
    const count = isMap ? Math.min(st.depth, MAX_STACK) : 1;
    const step = isMap ? Math.max(3, Math.min(7, 40 / count)) : 0;
    const g = s('g', { class: `stage stage-${st.kind}${st.layer.name === selected ? ' selected' : ''}`, 'data-layer': st.layer.name, tabindex: 0, role: 'button' });
    const title = s('title');
    title.textContent = `${st.layer.name} (${st.layer.className})${st.extras.length ? ' + ' + st.extras.map((e) => e.className).join(', ') : ''}`;
    g.append(title);
    for (let k = count - 1; k >= 0; k--) {
      g.append(s('rect', { x: x + k * step, y: TOP + 20 + k * step, width: w, height: hgt, class: 'map' }));
    }
    const label = s('text', { x: x, y: TOP, class: 'stage-label' });
    label.textContent = st.label;
    g.append(label);
    const bottom = TOP + 20 + (count - 1) * step + hgt;
    const caption = st.kind === 'input' ? 'input' : operationCaption(st, configs?.[st.layer.name], format);
    const extras = [caption, ...st.extras.map((e) => `+ ${extraName(e.className, configs?.[e.name], format)}`)];
    extras.forEach((name, i) => {
      const t = s('text', { x: x, y: bottom + 18 + i * LINE, class: i === 0 ? 'stage-class' : 'stage-extra' });
      t.textContent = name;
      g.append(t);
    });
    maxBottom = Math.max(maxBottom, bottom + 18 + extras.length * LINE);
    const textWidth = Math.max(st.label.length * LABEL_CHAR, ...extras.map((e) => e.length * CAPTION_CHAR));
    const hitWidth = Math.max(w + (count - 1) * step, textWidth);
    // An invisible box over the whole stage so a click anywhere on it (not only on a map's outline) selects it.
    g.prepend(s('rect', { x: x - 4, y: TOP - 16, width: hitWidth + 8, height: bottom + extras.length * LINE + 10 - (TOP - 16), class: 'hit' }));
    g.addEventListener('click', () => onSelect(st.layer.name));
    g.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') onSelect(st.layer.name); });
    groups.push(g);
    const blockWidth = hitWidth;
    centers.push(TOP + 20 + hgt / 2);
    x += blockWidth + GAP;
    (g as SVGGElement & { _right?: number })._right = x - GAP;
  });
  // An arrow across each gap, from one stage's maps to the next (the paper's figure reads left to right).
  stages.forEach((st, i) => {
    if (i === 0) return;
    const prev = groups[i - 1] as SVGGElement & { _right?: number };
    const gx = (prev._right ?? 0) + 6;
    const y = Math.min(centers[i - 1], centers[i]);
    const arrow = s('path', { d: `M ${gx} ${y} h ${GAP - 14} l -5 -4 m 5 4 l -5 4`, class: 'op-arrow' });
    const t = s('title');
    t.textContent = operationCaption(st, configs?.[st.layer.name], format);
    arrow.append(t);
    svg.append(arrow);
  });
  groups.forEach((g) => svg.append(g));
  const width = x - GAP + 16;
  svg.setAttribute('viewBox', `0 0 ${width} ${maxBottom + 10}`);
  // The figure fills its column (height follows the viewBox), grows up to MAX_SCALE, and scrolls sideways rather
  // than shrinking its text below MIN_SCALE. CSSOM, not a style attribute (the CSP forbids those).
  svg.style.width = '100%';
  svg.style.minWidth = `${Math.ceil(width * MIN_SCALE)}px`;
  svg.style.maxWidth = `${Math.floor(width * MAX_SCALE)}px`;
  return svg;
}

