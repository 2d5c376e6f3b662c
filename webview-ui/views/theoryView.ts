// View 5: the notebook's calculators, each pre-filled with its worked example and showing the formula with the
// numbers substituted. The arithmetic and the derivation text come from core's theory module (the same code the
// analysis uses for real layers), so a calculator can never disagree with the Layers table.
import type { DType } from '../../src/core/analysis';
import { activationMemory, convNetMemory, describeConvNetwork } from '../../src/core/theory/convNetwork';
import { outputSize, samePadding } from '../../src/core/theory/outputSize';
import { convParams } from '../../src/core/theory/parameters';
import type { View, ViewContext } from '../context';
import { h } from '../dom';
import { formatBytes, formatCount } from '../../src/core/format';

interface Field {
  id: string;
  label: string;
  title: string;
  /** The notebook's worked example. */
  example: number;
  min: number;
}

interface Calculator {
  id: string;
  title: string;
  intro: string;
  fields: Field[];
  compute(v: Record<string, number>): { result: string; lines: string[]; error?: string };
}

const DTYPE_OF = (v: number): DType => (v === 2 ? 'float16' : 'float32');

export const CALCULATORS: Calculator[] = [
  {
    id: 'output',
    title: 'Output size',
    intro: 'The notebook: a 32×32 image through a 5×5 filter without padding gives 28×28.',
    fields: [
      { id: 'n', label: 'N', title: 'input size', example: 32, min: 1 },
      { id: 'f', label: 'F', title: 'filter size', example: 5, min: 1 },
      { id: 'p', label: 'P', title: 'padding on each side', example: 0, min: 0 },
      { id: 's', label: 'S', title: 'stride', example: 1, min: 1 },
      { id: 'd', label: 'D', title: 'dilation', example: 1, min: 1 },
    ],
    compute: (v) => {
      const r = outputSize({ n: v.n, f: v.f, s: v.s, d: v.d, padding: v.p });
      return { result: r.out === null ? '—' : `O = ${r.out}`, lines: r.derivation, error: r.error };
    },
  },
  {
    id: 'same',
    title: 'Padding for "same"',
    intro: 'The notebook: to keep 32×32 with a 5×5 filter, pad 4 pixels in total, 2 on each side (N = O + F − 1 = 36).',
    fields: [
      { id: 'n', label: 'N', title: 'input size', example: 32, min: 1 },
      { id: 'f', label: 'F', title: 'filter size', example: 5, min: 1 },
      { id: 's', label: 'S', title: 'stride', example: 1, min: 1 },
      { id: 'd', label: 'D', title: 'dilation', example: 1, min: 1 },
    ],
    compute: (v) => {
      if ([v.n, v.f, v.s, v.d].some((x) => !Number.isInteger(x) || x < 1)) return { result: '—', lines: [], error: 'N, F, S and D must be integers ≥ 1' };
      const r = samePadding(v.n, v.f, v.s, v.d);
      return { result: `P = ${r.before} + ${r.after} = ${r.total}, O = ${r.out}`, lines: [...r.derivation, `padded input = N + P_total = ${v.n} + ${r.total} = ${v.n + r.total}`] };
    },
  },
  {
    id: 'params',
    title: 'Parameters of a convolution',
    intro: 'The notebook: three 5×5 filters on a grey image have 75 weights (it leaves out the 3 biases).',
    fields: [
      { id: 'f', label: 'F', title: 'filter size (F×F)', example: 5, min: 1 },
      { id: 'c', label: 'C_in', title: 'input channels', example: 1, min: 1 },
      { id: 'k', label: 'K', title: 'filters (output channels)', example: 3, min: 1 },
    ],
    compute: (v) => {
      const without = convParams({ kernel: [v.f, v.f], inChannels: v.c, filters: v.k, bias: false });
      const withBias = convParams({ kernel: [v.f, v.f], inChannels: v.c, filters: v.k, bias: true });
      return { result: `${formatCount(without.total)} without bias, ${formatCount(withBias.total)} with bias`, lines: withBias.derivation };
    },
  },
  {
    id: 'memory',
    title: 'Memory of a layer\'s output',
    intro: 'The notebook\'s first convolution: 100 maps of 100×150 per image, for a batch of 50 images, 4-byte floats.',
    fields: [
      { id: 'h', label: 'H', title: 'output height', example: 100, min: 1 },
      { id: 'w', label: 'W', title: 'output width', example: 150, min: 1 },
      { id: 'c', label: 'C', title: 'output channels (maps)', example: 100, min: 1 },
      { id: 'b', label: 'batch', title: 'batch size', example: 50, min: 1 },
      { id: 'bytes', label: 'bytes', title: 'bytes per value: 4 (float32) or 2 (float16)', example: 4, min: 2 },
    ],
    compute: (v) => {
      if (v.bytes !== 2 && v.bytes !== 4) return { result: '—', lines: [], error: 'bytes per value must be 4 (float32) or 2 (float16)' };
      const elements = v.h * v.w * v.c;
      const m = activationMemory(elements, v.b, DTYPE_OF(v.bytes));
      return {
        result: `${formatBytes(m.bytesPerSample)} per image, ${formatBytes(m.bytesPerBatch)} per batch`,
        lines: [`values = H × W × C = ${v.h} × ${v.w} × ${v.c} = ${elements}`, m.derivation],
      };
    },
  },
  {
    id: 'network',
    title: 'The notebook\'s three-layer network',
    intro: '3×3 filters, stride 2, "same" padding, 100 → 200 → 400 maps on a 200×300 RGB image: parameters and memory per batch.',
    fields: [
      { id: 'b', label: 'batch', title: 'batch size', example: 50, min: 1 },
    ],
    compute: (v) => {
      const net = describeConvNetwork({ height: 200, width: 300, channels: 3 }, [100, 200, 400].map((filters) => ({ kind: 'conv' as const, filters, kernel: 3, stride: 2, padding: 'same' as const })));
      if (net.error) return { result: '—', lines: [], error: net.error };
      const mem = convNetMemory(net, { batchSize: v.b, dtype: 'float32', optimizer: 'adam' });
      const params = net.layers.reduce((a, l) => a + l.params, 0);
      return {
        result: `${formatCount(params)} parameters; training step ≈ ${formatBytes(mem.trainingPeakBytes)} for ${v.b} images`,
        lines: [
          ...net.layers.flatMap((l) => [`${l.name}:`, ...l.derivation.map((d) => `  ${d}`)]),
          `all layer outputs for ${v.b} images: ${formatBytes(mem.activationBytes)}; inference peak ${formatBytes(mem.inferencePeakBytes)}; training peak (Adam) ${formatBytes(mem.trainingPeakBytes)}`,
        ],
      };
    },
  },
];

