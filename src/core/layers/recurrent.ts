// Recurrent layers: SimpleRNN, GRU, LSTM, and the generic RNN with one of their cells or a stack of them
// (StackedRNNCells: each cell's output is the next cell's input, so cell n sees F = units of cell n-1). Input (batch, T, F).
// Weights with G gates (SimpleRNN 1, GRU 3, LSTM 4): kernel F·G·u, recurrent kernel u·G·u, bias G·u
// (GRU with reset_after keeps separate input and recurrent biases: 2·G·u).
// MACs per step: G·u·(F + u) for the matrix products, plus the gate products between tensors
// (LSTM: f·c, i·g, o·tanh(c) = 3·u; GRU: r·h, z·h, (1-z)·h̃ = 3·u), times T steps.
import type { Shape } from '../ir';
import type { InferContext, InferResult, LayerFamily, LayerRule } from './types';
import { unknownResult } from './types';
import { keepsInputsAndOutput, type BackwardByMemoryModel } from './backward';
import { tfjsRecurrent } from './tfjsCosts';
import { pytorchRecurrent } from './pytorchCosts';
import { LayerConfig } from './config';
import { singleInput } from './denseAndShapePreserving';
import { add, shapeTuple, mul } from './shape';

interface CellKind {
  name: string;
  gates: number;
  /** Number of state tensors (LSTM: h and c). */
  states: number;
  gateProducts: number;
}

const SIMPLE_RNN: CellKind = { name: 'SimpleRNN', gates: 1, states: 1, gateProducts: 0 };
const GRU: CellKind = { name: 'GRU', gates: 3, states: 1, gateProducts: 3 };
const LSTM: CellKind = { name: 'LSTM', gates: 4, states: 2, gateProducts: 3 };

// A Map, not an object literal: cell class names come from the file, and "toString" or "constructor" must not find
// Object.prototype's members.
const CELLS: ReadonlyMap<string, CellKind> = new Map([SIMPLE_RNN, GRU, LSTM].map((kind) => [kind.name, kind]));

/** Weights and per-step MACs of one cell for F input features; `label` names the cell in a stack. */
function cellCounts(ctx: InferContext, cell: CellKind, cellConfig: LayerConfig, features: number | null, label = '') {
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
    `${label}params = ${features ?? '?'}·${g}·${units} + ${units}·${g}·${units}${useBias ? ` + ${resetAfter ? '2·' : ''}${g}·${units}` : ''} = ${params ?? '?'}` +
      ` (kernel + recurrent kernel${useBias ? (resetAfter ? ' + input and recurrent biases (reset_after)' : ' + bias') : ''})`,
  );
  const perStep = add(mul(g * units, add(features, units)), cell.gateProducts * units);
  return { units, params, perStep, resetAfter };
}

/** A recurrent layer keeps at least its input and output sequences (its per-step internals are not modelled). */
export const RECURRENT_BACKWARD: BackwardByMemoryModel = { idealAutograd: keepsInputsAndOutput };

const CELL_COSTS: Record<string, 'lstm' | 'gru' | 'simple'> = { SimpleRNN: 'simple', GRU: 'gru', LSTM: 'lstm' };

function rnnRule(cell: CellKind): LayerRule {
  const costs = CELL_COSTS[cell.name];
  return {
    description: `${cell.name} recurrent layer`,
    drawing: 'other',
    backward: { ...RECURRENT_BACKWARD, tfjs: tfjsRecurrent(costs), pytorch: pytorchRecurrent(costs) },
    infer: (ctx) => inferRnn(ctx, [{ kind: cell, config: ctx.config }]),
  };
}

/** One cell of the layer, with its config (the layer's own for SimpleRNN/GRU/LSTM, `config.cell...` for RNN). */
interface CellSpec {
  kind: CellKind;
  config: LayerConfig;
}

