// The prediction: one bar per class (its probability), the predicted class marked, the true label when known.
// Bars are elements (not a canvas) so the numbers are text too, and the tests read them from data attributes.
// A model with many classes (ImageNet's 1,000) shows its most probable ones, in order, and says how many it left out.
import { h } from '../dom';

/** Up to this many classes are all shown, in class order. */
export const ALL_CLASSES_UP_TO = 20;
/** Past that, the most probable this many (and the true label), most probable first. */
export const TOP_CLASSES = 10;

export function shownClasses(probabilities: ArrayLike<number>, label: number | null = null): number[] {
  const all = Array.from({ length: probabilities.length }, (_, c) => c);
  if (all.length <= ALL_CLASSES_UP_TO) return all;
  const top = all.sort((a, b) => probabilities[b] - probabilities[a] || a - b).slice(0, TOP_CLASSES);
  if (label !== null && label < probabilities.length && !top.includes(label)) top.push(label);
  return top;
}

export function predictionChart(probabilities: Float32Array, predicted: number, classNames: readonly string[], label: number | null): HTMLElement {
  const shown = shownClasses(probabilities, label);
  const rows = shown.map((c) => {
    const p = probabilities[c];
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
    h('div', { class: 'prob-rows', attrs: { role: 'list' } }, ...rows),
    shown.length < probabilities.length
      ? h('p', { class: 'caption', text: `The ${TOP_CLASSES} most probable of ${probabilities.length} classes${label !== null && shown.length > TOP_CLASSES ? ', and the true label' : ''}.` })
      : '');
}
