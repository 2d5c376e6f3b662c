// The details pane of the selected layer: numbers, the derivation lines from core's analysis, the layer config.
import type { LayerAnalysis } from '../../src/core';
import { h, icon } from '../dom';
import { formatBytes, formatCompact, formatCount, formatSampleShapes } from '../../src/core/format';
import type { ViewContext } from '../context';

export function layerDetails(ctx: ViewContext, layer: LayerAnalysis | null): HTMLElement {
  if (!layer) {
    return h('div', { class: 'details empty', text: 'Select a layer to see its shapes, parameters and how they were derived.' });
  }
  const config = ctx.data.model?.layerConfigs?.[layer.name];
  const batch = ctx.state.memory.batchSize;
  const rows: [string, string][] = [
    ['Class', layer.className],
    ['Input', formatSampleShapes(layer.inputShapes)],
    ['Output', formatSampleShapes(layer.outputShapes)],
    ['Parameters', `${formatCount(layer.params)} (${formatCount(layer.trainableParams)} trainable, ${formatCount(layer.nonTrainableParams)} non-trainable)`],
    ['MACs / sample', layer.macs === null ? '?' : `${formatCount(layer.macs)} (${formatCompact(layer.macs)})`],
    ['Output memory', layer.outputBytesPerSample === null ? '?' : `${formatBytes(layer.outputBytesPerSample)} / sample, ${formatBytes(layer.outputBytesPerSample * batch)} / batch of ${batch}`],
  ];
  const canReveal = ctx.data.model?.model.source === 'file';
  return h('div', { class: 'details' },
    h('div', { class: 'details-head' },
      h('h3', { text: layer.name }),
      canReveal ? h('vscode-button', {
        attrs: { secondary: true, 'data-action': 'reveal' },
        title: 'Show this layer in the model file',
        on: { click: () => ctx.selectLayer(layer.name, true) },
      }, icon('go-to-file'), ' Reveal in editor') : null,
    ),
    h('table', { class: 'kv' }, ...rows.map(([k, v]) => h('tr', {}, h('th', { text: k }), h('td', { text: v })))),
    layer.derivation.length > 0 ? h('h4', { text: 'Derivation' }) : null,
    layer.derivation.length > 0 ? h('pre', { class: 'derivation', text: layer.derivation.join('\n') }) : null,
    config ? h('details', {}, h('summary', { text: 'Config' }), h('pre', { class: 'config', text: JSON.stringify(config, null, 2) })) : null,
  );
}