function inferRnn(ctx: InferContext, cells: CellSpec[]): InferResult {
  const returnState = ctx.config.bool('return_state', false);
  const stateCount = cells.reduce((n, c) => n + c.kind.states, 0);
  const outputCount = returnState ? 1 + stateCount : 1;
  const input = singleInput(ctx);
  if (!input) return unknownResult(outputCount);
  if (input.length !== 3) {
    ctx.report('error', `${ctx.layer.className} expects a rank-3 input (batch, timesteps, features), got ${shapeTuple(input)}`);
    return unknownResult(outputCount);
  }
  const returnSequences = ctx.config.bool('return_sequences', false);
  const [batch, steps, features] = input;
  const stacked = cells.length > 1;
  let cellInput: number | null = features;
  let params: number | null = 0;
  let perStep: number | null = 0;
  const units: number[] = [];
  for (const [i, cell] of cells.entries()) {
    const label = stacked ? `cell ${i} (${cell.kind.name}Cell, F = ${cellInput ?? '?'}): ` : '';
    const counts = cellCounts(ctx, cell.kind, cell.config, cellInput, label);
    if (!counts) return unknownResult(outputCount);
    if (counts.resetAfter && ctx.layer.className !== 'RNN') {
      ctx.report('info', 'reset_after=true: Keras counts separate input and recurrent biases; TF.js cannot load this GRU (it supports only reset_after=false)', 'reset_after');
    }
    params = add(params, counts.params);
    perStep = add(perStep, counts.perStep);
    units.push(counts.units);
    cellInput = counts.units;
  }
  if (stacked) ctx.derive(`params = ${cells.length} cells = ${params ?? '?'}; MACs per step = ${perStep ?? '?'} (sum over the cells)`);
  const outUnits = units[units.length - 1];
  const output: Shape = returnSequences ? [batch, steps, outUnits] : [batch, outUnits];
  // TF.js lists a stack's states last cell first (StackedRNNCells.stateSize walks the cells in reverse), each cell's
  // own states in order (LSTM: h, c). Keras 2 lists them first cell first; every state is (batch, units) either way.
  const states: Shape[] = [];
  if (returnState) {
    for (let i = cells.length - 1; i >= 0; i--) {
      for (let s = 0; s < cells[i].kind.states; s++) states.push([batch, units[i]]);
    }
  }
  const macs = mul(perStep, steps);
  ctx.derive(`MACs = ${steps ?? '?'} steps · ${perStep ?? '?'} per step = ${macs ?? '?'}`);
  return { outputs: [output, ...states], trainable: params, nonTrainable: 0, macs };
}

type CellJson = { class_name?: unknown; config?: unknown };

/** A serialised cell (`{class_name, config}`) as a CellSpec; reports and returns undefined for one it does not know. */
function readCell(ctx: InferContext, json: CellJson | undefined, path: (string | number)[]): CellSpec | undefined {
  const className = typeof json?.class_name === 'string' ? json.class_name : undefined;
  const kind = className ? CELLS.get(className.replace(/Cell$/, '')) : undefined;
  if (!kind || typeof json?.config !== 'object' || json.config === null) {
    const hint = className === 'ConvLSTM2DCell' ? ' (use the ConvLSTM2D layer; TF.js\'s RNN cannot run a convolutional cell)' : '';
    ctx.report('warning', `RNN cell ${JSON.stringify(json?.class_name)} is not supported${hint}; its outputs are unknown`, path);
    return undefined;
  }
  const config = new LayerConfig(json.config as Record<string, unknown>, (sev, msg, at) =>
    ctx.report(sev, msg, typeof at === 'string' ? [...path, 'config', at] : [...path, 'config', ...(at ?? [])]));
  return { kind, config };
}

/**
 * The generic RNN layer with a serialised cell (`config.cell`): one cell, a StackedRNNCells holding a list of cells
 * (how TF.js and Keras serialise `cell: [...]`), or a bare list of cells.
 */
const genericRnn: LayerRule = {
  description: 'recurrent layer around a cell',
  drawing: 'other',
  backward: RECURRENT_BACKWARD,
  infer: (ctx) => {
    const cellJson = ctx.config.get('cell') as CellJson | CellJson[] | undefined;
    let listed: { json: CellJson; path: (string | number)[] }[];
    if (Array.isArray(cellJson)) {
      listed = cellJson.map((json, i) => ({ json, path: ['cell', i] }));
    } else if (cellJson?.class_name === 'StackedRNNCells') {
      const inner = (cellJson.config as { cells?: unknown } | null | undefined)?.cells;
      if (!Array.isArray(inner) || inner.length === 0) {
        ctx.report('error', 'StackedRNNCells needs a non-empty list of cells in config.cells', ['cell', 'config', 'cells']);
        return unknownResult();
      }
      listed = (inner as CellJson[]).map((json, i) => ({ json, path: ['cell', 'config', 'cells', i] }));
    } else {
      listed = [{ json: cellJson ?? {}, path: ['cell'] }];
    }
    if (listed.length === 0) {
      ctx.report('error', 'RNN needs at least one cell', 'cell');
      return unknownResult();
    }
    const cells: CellSpec[] = [];
    for (const { json, path } of listed) {
      const cell = readCell(ctx, json, path);
      if (!cell) return unknownResult();
      cells.push(cell);
    }
    return inferRnn(ctx, cells);
  },
};

export const recurrentRules: LayerFamily = {
  semantics: 'keras',
  rules: {
    SimpleRNN: rnnRule(SIMPLE_RNN),
    GRU: rnnRule(GRU),
    LSTM: rnnRule(LSTM),
    RNN: genericRnn,
  },
};
