// The details pane of the selected layer: numbers, the derivation lines from core's analysis, the layer config.
import type { LayerAnalysis } from '../../src/core';
import { h, icon } from '../dom';
import { formatBytes, formatCompact, formatCount } from '../../src/core/format';
import { formatOutputShapes } from '../tensorLayout';
import type { ViewContext } from '../context';

export function layerDetails(ctx: ViewContext, layer: LayerAnalysis | null): HTMLElement {
  if (!layer) {
    return h('div', { class: 'details empty', text: 'Select a layer to see its shapes, parameters and how they were derived.' });
  }
  const config = ctx.data.model?.layerConfigs?.[layer.name];
  const batch = ctx.state.memory.batchSize;
  const format = ctx.data.model?.analysis.model.format ?? '';
  const torch = format === 'pytorch';
  // A layer called more than once (a shared layer, a PyTorch module forward calls twice) shows every call's shapes.
  const calls = layer.calls && layer.calls.length > 1 ? layer.calls : null;
  const shapesOf = (pick: 'inputShapes' | 'outputShapes') => (calls
    ? calls.map((c, i) => `${formatOutputShapes(c[pick], format)} (call ${i + 1})`).join('; ')
    : formatOutputShapes(layer[pick], format));
  const rows: [string, string][] = [
    ['Class', layer.className],
    ['Input', shapesOf('inputShapes')],
    ['Output', shapesOf('outputShapes')],
    ['Parameters', `${formatCount(layer.params)} (${formatCount(layer.trainableParams)} trainable, ${formatCount(layer.nonTrainableParams)} non-trainable)`],
    // Buffers apart from parameters: saved in the state_dict, updated by forward, never by the optimizer.
    ...(torch ? [['Buffers', layer.buffers === null ? '?' : !layer.buffers ? 'none' : `${formatCount(layer.buffers)} elements (running statistics: saved with the model, not trained)`] as [string, string]] : []),
    ['MACs / sample', layer.macs === null ? '?' : `${formatCount(layer.macs)} (${formatCompact(layer.macs)})`],
    ['Output memory', layer.outputBytesPerSample === null ? '?' : `${formatBytes(layer.outputBytesPerSample)} / sample, ${formatBytes(layer.outputBytesPerSample * batch)} / batch of ${batch}`],
  ];
  const canReveal = ctx.data.model?.model.source === 'file' || ctx.data.model?.model.source === 'pytorch';
  return h('div', { class: 'details' },
    h('div', { class: 'details-head' },
      h('h3', { text: layer.name }),
      canReveal ? h('vscode-button', {
        attrs: { secondary: true, 'data-action': 'reveal' },
        title: torch ? 'Show this layer in the source' : 'Show this layer in the model file',
        on: { click: () => ctx.selectLayer(layer.name, true) },
      }, icon('go-to-file'), ' Reveal in editor') : null,
    ),
    h('table', { class: 'kv' }, ...rows.map(([k, v]) => h('tr', {}, h('th', { text: k }), h('td', { text: v })))),
    layer.derivation.length > 0 ? h('h4', { text: 'Derivation' }) : null,
    layer.derivation.length > 0 ? h('pre', { class: 'derivation', text: layer.derivation.join('\n') }) : null,
    config ? h('details', {}, h('summary', { text: torch ? 'Arguments' : 'Config' }), h('pre', { class: 'config', text: JSON.stringify(config, null, 2) })) : null,
  );
}
