// One PyTorch analysis (static or exact) seen from the source text: which layers each span of the code builds or
// calls, and what hover and inlay hints say there. Offsets are those of the analysed text (a .py file, or a
// notebook's joined code cells); the service maps them to cells. Pure (no vscode), unit-tested on real analyses.
import type { LayerAnalysis } from '../../../core';
import type { PyTorchSourceAnalysis, Span, TraceDiagnostic, TracedCall, TracedLayer } from '../../../core/formats/pytorch';
import { BYTES_PER_ELEMENT } from '../../../core/memory';
import { elementsPerSample, engineLabel, hoverMarkdown, inlayHintText, type HintFigure, type HoverLayer } from './torchLayerText';

/** Where the code builds a module (`nn.Conv2d(…)`, a Sequential item) or calls one (`self.conv1(x)`, `F.relu(x)`). */
export interface LayerSite {
  readonly span: Span;
  readonly kind: 'construction' | 'call';
  /** Every module built there, or every call made there (a block's `self.conv1(x)` runs once per block). */
  readonly uses: readonly { readonly layer: TracedLayer; readonly call?: number }[];
}

export interface HoverOptions {
  readonly batchSize: number;
  readonly dtype: keyof typeof BYTES_PER_ELEMENT;
  /** A link to the dashboard at a layer (markdownEscape's commandLink), or none. */
  readonly dashboardLink?: (layerName: string) => string | undefined;
}

const spanKey = (s: Span) => `${s.from}:${s.to}`;
const sumOrNull = (xs: readonly (number | null)[]) => (xs.some((x) => x === null) ? null : (xs as number[]).reduce((a, b) => a + b, 0));

export class PyTorchModelView {
  readonly sites: readonly LayerSite[];
  private readonly byName = new Map<string, LayerAnalysis>();
  readonly inputKnown: boolean;
  /** An error stopped the forward: modules with no call after it are unknown, not uncalled. */
  readonly forwardStopped: boolean;
  private readonly lineStarts: number[];

