// What the editor says about a PyTorch layer, in PyTorch's notation: shapes channels first with the batch as `N`
// (`[N, 6, 28, 28]`), parameters apart from buffers, which engine found the numbers. Pure (no vscode): the exact text
// is unit-tested. Every string from the user's file goes through markdownEscape (the hover runs in untrusted
// workspaces; see inspector/markdownEscape.ts).
import type { MemoryBreakdown, Shape } from '../../../core';
import { formatBytes, formatCompact, formatCount } from '../../../core/format';
import { torchElementsPerSample, type TorchTrace } from '../../../core/formats/pytorch';
import { markdownCode, markdownCodeBlock, markdownText } from '../../inspector/markdownEscape';
import { approxPeakText, memoryFrameworkLabel, memoryRangeNotes, modelMemoryRows } from '../../inspector/memoryLabel';

/**
 * A shape as PyTorch prints `x.shape`, the batch written `N`: `[N, 6, 28, 28]`; a wholly unknown shape `?`.
 * The trace writes `null` both for a dimension that follows the batch and for an unknown one. With a known input
 * every other dimension is concrete (the engine ran real sizes), so null is the batch; without one (`inputKnown`
 * false) only axis 0 is taken for the batch and other nulls are `?`.
 */
export function formatTorchShape(shape: Shape | null | undefined, inputKnown = true): string {
  if (!shape) return '?';
  return `[${shape.map((d, axis) => (d !== null ? String(d) : inputKnown || axis === 0 ? 'N' : '?')).join(', ')}]`;
}

export function formatTorchShapes(shapes: readonly (Shape | null)[], inputKnown = true): string {
  if (shapes.length === 0) return '—';
  return shapes.map((s) => formatTorchShape(s, inputKnown)).join(', ');
}

/** Elements of one sample of a shape: every dimension but the batch's (nulls); null when a dimension is unknown. */
export function elementsPerSample(shape: Shape | null, inputKnown = true): number | null {
  // Without a known input a null may be an unknown size, not the batch: only one null (the batch) is certain.
  if (!inputKnown && shape && shape.filter((d) => d === null).length !== 1) return null;
  return torchElementsPerSample(shape);
}

/** "static analysis (no code run)" or "PyTorch 1.13.1 · meta device". */
export function engineLabel(trace: Pick<TorchTrace, 'engine' | 'torchVersion'>): string {
  return trace.engine === 'pytorch' ? `PyTorch ${trace.torchVersion ?? ''}`.trimEnd() + ' · meta device' : 'static analysis (no code run)';
}

export function paramsText(params: number | null): string {
  return params === null ? '? params' : `${formatCount(params)} param${params === 1 ? '' : 's'}`;
}

/**
 * A module with no recorded call: never called by forward, or (when the forward stopped at an error) perhaps only
 * not reached: then its output is unknown, not absent.
 */
function uncalledText(forwardStopped: boolean): string {
  return forwardStopped ? '? (after the error)' : 'not called';
}

/** One figure of a layer the hint shows: its output shape(s) and, for a construction, its parameters. */
export interface HintFigure {
  readonly outputShapes: readonly (Shape | null)[] | null;
  readonly params?: number | null;
}

/**
 * The inline hint: `→ [N, 6, 28, 28] · 156 params` after a construction, `→ [N, 6, 14, 14]` after a call. A line that
 * builds several modules (a block class instantiated 8 times) or a call that runs for each of them shows the first
 * and the last when they differ: `→ [N, 64, 56, 56] … [N, 512, 7, 7] · 36,864 … 2,359,296 params (8 modules)`.
 */
