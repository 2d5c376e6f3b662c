// Recurrent layers: RNN (tanh or relu), LSTM (optionally projected, proj_size), GRU, each num_layers deep and
// optionally bidirectional, over (L, N, H_in) or, batch_first, (N, L, H_in); an unbatched (L, H_in) input too. They
// return (output, h_n), LSTM (output, (h_n, c_n)). And their single-step cells RNNCell, LSTMCell, GRUCell.
//
// Weights per layer and direction, G gates (RNN 1, GRU 3, LSTM 4), R = proj_size or hidden_size:
// weight_ih [G·H, I] (I = input_size for layer 0, R·directions above), weight_hh [G·H, R], bias_ih and bias_hh [G·H],
// LSTM with proj_size weight_hr [P, H].
// MACs per step per layer and direction: G·H·(I + R) for the matrix products, P·H for the projection, and the gate
// products between tensors (LSTM f·c, i·g, o·tanh(c); GRU r·(W_hn·h + b_hn), z·h, (1 − z)·n: 3·H each); times L steps.
import { keepsInputsAndOutput } from '../backward';
import { cellSaves, recurrentSaves } from './savedForBackward';
import type { Shape } from '../../ir';
import type { Args, CallValue, ForwardContext, ForwardResult, ParamSpec, TorchModuleRule, TorchParameter, TensorValue } from './types';
import { TorchRuleError } from './types';
import { boolArg, count, createdShape, deriveParams, intArg, isTensor, isUnknown, numberArg, shapeTuple, stringArg, tensor, tensorInput } from './tensorInputs';

interface CellKind {
  className: 'RNN' | 'LSTM' | 'GRU';
  gates: number;
  gateProducts: number;
}

const KINDS: Record<CellKind['className'], CellKind> = {
  RNN: { className: 'RNN', gates: 1, gateProducts: 0 },
  LSTM: { className: 'LSTM', gates: 4, gateProducts: 3 },
  GRU: { className: 'GRU', gates: 3, gateProducts: 3 },
};

/** The layer's sizes, read and checked as RNNBase.__init__ checks them. */
interface RnnConfig {
  inputSize: number | null;
  hidden: number | null;
  layers: number | null;
  bias: boolean | null;
  batchFirst: boolean | null;
  directions: number | null;
  proj: number | null;
}

function readConfig(kind: CellKind, args: Args): RnnConfig {
  const owner = kind.className;
  const dropout = args.dropout;
  if (typeof dropout === 'boolean' || (typeof dropout === 'number' && (dropout < 0 || dropout > 1)) || typeof dropout === 'string') {
    throw new TorchRuleError('dropout should be a number in range [0, 1] representing the probability of an element being zeroed', 'dropout');
  }
  if (kind.className === 'RNN') {
    const nonlinearity = stringArg(args, 'nonlinearity');
    if (nonlinearity !== null && nonlinearity !== 'tanh' && nonlinearity !== 'relu') {
      throw new TorchRuleError(`Unknown nonlinearity '${nonlinearity}'`, 'nonlinearity');
    }
  }
  const hidden = intArg(args, 'hidden_size', owner);
  const proj = kind.className === 'LSTM' ? intArg(args, 'proj_size', owner) : 0;
  if (proj !== null && proj < 0) throw new TorchRuleError('proj_size should be a positive integer or zero to disable projections', 'proj_size');
  if (proj !== null && hidden !== null && proj >= hidden) throw new TorchRuleError('proj_size has to be smaller than hidden_size', 'proj_size');
  const bidirectional = boolArg(args, 'bidirectional');
  return {
    inputSize: intArg(args, 'input_size', owner),
    hidden,
    layers: intArg(args, 'num_layers', owner),
    bias: boolArg(args, 'bias'),
    batchFirst: boolArg(args, 'batch_first'),
    directions: bidirectional === null ? null : bidirectional ? 2 : 1,
    proj,
  };
}

/** R: what h carries (proj_size when projected). */
function realHidden(c: RnnConfig): number | null {
  if (c.proj === null || c.hidden === null) return null;
  return c.proj > 0 ? c.proj : c.hidden;
}

