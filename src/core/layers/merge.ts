// Merge layers: elementwise (Add, Subtract, Multiply, Average, Maximum, Minimum) with Keras broadcasting rules,
// Concatenate along an axis, and Dot (batched dot product). No weights.
import type { Shape } from '../ir';
import type { InferContext, LayerFamily, LayerRule } from './types';
import { unknownResult } from './types';
import { keepsInputs, keepsNothing, type BackwardByMemoryModel } from './backward';
import { tfjsAdd, tfjsConcatenate } from './tfjsCosts';
import { elementsPerSample, shapeTuple, mul, normalizeAxis } from './shape';

function requireInputs(ctx: InferContext, min: number, max = Infinity): Shape[] | undefined {
  const inputs = ctx.inputs;
  if (inputs.length < min || inputs.length > max) {
    const expected = max === min ? `exactly ${min}` : `at least ${min}`;
    ctx.report('error', `${ctx.layer.className} must be called on ${expected} inputs, got ${inputs.length}`, []);
    return undefined;
  }
  return inputs as Shape[];
}

/** Keras's broadcasting of two shapes without the batch dim; undefined (reported) when they are incompatible. */
function broadcast(ctx: InferContext, a: Shape, b: Shape): Shape | undefined {
  if (a.length < b.length) return broadcast(ctx, b, a);
  const out: Shape = a.slice(0, a.length - b.length);
  for (let k = 0; k < b.length; k++) {
    const i = a[a.length - b.length + k];
    const j = b[k];
    if (i === null || j === null) out.push(null);
    else if (i === 1) out.push(j);
    else if (j === 1) out.push(i);
    else if (i !== j) return undefined;
    else out.push(i);
  }
  return out;
}

// Sums, differences, means and concatenation pass dy through (scaled or sliced) and need nothing; products and
// selections (Multiply, Dot, Maximum, Minimum) need their inputs.
const PASSES_GRADIENT_ON: BackwardByMemoryModel = { idealAutograd: keepsNothing };
const READS_INPUTS: BackwardByMemoryModel = { idealAutograd: keepsInputs };

function elementwiseRule(op: string, backward: BackwardByMemoryModel, macsPerElement: (n: number) => number, macNote: string, exactlyTwo = false): LayerRule {
  return {
    description: `elementwise ${op} of its inputs`,
    drawing: 'merge',
    backward,
    infer: (ctx) => {
      const inputs = requireInputs(ctx, 2, exactlyTwo ? 2 : Infinity);
      if (!inputs) return unknownResult();
      let acc: Shape = inputs[0].slice(1);
      for (let i = 1; i < inputs.length; i++) {
        const next = broadcast(ctx, acc, inputs[i].slice(1));
        if (!next) {
          ctx.report('error', `${ctx.layer.className} of mismatched shapes: ${inputs.map(shapeTuple).join(' and ')} cannot be broadcast together`, []);
          return unknownResult();
        }
        acc = next;
      }
      const batches = inputs.map((s) => s[0]).filter((b) => b !== null);
      const batch = batches.length > 0 ? batches[0] : null;
      const output: Shape = [batch, ...acc];
      const macs = mul(elementsPerSample(output), macsPerElement(inputs.length));
      ctx.derive(`${op} of ${inputs.map(shapeTuple).join(', ')} → ${shapeTuple(output)}`);
      if (macNote) ctx.derive(macNote);
      return { outputs: [output], trainable: 0, nonTrainable: 0, macs };
    },
  };
}