export function inlayHintText(figures: readonly HintFigure[], inputKnown: boolean, what: 'modules' | 'calls', forwardStopped = false): string {
  if (figures.length === 0) return '';
  const shapeOf = (f: HintFigure) => (f.outputShapes === null ? uncalledText(forwardStopped) : formatTorchShapes(f.outputShapes, inputKnown));
  const first = figures[0];
  const last = figures[figures.length - 1];
  const shapes = [...new Set(figures.map(shapeOf))];
  const shapeText = shapes.length === 1 ? shapes[0] : `${shapeOf(first)} … ${shapeOf(last)}`;
  const withParams = figures.every((f) => f.params !== undefined);
  let text = `→ ${shapeText}`;
  if (withParams) {
    const counts = [...new Set(figures.map((f) => f.params ?? null))];
    text += counts.length === 1 ? ` · ${paramsText(counts[0])}` : ` · ${formatCount(first.params)} … ${paramsText(last.params ?? null)}`;
  }
  if (figures.length > 1) text += ` (${figures.length} ${what})`;
  return text;
}

export interface HoverLayer {
  readonly name: string;
  readonly className: string;
  readonly inputShapes: readonly (Shape | null)[] | null;
  readonly outputShapes: readonly (Shape | null)[] | null;
  readonly trainableParams: number | null;
  readonly nonTrainableParams: number | null;
  /** Each parameter's name and shape (`weight [6, 1, 5, 5]`), when known. */
  readonly parameters: readonly { name: string; shape: readonly number[] }[] | null;
  readonly buffers: readonly { name: string; shape: readonly number[]; dtype: string }[] | null;
  /** Per sample, of the call(s) this hover is about. */
  readonly macs: number | null;
  /** Bytes of the outputs of the call(s) this hover is about, one sample. */
  readonly outputBytesPerSample: number | null;
  readonly derivation: readonly string[];
  /** How many times forward calls the module (0: built, never called). */
  readonly callCount: number;
  /** Which call this hover is about (1-based), when it is about one call of several. */
  readonly callIndex?: number;
}

export interface HoverContext {
  readonly batchSize: number;
  readonly dtype: string;
  readonly inputKnown: boolean;
  readonly engine: string;
  /** The forward stopped at an error: a module with no call may only not have been reached. */
  readonly forwardStopped?: boolean;
  /** Problems on this layer (messages), those VS Code already shows under the pointer left out. */
  readonly problems: readonly { severity: 'error' | 'warning' | 'info'; message: string }[];
  /** A `command:` link (markdownEscape's commandLink) that opens the dashboard at this layer. */
  readonly dashboardLink?: string;
  /** Other modules built by the same code (a block class instantiated several times): name, output, params. */
  readonly siblings?: readonly { name: string; outputShapes: readonly (Shape | null)[] | null; params: number | null }[];
  /** The whole model's memory (its peaks, for the framework the settings chose). */
  readonly memory?: MemoryBreakdown;
}

const SEVERITY = { error: 'Error', warning: 'Warning', info: 'Note' } as const;

function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function tensorList(items: readonly { name: string; shape: readonly number[] }[]): string {
  return items.map((p) => `${markdownText(p.name)} ${markdownCode(`[${p.shape.join(', ')}]`)}`).join(', ');
}