function rnnWeights(kind: CellKind, args: Args): { parameters: TorchParameter[]; buffers: [] } | null {
  const c = readConfig(kind, args);
  const { inputSize, hidden, layers, bias, directions, proj } = c;
  const r = realHidden(c);
  if (inputSize === null || hidden === null || layers === null || bias === null || directions === null || proj === null || r === null) return null;
  const gateSize = kind.gates * hidden;
  const parameters: TorchParameter[] = [];
  for (let layer = 0; layer < layers; layer++) {
    for (let direction = 0; direction < directions; direction++) {
      const suffix = `l${layer}${direction === 1 ? '_reverse' : ''}`;
      const layerInput = layer === 0 ? inputSize : r * directions;
      parameters.push({ name: `weight_ih_${suffix}`, shape: createdShape([{ size: gateSize, arg: 'hidden_size' }, { size: layerInput, arg: 'input_size' }]) });
      parameters.push({ name: `weight_hh_${suffix}`, shape: createdShape([{ size: gateSize, arg: 'hidden_size' }, { size: r, arg: 'hidden_size' }]) });
      if (bias) {
        parameters.push({ name: `bias_ih_${suffix}`, shape: [gateSize] });
        parameters.push({ name: `bias_hh_${suffix}`, shape: [gateSize] });
      }
      if (proj > 0) parameters.push({ name: `weight_hr_${suffix}`, shape: [proj, hidden] });
    }
  }
  return { parameters, buffers: [] };
}

/** Python's repr of a tuple of ints: `(2, 3, 20)`. */
function pyTuple(values: readonly (number | null)[]): string {
  return values.length === 1 ? `(${count(values[0])},)` : `(${values.map(count).join(', ')})`;
}

function pyList(values: readonly (number | null)[]): string {
  return `[${values.map(count).join(', ')}]`;
}

function sameShape(a: Shape, b: readonly (number | null)[]): boolean {
  return a.length === b.length && a.every((d, i) => d === null || b[i] === null || d === b[i]);
}

/** The hx a call was given: undefined when None; a tensor (RNN, GRU) or an (h, c) pair (LSTM). */
function hiddenInputs(kind: CellKind, value: CallValue | undefined): (TensorValue | undefined)[] | undefined {
  if (value === null || value === undefined) return undefined;
  const asTensor = (v: CallValue): TensorValue | undefined => (isTensor(v) ? v : isUnknown(v) ? tensor(null) : undefined);
  if (kind.className === 'LSTM') {
    if (Array.isArray(value) && value.length === 2) return [asTensor(value[0]), asTensor(value[1])];
    if (isUnknown(value)) return [tensor(null), tensor(null)];
    throw new TorchRuleError('LSTM: hx must be a tuple (h_0, c_0) of two tensors');
  }
  const t = asTensor(value as CallValue);
  if (!t) throw new TorchRuleError(`${kind.className}: hx must be a Tensor`);
  return [t];
}