const concatenate: LayerRule = {
  description: 'concatenates its inputs along an axis',
  drawing: 'merge',
  backward: { ...PASSES_GRADIENT_ON, tfjs: tfjsConcatenate },
  infer: (ctx) => {
    const inputs = requireInputs(ctx, 1);
    const axisValue = ctx.config.get('axis') ?? -1;
    if (!inputs) return unknownResult();
    if (typeof axisValue !== 'number' || !Number.isInteger(axisValue)) {
      ctx.report('error', `"axis" must be an integer, got ${JSON.stringify(axisValue)}`, 'axis');
      return unknownResult();
    }
    const rank = inputs[0].length;
    if (inputs.some((s) => s.length !== rank)) {
      ctx.report('error', `Concatenate inputs must have the same rank: ${inputs.map(shapeTuple).join(', ')}`, []);
      return unknownResult();
    }
    const axis = normalizeAxis(axisValue, rank);
    if (axis === undefined || axis === 0) {
      ctx.report('error', `axis ${axisValue} is out of range for rank-${rank} inputs (the batch axis cannot be concatenated)`, 'axis');
      return unknownResult();
    }
    const output: Shape = inputs[0].slice();
    let total: number | null = 0;
    for (const s of inputs) {
      for (let d = 0; d < rank; d++) {
        if (d === axis) continue;
        if (output[d] === null) output[d] = s[d];
        else if (s[d] !== null && s[d] !== output[d] && d !== 0) {
          ctx.report('error', `Concatenate of mismatched shapes along axis ${axisValue}: ${inputs.map(shapeTuple).join(', ')} differ in dim ${d}`, []);
          return unknownResult();
        }
      }
      total = total === null || s[axis] === null ? null : total + (s[axis] as number);
    }
    output[axis] = total;
    ctx.derive(`axis ${axis}: ${inputs.map((s) => s[axis] ?? '?').join(' + ')} = ${total ?? '?'}`);
    return { outputs: [output], trainable: 0, nonTrainable: 0, macs: 0 };
  },
};

const dot: LayerRule = {
  description: 'batched dot product of two inputs along the given axes',
  drawing: 'merge',
  backward: READS_INPUTS,
  infer: (ctx) => {
    const inputs = requireInputs(ctx, 2, 2);
    if (!inputs) return unknownResult();
    const raw = ctx.config.get('axes');
    const [a, b] = inputs;
    const pair = Array.isArray(raw) ? raw : [raw, raw];
    if (pair.length !== 2 || !pair.every((x) => typeof x === 'number' && Number.isInteger(x))) {
      ctx.report('error', `"axes" must be an integer or a pair of integers, got ${JSON.stringify(raw)}`, 'axes');
      return unknownResult();
    }
    const ax = normalizeAxis(pair[0] as number, a.length);
    const bx = normalizeAxis(pair[1] as number, b.length);
    if (ax === undefined || bx === undefined || ax === 0 || bx === 0) {
      ctx.report('error', `axes ${JSON.stringify(raw)} out of range for inputs ${shapeTuple(a)} and ${shapeTuple(b)}`, 'axes');
      return unknownResult();
    }
    if (a[ax] !== null && b[bx] !== null && a[ax] !== b[bx]) {
      ctx.report('error', `Dot of mismatched shapes: ${shapeTuple(a)} axis ${ax} (${a[ax]}) ≠ ${shapeTuple(b)} axis ${bx} (${b[bx]})`, []);
      return unknownResult();
    }
    const out: Shape = [...a.slice(0, ax), ...a.slice(ax + 1), ...b.slice(1, bx), ...b.slice(bx + 1)];
    if (out.length === 1) out.push(1);
    const contracted = a[ax] ?? b[bx];
    const macs = mul(elementsPerSample(out), contracted);
    ctx.derive(`contracts ${shapeTuple(a)} axis ${ax} with ${shapeTuple(b)} axis ${bx} → ${shapeTuple(out)}`);
    ctx.derive(`MACs = ${elementsPerSample(out) ?? '?'} outputs · ${contracted ?? '?'} = ${macs ?? '?'}${ctx.config.bool('normalize', false) ? ' (plus L2 normalisation, not counted)' : ''}`);
    return { outputs: [out], trainable: 0, nonTrainable: 0, macs };
  },
};

export const mergeRules: LayerFamily = {
  semantics: 'keras',
  rules: {
    Add: elementwiseRule('sum', { ...PASSES_GRADIENT_ON, tfjs: tfjsAdd }, () => 0, ''),
    Subtract: elementwiseRule('difference', PASSES_GRADIENT_ON, () => 0, '', true),
    Multiply: elementwiseRule('product', READS_INPUTS, (n) => n - 1, 'MACs = (inputs - 1) multiplications per output element'),
    Average: elementwiseRule('mean', PASSES_GRADIENT_ON, () => 1, 'MACs = 1 scaling multiplication per output element'),
    Maximum: elementwiseRule('maximum', READS_INPUTS, () => 0, ''),
    Minimum: elementwiseRule('minimum', READS_INPUTS, () => 0, ''),
    Concatenate: concatenate,
    Dot: dot,
  },
};
