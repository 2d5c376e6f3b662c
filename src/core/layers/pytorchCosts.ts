// What PyTorch 2.x eager allocates per layer, as the `backward.pytorch` fields of the Keras catalogue's rules ("the
// same network in PyTorch") and the default for PyTorch catalogue rules without one. PyTorch's autograd saves
// tensors BY REFERENCE (a SavedVariable holds the storage, no copy): an input or output it keeps costs nothing until
// the tensor would have been freed, then lives until the node's backward ran — the ideal autograd's walk. What it adds
// is new tensors: max pooling's int64 indices, dropout's bool mask, and, per device:
// - cuda (cuDNN off: PyTorch's native kernels): a convolution unfolds one sample at a time into a column buffer of
//   C_in·k × positions_out elements (forward, and twice in backward: columns and their gradient);
// - cpu (oneDNN, PyTorch's default CPU convolution; AVX-512: blocks of 16 channels): the input and weights are copied
//   into the blocked layout, the output written blocked and copied into the plain tensor; backward blocks dy, dx and
//   the input again (oneDnnConvolution below, measured per allocation).
// Measured against (test/fixtures/memory-truth): PyTorch 1.13 CPU peaks and PyTorch 2.11 CUDA (H200) peaks.
import type { BackwardRule, FrameworkCost, FrameworkCostRule, LayerGeometry } from './backward';
import { weightedWithActivation } from './backward';

const NONE = { perSample: 0, fixed: 0 };

/** From the ideal autograd's needs: what PyTorch keeps by reference, and its extra tensors as new ones. */
export function pytorchFromIdeal(ideal: BackwardRule, l: LayerGeometry, why: string): FrameworkCost {
  const needs = ideal(l.activation);
  return {
    keepsInput: needs.inputs,
    keepsOutput: needs.output,
    saved: { perSample: needs.extraInputSized * l.input + (needs.extraOutputSized ?? 0) * l.output, fixed: 0 },
    gradients: NONE,
    inputGradient: 1,
    why,
  };
}

/** Channels of a tensor shape (last axis for Keras's channels-last, axis 1 for PyTorch), when known. */
function channelsOf(shape: readonly (number | null)[] | null | undefined, channelsLast: boolean): number | null {
  if (!shape || shape.length < 3) return null;
  return shape[channelsLast ? shape.length - 1 : 1];
}

/** oneDNN's blocked copy (AVX-512: nChw16c) of a tensor of `elements` with `channels` channels: padded to a multiple of 16. */
function blocked(elements: number, channels: number | null): number {
  if (!channels) return elements;
  return (elements / channels) * Math.ceil(channels / 16) * 16;
}

/**
 * Input and output channels of a convolution, on the axis the weights agree with: W = C_out · (C_in/groups · k + bias?),
 * so C_out divides W or W − C_out. A Keras layer says channels-last, but a data_format: channels_first one is not.
 */
function convChannels(l: LayerGeometry, channelsLast: boolean): { cIn: number | null; cOut: number | null } {
  const fits = (last: boolean) => {
    const cOut = channelsOf(l.outputShapes?.[0], last);
    return cOut ? Number.isInteger(l.weights / cOut) : false;
  };
  const last = fits(channelsLast) || !fits(!channelsLast) ? channelsLast : !channelsLast;
  return { cIn: channelsOf(l.inputShapes[0], last), cOut: channelsOf(l.outputShapes?.[0], last) };
}

/**
 * oneDNN's CPU convolution (PyTorch 1.13's mkldnn_convolution, measured on an AVX-512 machine with torch.profiler's
 * memory events, scripts/measure/pytorch_memory_peaks.py's trace): forward reorders the input to a 16-channel-blocked
 * layout (all but an ungrouped k > 1 convolution of fewer than 16 channels, which reads the plain input), the weights
 * (both channel counts padded, fixed), and writes a blocked output; it then frees the input copy and copies the output
 * into the plain tensor. Backward: the blocked dy, weights and dx, then dx; then the blocked dy again, a copy of the
 * input (blocked as in forward) and the blocked weight gradient.
 */