function rnnForward(kind: CellKind, ctx: ForwardContext): ForwardResult {
  const owner = kind.className;
  const c = readConfig(kind, ctx.args);
  const input = tensorInput(ctx.inputs, 'input', owner);
  const hx = hiddenInputs(kind, ctx.inputs.hx);
  const r = realHidden(c);
  const layersTimesDirs = c.layers === null || c.directions === null ? null : c.layers * c.directions;
  const shape = input.shape;
  const unknownOutput = (): ForwardResult => {
    const h = tensor(null, input.dtype);
    ctx.derive(`output = [..., ${c.directions === null || r === null ? '?' : c.directions * r}] (the input's shape is unknown)`);
    return { output: [tensor(null, input.dtype), kind.className === 'LSTM' ? [h, tensor(null, input.dtype)] : h], macs: null };
  };
  if (shape === null) return unknownOutput();

  const batched = shape.length === 3;
  if (!batched && hx) {
    const dims = hx.map((h) => h?.shape?.length ?? null);
    if (dims.some((d) => d !== null && d !== 2)) {
      throw new TorchRuleError(kind.className === 'LSTM'
        ? `For unbatched 2-D input, hx and cx should also be 2-D but got (${count(dims[0])}-D, ${count(dims[1])}-D) tensors`
        : `For unbatched 2-D input, hx should also be 2-D but got ${count(dims[0])}-D tensor`);
    }
  } else if (batched && hx) {
    const dims = hx.map((h) => h?.shape?.length ?? null);
    if (dims.some((d) => d !== null && d !== 3)) {
      throw new TorchRuleError(kind.className === 'LSTM'
        ? `For batched 3-D input, hx and cx should also be 3-D but got (${count(dims[0])}-D, ${count(dims[1])}-D) tensors`
        : `For batched 3-D input, hx should also be 3-D but got ${count(dims[0])}-D tensor`);
    }
  }
  // PyTorch adds a batch axis to anything not 3-D, then insists on 3 dims.
  if (!batched && shape.length + 1 !== 3) throw new TorchRuleError(`input must have 3 dimensions, got ${shape.length + 1}`);
  const features = shape[shape.length - 1];
  if (features !== null && c.inputSize !== null && features !== c.inputSize) {
    throw new TorchRuleError(`input.size(-1) must be equal to input_size. Expected ${c.inputSize}, got ${features}`, 'input_size', features);
  }
  if (c.batchFirst === null) return unknownOutput();
  // Axes of the (possibly unsqueezed) 3-D input.
  const full: Shape = batched ? shape : c.batchFirst ? [1, ...shape] : [shape[0], 1, shape[1]];
  const [steps, batch] = c.batchFirst ? [full[1], full[0]] : [full[0], full[1]];
  const expectedH = [layersTimesDirs, batch, r];
  const expectedC = [layersTimesDirs, batch, c.hidden];
  if (hx) {
    const checks: [TensorValue | undefined, readonly (number | null)[], string][] = kind.className === 'LSTM'
      ? [[hx[0], expectedH, 'Expected hidden[0] size {}, got {}'], [hx[1], expectedC, 'Expected hidden[1] size {}, got {}']]
      : [[hx[0], expectedH, 'Expected hidden size {}, got {}']];
    for (const [h, expected, message] of checks) {
      const s = h?.shape;
      if (!s) continue;
      const given: Shape = batched ? s : [s[0], 1, ...s.slice(1)];
      if (!sameShape(given, expected)) {
        throw new TorchRuleError(message.replace('{}', pyTuple(expected)).replace('{}', pyList(given)));
      }
    }
  }
  const outFeatures = c.directions === null || r === null ? null : c.directions * r;
  const output: Shape = batched ? (c.batchFirst ? [batch, steps, outFeatures] : [steps, batch, outFeatures]) : [steps, outFeatures];
  const hShape: Shape = batched ? [layersTimesDirs, batch, r] : [layersTimesDirs, r];
  const cShape: Shape = batched ? [layersTimesDirs, batch, c.hidden] : [layersTimesDirs, c.hidden];
  ctx.derive(`output = ${shapeTuple(output)}: ${c.batchFirst ? '(N, L, D·R)' : '(L, N, D·R)'} with L = ${count(steps)}, D = ${count(c.directions)}, R = ${count(r)}`);
  ctx.derive(`h_n = ${shapeTuple(hShape)}: (num_layers·D${batched ? ', N' : ''}, R)${kind.className === 'LSTM' ? `; c_n = ${shapeTuple(cShape)}` : ''}`);
  const macs = recurrentMacs(kind, c, steps, ctx);
  const h = tensor(hShape, input.dtype);
  return { output: [tensor(output, input.dtype), kind.className === 'LSTM' ? [h, tensor(cShape, input.dtype)] : h], macs };
}