  constructor(readonly result: PyTorchSourceAnalysis, text: string) {
    for (const layer of result.analysis.layers) this.byName.set(layer.name, layer);
    this.inputKnown = result.trace.input.shape !== null;
    this.forwardStopped = result.trace.diagnostics.some((d) => d.severity === 'error');
    this.sites = collectSites(result.trace.layers);
    this.lineStarts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  get diagnostics(): readonly TraceDiagnostic[] {
    return this.result.trace.diagnostics;
  }

  /**
   * The site under `offset`: the innermost span holding it (`self.conv1(x)` inside `F.relu(…)`), else a construction
   * on the same line after it (the `self.conv1 = ` of `self.conv1 = nn.Conv2d(…)`).
   */
  siteAt(offset: number): LayerSite | undefined {
    let best: LayerSite | undefined;
    for (const site of this.sites) {
      if (offset < site.span.from || offset > site.span.to) continue;
      if (!best || site.span.to - site.span.from < best.span.to - best.span.from) best = site;
    }
    if (best) return best;
    const line = this.lineOf(offset);
    let next: LayerSite | undefined;
    for (const site of this.sites) {
      if (site.kind !== 'construction' || site.span.from < offset || this.lineOf(site.span.from) !== line) continue;
      if (!next || site.span.from < next.span.from) next = site;
    }
    return next;
  }

  hoverAt(offset: number, options: HoverOptions): { markdown: string; span: Span } | undefined {
    const site = this.siteAt(offset);
    if (!site) return undefined;
    const first = site.uses[0];
    const layer = this.hoverLayer(first.layer, first.call, options.dtype);
    const underPointer = (s: Span) => offset >= s.from && offset <= s.to;
    const names = new Set(site.uses.map((u) => u.layer.name));
    const markdown = hoverMarkdown(layer, {
      batchSize: options.batchSize,
      dtype: options.dtype,
      inputKnown: this.inputKnown,
      engine: engineLabel(this.result.trace),
      forwardStopped: this.forwardStopped,
      problems: this.diagnostics.filter((d) => d.layer !== undefined && names.has(d.layer) && !underPointer(d.span)),
      dashboardLink: options.dashboardLink?.(first.layer.name),
      memory: this.result.analysis.memory,
      siblings: site.uses.length > 1 ? site.uses.map((u) => ({
        name: u.call === undefined ? u.layer.name : `${u.layer.name}${u.layer.calls.length > 1 ? ` (call ${u.call + 1})` : ''}`,
        outputShapes: u.call === undefined ? u.layer.calls[0]?.outputShapes ?? null : u.layer.calls[u.call].outputShapes,
        params: this.trainable(u.layer),
      })) : undefined,
    });
    return { markdown, span: site.span };
  }

  /** One hint per site whose end lies in [start, end]: after the construction or the call. */
  inlaysIn(start: number, end: number): { offset: number; label: string }[] {
    const hints: { offset: number; label: string }[] = [];
    const constructions = new Set(this.sites.filter((s) => s.kind === 'construction').map((s) => spanKey(s.span)));
    for (const site of this.sites) {
      if (site.span.to < start || site.span.to > end) continue;
      // A Sequential item is both where the module is built and where Sequential calls it: one hint, with params.
      if (site.kind === 'call' && constructions.has(spanKey(site.span))) continue;
      const figures: HintFigure[] = site.uses.map((u) => {
        const call = u.call === undefined ? u.layer.calls[0] : u.layer.calls[u.call];
        const outputShapes = call?.outputShapes ?? null;
        return site.kind === 'construction' ? { outputShapes, params: this.trainable(u.layer) } : { outputShapes };
      });
      hints.push({ offset: site.span.to, label: inlayHintText(figures, this.inputKnown, site.kind === 'construction' ? 'modules' : 'calls', this.forwardStopped) });
    }
    return hints;
  }

  /** Quick fixes whose diagnostic or edit touches `span`. */
  fixesAt(span: Span): { diagnostic: TraceDiagnostic; title: string; edits: readonly { span: Span; newText: string }[] }[] {
    const touches = (s: Span) => s.from <= span.to && span.from <= s.to;
    return this.diagnostics.flatMap((d) => (d.fixes ?? [])
      .filter(() => touches(d.span))
      .map((f) => ({ diagnostic: d, title: f.title, edits: f.edits })));
  }

  /** Trainable + frozen parameters of a traced layer (the analysis's, else the trace's own list). */
  private trainable(layer: TracedLayer): number | null {
    const analysed = this.byName.get(layer.name);
    if (analysed) return analysed.params;
    if (layer.parameters === null) return null;
    return layer.parameters.reduce((a, p) => a + p.shape.reduce((x, y) => x * y, 1), 0);
  }

  private hoverLayer(layer: TracedLayer, callIndex: number | undefined, dtype: keyof typeof BYTES_PER_ELEMENT): HoverLayer {
    const analysed = this.byName.get(layer.name);
    const calls: readonly TracedCall[] = callIndex === undefined ? layer.calls : [layer.calls[callIndex]];
    const bytes = BYTES_PER_ELEMENT[dtype];
    const outputBytes = (call: TracedCall) => sumOrNull(call.outputShapes.map((s) => elementsPerSample(s, this.inputKnown))) ?? null;
    const ownBytes = calls.length === 0 ? null : sumOrNull(calls.map(outputBytes));
    const params = this.trainable(layer);
    const frozen = analysed?.nonTrainableParams ?? 0;
    return {
      name: layer.name,
      className: layer.className,
      inputShapes: calls[0]?.inputShapes ?? null,
      outputShapes: calls[0]?.outputShapes ?? null,
      trainableParams: analysed ? analysed.trainableParams : params,
      nonTrainableParams: analysed ? analysed.nonTrainableParams : (params === null ? null : frozen),
      parameters: layer.parameters,
      buffers: layer.buffers,
      // No call: 0 MACs for a module forward never calls; unknown when an error may have stopped it being reached.
      macs: calls.length === 0 ? (this.forwardStopped ? null : 0) : sumOrNull(calls.map((c) => c.macs)),
      outputBytesPerSample: ownBytes === null ? null : ownBytes * bytes,
      derivation: callIndex === undefined ? (analysed?.derivation ?? layer.calls[0]?.derivation ?? []) : layer.calls[callIndex].derivation,
      callCount: layer.calls.length,
      callIndex: callIndex === undefined ? undefined : callIndex + 1,
    };
  }

  private lineOf(offset: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** Sites from the trace: each module's construction span, each call's span (grouped when several share one). */
function collectSites(layers: readonly TracedLayer[]): LayerSite[] {
  const sites = new Map<string, { span: Span; kind: LayerSite['kind']; uses: { layer: TracedLayer; call?: number }[] }>();
  const add = (span: Span | undefined, kind: LayerSite['kind'], layer: TracedLayer, call?: number) => {
    if (!span) return;
    const key = `${kind}:${spanKey(span)}`;
    let site = sites.get(key);
    if (!site) sites.set(key, (site = { span, kind, uses: [] }));
    site.uses.push({ layer, call });
  };
  for (const layer of layers) {
    if (layer.kind === 'module') add(layer.span, 'construction', layer);
    layer.calls.forEach((call, i) => add(call.span ?? (layer.kind === 'call' ? layer.span : undefined), 'call', layer, i));
  }
  return [...sites.values()].sort((a, b) => a.span.from - b.span.from || a.span.to - b.span.to);
}
