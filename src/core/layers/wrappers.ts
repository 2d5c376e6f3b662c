// Wrappers: TimeDistributed applies its layer to every timestep (weights shared, MACs × T); Bidirectional runs a
// recurrent layer forwards and backwards (two sets of weights) and merges the two outputs by merge_mode.
import type { LayerIR, Shape } from '../ir';
import type { InferContext, LayerFamily, LayerRule } from './types';
import { unknownResult } from './types';
import { keepsInputsAndOutput } from './backward';
import { singleInput } from './denseAndShapePreserving';
import { add, elementsPerSample, shapeTuple, mul } from './shape';

/** The wrapped layer as an IR value, read from `config.layer` (or `config.backward_layer`). */
function innerLayer(ctx: InferContext, key: 'layer' | 'backward_layer'): LayerIR | undefined {
  const raw = ctx.config.get(key) as { class_name?: unknown; config?: unknown } | undefined;
  if (!raw || typeof raw !== 'object' || typeof raw.class_name !== 'string' || typeof raw.config !== 'object' || raw.config === null) {
    if (key === 'layer') ctx.report('error', `${ctx.layer.className} needs a wrapped layer in config.layer`, key);
    return undefined;
  }
  const config = raw.config as Record<string, unknown>;
  return {
    name: typeof config.name === 'string' ? config.name : `${ctx.layer.name}/${key}`,
    className: raw.class_name,
    config,
    inboundNodes: [],
    path: [...ctx.layer.path, 'config', key],
  };
}

// A wrapper keeps at least its input and output (what its inner layer keeps inside is not modelled).
const WRAPPER_BACKWARD = { idealAutograd: keepsInputsAndOutput };

const timeDistributed: LayerRule = {
  description: 'applies its layer to every timestep',
  drawing: 'other',
  backward: WRAPPER_BACKWARD,
  infer: (ctx) => {
    const input = singleInput(ctx);
    const inner = innerLayer(ctx, 'layer');
    if (!input || !inner) return unknownResult();
    if (input.length < 3) {
      ctx.report('error', `TimeDistributed expects an input of rank ≥ 3 (batch, timesteps, ...), got ${shapeTuple(input)}`);
      return unknownResult();
    }
    const steps = input[1];
    const result = ctx.inferInner(inner, [[input[0], ...input.slice(2)]], `${inner.className}: `);
    const outputs = result.outputs.map((s) => (s ? [s[0], steps, ...s.slice(1)] : null));
    const macs = mul(result.macs, steps);
    ctx.derive(`MACs = ${steps ?? '?'} timesteps · ${result.macs ?? '?'} = ${macs ?? '?'} (weights shared across timesteps)`);
    return { outputs, trainable: result.trainable, nonTrainable: result.nonTrainable, macs };
  },
};

const bidirectional: LayerRule = {
  description: 'runs a recurrent layer in both directions and merges the results',
  drawing: 'other',
  backward: WRAPPER_BACKWARD,
  infer: (ctx) => {
    const input = singleInput(ctx);
    const forward = innerLayer(ctx, 'layer');
    if (!input || !forward) return unknownResult();
    const backward = innerLayer(ctx, 'backward_layer') ?? forward;
    const hasMergeKey = Object.prototype.hasOwnProperty.call(ctx.config.raw, 'merge_mode');
    const mergeMode = hasMergeKey && ctx.config.get('merge_mode') === null
      ? null
      : ctx.config.choice('merge_mode', ['concat', 'sum', 'mul', 'ave'] as const, 'concat');
    if (mergeMode === undefined) return unknownResult();
    const fw = ctx.inferInner(forward, [input], 'forward: ');
    const bw = ctx.inferInner(backward, [input], 'backward: ');
    const returnState = forward.config.return_state === true;
    const [fwOut, ...fwStates] = fw.outputs;
    const [bwOut, ...bwStates] = bw.outputs;
    let merged: (Shape | null)[];
    let mergeMacs: number | null = 0;
    if (mergeMode === null) {
      merged = [fwOut, bwOut];
    } else if (mergeMode === 'concat') {
      const last = (s: Shape | null) => (s ? s[s.length - 1] : null);
      merged = [fwOut ? [...fwOut.slice(0, -1), add(last(fwOut), last(bwOut))] : null];
      ctx.derive(`concat: last axis ${last(fwOut) ?? '?'} + ${last(bwOut) ?? '?'}`);
    } else {
      merged = [fwOut ? fwOut.slice() : null];
      if (mergeMode === 'mul' || mergeMode === 'ave') mergeMacs = fwOut ? elementsPerSample(fwOut) : null;
    }
    const outputs = returnState ? [...merged, ...fwStates, ...bwStates] : merged;
    const macs = add(fw.macs, bw.macs, mergeMacs);
    ctx.derive(`params = forward ${fw.trainable ?? '?'} + backward ${bw.trainable ?? '?'}; MACs = ${fw.macs ?? '?'} + ${bw.macs ?? '?'}${mergeMacs ? ` + ${mergeMacs} (merge)` : ''} = ${macs ?? '?'}`);
    return {
      outputs,
      trainable: add(fw.trainable, bw.trainable),
      nonTrainable: add(fw.nonTrainable, bw.nonTrainable),
      macs,
    };
  },
};

export const wrapperRules: LayerFamily = {
  semantics: 'keras',
  rules: {
    TimeDistributed: timeDistributed,
    Bidirectional: bidirectional,
  },
};
