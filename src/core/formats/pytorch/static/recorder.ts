// What one forward run (at one batch size) records: every call of a named leaf module and every recorded
// functional/op call, in execution order, with concrete shapes. batchMerge.ts turns the batch-2 and batch-3
// recordings into the trace's symbolic shapes.
import type { Shape } from '../../../ir';
import type { Args } from '../../../layers/torch/types';
import type { Span, TracedCall } from '../trace';
import { lineOf } from './parse';
import type { PyValue } from './values';

/** A call as the forward walk records it: the trace's own TracedCall. */
export type RawCall = TracedCall;

/** A recorded functional or op call site, named `F.relu@24`. */
export interface CallSiteLayer {
  readonly name: string;
  readonly className: string;
  readonly args: Args;
  readonly span: Span;
  readonly argSpans: Record<string, Span>;
}

/**
 * A recorded call's layer name: `canonical@line`, then `#2`, `#3`… for the next sites of the same call on that line
 * (counted in `perLine`). The PyTorch engine's reply is named by the same rule (engineReply.ts), so both engines name
 * a call alike.
 */
export function callSiteName(perLine: Map<string, number>, canonical: string, line: number): string {
  const base = `${canonical}@${line}`;
  const n = (perLine.get(base) ?? 0) + 1;
  perLine.set(base, n);
  return n === 1 ? base : `${base}#${n}`;
}

/** Names of call sites, shared by both runs so the second run's calls land on the first run's layers. */
export class CallSiteNames {
  private readonly bySite = new Map<string, CallSiteLayer>();
  private readonly perLine = new Map<string, number>();
  /** In order of first execution. */
  readonly layers: CallSiteLayer[] = [];

  constructor(private readonly lineStarts: readonly number[]) {}

  layerFor(canonical: string, span: Span, args: Args, argSpans: Record<string, Span>): CallSiteLayer {
    const key = `${canonical}:${span.from}:${span.to}`;
    let layer = this.bySite.get(key);
    if (!layer) {
      layer = { name: callSiteName(this.perLine, canonical, lineOf(this.lineStarts, span.from)), className: canonical, args, span: { from: span.from, to: span.to }, argSpans };
      this.bySite.set(key, layer);
      this.layers.push(layer);
    }
    return layer;
  }
}

export class ForwardRecorder {
  readonly calls = new Map<string, RawCall[]>();
  private order = 0;

  constructor(readonly batch: number) {}

  record(layer: string, call: Omit<RawCall, 'order'>): void {
    const entry: RawCall = {
      inputShapes: call.inputShapes, outputShapes: call.outputShapes, order: this.order++, span: call.span && { from: call.span.from, to: call.span.to },
      inboundLayers: call.inboundLayers, macs: call.macs, derivation: call.derivation, intermediateElements: call.intermediateElements,
    };
    const list = this.calls.get(layer);
    if (list) list.push(entry);
    else this.calls.set(layer, [entry]);
  }
}

/** Shapes of the tensors in a value, flattened, for RawCall. */
export function shapesOf(values: readonly PyValue[]): (Shape | null)[] {
  const out: (Shape | null)[] = [];
  const walk = (v: PyValue): void => {
    if (typeof v !== 'object' || v === null) return;
    if (v.t === 'tensor') out.push(v.shape ? [...v.shape] : null);
    else if (v.t === 'list' || v.t === 'tuple') v.items.forEach(walk);
    else if (v.t === 'dict') v.map.forEach(walk);
    else if (v.t === 'unknown') out.push(null);
  };
  values.forEach(walk);
  return out;
}
