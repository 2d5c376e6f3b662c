// The notebook's "why pooling" point with its own example: three 3×3 convolutions with stride 2 and "same"
// padding (100, 200, 400 maps) on a 200×300 RGB image, without and with a 2×2 max pooling after each convolution.
// Both go through core's theory network and memory model: the figures are derived, never copied (the notebook's
// own arithmetic multiplies by input channels + 1 and rounds 75/2 down to 37, where "same" padding gives 38).
import type { MemoryOptions } from '../../src/core/memory';
import { convNetMemory, describeConvNetwork, type ConvNetLayer } from '../../src/core/theory';
import { h } from '../dom';
import { formatBytes, formatCount } from '../../src/core/format';

const INPUT = { height: 200, width: 300, channels: 3 };

export function notebookNetwork(pooling: boolean): ConvNetLayer[] {
  const layers: ConvNetLayer[] = [];
  for (const filters of [100, 200, 400]) {
    layers.push({ kind: 'conv', filters, kernel: 3, stride: 2, padding: 'same' });
    if (pooling) layers.push({ kind: 'maxpool', size: 2 });
  }
  return layers;
}

export function poolingSection(opts: MemoryOptions): HTMLElement {
  const nets = [false, true].map((pooling) => {
    const net = describeConvNetwork(INPUT, notebookNetwork(pooling));
    const perSample = convNetMemory(net, { ...opts, batchSize: 1 });
    const batch50 = convNetMemory(net, { ...opts, batchSize: 50 });
    const params = net.layers.reduce((a, l) => a + l.params, 0);
    return { net, perSample, batch50, params };
  });
  const shapes = (n: (typeof nets)[number]) => n.net.layers.map((l) => `${l.name} ${l.outputShape[2]}@${l.outputShape[0]}×${l.outputShape[1]}`).join(', ');
  const row = (label: string, id: string, cell: (n: (typeof nets)[number]) => string, numeric = true) =>
    h('tr', { attrs: { 'data-figure': id } }, h('th', { text: label }), ...nets.map((n) => h('td', { class: numeric ? 'num' : '', text: cell(n) })));
  const table = h('table', { class: 'kv pooling-table' },
    h('thead', {}, h('tr', {}, h('th'), h('th', { text: 'Without pooling' }), h('th', { text: 'With 2×2 max pooling after each conv' }))),
    h('tbody', {},
      row('Layer outputs', 'pooling-shapes', shapes, false),
      row('Parameters', 'pooling-params', (n) => formatCount(n.params)),
      row('Layer outputs, 1 image', 'pooling-activations-1', (n) => formatBytes(n.perSample.activationBytes)),
      row('Inference peak, 50 images', 'pooling-inference-50', (n) => formatBytes(n.batch50.inferencePeakBytes)),
      row('Training peak, 50 images', 'pooling-training-50', (n) => formatBytes(n.batch50.trainingPeakBytes)),
    ));
  const derivations = h('details', {}, h('summary', { text: 'Derivation, layer by layer (without pooling)' }),
    h('pre', { class: 'derivation', text: nets[0].net.layers.map((l) => `${l.name}:\n  ${l.derivation.join('\n  ')}`).join('\n') }));
  return h('div', {},
    h('h2', { text: 'Why pooling: the notebook\'s example' }),
    h('p', { class: 'caption', text: `Three 3×3 convolutions, stride 2, "same" padding, 100 → 200 → 400 maps, on a 200×300 RGB image (${opts.dtype}, ${opts.optimizer}). Pooling adds no parameters and shrinks what every later layer holds — and what training must keep for the backward pass.` }),
    table, derivations);
}
