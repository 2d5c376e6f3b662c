// torch.einsum: the output shape from the equation (explicit `->`, or implicit: the labels used once, in PyTorch's
// label order — A–Z before a–z — after the broadcast `...` dims), size-1 labels broadcasting, PyTorch's errors for a
// wrong operand count or subscript count. MACs are counted for one or two operands (two: one product per point of
// the joint index space); with three or more the cost depends on the contraction order PyTorch picks (opt_einsum
// when installed), so it is unknown.
import type { Shape } from '../../../ir';
import { keepsInputs } from '../../backward';
import type { CallValue, OpResult, TensorOp, TensorValue } from '../types';
import { TorchRuleError } from '../types';
import { broadcastShapes } from './broadcasting';
import { isTensor, isUnknown, listText, numel, perSample, tensor } from './opValues';

interface Term {
  readonly labels: string[];
  /** Where `...` stands among the labels (the index in `labels` it precedes), or -1. */
  readonly ellipsisAt: number;
}

function parseTerm(text: string): Term {
  const labels: string[] = [];
  let ellipsisAt = -1;
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith('...', i)) {
      if (ellipsisAt >= 0) throw new TorchRuleError('einsum(): found \'.\' for operand that is not part of any ellipsis', 'equation');
      ellipsisAt = labels.length;
      i += 2;
    } else if (/[A-Za-z]/.test(text[i])) {
      labels.push(text[i]);
    } else {
      throw new TorchRuleError(`einsum(): invalid subscript given at index ${i} in the equation string, subscripts must be in [a-zA-Z]`, 'equation');
    }
  }
  return { labels, ellipsisAt };
}

/** PyTorch's label order: A–Z, then a–z. */
function labelOrder(a: string, b: string): number {
  const rank = (c: string): number => (c <= 'Z' ? c.charCodeAt(0) - 65 : 26 + c.charCodeAt(0) - 97);
  return rank(a) - rank(b);
}

function operandsOf(inputs: Readonly<Record<string, CallValue>>): TensorValue[] | null {
  const raw = inputs.operands;
  if (isUnknown(raw) || !Array.isArray(raw)) return null;
  const items = raw as readonly CallValue[];
  // einsum('ij,jk', [a, b]) passes the operands as one list.
  const list = items.length === 1 && Array.isArray(items[0]) ? (items[0] as readonly CallValue[]) : items;
  if (list.some((v) => !isTensor(v))) return null;
  return list as TensorValue[];
}

export const einsumOps: readonly TensorOp[] = [{
  names: ['torch.einsum'],
  description: 'Einstein summation over the operands as the equation says',
  signature: [{ name: 'equation', required: true }, { name: 'operands', variadic: true }],
  recorded: true,
  drawing: 'dense',
  // A product's gradient for each operand needs the others.
  backward: { idealAutograd: keepsInputs },
  apply(ctx): OpResult {
    const equation = ctx.inputs.equation;
    const operands = operandsOf(ctx.inputs);
    if (typeof equation !== 'string' || operands === null) return { output: tensor(null, operands?.[0]?.dtype ?? 'float32'), macs: null };
    const dtype = operands[0]?.dtype ?? 'float32';
    const compact = equation.replace(/\s+/g, '');
    const arrow = compact.indexOf('->');
    const lhs = arrow >= 0 ? compact.slice(0, arrow) : compact;
    const terms = lhs.split(',').map(parseTerm);
    if (operands.length > terms.length) throw new TorchRuleError('einsum(): more operands were provided than specified in the equation', 'operands');
    if (operands.length < terms.length) throw new TorchRuleError('einsum(): fewer operands were provided than specified in the equation', 'operands');
    if (operands.some((o) => o.shape === null)) return { output: tensor(null, dtype), macs: null };

    const sizes = new Map<string, number | null>();
    let ellipsis: Shape = [];
    terms.forEach((term, k) => {
      const shape = operands[k].shape as Shape;
      const n = term.labels.length;
      if (term.ellipsisAt < 0 && n !== shape.length) {
        throw new TorchRuleError(`einsum(): the number of subscripts in the equation (${n}) does not match the number of dimensions (${shape.length}) for operand ${k} and no ellipsis was given`, `operands.${k}`);
      }
      if (term.ellipsisAt >= 0 && n > shape.length) {
        throw new TorchRuleError(`einsum(): the number of subscripts in the equation (${n}) is more than the number of dimensions (${shape.length}) for operand ${k}`, `operands.${k}`);
      }
      const covered = shape.length - n;
      const dimOf = (i: number): number => (term.ellipsisAt >= 0 && i >= term.ellipsisAt ? i + covered : i);
      if (term.ellipsisAt >= 0) ellipsis = broadcastShapes(ellipsis, shape.slice(term.ellipsisAt, term.ellipsisAt + covered), ctx.batch);
      term.labels.forEach((label, i) => {
        const size = shape[dimOf(i)];
        const seen = sizes.get(label);
        if (seen === undefined || seen === 1) sizes.set(label, seen === 1 && size === null ? null : size);
        else if (size !== null && seen !== null && size !== 1 && size !== seen) {
          throw new TorchRuleError(`einsum(): subscript ${label} has size ${size} for operand ${k} which does not broadcast with previously seen size ${seen} (operand ${k} is ${listText(shape)})`, `operands.${k}`);
        }
      });
    });

    let outLabels: string[];
    let outEllipsisAt: number;
    if (arrow >= 0) {
      const out = parseTerm(compact.slice(arrow + 2));
      for (const [i, label] of out.labels.entries()) {
        if (!sizes.has(label)) throw new TorchRuleError(`einsum(): output subscript ${label} does not appear in the equation for any input operand`, 'equation');
        if (out.labels.indexOf(label) !== i) throw new TorchRuleError(`einsum(): output subscript ${label} appears more than once in the output`, 'equation');
      }
      outLabels = out.labels;
      outEllipsisAt = out.ellipsisAt >= 0 ? out.ellipsisAt : (ellipsis.length > 0 ? -2 : 0);
    } else {
      const counts = new Map<string, number>();
      for (const term of terms) for (const label of term.labels) counts.set(label, (counts.get(label) ?? 0) + 1);
      outLabels = [...counts].filter(([, c]) => c === 1).map(([l]) => l).sort(labelOrder);
      outEllipsisAt = 0;
    }
    // Broadcast `...` dims not named in an explicit output are summed away (-2).
    const labelled: Shape = outLabels.map((l) => sizes.get(l) ?? null);
    const shape: Shape = outEllipsisAt === -2 ? labelled : [...labelled.slice(0, outEllipsisAt), ...ellipsis, ...labelled.slice(outEllipsisAt)];

    let macs: number | null = null;
    if (operands.length === 1) {
      macs = 0;
    } else if (operands.length === 2) {
      const space = numel([...sizes.values(), ...ellipsis]);
      macs = perSample(space, ctx.batch);
      ctx.derive(`MACs = ${[...sizes].map(([l, s]) => `${l}=${s ?? '?'}`).join('·')}${ellipsis.length ? ` · ...=${listText(ellipsis)}` : ''} = ${space ?? '?'}; / batch ${ctx.batch} = ${macs ?? '?'} per sample`);
    } else {
      ctx.derive('MACs: not counted for three or more operands (PyTorch picks the contraction order)');
    }
    return { output: tensor(shape, dtype), macs };
  },
}];
