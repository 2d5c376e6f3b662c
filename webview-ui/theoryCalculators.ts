// The notebook's calculators as pure data and functions (no DOM): each card's fields, how a field's text is read,
// and the result computed from the card's own current field texts. The arithmetic and the derivation text come from
// core's theory module (the same code the analysis uses for real layers), so a calculator can never disagree with
// the Layers table; this file only checks the inputs and words the result.
import { elementsPerSample, activationMemory, convNetMemory, describeConvNetwork, outputSize, samePadding, convParams } from '../src/core/theory';
import { BYTES_PER_ELEMENT, DTYPES } from '../src/core/memory';
import { binaryUnitOf, formatBytes, formatCount } from '../src/core/format';

export interface Field {
  id: string;
  label: string;
  title: string;
  /** The notebook's worked example. */
  example: number;
  min: number;
}

export interface CardResult {
  /** The answer, or "—" when it cannot be computed. */
  result: string;
  /** The derivation, with the numbers substituted (empty when there is no result). */
  lines: string[];
  /** Why the result cannot be computed. */
  error?: string;
}

export interface Calculator {
  id: string;
  title: string;
  intro: string;
  fields: Field[];
  /** From valid numbers (every field parsed and at least its minimum). */
  compute(v: Record<string, number>): CardResult;
}

const NO_RESULT = '—';
const failed = (error: string): CardResult => ({ result: NO_RESULT, lines: [], error });

/** "6000000 B = 6000000 / 1,048,576 B per MiB = 5.72 MiB": the step from the exact count to the unit shown. */
export function bytesConversion(bytes: number): string {
  const unit = binaryUnitOf(bytes);
  return unit ? `${bytes} B ÷ ${formatCount(unit.bytesPerUnit)} B per ${unit.name} = ${formatBytes(bytes)}` : `${bytes} B`;
}

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
      return r.out === null ? failed(r.error ?? 'the window does not fit') : { result: `O = ${r.out}`, lines: r.derivation };
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
      const dtype = DTYPES.find((d) => BYTES_PER_ELEMENT[d] === v.bytes);
      if (dtype === undefined) return failed(`bytes per value must be 4 (float32) or 2 (float16) (got ${v.bytes})`);
      const elements = elementsPerSample([null, v.h, v.w, v.c]) ?? 0;
      const m = activationMemory(elements, v.b, dtype);
      return {
        result: `${formatBytes(m.bytesPerSample)} per image, ${formatBytes(m.bytesPerBatch)} per batch`,
        lines: [
          `values = H × W × C = ${v.h} × ${v.w} × ${v.c} = ${elements}`, m.derivation,
          `per image: ${bytesConversion(m.bytesPerSample)}`, `per batch: ${bytesConversion(m.bytesPerBatch)}`,
        ],
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
      const net = describeConvNetwork({ height: 200, width: 300, channels: 3 }, NOTEBOOK_NETWORK);
      if (net.error) return failed(net.error);
      const mem = convNetMemory(net, { batchSize: v.b, dtype: 'float32', optimizer: 'adam' });
      const params = net.layers.reduce((a, l) => a + l.params, 0);
      return {
        result: `${formatCount(params)} parameters; training step ≥ ${formatBytes(mem.trainingPeakBytes)} for ${formatCount(v.b)} images (ideal autograd)`,
        lines: [
          ...net.layers.flatMap((l) => [`${l.name}:`, ...l.derivation.map((d) => `  ${d}`)]),
          `all layer outputs for ${formatCount(v.b)} images: ${formatBytes(mem.activationBytes)}; inference peak ${formatBytes(mem.inferencePeakBytes)}; training peak (Adam) ${formatBytes(mem.trainingPeakBytes)}`,
          'ideal autograd: what an autograd that frees each tensor after its last use must keep — a lower bound; TF.js and PyTorch keep more (the Memory tab, per framework)',
        ],
      };
    },
  },
];

/** The notebook's example network: three 3×3 stride-2 "same" convolutions of 100, 200 and 400 maps. */
export const NOTEBOOK_NETWORK = [100, 200, 400].map((filters) => ({ kind: 'conv' as const, filters, kernel: 3, stride: 2, padding: 'same' as const }));

/** A field's text as a number, or why it is not one the calculator can use. */
export function readField(field: Field, text: string): { value: number } | { error: string } {
  const t = text.trim();
  if (t === '') return { error: `${field.label} is empty: enter a whole number ≥ ${field.min}` };
  const n = Number(t);
  if (!Number.isFinite(n)) return { error: `${field.label} is not a number (got "${t}")` };
  if (!Number.isInteger(n)) return { error: `${field.label} must be a whole number (got ${t})` };
  if (n < field.min) return { error: `${field.label} must be ≥ ${field.min} (got ${n})` };
  return { value: n };
}

/** The card's result from its current field texts (by field id): every field must read, then core computes. */
export function computeCard(calc: Calculator, texts: Readonly<Record<string, string>>): CardResult {
  const values: Record<string, number> = {};
  const errors: string[] = [];
  for (const f of calc.fields) {
    const r = readField(f, texts[f.id] ?? '');
    if ('error' in r) errors.push(r.error);
    else values[f.id] = r.value;
  }
  if (errors.length > 0) return failed(errors.join('; '));
  return calc.compute(values);
}

/** The calculator's starting inputs: the user's saved values where valid, the notebook's example otherwise. */
export function calculatorValues(calc: Calculator, saved: Readonly<Record<string, number>>): Record<string, number> {
  const v: Record<string, number> = {};
  for (const f of calc.fields) {
    const s = saved[`${calc.id}.${f.id}`];
    v[f.id] = typeof s === 'number' && Number.isFinite(s) ? s : f.example;
  }
  return v;
}
