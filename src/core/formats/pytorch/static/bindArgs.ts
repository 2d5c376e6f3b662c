// Binds a call's arguments to a signature (the catalogue's ParamSpec lists, or a def's parameters), keeping where
// each argument was written: `nn.Linear(16 * 5 * 5, 120)` binds in_features = 400 from the span of `16 * 5 * 5`,
// which a quick fix may rewrite because it is a literal.
import type { ParamSpec } from '../../../layers/torch/types';
import type { Span } from '../trace';
import type { Expr } from './ast';
import { PyError } from './operators';
import { isLiteralExpr, spanOf, tuple, type PyValue } from './values';

/** An argument as evaluated, with the expression it was written as (absent for `*args` expansions). */
export interface ArgIn {
  readonly value: PyValue;
  readonly expr?: Expr;
}

export interface CallArgs {
  readonly positional: readonly ArgIn[];
  readonly keywords: ReadonlyMap<string, ArgIn>;
}

export interface BoundArgs {
  readonly values: Map<string, PyValue>;
  /** ArgRef → where it was written (`shape.1`: the second element of a variadic or tuple argument). */
  readonly spans: Record<string, Span>;
  /** The subset written as literals. */
  readonly literalSpans: Record<string, Span>;
}

function noteSpans(name: string, arg: ArgIn, spans: Record<string, Span>, literal: Record<string, Span>): void {
  const e = arg.expr;
  if (!e) return;
  spans[name] = spanOf(e);
  if (isLiteralExpr(e)) literal[name] = spanOf(e);
  if (e.k === 'tuple' || e.k === 'list') {
    e.items.forEach((item, i) => {
      spans[`${name}.${i}`] = spanOf(item);
      if (isLiteralExpr(item)) literal[`${name}.${i}`] = spanOf(item);
    });
  }
}

/** Python's binding of a call to a catalogue signature; throws PyError('TypeError') as Python would. */
export function bindSignature(signature: readonly ParamSpec[], call: CallArgs, what: string): BoundArgs {
  const values = new Map<string, PyValue>();
  const spans: Record<string, Span> = {};
  const literalSpans: Record<string, Span> = {};
  let p = 0;
  for (const spec of signature) {
    if (spec.keywordOnly) continue;
    if (spec.variadic) {
      const rest = call.positional.slice(p);
      p = call.positional.length;
      values.set(spec.name, tuple(rest.map((a) => a.value)));
      rest.forEach((a, i) => {
        if (!a.expr) return;
        spans[`${spec.name}.${i}`] = spanOf(a.expr);
        if (isLiteralExpr(a.expr)) literalSpans[`${spec.name}.${i}`] = spanOf(a.expr);
      });
      break;
    }
    if (p >= call.positional.length) break;
    const arg = call.positional[p++];
    values.set(spec.name, arg.value);
    noteSpans(spec.name, arg, spans, literalSpans);
  }
  if (p < call.positional.length) {
    const max = signature.filter((s) => !s.keywordOnly && !s.variadic).length;
    throw new PyError('TypeError', `${what}() takes ${max} positional arguments but ${call.positional.length} were given`);
  }
  for (const [name, arg] of call.keywords) {
    const spec = signature.find((s) => s.name === name && !s.variadic);
    if (!spec) throw new PyError('TypeError', `${what}() got an unexpected keyword argument '${name}'`);
    if (values.has(name)) throw new PyError('TypeError', `${what}() got multiple values for argument '${name}'`);
    values.set(name, arg.value);
    noteSpans(name, arg, spans, literalSpans);
  }
  for (const spec of signature) {
    if (values.has(spec.name)) continue;
    if (spec.variadic) { values.set(spec.name, tuple([])); continue; }
    if (spec.required) throw new PyError('TypeError', `${what}() missing required argument: '${spec.name}'`);
    values.set(spec.name, fromDefault(spec.default));
  }
  return { values, spans, literalSpans };
}

function fromDefault(d: ParamSpec['default']): PyValue {
  if (d === undefined || d === null) return null;
  if (Array.isArray(d)) return tuple(d.map(fromDefault));
  if (typeof d === 'number' || typeof d === 'string' || typeof d === 'boolean') return d;
  const o = d as Exclude<ParamSpec['default'], readonly unknown[] | number | string | boolean | null | undefined>;
  if (o.kind === 'ellipsis') return { t: 'ellipsis' };
  if (o.kind === 'slice') return { t: 'slice', start: o.start, stop: o.stop, step: o.step };
  return { t: 'unknown', why: o.why };
}
