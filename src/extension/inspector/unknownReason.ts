// Why a figure the editor shows is unknown ("?"), in words: the layer's own unknown class or error, or the first
// problem upstream of it. Without it, every layer after an error reads "→ ? · ? params" with no hint of where to look.
// Pure (unit-tested).
import type { LayerAnalysis, Diagnostic } from '../../core';
import { isKnownLayerClass, suggestLayerClass } from '../../core';

export interface UnknownReason {
  /** For the hover: `unknown because of the error in c3`. */
  long: string;
  /** For the inline hint: `error in c3`. */
  short: string;
}

const FALLBACK: UnknownReason = { long: 'unknown (depends on an input shape that could not be inferred)', short: '' };

/** A layer analysed as a layer of an unknown class (a nested model is never one). */
function hasUnknownClass(layer: LayerAnalysis): boolean {
  return !layer.nested && !isKnownLayerClass(layer.className);
}

/** Names of every layer upstream of `layer`, following inbound edges within `layers` (a model's flattened layers). */
function upstreamOf(layer: LayerAnalysis, byName: ReadonlyMap<string, LayerAnalysis>): Set<string> {
  const seen = new Set<string>();
  const queue = [...layer.inboundLayers];
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    if (seen.has(name)) continue;
    seen.add(name);
    queue.push(...(byName.get(name)?.inboundLayers ?? []));
  }
  return seen;
}

/** The layer and kind of the problem a diagnostic reports, when it makes figures unknown. */
function cause(d: Diagnostic, byName: ReadonlyMap<string, LayerAnalysis>): { layer: string; kind: 'error' | 'class' } | undefined {
  if (d.layer === undefined) return undefined;
  if (d.severity === 'error') return { layer: d.layer, kind: 'error' };
  const layer = byName.get(d.layer);
  return layer && hasUnknownClass(layer) ? { layer: d.layer, kind: 'class' } : undefined;
}

function byNameOf(layers: readonly LayerAnalysis[]): Map<string, LayerAnalysis> {
  const byName = new Map<string, LayerAnalysis>();
  for (const l of layers) if (!byName.has(l.name)) byName.set(l.name, l);
  return byName;
}

/** Whether the editor shows a "?" for this layer (its parameters or an output shape): only then it needs a reason. */
export function hasUnknownFigures(layer: LayerAnalysis): boolean {
  return layer.params === null || layer.outputShapes.includes(null);
}

/**
 * Why figures are unknown, for any layer of one analysed document: the by-name map, the layers with an error and
 * the problems that make figures unknown are found once, not per layer (an inlay request asks for every visible layer).
 */
export class UnknownReasons {
  private readonly byName: Map<string, LayerAnalysis>;
  private readonly withError = new Set<string>();
  private readonly causes: { layer: string; kind: 'error' | 'class' }[] = [];

  constructor(layers: readonly LayerAnalysis[], diagnostics: readonly Diagnostic[]) {
    this.byName = byNameOf(layers);
    for (const d of diagnostics) {
      if (d.layer !== undefined && d.severity === 'error') this.withError.add(d.layer);
      const c = cause(d, this.byName);
      if (c) this.causes.push(c);
    }
  }

  /** Why this layer's figures are unknown: its class, its own error, or the first problem upstream. */
  of(layer: LayerAnalysis): UnknownReason {
    if (hasUnknownClass(layer)) {
      const suggestion = suggestLayerClass(layer.className);
      return { long: `unknown layer class${suggestion ? ` (did you mean ${suggestion}?)` : ''}`, short: 'unknown layer class' };
    }
    if (this.withError.has(layer.name)) return { long: 'unknown because of the error in this layer', short: 'error here' };
    if (this.causes.length === 0) return FALLBACK;
    const upstream = upstreamOf(layer, this.byName);
    const c = this.causes.find((x) => upstream.has(x.layer));
    if (!c) return FALLBACK;
    return c.kind === 'error'
      ? { long: `unknown because of the error in ${c.layer}`, short: `error in ${c.layer}` }
      : { long: `unknown because of the unknown layer class of ${c.layer}`, short: `unknown class of ${c.layer}` };
  }
}

/** Why this layer's figures are unknown (one question; a document's faces use one UnknownReasons). */
export function unknownReason(layer: LayerAnalysis, layers: readonly LayerAnalysis[], diagnostics: readonly Diagnostic[]): UnknownReason {
  return new UnknownReasons(layers, diagnostics).of(layer);
}

/** Why a model's totals are unknown: the first problem that makes figures unknown, in the diagnostics' order. */
export function modelUnknownReason(layers: readonly LayerAnalysis[], diagnostics: readonly Diagnostic[]): string {
  const byName = byNameOf(layers);
  for (const d of diagnostics) {
    const c = cause(d, byName);
    if (c) return c.kind === 'error' ? `unknown because of the error in ${c.layer}` : `unknown because of the unknown layer class of ${c.layer}`;
  }
  if (diagnostics.some((d) => d.severity === 'error')) return 'unknown because of an error in the model (see Problems)';
  return 'unknown: an input shape could not be inferred';
}
