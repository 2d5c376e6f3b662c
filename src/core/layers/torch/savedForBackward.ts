// What PyTorch's autograd saves for the backward of the non-spatial torch.nn rules (their `backward.pytorch` field,
// read by the PyTorch memory walk of core/memory): the input or the output BY REFERENCE (no new storage while the
// tensor is alive anyway), and the NEW tensors a call makes for its backward. Recorded with saved_tensors_hooks on
// PyTorch 1.13's CPU kernels (scripts/oracle/torch_layer_grid_other.py → other.json `saved`, compared in
// otherOracle.test.ts); where CUDA differs (2.x's fused dropout keeps a bool mask, log_sigmoid's buffer is empty),
// the rule follows the geometry's device.
import type { ElementCount, FrameworkCost, FrameworkCostRule } from '../backward';

const NONE: ElementCount = { perSample: 0, fixed: 0 };

function cost(fields: Partial<FrameworkCost> & { why: string }): FrameworkCost {
  return { saved: NONE, gradients: NONE, inputGradient: 1, ...fields };
}

/** Saves its input (by reference): `self` in derivatives.yaml (GELU, SiLU, ELU, LeakyReLU, Hardtanh, GLU, PReLU, …). */
export const savesInput = (kernel: string): FrameworkCostRule => () => cost({ keepsInput: true, why: `PyTorch ${kernel} saves its input (by reference)` });

/** Saves its output (by reference): `result` (ReLU, Sigmoid, Tanh, softmax, log_softmax). */
export const savesOutput = (kernel: string): FrameworkCostRule => () => cost({ keepsOutput: true, why: `PyTorch ${kernel} saves its output (by reference)` });

/** Softsign is composed (x / (1 + |x|)): abs and div save x, and div saves 1 + |x|, a new input-sized tensor. */
export const softsignSaves: FrameworkCostRule = (l) =>
  cost({ keepsInput: true, saved: { perSample: l.input, fixed: 0 }, why: 'PyTorch softsign = x / (1 + |x|): saves x (by reference) and 1 + |x| (new, input-sized)' });

/** Tanhshrink is composed (x − tanh(x)): tanh saves its result, a new input-sized tensor; x itself is not kept. */
export const tanhshrinkSaves: FrameworkCostRule = (l) =>
  cost({ saved: { perSample: l.input, fixed: 0 }, why: 'PyTorch tanhshrink = x − tanh(x): tanh saves its result (new, input-sized)' });

/** log_sigmoid_forward returns a buffer beside the output and saves it with the input; CUDA's buffer is empty. */
export const logSigmoidSaves: FrameworkCostRule = (l) => cost({
  keepsInput: true,
  saved: { perSample: l.device === 'cpu' ? l.input : 0, fixed: 0 },
  why: l.device === 'cpu'
    ? 'PyTorch log_sigmoid saves its input (by reference) and its CPU buffer (new, input-sized)'
    : 'PyTorch log_sigmoid saves its input (by reference); its CUDA buffer is empty',
});

/** RReLU in training draws a slope per element: rrelu_with_noise saves the input and the noise (new, input-sized). */
export const rreluSaves: FrameworkCostRule = (l) =>
  cost({ keepsInput: true, saved: { perSample: l.input, fixed: 0 }, why: 'PyTorch rrelu_with_noise (training) saves its input (by reference) and the random slopes (new, input-sized)' });

/**
 * Dropout in training. CUDA: the fused native_dropout saves a bool mask (1 B per element). CPU: the input is multiplied
 * by a float noise tensor of its size, which mul saves (the model's dtype). In eval mode it returns its input.
 */
export const dropoutSaves: FrameworkCostRule = (l) => l.device === 'cpu'
  ? cost({ saved: { perSample: l.input, fixed: 0 }, inferenceReturnsInput: true, why: 'PyTorch dropout on the CPU: input · noise, mul saves the float noise (new, input-sized)' })
  : cost({ saved: { perSample: l.input, fixed: 0 }, savedBytesPerElement: 1, inferenceReturnsInput: true, why: 'PyTorch native_dropout (CUDA) saves a bool mask (1 B per element)' });

/** AlphaDropout: input · noise + b with a float noise of the input's size on every device (never the fused kernel). */
export const alphaDropoutSaves: FrameworkCostRule = (l) =>
  cost({ saved: { perSample: l.input, fixed: 0 }, inferenceReturnsInput: true, why: 'PyTorch alpha_dropout: input · noise + b, mul saves the float noise (new, input-sized)' });

/**
 * Channel-wise dropout (Dropout1d/2d/3d, FeatureAlphaDropout): the noise has one element per channel, shape
 * [N, C, 1, …], and mul saves it: C per sample. `channelAxis` maps the ranks PyTorch drops channels of to the channel
 * axis (an unbatched input's is 0, its noise C per call); on another rank dropout2d/3d act element by element (their
 * deprecated behaviour) and the noise has the input's size.
 */
export function channelDropoutSaves(kernel: string, channelAxis: (rank: number) => number | undefined): FrameworkCostRule {
  return (l) => {
    const shape = l.inputShapes[0];
    const axis = shape ? channelAxis(shape.length) : undefined;
    if (!shape || axis === undefined) {
      return cost({ saved: { perSample: l.input, fixed: 0 }, inferenceReturnsInput: true, why: `PyTorch ${kernel} on this rank drops elements: mul saves a float noise of the input's size` });
    }
    const channels = shape[axis];
    return cost({
      saved: { perSample: channels ?? NaN, fixed: 0 }, inferenceReturnsInput: true,
      why: `PyTorch ${kernel}: input · noise with one noise element per channel (${channels ?? '?'}), which mul saves`,
    });
  };
}

