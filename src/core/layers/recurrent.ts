// Recurrent layers: SimpleRNN, GRU, LSTM (and the generic RNN with one of their cells). Input (batch, T, F).
// Weights with G gates (SimpleRNN 1, GRU 3, LSTM 4): kernel F·G·u, recurrent kernel u·G·u, bias G·u
// (GRU with reset_after keeps separate input and recurrent biases: 2·G·u).
// MACs per step: G·u·(F + u) for the matrix products, plus the gate products between tensors
// (LSTM: f·c, i·g, o·tanh(c) = 3·u; GRU: r·h, z·h, (1-z)·h̃ = 3·u), times T steps.
import type { Shape } from '../ir';
import type { InferContext, InferResult, LayerRule } from './types';
import { unknownResult } from './types';
import { LayerConfig } from './config';
import { singleInput } from './core';
import { add, formatShape, mul } from './shape';

interface CellKind {
  name: string;
  gates: number;
  /** Number of state tensors (LSTM: h and c). */
  states: number;
  gateProducts: number;
}

const CELLS: Record<string, CellKind> = {
  SimpleRNN: { name: 'SimpleRNN', gates: 1, states: 1, gateProducts: 0 },
  GRU: { name: 'GRU', gates: 3, states: 1, gateProducts: 3 },
  LSTM: { name: 'LSTM', gates: 4, states: 2, gateProducts: 3 },
};

/** Weights and per-step MACs of one cell for F input features. */
export function cellCounts(ctx: InferContext, cell: CellKind, cellConfig: LayerConfig, features: number | null) {
  const units = cellConfig.int('units', undefined, 1);
  if (units === undefined) return undefined;
  const useBias = cellConfig.bool('use_bias', true);
  const resetAfter = cell.name === 'GRU' && cellConfig.bool('reset_after', false);
  const g = cell.gates;
  const kernel = mul(features, g * units);
  const recurrent = g * units * units;
  const bias = useBias ? (resetAfter ? 2 : 1) * g * units : 0;
  const params = add(kernel, recurrent, bias);
  ctx.derive(
    `params = ${features ?? '?'}·${g}·${units} + ${units}·${g}·${units}${useBias ? ` + ${resetAfter ? '2·' : ''}${g}·${units}` : ''} = ${params ?? '?'}` +
      ` (kernel + recurrent kernel${useBias ? (resetAfter ? ' + input and recurrent biases (reset_after)' : ' + bias') : ''})`,
  );
  const perStep = add(mul(g * units, add(features, units)), cell.gateProducts * units);
  return { units, params, perStep, resetAfter };
}

function rnnRule(cell: CellKind): LayerRule {
  return {
    description: `${cell.name} recurrent layer`,
    infer: (ctx) => inferRnn(ctx, cell, ctx.config),
  };
}

function inferRnn(ctx: InferContext, cell: CellKind, cellConfig: LayerConfig): InferResult {
  const input = singleInput(ctx);
  if (!input) return unknownResult();
  if (input.length !== 3) {
    ctx.report('error', `${ctx.layer.className} expects a rank-3 input (batch, timesteps, features), got ${formatShape(input)}`);
    return unknownResult();
  }
  const returnSequences = ctx.config.bool('return_sequences', false);
  const returnState = ctx.config.bool('return_state', false);
  const [batch, steps, features] = input;
  const counts = cellCounts(ctx, cell, cellConfig, features);
  if (!counts) return unknownResult(returnState ? 1 + cell.states : 1);
  if (counts.resetAfter && ctx.layer.className !== 'RNN') {
    ctx.report('info', 'reset_after=true: Keras counts separate input and recurrent biases; TF.js cannot load this GRU (it supports only reset_after=false)', 'reset_after');
  }
  const output: Shape = returnSequences ? [batch, steps, counts.units] : [batch, counts.units];
  const states: Shape[] = returnState ? Array.from({ length: cell.states }, () => [batch, counts.units]) : [];
  const macs = mul(counts.perStep, steps);
  ctx.derive(`MACs = ${steps ?? '?'} steps · ${counts.perStep ?? '?'} per step = ${macs ?? '?'}`);
  return { outputs: [output, ...states], trainable: counts.params, nonTrainable: 0, macs };
}

/** The generic RNN layer with a serialised cell (`config.cell`). */
const genericRnn: LayerRule = {
  description: 'recurrent layer around a cell',
  infer: (ctx) => {
    const cellJson = ctx.config.get('cell') as { class_name?: unknown; config?: unknown } | undefined;
    const className = typeof cellJson?.class_name === 'string' ? cellJson.class_name.replace(/Cell$/, '') : undefined;
    const cell = className ? CELLS[className] : undefined;
    if (!cell || typeof cellJson?.config !== 'object' || cellJson.config === null) {
      ctx.report('warning', `RNN cell ${JSON.stringify(cellJson?.class_name)} is not supported; its outputs are unknown`, 'cell');
      return unknownResult();
    }
    const cellConfig = new LayerConfig(cellJson.config as Record<string, unknown>, (sev, msg, at) =>
      ctx.report(sev, msg, typeof at === 'string' ? ['cell', 'config', at] : ['cell', 'config', ...(at ?? [])]));
    return inferRnn(ctx, cell, cellConfig);
  },
};

export const recurrentRules: Record<string, LayerRule> = {
  SimpleRNN: rnnRule(CELLS.SimpleRNN),
  GRU: rnnRule(CELLS.GRU),
  LSTM: rnnRule(CELLS.LSTM),
  RNN: genericRnn,
};
