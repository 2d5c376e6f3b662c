// The prediction: one bar per class (its probability), the predicted class marked, the true label when known.
// Bars are elements (not a canvas) so the numbers are text too, and the tests read them from data attributes.
import { h } from '../dom';

export function predictionChart(probabilities: Float32Array, predicted: number, classNames: readonly string[], label: number | null): HTMLElement {
  const rows = Array.from(probabilities, (p, c) => {
    const bar = h('span', { class: 'prob-bar' });
    bar.style.width = `${(p * 100).toFixed(2)}%`;
    const percent = `${(p * 100).toFixed(p >= 0.9995 || p < 0.0005 ? 1 : 2)}%`;
    return h('div', {
      class: `prob-row${c === predicted ? ' predicted' : ''}${c === label ? ' true-label' : ''}`,
      attrs: { 'data-class': c, 'data-probability': p, role: 'listitem', 'aria-current': c === predicted ? 'true' : undefined },
    },
    h('span', { class: 'prob-name', text: classNames[c] ?? `class ${c}` }),
    h('span', { class: 'prob-track' }, bar),
    h('span', { class: 'prob-value num', text: percent }),
    h('span', { class: 'prob-mark', text: [c === predicted ? 'predicted' : '', c === label ? 'true label' : ''].filter(Boolean).join(' · ') }));
  });
  const name = classNames[predicted] ?? `class ${predicted}`;
  const verdict = label === null ? `Predicted: ${name}` : label === predicted ? `Predicted: ${name} (correct)` : `Predicted: ${name}; the label is ${classNames[label] ?? `class ${label}`}`;
  return h('div', { class: 'prediction', attrs: { 'data-testid': 'explore-prediction', 'data-predicted': predicted } },
    h('p', { class: `verdict${label !== null && label !== predicted ? ' wrong' : ''}`, text: verdict }),
    h('div', { class: 'prob-rows', attrs: { role: 'list' } }, ...rows));
}
