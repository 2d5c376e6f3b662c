// What the Theory and Memory views must show for given field values, from core's own functions (the oracle the
// browser tests compare the page with) plus the input rules written out here: a field must hold a whole number at
// or above its minimum. Nothing here is imported from webview-ui, so a view's mistake cannot hide in its oracle.
import type { DType, OptimizerName } from '../../src/core/analysisResult';
import { formatBytes, formatCount } from '../../src/core/format';
import { computeMemoryDetail, type MemoryDetail, type MemoryLayer } from '../../src/core/memory/memoryModel';
import { activationMemory, convNetMemory, describeConvNetwork } from '../../src/core/theory/convNetwork';
import { outputSize, samePadding } from '../../src/core/theory/outputSize';
import { convParams } from '../../src/core/theory/parameters';

/** Field ids and minimums of each card, as the page labels them (data-field="card.field"). */
export const THEORY_FIELDS: Record<string, Record<string, { label: string; min: number }>> = {
  output: { n: { label: 'N', min: 1 }, f: { label: 'F', min: 1 }, p: { label: 'P', min: 0 }, s: { label: 'S', min: 1 }, d: { label: 'D', min: 1 } },
  same: { n: { label: 'N', min: 1 }, f: { label: 'F', min: 1 }, s: { label: 'S', min: 1 }, d: { label: 'D', min: 1 } },
  params: { f: { label: 'F', min: 1 }, c: { label: 'C_in', min: 1 }, k: { label: 'K', min: 1 } },
  memory: { h: { label: 'H', min: 1 }, w: { label: 'W', min: 1 }, c: { label: 'C', min: 1 }, b: { label: 'batch', min: 1 }, bytes: { label: 'bytes', min: 2 } },
  network: { b: { label: 'batch', min: 1 } },
};

/** The notebook's worked examples the page starts with. */
export const THEORY_EXAMPLES: Record<string, Record<string, string>> = {
  output: { n: '32', f: '5', p: '0', s: '1', d: '1' },
  same: { n: '32', f: '5', s: '1', d: '1' },
  params: { f: '5', c: '1', k: '3' },
  memory: { h: '100', w: '150', c: '100', b: '50', bytes: '4' },
  network: { b: '50' },
};

export interface CardOnScreen { result: string; error: string; formula: string }