/** A view or the input itself (Flatten, Unflatten, Identity): no new storage, nothing saved. */
export const sharesInput = (what: string): FrameworkCostRule => () => cost({ outputSharesInput: true, why: `PyTorch ${what}: shares its input's storage, saves nothing` });

/** Linear / Bilinear: (add)mm saves the input(s) (by reference) and the weight (a parameter). */
export const linearSaves: FrameworkCostRule = () => cost({ keepsInput: true, why: 'PyTorch linear saves its input (by reference) and its weight' });

/** Embedding: the weight's gradient is a scatter-add at the ids, saved by reference (int64). */
export const embeddingSaves: FrameworkCostRule = () => cost({ keepsInput: true, why: 'PyTorch embedding saves its int64 ids (by reference)' });


/**
 * RNN / GRU / LSTM on PyTorch's native kernels (the CPU; CUDA without cuDNN runs the same cell ops), a training call
 * without hx. Measured per storage (other.json `saved`), per sample, over T steps, L layers, D directions, hidden H,
 * R = proj_size or H, input I:
 * - each layer and direction: RNN (T + 1)·H (each step's state and the zero h0), GRU 7·T·H, LSTM T·(7·H + P) (the
 *   gates, the states and their nonlinearities; h0 and c0 among them);
 * - each layer above the first: the layer below's output sequence T·D·R (plus the same again for dropout > 0 between
 *   layers, which this rule cannot see: the geometry carries no constructor arguments);
 * - batch_first: a sequence-first copy of the input for each direction, D·T·I, instead of the input by reference;
 * - hx given: the states are inputs (by reference), not new zeros: L·D·R less (LSTM also L·D·H).
 * L, D, H, R, T and batch_first are read from the shapes (output (…, D·R), h_n (L·D, N, R), c_n (…, H)); the batch
 * axis is the one the analysis writes null. When that is ambiguous, the ideal needs by reference stand in.
 */
export function recurrentSaves(kind: 'RNN' | 'GRU' | 'LSTM'): FrameworkCostRule {
  return (l) => {
    const [out, hn, cn] = l.outputShapes ?? [];
    const input = l.inputShapes[0];
    const fallback = cost({ keepsInput: true, keepsOutput: true, why: `PyTorch ${kind}: the shapes do not say its layers and steps; taken as keeping its input and output` });
    if (!out || !hn || !input || (kind === 'LSTM' && !cn)) return fallback;
    const batched = out.length === 3;
    let batchFirst = false;
    if (batched) {
      if (out[0] === null && out[1] !== null) batchFirst = true;
      else if (!(out[1] === null && out[0] !== null)) return fallback;
    }
    const steps = batched ? out[batchFirst ? 1 : 0] : out[0];
    const r = hn[hn.length - 1];
    const outFeatures = out[out.length - 1];
    const features = input[input.length - 1];
    const h = kind === 'LSTM' ? cn![cn!.length - 1] : r;
    if (steps === null || r === null || outFeatures === null || hn[0] === null || h === null || features === null) return fallback;
    const directions = outFeatures / r;
    const layers = hn[0] / directions;
    const proj = kind === 'LSTM' && h !== r ? r : 0;
    const perLayer = kind === 'RNN' ? (steps + 1) * h : kind === 'GRU' ? 7 * steps * h : steps * (7 * h + proj);
    const hxGiven = l.inputShapes.length > 1;
    const states = hxGiven ? layers * directions * (kind === 'LSTM' ? r + h : r) : 0;
    const between = (layers - 1) * steps * directions * r;
    const copy = batched && batchFirst ? directions * steps * features : 0;
    const saved = layers * directions * perLayer + between + copy - states;
    return cost({
      keepsInput: !(batched && batchFirst),
      saved: { perSample: saved, fixed: 0 },
      why: `PyTorch ${kind} (native kernels), ${layers} layer${layers > 1 ? 's' : ''} × ${directions} direction${directions > 1 ? 's' : ''} × ${steps} steps: ` +
        `${layers * directions * perLayer} elements of gates and states${between ? `, ${between} of the outputs between layers` : ''}` +
        `${copy ? `, ${copy} of sequence-first copies of the input` : ''}${states ? `, less ${states} of the given hx` : ''}`,
    });
  };
}

/**
 * RNNCell / LSTMCell / GRUCell called without hx (measured per storage, per sample, hidden H): RNNCell the zero h0 (H)
 * and its input and output by reference; LSTMCell the gates (4·H) and two states (2·H); GRUCell the gates (3·H) and
 * four H-sized tensors. With hx given the states are inputs and the counts differ (LSTMCell: 5·H); that case stands
 * on the ideal needs by reference.
 */
export function cellSaves(kind: 'RNN' | 'GRU' | 'LSTM'): FrameworkCostRule {
  return (l) => {
    const out = l.outputShapes?.[0];
    const h = out ? out[out.length - 1] : null;
    if (l.inputShapes.length > 1 || h === null || h === undefined) {
      return cost({ keepsInput: true, keepsOutput: true, why: `PyTorch ${kind}Cell with hx given: taken as keeping its inputs and output` });
    }
    const perSample = { RNN: 1, LSTM: 6, GRU: 7 }[kind] * h;
    return cost({
      keepsInput: true, keepsOutput: kind === 'RNN', saved: { perSample, fixed: 0 },
      why: `PyTorch ${kind}Cell without hx: ${kind === 'RNN' ? 'the zero h0 (H)' : kind === 'LSTM' ? 'the gates (4·H) and two states (2·H)' : 'the gates (3·H) and four H-sized tensors'} = ${perSample} elements`,
    });
  };
}
