// The interpreter's values ↔ the plain values the catalogue's rules see (layers/torch/types.ts), and Python
// literals for quick fixes.
import type { ArgValue, CallValue, TensorValue } from '../../../layers/torch/types';
import { pyFloat, tuple, typeName, unknown, type PyValue, type TensorRef } from './values';

export function toCallValue(v: PyValue): CallValue {
  if (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  switch (v.t) {
    case 'float': return v.v;
    case 'list': case 'tuple': return v.items.map(toCallValue);
    case 'tensor': return { kind: 'tensor', shape: v.shape, dtype: v.dtype };
    case 'unknown': return { kind: 'unknown', why: v.why };
    case 'ellipsis': return { kind: 'ellipsis' };
    case 'slice': {
      const part = (p: PyValue): number | null | undefined => (p === null ? null : typeof p === 'number' ? p : typeof p === 'boolean' ? Number(p) : undefined);
      const [start, stop, step] = [part(v.start), part(v.stop), part(v.step)];
      if (start === undefined || stop === undefined || step === undefined) return { kind: 'unknown', why: 'a slice bound is not a known int' };
      return { kind: 'slice', start, stop, step };
    }
    default: return { kind: 'unknown', why: `a ${typeName(v)} value is not something the catalogue reads` };
  }
}

/** Arguments for a module constructor: tensors are not constructor arguments. */
export function toArgValue(v: PyValue): ArgValue {
  const c = toCallValue(v);
  return stripTensors(c);
}

function stripTensors(c: CallValue): ArgValue {
  if (Array.isArray(c)) return c.map(stripTensors);
  if (typeof c === 'object' && c !== null && 'kind' in c && c.kind === 'tensor') return { kind: 'unknown', why: 'a tensor given as a constructor argument' };
  return c as ArgValue;
}

export function isTensorValue(c: CallValue): c is TensorValue {
  return typeof c === 'object' && c !== null && !Array.isArray(c) && 'kind' in c && c.kind === 'tensor';
}

/** A rule's output → interpreter values; tensors are attributed to `producer`. */
export function fromCallValue(c: CallValue, producer: string): PyValue {
  if (c === null || typeof c === 'string' || typeof c === 'boolean') return c;
  if (typeof c === 'number') return Number.isInteger(c) ? c : pyFloat(c);
  if (Array.isArray(c)) return tuple(c.map((x) => fromCallValue(x, producer)));
  const o = c as Exclude<CallValue, readonly CallValue[] | number | string | boolean | null>;
  switch (o.kind) {
    case 'tensor': return { t: 'tensor', shape: o.shape ? [...o.shape] : null, dtype: o.dtype, producer } satisfies TensorRef;
    case 'unknown': return unknown(o.why);
    case 'ellipsis': return { t: 'ellipsis' };
    case 'slice': return { t: 'slice', start: o.start, stop: o.stop, step: o.step };
  }
}

/** Every tensor in a value (tuples and lists walked), in order. */
export function tensorsIn(v: PyValue, out: TensorRef[] = []): TensorRef[] {
  if (typeof v !== 'object' || v === null) return out;
  if (v.t === 'tensor') out.push(v);
  else if (v.t === 'list' || v.t === 'tuple') for (const x of v.items) tensorsIn(x, out);
  return out;
}

/** A value as Python source, for a quick fix's replacement text. */
export function pythonLiteral(v: ArgValue): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) return v.length === 1 ? `(${pythonLiteral(v[0])},)` : `(${v.map(pythonLiteral).join(', ')})`;
  const o = v as Exclude<ArgValue, readonly ArgValue[] | number | string | boolean | null>;
  if (o.kind === 'ellipsis') return '...';
  if (o.kind === 'slice') return `${o.start ?? ''}:${o.stop ?? ''}${o.step !== null ? `:${o.step}` : ''}`;
  return '…';
}