function oneDnnConvolution(l: LayerGeometry, base: FrameworkCost, channelsLast: boolean, grouped: boolean): FrameworkCost {
  const { cIn, cOut } = convChannels(l, channelsLast);
  // Weights per output channel: C_in/groups · k (+1 with a bias). At least twice C_in: an ungrouped kernel wider than 1.
  const perOutput = cOut ? l.weights / cOut : NaN;
  const plainInput = !grouped && cIn !== null && cIn < 16 && perOutput >= 2 * cIn;
  const inputCopy = plainInput ? 0 : blocked(l.input, cIn);
  const out = blocked(l.output, cOut);
  const padOut = cOut ? Math.ceil(cOut / 16) * 16 / cOut : 1;
  const padIn = !plainInput && !grouped && cIn ? Math.ceil(cIn / 16) * 16 / cIn : 1;
  const weightCopy = Number.isFinite(l.weights) ? l.weights * padOut * padIn : 0;
  const forward = Math.max(inputCopy + out - l.output, out);
  return {
    ...base,
    copiesStridedOutputGradient: true,
    forwardTemporaries: forward,
    inferenceTemporaries: forward,
    temporariesFixed: weightCopy,
    // The blocked weight gradient is made, then copied into .grad (counted by the walk) once the blocked copies are freed.
    backwardTemporariesFixed: Math.max(0, weightCopy - (Number.isFinite(l.weights) ? l.weights : 0)),
    inputGradientTemporaries: out + blocked(l.input, cIn),
    // A plain input is copied again for the weight gradient from 8 channels on (measured: 8 copied, 3 not).
    backwardTemporaries: out + (plainInput ? (cIn !== null && cIn >= 8 ? l.input : 0) : inputCopy),
    why: `${base.why}; oneDNN (cpu) copies ${plainInput ? 'the weights' : 'the input and weights'} into 16-channel blocks and writes a blocked output (${Math.round(forward + l.output)} elements per sample while it runs), its backward blocks dy, dx and the input again`,
  };
}

/**
 * A convolution. Keeps its input (and what its activation needs); device temporaries as described above. `grouped`:
 * a depthwise convolution (Keras's DepthwiseConv2D); PyTorch's Conv2d(groups=…) is read from its weight count.
 */
export function pytorchConvolution(channelsLast: boolean, grouped = false): FrameworkCostRule {
  return (l) => {
    const base = pytorchFromIdeal(weightedWithActivation, l, 'PyTorch conv saves its input and weight (by reference)');
    if (l.device === 'cpu') return oneDnnConvolution(l, base, channelsLast, grouped);
    const channels = convChannels(l, channelsLast).cOut;
    // Column buffer of one sample: k·C_in rows × output positions = (W / C_out) × (O / C_out), bias neglected.
    const columns = channels ? (l.weights / channels) * (l.output / channels) : 0;
    // pytorchFromIdeal's six fields named one by one (keep in step with it): an object spread per convolution per
    // analysis was most of this rule's time.
    const cost: FrameworkCost = {
      keepsInput: base.keepsInput, keepsOutput: base.keepsOutput, saved: base.saved, gradients: base.gradients, inputGradient: base.inputGradient,
      copiesStridedOutputGradient: true, temporariesFixed: columns,
      why: `${base.why}; native CUDA convolution (cuDNN off) unfolds one sample into a ${Math.round(columns)}-element column buffer`,
    };
    return cost;
  };
}

/** Dense / Linear: keeps its input (and what its activation needs); cuBLAS works in place of a column buffer. */
export const pytorchLinear: FrameworkCostRule = (l) => pytorchFromIdeal(weightedWithActivation, l, 'PyTorch linear saves its input and weight (by reference)');

/** MaxPool: max_pool2d_with_indices saves its input (by reference) and the int64 indices of the maxima (one per output). */
export const pytorchMaxPooling: FrameworkCostRule = (l) => ({
  keepsInput: true, saved: { perSample: l.output, fixed: 0 }, savedBytesPerElement: 8, gradients: NONE, inputGradient: 1,
  why: 'PyTorch max_pool saves its input and int64 indices (8 B per output element)',
});

/**
 * Dropout: on CUDA the fused native_dropout saves a bool mask (1 B per element); on the CPU at::dropout is
 * input · noise and mul saves the float noise (the model's dtype; PyTorch 1.13, at::dropout's is_fused_kernel_acceptable
 * is CUDA/XPU only).
 */
export const pytorchDropout: FrameworkCostRule = (l) => (l.device === 'cpu'
  ? { saved: { perSample: l.input, fixed: 0 }, gradients: NONE, inputGradient: 1, why: 'PyTorch dropout on the cpu: input · noise, mul saves the float noise (input-sized)' }
  : { saved: { perSample: l.input, fixed: 0 }, savedBytesPerElement: 1, gradients: NONE, inputGradient: 1, why: 'PyTorch native_dropout (cuda) saves a bool mask (1 B per element)' });

/** Flatten / Reshape of a contiguous tensor: a view, no new storage, nothing saved. */
export const pytorchView: FrameworkCostRule = () => ({
  saved: NONE, gradients: NONE, inputGradient: 1, outputSharesInput: true, why: 'PyTorch view: shares its input\'s storage',
});