/** MACs for one sample over L steps (see the header). */
function recurrentMacs(kind: CellKind, c: RnnConfig, steps: number | null, ctx: ForwardContext): number | null {
  const r = realHidden(c);
  const { hidden, inputSize, layers, directions, proj } = c;
  if (steps === null || r === null || hidden === null || inputSize === null || layers === null || directions === null || proj === null) {
    ctx.derive('MACs = ? (a size is unknown)');
    return null;
  }
  const g = kind.gates;
  let perStep = 0;
  for (let layer = 0; layer < layers; layer++) {
    const i = layer === 0 ? inputSize : r * directions;
    const one = g * hidden * (i + r) + proj * hidden + kind.gateProducts * hidden;
    perStep += directions * one;
    ctx.derive(
      `layer ${layer}: ${directions > 1 ? `${directions} directions · ` : ''}(${g}·${hidden}·(${i} + ${r})` +
        `${proj > 0 ? ` + ${proj}·${hidden}` : ''}${kind.gateProducts ? ` + ${kind.gateProducts}·${hidden}` : ''}) = ${directions * one} per step`,
    );
  }
  const macs = steps * perStep;
  ctx.derive(`MACs = ${steps} steps · ${perStep} = ${macs}`);
  return macs;
}

const DEVICE_DTYPE: readonly ParamSpec[] = [{ name: 'device', default: null }, { name: 'dtype', default: null }];

function rnnSignature(kind: CellKind): ParamSpec[] {
  const params: ParamSpec[] = [
    { name: 'input_size', required: true }, { name: 'hidden_size', required: true }, { name: 'num_layers', default: 1 },
    { name: 'bias', default: true }, { name: 'batch_first', default: false }, { name: 'dropout', default: 0.0 }, { name: 'bidirectional', default: false },
  ];
  if (kind.className === 'LSTM') params.push({ name: 'proj_size', default: 0 });
  params.push(...DEVICE_DTYPE);
  // PyTorch 1.13's RNN takes nonlinearity only by keyword (RNN.__init__ pops it from **kwargs; RNNBase gets *args).
  if (kind.className === 'RNN') params.push({ name: 'nonlinearity', default: 'tanh', keywordOnly: true });
  return params;
}

const HX_FORWARD: readonly ParamSpec[] = [{ name: 'input', required: true }, { name: 'hx', default: null }];

function rnnRule(kind: CellKind, description: string): TorchModuleRule {
  return {
    className: kind.className,
    description,
    signature: rnnSignature(kind),
    forwardSignature: HX_FORWARD,
    weights: (args) => rnnWeights(kind, args),
    forward: (ctx) => {
      const dropout = numberArg(ctx.args, 'dropout');
      const layers = intArg(ctx.args, 'num_layers', kind.className);
      if (dropout !== null && dropout > 0 && layers === 1) {
        ctx.warn(`dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects num_layers greater than 1, but got dropout=${dropout} and num_layers=1`, 'dropout', 0);
      }
      const result = rnnForward(kind, ctx);
      deriveParams(ctx, rnnWeights(kind, ctx.args)?.parameters ?? null);
      return result;
    },
    // At least the input and output sequences; the per-step gates and states autograd also keeps are not modelled
    // here, so this figure errs low for recurrent layers. PyTorch's own (measured): savedForBackward.ts.
    backward: { idealAutograd: keepsInputsAndOutput, pytorch: recurrentSaves(kind.className) },
    drawing: 'other',
  };
}

// The cells: one step, input (N, I) or (I,), hx (N, H) (LSTMCell: (h, c)); output h' (LSTMCell: (h', c')).

function cellWeights(kind: CellKind, args: Args): { parameters: TorchParameter[]; buffers: [] } | null {
  const owner = `${kind.className}Cell`;
  const inputSize = intArg(args, 'input_size', owner);
  const hidden = intArg(args, 'hidden_size', owner);
  const bias = boolArg(args, 'bias');
  if (inputSize === null || hidden === null || bias === null) return null;
  const g = kind.gates * hidden;
  return {
    parameters: [
      { name: 'weight_ih', shape: createdShape([{ size: g, arg: 'hidden_size' }, { size: inputSize, arg: 'input_size' }]) },
      { name: 'weight_hh', shape: createdShape([{ size: g, arg: 'hidden_size' }, { size: hidden, arg: 'hidden_size' }]) },
      ...(bias ? [{ name: 'bias_ih', shape: [g] }, { name: 'bias_hh', shape: [g] }] : []),
    ],
    buffers: [],
  };
}

