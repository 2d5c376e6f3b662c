// A TorchTrace as the PyTorch engine gives one, built from the oracle's recorded answer for a corpus file
// (test/fixtures/pytorch-corpus/expected/*.json: PyTorch 1.13.1's forward hooks) and the file's text: each leaf's
// construction span is the call assigned to `self.<name> = …`, each call's span the `self.<name>(…)` in forward, in
// order. Only for files whose leaves are all `self.<name>` attributes (no containers): enough to test the editor
// faces on PyTorch's own numbers without the static engine.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Shape } from '../../../../src/core';
import type { Span, TorchTrace, TracedLayer } from '../../../../src/core/formats/pytorch';

export const corpusDir = join(__dirname, '..', '..', '..', 'fixtures', 'pytorch-corpus');

export interface OracleLayer {
  name: string;
  className: string;
  calls: { inputShapes: (Shape | null)[]; outputShapes: (Shape | null)[] }[];
  trainableParams: number;
  nonTrainableParams: number;
  buffers: { name: string; shape: number[]; dtype: string }[];
}

export interface OracleAnswer {
  input: { shape: (number | null)[]; dtype: string };
  entry: { name: string };
  output: Shape;
  layers: OracleLayer[];
  totals: { trainableParams: number; nonTrainableParams: number; bufferElements: number };
}

export function readOracle(file: string): OracleAnswer {
  return JSON.parse(readFileSync(join(corpusDir, 'expected', `${file}.json`), 'utf8')) as OracleAnswer;
}

/** The span of the balanced call starting at `open` (the index of its `(`), from `from`. */
function callSpan(text: string, from: number, open: number): Span {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return { from, to: i + 1 };
  }
  throw new Error(`unbalanced call at ${from}`);
}

/** `self.<name> = nn.X(…)`: the span of `nn.X(…)`. */
export function constructionSpan(text: string, name: string): Span {
  const m = new RegExp(`self\\.${name}\\s*=\\s*`).exec(text);
  if (!m) throw new Error(`no self.${name} = in the file`);
  const from = m.index + m[0].length;
  return callSpan(text, from, text.indexOf('(', from));
}

/** Every `self.<name>(…)` after `def forward`, in order. */
export function callSpans(text: string, name: string): Span[] {
  const forward = text.indexOf('def forward');
  const spans: Span[] = [];
  const re = new RegExp(`self\\.${name}\\(`, 'g');
  re.lastIndex = forward;
  for (let m = re.exec(text); m; m = re.exec(text)) spans.push(callSpan(text, m.index, m.index + m[0].length - 1));
  return spans;
}

/**
 * The oracle's answer as a PyTorch-engine trace. `macs` gives each layer's MACs per sample per call (derived by hand
 * in the test), `parameters` each layer's parameter tensors.
 */
export function oracleTrace(file: string, extra: { macs?: Record<string, number>; parameters?: Record<string, { name: string; shape: number[] }[]> } = {}): { text: string; trace: TorchTrace; oracle: OracleAnswer } {
  const text = readFileSync(join(corpusDir, file), 'utf8');
  const oracle = readOracle(file);
  let order = 0;
  const ordered: { layer: string; call: number }[] = [];
  const spansByLayer = new Map(oracle.layers.map((l) => [l.name, callSpans(text, l.name)]));
  // Execution order = source order of the calls in forward (the files used here call each leaf in sequence).
  for (const l of oracle.layers) l.calls.forEach((_, i) => ordered.push({ layer: l.name, call: i }));
  ordered.sort((a, b) => spansByLayer.get(a.layer)![a.call].from - spansByLayer.get(b.layer)![b.call].from);
  const orderOf = new Map(ordered.map((o) => [`${o.layer}#${o.call}`, order++]));
  const layers: TracedLayer[] = oracle.layers.map((l) => ({
    name: l.name,
    kind: 'module',
    className: l.className,
    args: {},
    parameters: extra.parameters?.[l.name] ?? [{ name: 'weight', shape: [l.trainableParams] }],
    buffers: l.buffers,
    span: constructionSpan(text, l.name),
    calls: l.calls.map((c, i) => {
      const position = orderOf.get(`${l.name}#${i}`)!;
      const previous = ordered[position - 1];
      return {
        inputShapes: c.inputShapes,
        outputShapes: c.outputShapes,
        order: position,
        span: spansByLayer.get(l.name)![i],
        inboundLayers: [previous ? previous.layer : 'input'],
        macs: extra.macs?.[l.name] ?? null,
        derivation: [],
      };
    }),
  }));
  const trace: TorchTrace = {
    engine: 'pytorch',
    torchVersion: '1.13.1',
    entry: { name: oracle.entry.name, kind: 'class', className: oracle.entry.name },
    input: { shape: oracle.input.shape.slice(1) as number[], dtype: oracle.input.dtype, source: 'comment' },
    layers,
    outputShapes: [oracle.output],
    diagnostics: [],
  };
  return { text, trace, oracle };
}