/**
 * LSTM / GRU / RNN, PyTorch's native implementation (CPU, and CUDA without cuDNN): the input projection of all
 * timesteps is computed at once (T·G·u for G gates), each step's output is kept in a list and the list is stacked
 * (T·u twice): T·(G + 2)·u while the layer runs in inference; in training the step outputs are saved anyway, so
 * T·(G + 1)·u more. Autograd saves (PyTorch 1.13 CPU, saved_tensors_hooks per storage; B2's grid,
 * test/fixtures/pytorch-layer-grid/other.json): LSTM 7·T·u, GRU 7·T·u, RNN (T + 1)·u (the initial state too), and with
 * batch_first (a Keras layer's layout) a time-major copy of the input (T·f) instead of the input by reference.
 * u from W, T from the input shape. A single layer, one direction: Keras's LSTM/GRU/SimpleRNN.
 */
export function pytorchRecurrent(cell: 'lstm' | 'gru' | 'simple'): FrameworkCostRule {
  const perStep = { lstm: 7, gru: 7, simple: 1 }[cell];
  const gates = { lstm: 4, gru: 3, simple: 1 }[cell];
  return (l) => {
    // [batch, T, f] (Keras, batch_first) or [T, batch, f] (PyTorch's default): the batch axis is the null one.
    const known = (l.inputShapes[0] ?? []).filter((d): d is number => d !== null);
    const steps = known.length >= 2 ? known[known.length - 2] : 1;
    const features = known.length >= 1 ? known[known.length - 1] : l.input / steps;
    // W = G·u·(f + u + b): one bias vector in Keras (b = 1), PyTorch's two (b = 2); b = 1 errs towards more units.
    const units = Math.max(1, Math.round((-(features + 1) + Math.sqrt((features + 1) ** 2 + (4 * l.weights) / gates)) / 2));
    return {
      saved: { perSample: (steps + (cell === 'simple' ? 1 : 0)) * perStep * units + steps * features, fixed: 0 },
      gradients: NONE,
      inputGradient: 1,
      forwardTemporaries: steps * (gates + 1) * units,
      inferenceTemporaries: steps * (gates + 2) * units,
      backwardTemporaries: steps * gates * units,
      why: `PyTorch ${cell.toUpperCase()} (${steps} steps, ${units} units): each step's cell saves its gates and states (${perStep}·u), the time-major input copy; the input projection of all steps and the stacked outputs live while it runs`,
    };
  };
}

/** PyTorch activations whose backward node saves the result; linear saves nothing; every other one saves its input. */
const SAVES_RESULT = new Set(['relu', 'sigmoid', 'tanh', 'softmax', 'logsoftmax', 'exponential']);

/**
 * An activation layer in PyTorch (derivatives.yaml; checked by B2's grid with saved_tensors_hooks on PyTorch 1.13):
 * relu, sigmoid, tanh, (log_)softmax and exp save their result; hardtanh (ReLU6, a capped ReLU), elu/selu, leaky_relu,
 * softplus, hardsigmoid, gelu, silu, mish, hardswish save their input (unlike TF.js and the ideal walk for relu6,
 * which keep the output). By reference, like everything autograd saves.
 */
export const pytorchActivation: FrameworkCostRule = (l) => {
  const lower = (l.activation ?? 'linear').toLowerCase();
  // Run per layer per analysis: the regular expression only where there is an underscore to drop.
  const name = lower.includes('_') ? lower.replace(/_/g, '') : lower;
  if (name === 'linear') return { saved: NONE, gradients: NONE, inputGradient: 1, outputSharesInput: true, why: 'linear: returns its input' };
  const why = `PyTorch ${name === 'relu6' ? 'hardtanh (relu6)' : name} saves its `;
  return SAVES_RESULT.has(name)
    ? { keepsOutput: true, saved: NONE, gradients: NONE, inputGradient: 1, why: `${why}result (by reference)` }
    : { keepsInput: true, saved: NONE, gradients: NONE, inputGradient: 1, why: `${why}input (by reference)` };
};

/** The default for a rule without a PyTorch field: its ideal-autograd needs, by reference (errs as the ideal does). */
export function pytorchDefault(ideal: BackwardRule | undefined): FrameworkCostRule {
  const rule = ideal ?? ((): ReturnType<BackwardRule> => ({ inputs: true, output: true, extraInputSized: 0 }));
  return (l) => pytorchFromIdeal(rule, l, ideal ? 'PyTorch: what the gradient formulas need, saved by reference' : 'PyTorch: no rule for this class; taken as keeping its inputs and output');
}
