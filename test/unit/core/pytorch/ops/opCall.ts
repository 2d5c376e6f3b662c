// Calling a catalogue op the way the static engine does: a Python call's positional and keyword arguments bound to
// the op's signature (variadic parameters collect the rest), in the encoding the op-grid oracle writes
// (scripts/oracle/torch_op_grid.py).
import { torchCallable } from '../../../../../src/core/layers/torch/registry';
import type { CallValue, OpResult, ParamSpec, TensorOp } from '../../../../../src/core/layers/torch/types';

/** An argument as ops.json writes it. */
export type GridArg = number | string | boolean | null | GridArg[] | { t: number[]; dtype?: string } | { slice: (number | null)[] } | { ellipsis: true } | { dtype: string };

export function decode(value: GridArg): CallValue {
  if (Array.isArray(value)) return value.map(decode);
  if (value !== null && typeof value === 'object') {
    if ('t' in value) return { kind: 'tensor', shape: value.t, dtype: value.dtype ?? 'float32' };
    if ('slice' in value) return { kind: 'slice', start: value.slice[0], stop: value.slice[1], step: value.slice[2] };
    if ('ellipsis' in value) return { kind: 'ellipsis' };
    return value.dtype;
  }
  return value;
}

/** What Python's binding of `args`/`kwargs` to `signature` gives, defaults filled in. */
export function bind(signature: readonly ParamSpec[], args: readonly CallValue[], kwargs: Readonly<Record<string, CallValue>>): Record<string, CallValue> {
  const bound: Record<string, CallValue> = {};
  let next = 0;
  for (const p of signature) {
    if (p.variadic) {
      bound[p.name] = args.slice(next);
      next = args.length;
    } else if (!p.keywordOnly && next < args.length) {
      bound[p.name] = args[next++];
    }
  }
  if (next < args.length) throw new Error(`too many positional arguments for (${signature.map((p) => p.name).join(', ')})`);
  for (const [name, value] of Object.entries(kwargs)) {
    const p = signature.find((q) => q.name === name && !q.variadic);
    if (!p) throw new Error(`no parameter ${name} in (${signature.map((q) => q.name).join(', ')})`);
    if (name in bound) throw new Error(`${name} given twice`);
    bound[name] = value;
  }
  for (const p of signature) {
    if (p.name in bound) continue;
    if (p.required) throw new Error(`missing ${p.name}`);
    if (p.default !== undefined) bound[p.name] = p.default;
  }
  return bound;
}

export function op(name: string): TensorOp {
  const callable = torchCallable(name);
  if (!callable || callable.kind !== 'op') throw new Error(`${name} is not an op of the catalogue`);
  return callable.op;
}

export interface OpRun {
  result: OpResult;
  derivation: string[];
  warnings: { message: string; arg?: string; replacement?: unknown }[];
}

export function runOp(name: string, args: readonly CallValue[], kwargs: Readonly<Record<string, CallValue>> = {}, batch = 2): OpRun {
  const theOp = op(name);
  const derivation: string[] = [];
  const warnings: OpRun['warnings'] = [];
  const result = theOp.apply({
    inputs: bind(theOp.signature, args, kwargs),
    batch,
    derive: (line) => derivation.push(line),
    warn: (message, arg, replacement) => warnings.push({ message, arg, replacement }),
  });
  return { result, derivation, warnings };
}