/** The calculator's inputs: the user's values where valid, the notebook's example otherwise. */
export function calculatorValues(calc: Calculator, saved: Record<string, number>): Record<string, number> {
  const v: Record<string, number> = {};
  for (const f of calc.fields) {
    const s = saved[`${calc.id}.${f.id}`];
    v[f.id] = typeof s === 'number' && Number.isFinite(s) ? s : f.example;
  }
  return v;
}

export class TheoryView implements View {
  readonly element = h('section', { class: 'view theory', attrs: { 'data-view': 'theory' } });
  private built = false;
  private readonly outputs = new Map<string, { result: HTMLElement; formula: HTMLElement; error: HTMLElement }>();

  render(ctx: ViewContext): void {
    if (!this.built) this.build(ctx);
    for (const calc of CALCULATORS) this.compute(calc, ctx);
  }

  private build(ctx: ViewContext): void {
    this.built = true;
    const cards = CALCULATORS.map((calc) => {
      const values = calculatorValues(calc, ctx.state.theory);
      const inputs = calc.fields.map((f) => {
        const input = h('vscode-textfield', { attrs: { type: 'number', min: f.min, value: values[f.id], 'aria-label': `${f.label}: ${f.title}`, 'data-field': `${calc.id}.${f.id}` }, title: f.title });
        input.addEventListener('input', () => {
          const n = Number((input as unknown as { value: string }).value);
          if (Number.isFinite(n)) ctx.update({ theory: { ...ctx.state.theory, [`${calc.id}.${f.id}`]: n } });
        });
        return h('label', { class: 'field' }, h('span', { text: f.label, title: f.title }), input);
      });
      const result = h('div', { class: 'result-line', attrs: { 'data-result': calc.id } });
      const error = h('div', { class: 'error' });
      const formula = h('pre', { class: 'formula' });
      this.outputs.set(calc.id, { result, formula, error });
      const reset = h('vscode-button', { attrs: { secondary: true }, on: { click: () => {
        const theory = { ...ctx.state.theory };
        for (const f of calc.fields) delete theory[`${calc.id}.${f.id}`];
        calc.fields.forEach((f, i) => ((inputs[i].lastElementChild as unknown as { value: string }).value = String(f.example)));
        ctx.update({ theory });
      } } }, 'Notebook example');
      return h('div', { class: 'calculator', attrs: { 'data-calculator': calc.id } },
        h('h3', { text: calc.title }), h('p', { class: 'caption', text: calc.intro }),
        h('div', { class: 'inputs' }, ...inputs, reset), result, error, formula);
    });
    this.element.append(h('div', { class: 'calculators' }, ...cards));
  }

  private compute(calc: Calculator, ctx: ViewContext): void {
    const out = this.outputs.get(calc.id)!;
    const r = calc.compute(calculatorValues(calc, ctx.state.theory));
    out.result.textContent = r.result;
    out.error.textContent = r.error ?? '';
    out.formula.textContent = r.lines.join('\n');
  }
}