function cellForward(kind: CellKind, ctx: ForwardContext): ForwardResult {
  const owner = `${kind.className}Cell`;
  const input = tensorInput(ctx.inputs, 'input', owner);
  const inputSize = intArg(ctx.args, 'input_size', owner);
  const hidden = intArg(ctx.args, 'hidden_size', owner);
  const shape = input.shape;
  const result = (s: Shape | null): CallValue => (kind.className === 'LSTM' ? [tensor(s, input.dtype), tensor(s, input.dtype)] : tensor(s, input.dtype));
  if (shape === null) {
    ctx.derive(`h' = [..., ${count(hidden)}] (the input's shape is unknown)`);
    return { output: result(null), macs: null };
  }
  if (shape.length !== 1 && shape.length !== 2) {
    throw new TorchRuleError(`${owner}: Expected input to be 1-D or 2-D but received ${shape.length}-D tensor`);
  }
  const batched = shape.length === 2;
  const features = shape[shape.length - 1];
  if (features !== null && inputSize !== null && features !== inputSize) {
    throw new TorchRuleError(`input has inconsistent input_size: got ${features} expected ${inputSize}`, 'input_size', features);
  }
  const hx = hiddenInputs(kind, ctx.inputs.hx);
  const batch = batched ? shape[0] : 1;
  // ATen's cell checks call both h and c "hidden0" (check_rnn_cell_forward_hidden gets index 0 for each).
  for (const h of hx ?? []) {
    const s = h?.shape;
    if (!s) continue;
    const given: Shape = batched ? s : [1, ...s];
    if (given.length !== 2 || (given[0] !== null && batch !== null && given[0] !== batch)) {
      throw new TorchRuleError(`Input batch size ${count(batch)} doesn't match hidden0 batch size ${count(given[0] ?? null)}`);
    }
    if (given[1] !== null && hidden !== null && given[1] !== hidden) {
      throw new TorchRuleError(`hidden0 has inconsistent hidden_size: got ${given[1]}, expected ${hidden}`, 'hidden_size', given[1]);
    }
  }
  const out: Shape = batched ? [batch, hidden] : [hidden];
  const g = kind.gates;
  const macs = inputSize === null || hidden === null ? null : g * hidden * (inputSize + hidden) + kind.gateProducts * hidden;
  ctx.derive(`h' = ${shapeTuple(out)}${kind.className === 'LSTM' ? `; c' = ${shapeTuple(out)}` : ''}`);
  ctx.derive(`MACs = ${g}·${count(hidden)}·(${count(inputSize)} + ${count(hidden)})${kind.gateProducts ? ` + ${kind.gateProducts}·${count(hidden)}` : ''} = ${count(macs)}`);
  return { output: result(out), macs };
}

function cellRule(kind: CellKind, description: string): TorchModuleRule {
  const signature: ParamSpec[] = [{ name: 'input_size', required: true }, { name: 'hidden_size', required: true }, { name: 'bias', default: true }];
  if (kind.className === 'RNN') signature.push({ name: 'nonlinearity', default: 'tanh' });
  return {
    className: `${kind.className}Cell`,
    description,
    signature: [...signature, ...DEVICE_DTYPE],
    forwardSignature: HX_FORWARD,
    weights: (args) => cellWeights(kind, args),
    forward: (ctx) => {
      const result = cellForward(kind, ctx);
      deriveParams(ctx, cellWeights(kind, ctx.args)?.parameters ?? null);
      return result;
    },
    backward: { idealAutograd: keepsInputsAndOutput, pytorch: cellSaves(kind.className) },
    drawing: 'other',
  };
}

export const recurrentRules: readonly TorchModuleRule[] = [
  rnnRule(KINDS.RNN, 'Elman RNN: h_t = tanh(W_ih·x_t + W_hh·h_(t−1) + b)'),
  rnnRule(KINDS.LSTM, 'long short-term memory recurrent layer'),
  rnnRule(KINDS.GRU, 'gated recurrent unit layer'),
  cellRule(KINDS.RNN, 'one step of an Elman RNN'),
  cellRule(KINDS.LSTM, 'one step of an LSTM'),
  cellRule(KINDS.GRU, 'one step of a GRU'),
];
