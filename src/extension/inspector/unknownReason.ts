// Why a figure the editor shows is unknown ("?"), in words: the layer's own unknown class or error, or the first
// problem upstream of it. Without it, every layer after an error reads "→ ? · ? params" with no hint of where to look.
// Pure (unit-tested).
import type { LayerAnalysis } from '../../core/analysis';
import type { Diagnostic } from '../../core/ir';
import { isKnownLayerClass, suggestLayerClass } from '../../core/layers/classSuggestion';

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

/** Why this layer's figures are unknown: its class, its own error, or the first problem upstream. */
export function unknownReason(layer: LayerAnalysis, layers: readonly LayerAnalysis[], diagnostics: readonly Diagnostic[]): UnknownReason {
  if (hasUnknownClass(layer)) {
    const suggestion = suggestLayerClass(layer.className);
    return { long: `unknown layer class${suggestion ? ` (did you mean ${suggestion}?)` : ''}`, short: 'unknown layer class' };
  }
  if (diagnostics.some((d) => d.layer === layer.name && d.severity === 'error')) {
    return { long: 'unknown because of the error in this layer', short: 'error here' };
  }
  const byName = byNameOf(layers);
  const upstream = upstreamOf(layer, byName);
  for (const d of diagnostics) {
    const c = cause(d, byName);
    if (!c || !upstream.has(c.layer)) continue;
    return c.kind === 'error'
      ? { long: `unknown because of the error in ${c.layer}`, short: `error in ${c.layer}` }
      : { long: `unknown because of the unknown layer class of ${c.layer}`, short: `unknown class of ${c.layer}` };
  }
  return FALLBACK;
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