/** Either the exact result and formula, or that there is no result and the error names why (a pattern). */
export type CardExpectation = { ok: true; result: string; formula: string } | { ok: false; error: RegExp };

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function expectedCard(card: string, texts: Record<string, string>): CardExpectation {
  const v: Record<string, number> = {};
  for (const [id, { label, min }] of Object.entries(THEORY_FIELDS[card])) {
    const t = (texts[id] ?? '').trim();
    const n = Number(t);
    if (t === '' || !Number.isInteger(n) || n < min) return { ok: false, error: new RegExp(`(^|; )${escape(label)} `) };
    v[id] = n;
  }
  switch (card) {
    case 'output': {
      const r = outputSize({ n: v.n, f: v.f, s: v.s, d: v.d, padding: v.p });
      if (r.out === null) return { ok: false, error: new RegExp(escape(r.error!)) };
      return { ok: true, result: `O = ${r.out}`, formula: r.derivation.join('\n') };
    }
    case 'same': {
      const r = samePadding(v.n, v.f, v.s, v.d);
      return { ok: true, result: `P = ${r.before} + ${r.after} = ${r.total}, O = ${r.out}`, formula: [...r.derivation, `padded input = N + P_total = ${v.n} + ${r.total} = ${v.n + r.total}`].join('\n') };
    }
    case 'params': {
      const without = convParams({ kernel: [v.f, v.f], inChannels: v.c, filters: v.k, bias: false });
      const withBias = convParams({ kernel: [v.f, v.f], inChannels: v.c, filters: v.k, bias: true });
      // Hand derivation beside core's: F·F·C_in·K weights, K biases.
      if (without.total !== v.f * v.f * v.c * v.k || withBias.total !== without.total + v.k) throw new Error('convParams disagrees with F·F·C·K (+K)');
      return { ok: true, result: `${formatCount(without.total)} without bias, ${formatCount(withBias.total)} with bias`, formula: withBias.derivation.join('\n') };
    }
    case 'memory': {
      if (v.bytes !== 2 && v.bytes !== 4) return { ok: false, error: /bytes per value must be 4 \(float32\) or 2 \(float16\)/ };
      const elements = v.h * v.w * v.c;
      const m = activationMemory(elements, v.b, v.bytes === 2 ? 'float16' : 'float32');
      const step = (bytes: number) => {
        const shown = formatBytes(bytes);
        const unit = shown.split(' ')[1];
        const per = { KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4 }[unit];
        return per === undefined ? `${bytes} B` : `${bytes} B ÷ ${formatCount(per)} B per ${unit} = ${shown}`;
      };
      return {
        ok: true,
        result: `${formatBytes(m.bytesPerSample)} per image, ${formatBytes(m.bytesPerBatch)} per batch`,
        formula: [`values = H × W × C = ${v.h} × ${v.w} × ${v.c} = ${elements}`, m.derivation, `per image: ${step(m.bytesPerSample)}`, `per batch: ${step(m.bytesPerBatch)}`].join('\n'),
      };
    }
    case 'network': {
      const net = describeConvNetwork({ height: 200, width: 300, channels: 3 }, [100, 200, 400].map((filters) => ({ kind: 'conv' as const, filters, kernel: 3, stride: 2, padding: 'same' as const })));
      const mem = convNetMemory(net, { batchSize: v.b, dtype: 'float32', optimizer: 'adam' });
      const params = net.layers.reduce((a, l) => a + l.params, 0);
      return {
        ok: true,
        result: `${formatCount(params)} parameters; training step ≥ ${formatBytes(mem.trainingPeakBytes)} for ${formatCount(v.b)} images (ideal autograd)`,
        formula: [
          ...net.layers.flatMap((l) => [`${l.name}:`, ...l.derivation.map((d) => `  ${d}`)]),
          `all layer outputs for ${formatCount(v.b)} images: ${formatBytes(mem.activationBytes)}; inference peak ${formatBytes(mem.inferencePeakBytes)}; training peak (Adam) ${formatBytes(mem.trainingPeakBytes)}`,
          'ideal autograd: what an autograd that frees each tensor after its last use must keep — a lower bound; TF.js and PyTorch keep more (the Memory tab, per framework)',
        ].join('\n'),
      };
    }
  }
  throw new Error(`unknown card ${card}`);
}

export interface MemoryChoice { batchText: string; dtype: DType; optimizer: OptimizerName }

/** The figure rows the memory view shows for a breakdown, named as on the page (values from core, formatted). */
export function memoryFigureValues(d: MemoryDetail): Record<string, string> {
  return {
    'Parameters': formatBytes(d.parameterBytes),
    'Gradients': formatBytes(d.gradientBytes),
    'Optimizer state': formatBytes(d.optimizerStateBytes),
    'Activations (all layer outputs)': formatBytes(d.activationBytes),
    'Kept for backward': formatBytes(d.retainedForBackwardBytes),
    'Inference peak': formatBytes(d.inferencePeakBytes),
    'Training peak': formatBytes(d.trainingPeakBytes),
    // Beside a framework's figures, the lower bound (issue #13 keeps it, labelled, for teaching).
    ...(d.idealAutograd ? { 'Ideal autograd peaks': `${formatBytes(d.idealAutograd.inferencePeakBytes)} / ${formatBytes(d.idealAutograd.trainingPeakBytes)}` } : {}),
    'torchinfo\'s estimate': formatBytes(d.torchinfoEstimateBytes),
  };
}

/** The memory table's figure column for the current controls (core's memory model), or null for an invalid batch. */
export function expectedMemoryFigures(layers: readonly MemoryLayer[], c: MemoryChoice): { detail: MemoryDetail; figures: Record<string, string>; activationNote: string } | null {
  const batch = Number(c.batchText.trim());
  if (c.batchText.trim() === '' || !Number.isInteger(batch) || batch < 1 || batch > 1_000_000) return null;
  const d = computeMemoryDetail(layers, { batchSize: batch, dtype: c.dtype, optimizer: c.optimizer });
  return {
    detail: d,
    figures: memoryFigureValues(d),
    activationNote: `sum of every layer's output for ${formatCount(batch)} samples`,
  };
}