/** The hover's markdown for one layer (a construction, or one call of it in forward). */
export function hoverMarkdown(layer: HoverLayer, context: HoverContext): string {
  const lines: string[] = [];
  const call = layer.callIndex !== undefined && layer.callCount > 1 ? ` · call ${layer.callIndex} of ${layer.callCount}` : '';
  lines.push(`**${markdownText(layer.name)}** · ${markdownCode(layer.className)}${call} · ${markdownText(context.engine)}`);
  lines.push('');
  if (layer.outputShapes === null) {
    lines.push(layer.callCount > 0 ? 'Shapes unknown here.'
      : context.forwardStopped ? 'No call recorded: the forward stopped at an error before reaching it (or never calls it).'
        : 'Built but never called by forward.');
  } else {
    const input = layer.inputShapes === null ? '`?`' : `\`${formatTorchShapes(layer.inputShapes, context.inputKnown)}\``;
    lines.push(`${input} → \`${formatTorchShapes(layer.outputShapes, context.inputKnown)}\``);
  }
  lines.push('', '| | |', '|---|---|');
  const trainable = layer.trainableParams;
  const frozen = layer.nonTrainableParams ?? 0;
  let params = trainable === null ? '? (unknown)' : `${formatCount(trainable + frozen)}`;
  if (trainable !== null) params += frozen > 0 ? ` (trainable ${formatCount(trainable)}, frozen ${formatCount(frozen)})` : ' trainable';
  if (layer.parameters && layer.parameters.length > 0) params += ` — ${tensorList(layer.parameters)}`;
  lines.push(`| Parameters | ${params} |`);
  if (layer.buffers && layer.buffers.length > 0) {
    const elements = layer.buffers.reduce((a, b) => a + elementCount(b.shape), 0);
    lines.push(`| Buffers | ${formatCount(elements)} elements, not trained — ${tensorList(layer.buffers)} |`);
  }
  lines.push(`| MACs | ${layer.macs === null ? 'unknown' : `${formatCount(layer.macs)} per sample (${formatCompact(layer.macs)})`} |`);
  const perSample = layer.outputBytesPerSample;
  const perBatch = perSample === null ? null : perSample * context.batchSize;
  lines.push(`| Activation memory | ${formatBytes(perSample)} per sample · ${formatBytes(perBatch)} per batch of ${formatCount(context.batchSize)} (${markdownText(context.dtype)}) |`);
  if (layer.callCount > 1 && layer.callIndex === undefined) lines.push(`| Calls | ${layer.callCount} (one module called several times; weights counted once) |`);
  if (context.memory) {
    lines.push(...modelMemoryRows(context.memory));
    const notes = memoryRangeNotes(context.memory);
    if (notes.length > 0) lines.push('', ...notes.map((n) => `*${n}*`));
  }
  if (layer.derivation.length > 0) lines.push('', markdownCodeBlock('text', layer.derivation));
  if (context.siblings && context.siblings.length > 1) {
    lines.push('', `Built ${context.siblings.length} times here:`, '', '| module | output | params |', '|---|---|---|');
    const shown = context.siblings.slice(0, 24);
    for (const s of shown) {
      const out = s.outputShapes === null ? uncalledText(context.forwardStopped ?? false) : formatTorchShapes(s.outputShapes, context.inputKnown);
      lines.push(`| ${markdownText(s.name)} | ${markdownText(out)} | ${formatCount(s.params)} |`);
    }
    if (context.siblings.length > shown.length) lines.push(`| … ${context.siblings.length - shown.length} more | | |`);
  }
  for (const p of context.problems) lines.push('', `**${SEVERITY[p.severity]}:** ${markdownText(p.message)}`);
  if (context.dashboardLink) lines.push('', `[Open in CNN Explorer dashboard](${context.dashboardLink})`);
  return lines.join('\n');
}

export interface LensTotals {
  readonly params: number | null;
  readonly macs: number | null;
  readonly trainingPeakBytes: number;
  readonly batchSize: number;
  readonly optimizer: string;
  readonly dtype: string;
  /** Which framework's memory model the peak is for (absent: the ideal autograd, core's default). */
  readonly framework?: MemoryBreakdown['framework'];
  readonly device?: MemoryBreakdown['device'];
  readonly trainingPeakRange?: MemoryBreakdown['trainingPeakRange'];
}

/**
 * The CodeLens over a model: `61,706 params · 0.42 M MACs · training ≈ 25.3 MiB for PyTorch 2.x · CUDA at batch 100
 * (adam, float32)`; the engine's PyTorch version last when the exact engine traced it.
 */
export function lensTitle(totals: LensTotals, engine: 'static' | 'pytorch', torchVersion?: string): string {
  const training = Number.isFinite(totals.trainingPeakBytes)
    ? `${approxPeakText(totals.trainingPeakBytes, totals.trainingPeakRange)} for ${memoryFrameworkLabel(totals)}` : '?';
  const tag = engine === 'pytorch' ? ` · PyTorch ${torchVersion ?? ''}`.trimEnd() : '';
  return `${paramsText(totals.params)} · ${formatCompact(totals.macs)} MACs · training ${training} at batch ${formatCount(totals.batchSize)} (${totals.optimizer}, ${totals.dtype})${tag}`;
}
