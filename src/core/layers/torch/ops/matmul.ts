// Matrix products: `@`, torch.matmul (1-D and batched operands, broadcast batch dims), torch.mm, torch.bmm. Shapes and
// errors as ATen's matmul/mm/bmm, including 1.13's folding of a batched operand against a matrix or vector into one
// mm/mv (its error then names the folded sizes). MACs = output elements × the contracted size, per sample. The
// backward of a product needs both operands (dA = dY·Bᵀ, dB = Aᵀ·dY).
import type { Shape } from '../../../ir';
import { keepsInputs } from '../../backward';
import type { OpContext, OpResult, TensorOp, TensorValue } from '../types';
import { TorchRuleError } from '../types';
import { broadcastShapes } from './broadcasting';
import { legacyName } from './dtypes';
import { numel, perSample, tensor, tensorInput } from './opValues';

const KEEPS_OPERANDS = { idealAutograd: keepsInputs };

function dimText(d: number | null): string {
  return d === null ? '?' : String(d);
}

/** mm's check: (n×k)·(k'×m) needs k = k'. */
function checkInner(a: readonly (number | null)[], b: readonly (number | null)[]): void {
  const k = a[1];
  const k2 = b[0];
  if (k !== null && k2 !== null && k !== k2) {
    throw new TorchRuleError(`mat1 and mat2 shapes cannot be multiplied (${dimText(a[0])}x${dimText(k)} and ${dimText(k2)}x${dimText(b[1])})`, 'other');
  }
}

/** mv's check: an (n×k) matrix times a vector of k'. */
function checkVector(rows: number | null, k: number | null, length: number | null): void {
  if (k !== null && length !== null && k !== length) {
    throw new TorchRuleError(`size mismatch, got ${dimText(rows)}, ${dimText(rows)}x${dimText(k)},${dimText(length)} (a matrix of ${dimText(rows)} rows of ${dimText(k)} times a vector of ${dimText(length)})`, 'other');
  }
}

function checkDtypes(a: TensorValue, b: TensorValue): void {
  if (a.dtype !== b.dtype) {
    throw new TorchRuleError(`expected scalar type ${legacyName(a.dtype)} but found ${legacyName(b.dtype)}`, 'other');
  }
}

/** ATen's matmul: the output shape and the contracted size. */
function matmulShape(a: Shape, b: Shape, batch: number): { out: Shape; contracted: number | null } {
  const ra = a.length;
  const rb = b.length;
  if (ra === 0 || rb === 0) {
    throw new TorchRuleError(`both arguments to matmul need to be at least 1D, but they are ${ra}D and ${rb}D`);
  }
  if (ra === 1 && rb === 1) {
    if (a[0] !== null && b[0] !== null && a[0] !== b[0]) {
      throw new TorchRuleError(`inconsistent tensor size, expected tensor [${a[0]}] and src [${b[0]}] to have the same number of elements, but got ${a[0]} and ${b[0]} elements respectively`, 'other');
    }
    return { out: [], contracted: a[0] ?? b[0] };
  }
  if (ra === 2 && rb === 1) {
    checkVector(a[0], a[1], b[0]);
    return { out: [a[0]], contracted: a[1] ?? b[0] };
  }
  if (ra === 1 && rb === 2) {
    checkInner([1, a[0]], b);
    return { out: [b[1]], contracted: a[0] ?? b[0] };
  }
  if (ra === 2 && rb === 2) {
    checkInner(a, b);
    return { out: [a[0], b[1]], contracted: a[1] ?? b[0] };
  }
  if (ra >= 3 && (rb === 1 || rb === 2)) {
    // Folded into one mm (or mv): a's leading dims become rows.
    const rows = numel(a.slice(0, -1));
    const k = a[ra - 1];
    if (rb === 1) {
      checkVector(rows, k, b[0]);
      return { out: a.slice(0, -1), contracted: k ?? b[0] };
    }
    checkInner([rows, k], b);
    return { out: [...a.slice(0, -1), b[1]], contracted: k ?? b[0] };
  }
  if (rb >= 3 && (ra === 1 || ra === 2)) {
    // PyTorch 1.13 folds the other way round: bᵀ's leading dims become rows, times aᵀ (or a, a vector).
    const rows = numel([...b.slice(0, -2), b[rb - 1]]);
    const k = b[rb - 2];
    if (ra === 1) {
      checkVector(rows, k, a[0]);
      return { out: [...b.slice(0, -2), b[rb - 1]], contracted: k ?? a[0] };
    }
    checkInner([rows, k], [a[1], a[0]]);
    return { out: [...b.slice(0, -2), a[0], b[rb - 1]], contracted: k ?? a[1] };
  }
  // Batched: a 1-D operand gains a dim that is dropped again; batch dims broadcast.
  const aMatrix = ra === 1 ? [1, a[0]] : a.slice(-2);
  const bMatrix = rb === 1 ? [b[0], 1] : b.slice(-2);
  const batchDims = broadcastShapes(ra > 2 ? a.slice(0, -2) : [], rb > 2 ? b.slice(0, -2) : [], batch);
  const k = aMatrix[1];
  const k2 = bMatrix[0];
  if (k !== null && k2 !== null && k !== k2) {
    const batches = numel(batchDims);
    throw new TorchRuleError(`Expected size for first two dimensions of batch2 tensor to be: [${dimText(batches)}, ${k}] but got: [${dimText(batches)}, ${k2}].`, 'other');
  }
  const out: Shape = [...batchDims];
  if (ra !== 1) out.push(aMatrix[0]);
  if (rb !== 1) out.push(bMatrix[1]);
  return { out, contracted: k ?? k2 };
}

