// What PyTorch 2.x eager allocates per layer, as the `backward.pytorch` fields of the Keras catalogue's rules ("the
// same network in PyTorch") and the default for PyTorch catalogue rules without one. PyTorch's autograd saves
// tensors BY REFERENCE (a SavedVariable holds the storage, no copy): an input or output it keeps costs nothing until
// the tensor would have been freed, then lives until the node's backward ran — the ideal autograd's walk. What it adds
// is new tensors: max pooling's int64 indices, dropout's bool mask, and, per device:
// - cuda (cuDNN off: PyTorch's native kernels): a convolution unfolds one sample at a time into a column buffer of
//   C_in·k × positions_out elements (forward, and twice in backward: columns and their gradient);
// - cpu (oneDNN, PyTorch's default CPU convolution): the output is written in a channel-blocked layout (channels
//   padded to a multiple of 16) and reordered into the plain tensor, so both live while the convolution runs; its
//   backward reorders the input gradient and the output gradient the same way.
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

/** Channels of the first output (last axis for Keras's channels-last, axis 1 for PyTorch), when known. */
function outputChannels(l: LayerGeometry, channelsLast: boolean): number | null {
  const shape = l.outputShapes?.[0];
  if (!shape || shape.length < 3) return null;
  return shape[channelsLast ? shape.length - 1 : 1];
}

/** oneDNN's blocked copy of a tensor of `elements` with `channels` channels: padded to a multiple of 16. */
function blocked(elements: number, channels: number | null): number {
  if (!channels) return elements;
  return (elements / channels) * Math.ceil(channels / 16) * 16;
}

/**
 * A convolution (and Dense, which is a 1×1 one for these purposes on cuda: no column buffer). Keeps its input (and
 * what its activation needs); device temporaries as described above.
 */
export function pytorchConvolution(channelsLast: boolean): FrameworkCostRule {
  return (l) => {
    const base = pytorchFromIdeal(weightedWithActivation, l, 'PyTorch conv saves its input and weight (by reference)');
    const channels = outputChannels(l, channelsLast);
    if (l.device === 'cpu') {
      const out = blocked(l.output, channels);
      return { ...base, forwardTemporaries: out, inferenceTemporaries: out, backwardTemporaries: out + l.input, why: `${base.why}; oneDNN (cpu) writes the output in a 16-channel-blocked layout and reorders it (${out.toFixed(0)} elements per sample while it runs), its backward reorders dy and dx` };
    }
    // Column buffer of one sample: k·C_in rows × output positions = (W / C_out) × (O / C_out), bias neglected.
    const columns = channels ? (l.weights / channels) * (l.output / channels) : 0;
    return { ...base, temporariesFixed: columns, why: `${base.why}; native CUDA convolution (cuDNN off) unfolds one sample into a ${Math.round(columns)}-element column buffer` };
  };
}

/** Dense / Linear: keeps its input (and what its activation needs); cuBLAS works in place of a column buffer. */
export const pytorchLinear: FrameworkCostRule = (l) => pytorchFromIdeal(weightedWithActivation, l, 'PyTorch linear saves its input and weight (by reference)');

/** MaxPool: max_pool2d_with_indices saves its input (by reference) and the int64 indices of the maxima (one per output). */
export const pytorchMaxPooling: FrameworkCostRule = (l) => ({
  keepsInput: true, saved: { perSample: l.output, fixed: 0 }, savedBytesPerElement: 8, gradients: NONE, inputGradient: 1,
  why: 'PyTorch max_pool saves its input and int64 indices (8 B per output element)',
});

/** Dropout: native_dropout saves a bool mask (1 B per element). */
export const pytorchDropout: FrameworkCostRule = (l) => ({
  saved: { perSample: l.input, fixed: 0 }, savedBytesPerElement: 1, gradients: NONE, inputGradient: 1,
  why: 'PyTorch native_dropout saves a bool mask (1 B per element)',
});

/** Flatten / Reshape of a contiguous tensor: a view, no new storage, nothing saved. */
export const pytorchView: FrameworkCostRule = () => ({
  saved: NONE, gradients: NONE, inputGradient: 1, outputSharesInput: true, why: 'PyTorch view: shares its input\'s storage',
});

/**
 * LSTM / GRU / RNN, PyTorch's native implementation (CPU, and CUDA without cuDNN): the input projection of all
 * timesteps is computed at once (T·G·u for G gates), each step's output is kept in a list and the list is stacked
 * (T·u twice): T·(G + 2)·u while the layer runs in inference; in training the step outputs are saved anyway, so
 * T·(G + 1)·u more. Autograd saves per step the cell's gates and states: measured on the CPU (saved_tensors_hooks)
 * LSTM ≈ 7.5·u, GRU ≈ 7·u, RNN ≈ 1.1·u elements per step. u from W, T from the input shape.
 */
export function pytorchRecurrent(cell: 'lstm' | 'gru' | 'simple'): FrameworkCostRule {
  const perStep = { lstm: 7.5, gru: 7, simple: 1.1 }[cell];
  const gates = { lstm: 4, gru: 3, simple: 1 }[cell];
  return (l) => {
    // [batch, T, f] (Keras, batch_first) or [T, batch, f] (PyTorch's default): the batch axis is the null one.
    const known = (l.inputShapes[0] ?? []).filter((d): d is number => d !== null);
    const steps = known.length >= 2 ? known[known.length - 2] : 1;
    const features = known.length >= 1 ? known[known.length - 1] : l.input / steps;
    // W = G·u·(f + u + b): one bias vector in Keras (b = 1), PyTorch's two (b = 2); b = 1 errs towards more units.
    const units = Math.max(1, Math.round((-(features + 1) + Math.sqrt((features + 1) ** 2 + (4 * l.weights) / gates)) / 2));
    return {
      keepsInput: true,
      saved: { perSample: steps * perStep * units, fixed: 0 },
      gradients: NONE,
      inputGradient: 1,
      forwardTemporaries: steps * (gates + 1) * units,
      inferenceTemporaries: steps * (gates + 2) * units,
      backwardTemporaries: steps * gates * units,
      why: `PyTorch ${cell.toUpperCase()} (${steps} steps, ${units} units): each step's cell saves its gates and states (≈ ${perStep}·u); the input projection of all steps and the stacked outputs live while it runs`,
    };
  };
}

/** The default for a rule without a PyTorch field: its ideal-autograd needs, by reference (errs as the ideal does). */
export function pytorchDefault(ideal: BackwardRule | undefined): FrameworkCostRule {
  const rule = ideal ?? ((): ReturnType<BackwardRule> => ({ inputs: true, output: true, extraInputSized: 0 }));
  return (l) => pytorchFromIdeal(rule, l, ideal ? 'PyTorch: what the gradient formulas need, saved by reference' : 'PyTorch: no rule for this class; taken as keeping its inputs and output');
}
