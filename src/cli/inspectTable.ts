// `inspect --format table`: a Keras/torchinfo-style summary, then totals, the memory breakdown and the diagnostics.
import type { Analysis, Diagnostic, Shape } from '../core';
import { formatBytes, formatCompact, formatCount, formatKerasShape } from '../core/format';
import { memoryFrameworkLabel } from '../core/format';

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

export function describeDiagnostic(d: Diagnostic): string {
  const where = [d.layer ? `layer "${d.layer}"` : '', d.path.length > 0 ? `at ${d.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('')}` : '']
    .filter(Boolean).join(' ');
  return `${d.severity}: ${d.message}${where ? ` (${where})` : ''}`;
}

/** How a format's table differs: PyTorch writes shapes `[N, 6, 28, 28]`, has no input layer, says which engine. */
export interface TableStyle {
  formatShape: (shape: Shape | null) => string;
  /** Lines under the model line (the engine, the input shape). */
  header?: readonly string[];
  /** Lines after the parameter totals (buffers). */
  totals?: readonly string[];
  /** A diagnostic's line (PyTorch's say where in the source). */
  describe?: (d: Diagnostic) => string;
  /** Layers left out of the table (PyTorch's synthetic input). */
  omit?: (layer: Analysis['layers'][number]) => boolean;
}

const KERAS_STYLE: TableStyle = { formatShape: formatKerasShape };

export function inspectTable(analysis: Analysis, style: TableStyle = KERAS_STYLE): string {
  const header = ['Layer (type)', 'Output shape', 'Params', 'MACs', 'Output memory'];
  const rows = analysis.layers.filter((l) => !style.omit?.(l)).map((l) => [
    `${l.name} (${l.className})`,
    l.outputShapes.length === 0 ? '—' : l.outputShapes.map(style.formatShape).join(', '),
    formatCount(l.params),
    formatCompact(l.macs),
    formatBytes(l.outputBytesPerSample),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i], i >= 2)).join('   ').trimEnd();
  const total = widths.reduce((a, w) => a + w, 0) + 3 * (widths.length - 1);
  const out: string[] = [];
  out.push(`Model: "${analysis.model.name}" (${analysis.model.className}, ${analysis.model.format})`);
  out.push(...(style.header ?? []));
  out.push('_'.repeat(total));
  out.push(line(header));
  out.push('='.repeat(total));
  rows.forEach((r, i) => {
    out.push(line(r));
    out.push(i === rows.length - 1 ? '='.repeat(total) : '_'.repeat(total));
  });
  if (rows.length === 0) out.push('='.repeat(total));
  const t = analysis.totals;
  out.push(`Total params: ${formatCount(t.params)}`);
  out.push(`Trainable params: ${formatCount(t.trainableParams)}`);
  out.push(`Non-trainable params: ${formatCount(t.nonTrainableParams)}`);
  out.push(...(style.totals ?? []));
  out.push(`MACs per sample (forward): ${formatCount(t.macs)}${t.macs !== null ? ` (${formatCompact(t.macs)})` : ''}`);
  out.push('Output memory is per sample.');
  out.push('_'.repeat(total));

  const m = analysis.memory;
  out.push(...memoryLines(m));
  if (analysis.diagnostics.length > 0) {
    out.push('_'.repeat(total));
    for (const d of analysis.diagnostics) out.push((style.describe ?? describeDiagnostic)(d));
  }
  return out.join('\n') + '\n';
}

/**
 * The memory breakdown, headed by the memory model it is for (`TF.js 4.x`, `PyTorch 2.x · CUDA`, the ideal
 * autograd), the ideal autograd's peaks beside a framework's (labelled as the lower bound they are), then the
 * ranges and assumptions indented under it. Figure rows end `(N B)`; notes are indented further.
 */
function memoryLines(m: Analysis['memory']): string[] {
  const out = [`Memory for a batch of ${m.batchSize}, ${m.dtype}, ${m.optimizer} — ${memoryFrameworkLabel(m)}:`];
  const memoryRows: [string, number][] = [
    ['Parameters', m.parameterBytes],
    ['Gradients', m.gradientBytes],
    ['Optimizer state', m.optimizerStateBytes],
    ['Activations (all layer outputs)', m.activationBytes],
    ['Inference peak', m.inferencePeakBytes],
    ['Training peak (one step: forward, loss, backward, update)', m.trainingPeakBytes],
  ];
  if (m.idealAutograd && m.framework !== undefined && m.framework !== 'idealAutograd') {
    memoryRows.push(
      ['Ideal autograd inference peak (lower bound, for teaching)', m.idealAutograd.inferencePeakBytes],
      ['Ideal autograd training peak (lower bound, for teaching)', m.idealAutograd.trainingPeakBytes],
    );
  }
  const labelWidth = Math.max(...memoryRows.map(([label]) => label.length));
  for (const [label, bytes] of memoryRows) {
    const exact = Number.isFinite(bytes) ? `${formatCount(bytes)} B` : 'unknown';
    out.push(`  ${pad(label, labelWidth)}  ${pad(formatBytes(bytes), 10, true)}  (${exact})`);
  }
  const ranges = [['Training', m.trainingPeakRange], ['Inference', m.inferencePeakRange]] as const;
  for (const [phase, r] of ranges) {
    if (r) out.push(`    ${phase} peak range: ${formatBytes(r.lowBytes)} to ${formatBytes(r.highBytes)}; ${r.why}`);
  }
  if (m.framework === undefined || m.framework === 'idealAutograd') {
    out.push('    An autograd that frees every tensor once backward no longer needs it: a lower bound no framework reaches.');
  }
  for (const a of m.assumptions ?? []) out.push(`    Assumes: ${a}`);
  return out;
}