function product(ctx: OpContext, out: Shape, contracted: number | null, a: TensorValue): OpResult {
  const outputs = numel(out);
  const total = outputs === null || contracted === null ? null : outputs * contracted;
  const macs = perSample(total, ctx.batch);
  ctx.derive(`MACs = ${outputs ?? '?'} outputs · ${contracted ?? '?'} = ${total ?? '?'}; / batch ${ctx.batch} = ${macs ?? '?'} per sample`);
  return { output: tensor(out, a.dtype), macs };
}

function matmulOp(names: string[], selfName: string): TensorOp {
  return {
    names,
    description: 'matrix product (1-D operands and broadcast batch dims allowed)',
    signature: [{ name: selfName, required: true }, { name: 'other', required: true }, { name: 'out', default: null, keywordOnly: true }],
    recorded: true,
    drawing: 'dense',
    backward: KEEPS_OPERANDS,
    apply(ctx) {
      const a = tensorInput(ctx, selfName, 'matmul');
      const b = tensorInput(ctx, 'other', 'matmul');
      if (!a.shape || !b.shape) return { output: tensor(null, a.dtype), macs: null };
      checkDtypes(a, b);
      const { out, contracted } = matmulShape(a.shape, b.shape, ctx.batch);
      return product(ctx, out, contracted, a);
    },
  };
}

function mmOp(names: string[], selfName: string): TensorOp {
  return {
    names,
    description: 'product of two matrices',
    signature: [{ name: selfName, required: true }, { name: 'mat2', required: true }, { name: 'out', default: null, keywordOnly: true }],
    recorded: true,
    drawing: 'dense',
    backward: KEEPS_OPERANDS,
    apply(ctx) {
      const a = tensorInput(ctx, selfName, 'mm');
      const b = tensorInput(ctx, 'mat2', 'mm');
      if (!a.shape || !b.shape) return { output: tensor(null, a.dtype), macs: null };
      if (a.shape.length !== 2) throw new TorchRuleError('self must be a matrix', selfName);
      if (b.shape.length !== 2) throw new TorchRuleError('mat2 must be a matrix', 'mat2');
      checkDtypes(a, b);
      checkInner(a.shape, b.shape);
      return product(ctx, [a.shape[0], b.shape[1]], a.shape[1] ?? b.shape[0], a);
    },
  };
}

function bmmOp(names: string[], selfName: string): TensorOp {
  return {
    names,
    description: 'batched product of two stacks of matrices',
    signature: [{ name: selfName, required: true }, { name: 'mat2', required: true }, { name: 'out', default: null, keywordOnly: true }],
    recorded: true,
    drawing: 'dense',
    backward: KEEPS_OPERANDS,
    apply(ctx) {
      const a = tensorInput(ctx, selfName, 'bmm');
      const b = tensorInput(ctx, 'mat2', 'bmm');
      if (!a.shape || !b.shape) return { output: tensor(null, a.dtype), macs: null };
      if (a.shape.length !== 3) throw new TorchRuleError('batch1 must be a 3D tensor', selfName);
      if (b.shape.length !== 3) throw new TorchRuleError('batch2 must be a 3D tensor', 'mat2');
      checkDtypes(a, b);
      const [n, rows, k] = a.shape;
      const [n2, k2, cols] = b.shape;
      if ((n !== null && n2 !== null && n !== n2) || (k !== null && k2 !== null && k !== k2)) {
        throw new TorchRuleError(`Expected size for first two dimensions of batch2 tensor to be: [${dimText(n)}, ${k}] but got: [${dimText(n2)}, ${k2}].`, 'mat2');
      }
      return product(ctx, [n ?? n2, rows, cols], k ?? k2, a);
    },
  };
}

export const matmulOps: readonly TensorOp[] = [
  matmulOp(['Tensor.__matmul__', 'Tensor.matmul'], 'self'),
  matmulOp(['torch.matmul'], 'input'),
  mmOp(['Tensor.mm'], 'self'),
  mmOp(['torch.mm'], 'input'),
  bmmOp(['Tensor.bmm'], 'self'),
  bmmOp(['torch.bmm'], 'input'),
];
