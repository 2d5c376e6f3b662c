// What the editor says about one layer: the hover's markdown and the inline hint. Pure (no vscode), so the exact
// text is unit-tested.
import type { LayerAnalysis, MemoryBreakdown, Diagnostic, Shape } from '../../core';
import { formatBytes, formatCount, formatTfjsShape } from '../../core/format';
import { markdownCode, markdownCodeBlock, markdownText } from './markdownEscape';
import { approxPeakText, memoryFrameworkLabel, memoryRangeNotes, modelMemoryRows } from './memoryLabel';
import type { UnknownReason } from './unknownReason';

function shapesLiteral(shapes: readonly (Shape | null)[]): string {
  if (shapes.length === 0) return '—';
  return shapes.length === 1 ? formatTfjsShape(shapes[0]) : shapes.map(formatTfjsShape).join(', ');
}

/** The inline hint: `→ [null, 28, 28, 6] · 156 params`; with what makes it unknown: `→ ? · ? params (error in c3)`. */
export function inlayHintText(layer: LayerAnalysis, reason?: UnknownReason): string {
  const params = layer.params === null ? '? params' : `${formatCount(layer.params)} param${layer.params === 1 ? '' : 's'}`;
  const unknown = layer.params === null || layer.outputShapes.includes(null);
  return `→ ${shapesLiteral(layer.outputShapes)} · ${params}${unknown && reason?.short ? ` (${reason.short})` : ''}`;
}

export interface HoverContext {
  batchSize: number;
  dtype: string;
  /** Diagnostics that concern this layer (those VS Code already shows in the same hover left out). */
  diagnostics: readonly Diagnostic[];
  /** Why the layer's parameters are unknown, when they are. */
  unknownReason?: UnknownReason;
  /** A `command:` link (from markdownEscape's commandLink) that opens the dashboard at this layer, when available. */
  dashboardLink?: string;
  /** A `command:` link that opens the dashboard on its Explore tab (a model.json with weights). */
  exploreLink?: string;
  /** The whole model's memory (its peaks, for the framework the settings chose), when the model was analysed. */
  memory?: MemoryBreakdown;
}

const SEVERITY_LABEL = { error: 'Error', warning: 'Warning', info: 'Note' } as const;

/**
 * The hover's markdown. Every string from the file goes through markdownEscape (names, class names, messages and
 * derivation lines can hold anything); the MarkdownString it goes into must have theme icons and HTML off.
 */
export function hoverMarkdown(layer: LayerAnalysis, context: HoverContext): string {
  const lines: string[] = [];
  lines.push(`**${markdownText(layer.name)}** · ${markdownCode(layer.className)}`);
  lines.push('');
  const input = layer.inputShapes.length === 0 ? '(model input)' : `\`${shapesLiteral(layer.inputShapes)}\``;
  lines.push(`${input} → \`${shapesLiteral(layer.outputShapes)}\``);
  lines.push('');
  const params = layer.params === null
    ? markdownText(context.unknownReason?.long ?? 'unknown (depends on an input shape that could not be inferred)')
    : `${formatCount(layer.params)} (trainable ${formatCount(layer.trainableParams)}, non-trainable ${formatCount(layer.nonTrainableParams)})`;
  lines.push(`| | |`, `|---|---|`);
  lines.push(`| Parameters | ${params} |`);
  lines.push(`| MACs | ${layer.macs === null ? 'unknown' : `${formatCount(layer.macs)} per sample`} |`);
  const perSample = layer.outputBytesPerSample;
  const perBatch = perSample === null ? null : perSample * context.batchSize;
  lines.push(`| Output memory | ${formatBytes(perSample)} per sample · ${formatBytes(perBatch)} per batch of ${formatCount(context.batchSize)} (${context.dtype}) |`);
  if (layer.calls && layer.calls.length > 1) lines.push(`| Calls | ${layer.calls.length} (shared layer; weights counted once) |`);
  if (context.memory) {
    lines.push(...modelMemoryRows(context.memory));
    const notes = memoryRangeNotes(context.memory);
    if (notes.length > 0) lines.push('', ...notes.map((n) => `*${n}*`));
  }
  if (layer.derivation.length > 0) {
    lines.push('', markdownCodeBlock('text', layer.derivation));
  }
  for (const d of context.diagnostics) {
    lines.push('', `**${SEVERITY_LABEL[d.severity]}:** ${markdownText(withoutLayerName(d))}`);
  }
  const links = [
    ...(context.dashboardLink ? [`[Open in CNN Explorer dashboard](${context.dashboardLink})`] : []),
    ...(context.exploreLink ? [`[Explore the trained network](${context.exploreLink})`] : []),
  ];
  if (links.length > 0) lines.push('', links.join(' · '));
  return lines.join('\n');
}

/**
 * The CodeLens title over the topology: totals and the training memory at the configured batch and optimizer, for
 * the framework it models (`for TF.js 4.x`), and when any figure is unknown, why (`unknownReason`, e.g. `unknown
 * because of the error in c3`).
 */
export function totalsLensTitle(totals: { params: number | null }, memory: MemoryBreakdown, unknownReason?: string): string {
  const unknown = totals.params === null || [memory.parameterBytes, memory.trainingPeakBytes].some((b) => Number.isNaN(b));
  const peak = approxPeakText(memory.trainingPeakBytes, memory.trainingPeakRange);
  const training = peak === '?' ? '≈ ?' : `${peak} for ${memoryFrameworkLabel(memory)}`;
  return `CNN Explorer: ${formatCount(totals.params)} params · weights ${formatBytes(memory.parameterBytes)} · training ${training} at batch ${formatCount(memory.batchSize)} (${memory.optimizer}, ${memory.dtype})${unknown && unknownReason ? ` — ${unknownReason}` : ''}`;
}

/**
 * A diagnostic's message without a leading `layer: ` (core's layer rules start their messages with the layer's
 * name): in the layer's own hover the name is already the title.
 */
export function withoutLayerName(d: Diagnostic): string {
  const prefix = d.layer === undefined ? undefined : `${d.layer}: `;
  return prefix && d.message.startsWith(prefix) ? d.message.slice(prefix.length) : d.message;
}

/** A Problems panel entry: the layer's name once, then the problem (`c3: kernel 15 is larger than the input …`). */
export function problemMessage(d: Diagnostic): string {
  return d.layer === undefined ? d.message : `${d.layer}: ${withoutLayerName(d)}`;
}
