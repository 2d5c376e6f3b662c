// View 5: the notebook's calculators, each pre-filled with its worked example and showing the formula with the
// numbers substituted. Each card computes from its own fields as they read now (theoryCalculators.ts, with core's
// arithmetic), so a card never shows a result for values that are no longer in its fields, and editing one card
// never touches another. The saved state only pre-fills the fields when the view is built.
import type { View, ViewContext } from '../context';
import { h } from '../dom';
import { CALCULATORS, calculatorValues, computeCard, readField, type Calculator } from '../theoryCalculators';

interface Card {
  calc: Calculator;
  inputs: { id: string; el: HTMLElement & { value: string } }[];
  result: HTMLElement;
  error: HTMLElement;
  formula: HTMLElement;
}

export class TheoryView implements View {
  readonly element = h('section', { class: 'view theory', attrs: { 'data-view': 'theory' } });
  private readonly cards: Card[] = [];

  render(ctx: ViewContext): void {
    if (this.cards.length === 0) this.build(ctx);
    for (const card of this.cards) this.compute(card);
  }

  private build(ctx: ViewContext): void {
    const cards = CALCULATORS.map((calc) => {
      const values = calculatorValues(calc, ctx.state.theory);
      const card: Card = {
        calc, inputs: [],
        result: h('div', { class: 'result-line', attrs: { 'data-result': calc.id, 'aria-live': 'polite' } }),
        error: h('div', { class: 'error', attrs: { 'data-error': calc.id } }),
        formula: h('pre', { class: 'formula', attrs: { 'data-formula': calc.id } }),
      };
      const labels = calc.fields.map((f) => {
        // A text field, not type=number: the field keeps exactly what was typed ("-1", "1.5", "") and the card says
        // why that cannot be used, where a number input would blank it and the card could not tell.
        const input = h('vscode-textfield', { attrs: { inputmode: 'numeric', value: values[f.id], 'aria-label': `${f.label}: ${f.title}`, 'data-field': `${calc.id}.${f.id}` }, title: f.title }) as HTMLElement & { value: string };
        input.addEventListener('input', () => {
          this.compute(card);
          ctx.update({ theory: this.validValues() });
        });
        card.inputs.push({ id: f.id, el: input });
        return h('label', { class: 'field' }, h('span', { text: f.label, title: f.title }), input);
      });
      const reset = h('vscode-button', { attrs: { secondary: true, 'data-reset': calc.id }, on: { click: () => {
        card.inputs.forEach((input, i) => (input.el.value = String(calc.fields[i].example)));
        this.compute(card);
        ctx.update({ theory: this.validValues() });
      } } }, 'Notebook example');
      this.cards.push(card);
      return h('div', { class: 'calculator', attrs: { 'data-calculator': calc.id } },
        h('h3', { text: calc.title }), h('p', { class: 'caption', text: calc.intro }),
        h('div', { class: 'inputs' }, ...labels, reset), card.result, card.error, card.formula);
    });
    this.element.append(h('div', { class: 'calculators' }, ...cards));
  }

  /** Every field that holds a usable number, by "card.field" (what the next page pre-fills). */
  private validValues(): Record<string, number> {
    const saved: Record<string, number> = {};
    for (const { calc, inputs } of this.cards) {
      inputs.forEach((input, i) => {
        const r = readField(calc.fields[i], input.el.value);
        if ('value' in r) saved[`${calc.id}.${input.id}`] = r.value;
      });
    }
    return saved;
  }

  private compute(card: Card): void {
    const texts = Object.fromEntries(card.inputs.map((i) => [i.id, i.el.value]));
    const r = computeCard(card.calc, texts);
    card.result.textContent = r.result;
    card.error.textContent = r.error ?? '';
    card.formula.textContent = r.lines.join('\n');
  }
}
