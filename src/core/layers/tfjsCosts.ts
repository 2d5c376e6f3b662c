// What TF.js 4.22 (tfjs-layers + tfjs-core, cpu backend) allocates per Keras layer in one training step and in predict,
// as the Keras catalogue's `backward.tfjs` fields (backward.ts, FrameworkCost). How TF.js spends memory in a step
// (tfjs-core dist/engine.js, tape.js):
// - While engine.gradients runs the forward pass with the tape on, every kernel's `inputsToSave` / `outputsToSave`
//   (its gradient's registry entry; a customGrad op's `save([...])`) is CLONED (`keep(clone(t))`): a new tensor
//   counted by `numBytes` though it shares the data buffer. The clones live until the backward scope ends.
// - Layer outputs live until the forward scope ends; a layer's own intermediates die with its tidy (except clones).
// - backpropagateGradients keeps each node's input gradients in the backward scope until it ends: every gradient of
//   every tape tensor on a path from a trainable variable is live at the end of backward, with all the clones.
// - Fused kernels (fusedConv2d, fusedMatMul) are used in training only with a linear activation (tfjs-core's
//   shouldFuse: gradientDepth > 0 and activation ≠ linear → unfused): a layer with `relu` runs conv2d, add, relu.
// The multiples below were read off the tape by scripts/measure/tfjsTapeByLayer.ts (each layer of the memory corpus
// at batch 2 and 4, per sample and fixed parts separated) and each is explained by its kernels; O = output elements,
// I = input elements, W = weights, per sample unless "fixed".
import type { ElementCount, FrameworkCost, FrameworkCostRule, LayerGeometry } from './backward';

const NONE: ElementCount = { perSample: 0, fixed: 0 };
const perSample = (n: number): ElementCount => ({ perSample: n, fixed: 0 });

/** What an activation kernel keeps (clones) and the gradients it leaves, as multiples of its output. */
interface ActivationTape { saved: number; gradients: number; predictLeftLive: number; measured: boolean; kernels: string }

// Relu_grad saves x; Sigmoid_grad, Tanh_grad, Softmax_grad, Elu_grad save y; relu6 is minimum(6, relu(x)) → Relu and
// ClipByValue each save their input (two clones, two gradients) and predict leaves the relu result live (no tidy).
const ACTIVATION_TAPE: ReadonlyMap<string, ActivationTape> = new Map(Object.entries({
  linear: { saved: 0, gradients: 0, predictLeftLive: 0, measured: true, kernels: 'no kernel' },
  relu: { saved: 1, gradients: 1, predictLeftLive: 0, measured: true, kernels: 'Relu saves x' },
  sigmoid: { saved: 1, gradients: 1, predictLeftLive: 0, measured: true, kernels: 'Sigmoid saves y' },
  tanh: { saved: 1, gradients: 1, predictLeftLive: 0, measured: false, kernels: 'Tanh saves y' },
  elu: { saved: 1, gradients: 1, predictLeftLive: 0, measured: false, kernels: 'Elu saves y' },
  softmax: { saved: 1, gradients: 2, predictLeftLive: 0, measured: true, kernels: 'Softmax saves y; its gradient makes dy·y and the result' },
  relu6: { saved: 2, gradients: 2, predictLeftLive: 1, measured: true, kernels: 'Relu and ClipByValue each save their input' },
} satisfies Record<string, ActivationTape>));

/** A composed activation (swish, gelu, selu, …): not measured; taken as two kernels that each save one tensor. */
const COMPOSED_ACTIVATION: ActivationTape = { saved: 2, gradients: 2, predictLeftLive: 0, measured: false, kernels: 'composed of several kernels (not measured: two clones, two gradients assumed)' };

function activationTape(activation: string | null | undefined): { name: string; tape: ActivationTape } {
  const name = (activation ?? 'linear').toLowerCase().replace(/_/g, '');
  return { name, tape: ACTIVATION_TAPE.get(name) ?? COMPOSED_ACTIVATION };
}

// tfjs-layers maps these to a fused kernel (mapActivationToFusedKernel); in training only linear stays fused.
const FUSABLE = new Set(['linear', 'relu', 'relu6', 'elu', 'prelu', 'leakyrelu', 'sigmoid']);

/**
 * Conv1D/2D/3D (and their transposes): with a linear activation the fused kernel saves x, y, the filter and bias
 * (customGrad save); with a fusable one (relu, sigmoid, …) training runs conv2d (saves x, filter), add (saves its
 * input, the bias) and the activation kernel; otherwise the fused linear kernel then the activation.
 * Measured: c1 (linear) saved I + O + W; stem (relu) saved I + 2O + W, gradients 2O.
 */
export const tfjsConvolution: FrameworkCostRule = (l) => {
  const { name, tape } = activationTape(l.activation);
  if (name === 'linear') {
    return { saved: { perSample: l.input + l.output, fixed: l.weights }, gradients: NONE, inputGradient: 1, why: 'TF.js fusedConv2d saves x, y, filter, bias (clones); backward: dx, dW' };
  }
  const viaAdd = FUSABLE.has(name) ? 1 : 0;
  return {
    saved: { perSample: l.input + (1 + tape.saved) * l.output, fixed: l.weights },
    gradients: perSample((viaAdd + tape.gradients) * l.output),
    inputGradient: 1,
    inferenceLeftLive: tape.predictLeftLive * l.output,
    why: `TF.js (training, ${name} unfused) conv saves x and the filter, ${viaAdd ? 'the bias add saves its input, ' : 'fused linear conv saves y, '}${tape.kernels}; backward leaves ${viaAdd + tape.gradients}·O of gradients + dx`,
  };
};

/**
 * DepthwiseConv2D: depthwiseConv2d (saves x, filter), then add for the bias (saves its input) and the activation.
 * Measured: block1_dw (no bias) saved I; `right` (bias) saved I + O, gradients O. The bias is taken as present
 * (Keras's default); without it the figure is O per sample high.
 */
export const tfjsDepthwise: FrameworkCostRule = (l) => {
  const { name, tape } = activationTape(l.activation);
  return {
    saved: { perSample: l.input + (1 + tape.saved) * l.output, fixed: l.weights },
    gradients: perSample((1 + tape.gradients) * l.output),
    inputGradient: 1,
    inferenceLeftLive: tape.predictLeftLive * l.output,
    why: `TF.js depthwiseConv2d saves x and the filter, the bias add its input${name === 'linear' ? '' : `, ${tape.kernels}`} (use_bias assumed)`,
  };
};

/**
 * Dense: the linear fused matMul reshapes x and the kernel (Reshape saves its input) and saves a, b, y: 2I + O and
 * 2W; with a fusable activation in training: matMul (a, b), add (its input), the activation; with another one (softmax)
 * the fused linear matMul, the bias add, the activation. Measured: f5 (linear) saved 2I + O, gradients O + 2·dx + W;
 * f5 (relu) saved I + 2O; output (softmax) saved 2I + 3O, gradients 4O + 2·dx. predict: the reshaped views, I + O and W.
 */
export const tfjsDense: FrameworkCostRule = (l) => {
  const { name, tape } = activationTape(l.activation);
  // The cpu backend's batchMatMul reshapes the kernel to 3-D too: a kernel-sized view (W less the bias, use_bias
  // assumed) that does not grow with the batch (listed at the peak by scripts/measure/tfjsPredictPeakTensors.ts).
  const predict = { inferenceTemporaries: l.input + l.output, inferenceTemporariesFixed: Math.max(0, l.weights - l.output), inferenceLeftLive: tape.predictLeftLive * l.output };
  if (name === 'linear') {
    return { saved: { perSample: 2 * l.input + l.output, fixed: 2 * l.weights }, gradients: { perSample: l.output, fixed: l.weights }, inputGradient: 2, ...predict, why: 'TF.js fusedMatMul: Reshape saves x and the kernel, the op saves a, b, y (clones); backward: dy reshaped, dx twice, dW twice' };
  }
  if (FUSABLE.has(name)) {
    return { saved: { perSample: l.input + (1 + tape.saved) * l.output, fixed: l.weights }, gradients: perSample((1 + tape.gradients) * l.output), inputGradient: 1, ...predict, why: `TF.js (training, ${name} unfused) matMul saves a and the kernel, the bias add its input, ${tape.kernels}` };
  }
  return { saved: { perSample: 2 * l.input + (2 + tape.saved) * l.output, fixed: 2 * l.weights }, gradients: { perSample: (2 + tape.gradients) * l.output, fixed: l.weights }, inputGradient: 2, ...predict, why: `TF.js fused linear matMul (Reshape clones, a, b, y), the bias add (its input), ${tape.kernels}` };
};

/** An Activation layer (and ReLU / Softmax / ELU layers): its activation's kernels. */
export const tfjsActivation: FrameworkCostRule = (l) => {
  const { tape } = activationTape(l.activation);
  return { saved: perSample(tape.saved * l.output), gradients: NONE, inputGradient: tape.gradients, inferenceLeftLive: tape.predictLeftLive * l.output, why: `TF.js: ${tape.kernels}` };
};

/** A fixed activation (the ReLU, Softmax, ELU layer classes): as the Activation layer with that name. */
export function tfjsActivationNamed(activation: string): FrameworkCostRule {
  return (l) => tfjsActivation({ ...l, activation });
}

/**
 * BatchNormalization in training: moments (Mean, Sub, Square, Mean), FusedBatchNorm and Keras's moving-average update;
 * their saves come to 6·O (rank 4) or 7·O (rank 2, one Reshape more); backward leaves 8·O (9·O) and dx; while it runs,
 * one more O. predict: the fused kernel's result and one temporary (2·O at once). Measured on 16 layers of the corpus.
 */
export const tfjsBatchNorm: FrameworkCostRule = (l) => {
  const rank = l.inputShapes[0]?.length ?? 4;
  const extra = rank <= 2 ? 1 : 0;
  return {
    saved: { perSample: (6 + extra) * l.output, fixed: 2 * l.weights },
    gradients: perSample((8 + extra) * l.output),
    inputGradient: 1,
    forwardTemporaries: l.output,
    inferenceTemporaries: l.output,
    why: `TF.js BatchNorm (training): moments, FusedBatchNorm and the moving averages save ${6 + extra}·O; backward leaves ${8 + extra}·O + dx`,
  };
};

/** AveragePooling: AvgPool saves x, a Cast follows; backward: dx and the Cast's gradient (O). predict: the Cast (O). */
export const tfjsAveragePooling: FrameworkCostRule = (l) => ({
  saved: perSample(l.input), gradients: perSample(l.output), inputGradient: 1, forwardTemporaries: l.output, inferenceTemporaries: l.output,
  why: 'TF.js AvgPool saves x; backward: dx + the Cast\'s gradient',
});

/** MaxPooling: MaxPool saves x and y; backward: dx. */
export const tfjsMaxPooling: FrameworkCostRule = (l) => ({
  saved: perSample(l.input + l.output), gradients: NONE, inputGradient: 1, why: 'TF.js MaxPool saves x and y; backward: dx',
});

/** GlobalAveragePooling: Mean saves x; its gradient builds two more input-sized tensors while it runs. */
export const tfjsGlobalAveragePooling: FrameworkCostRule = (l) => ({
  saved: perSample(l.input), gradients: NONE, inputGradient: 1, backwardTemporaries: 2 * l.input, why: 'TF.js Mean saves x; backward: dx (2·I more while it runs)',
});

/**
 * Dropout in training: x + noise (Add saves both), Floor, RealDiv (saves x and the rate), Multiply (saves both): 4·I
 * of clones, 4·I more while it runs; backward: dx. predict returns its input.
 */
export const tfjsDropout: FrameworkCostRule = (l) => ({
  saved: perSample(4 * l.input), gradients: NONE, inputGradient: 1, forwardTemporaries: 4 * l.input, inferenceReturnsInput: true,
  why: 'TF.js dropout (training): Add, RealDiv and Multiply save 4·I; backward: dx',
});

/** Flatten / Reshape: Reshape saves x; backward: dx. The output is a view, counted again by numBytes. */
export const tfjsReshape: FrameworkCostRule = (l) => ({
  saved: perSample(l.input), gradients: NONE, inputGradient: 1, why: 'TF.js Reshape saves x; backward: dx',
});

/**
 * Add of n inputs: clone of the first (Identity), then n − 1 Add kernels, each saving both operands; backward: the
 * gradients of every operand and of the clone. predict: the clone while it runs.
 */
export const tfjsAdd: FrameworkCostRule = (l) => {
  const n = Math.max(1, l.inputShapes.length);
  const operand = l.output;
  return {
    saved: perSample(2 * (n - 1) * operand), gradients: perSample(operand), inputGradient: 1, forwardTemporaries: operand, inferenceTemporaries: operand,
    why: `TF.js Add: Identity clone + ${n - 1} Add kernel(s) saving both operands; backward: each operand's gradient + the clone's`,
  };
};

/** Concatenate: Concat saves its inputs; backward: their gradients. */
export const tfjsConcatenate: FrameworkCostRule = (l) => ({
  saved: perSample(l.input), gradients: NONE, inputGradient: 1, why: 'TF.js Concat saves its inputs; backward: dx',
});

/**
 * LSTM / GRU / SimpleRNN (tfjs-layers' rnn(): Unpack, then per timestep the cell's matMuls, adds and activations on
 * tape). Measured per timestep (scripts/measure/tfjsTapeByLayer.ts on the corpus's RNNs and on each cell after a
 * Dense, returning sequences or not; u units, f features, T timesteps, W the cell's weights):
 * - saved: a·u + 2·f (+ u when it returns sequences: the stacked outputs), a = 32 (LSTM), 27 (GRU), 5 (SimpleRNN),
 *   and a clone of the cell's weights per timestep (T·W fixed); kept besides the clones until the step ends (the
 *   states rnn() keeps per step, the weights read per step): 9.6·u (LSTM), 8.25·u (GRU), 3.1·u per step and T·W;
 * - backward: b·u + 1.67·f per timestep (b = 46 LSTM, 42 GRU, 9 SimpleRNN) and the input gradient, plus about
 *   2·T·W of per-step kernel gradients (2.76·T·W for GRU);
 * - predict: c·u + 2·f per timestep while it runs (+ u, SimpleRNN 0.6·u, without return_sequences), c = 1.6 (LSTM),
 *   0.65 (GRU), 0.55 (SimpleRNN).
 * u is solved from W = gates·u·(f + u + 1); T and f come from the input shape.
 */
export function tfjsRecurrent(cell: 'lstm' | 'gru' | 'simple'): FrameworkCostRule {
  const gates = { lstm: 4, gru: 3, simple: 1 }[cell];
  const saved = { lstm: 32, gru: 27, simple: 5 }[cell];
  // What rnn() leaves live besides the clones (the per-step states it keeps, the weights it reads per step), which
  // survives the forward scope like the clones: measured per step as fwdNet − saved − output.
  const kept = { lstm: 9.6, gru: 8.25, simple: 3.1 }[cell];
  const backward = { lstm: 46, gru: 42, simple: 9 }[cell];
  const weightGradients = { lstm: 2, gru: 2.76, simple: 2 }[cell];
  // predict (measured at the peak with every live tensor listed, TF.js 4.22 cpu, batches 16 and 64): rnn() is one tidy,
  // so every step's states stay live until it returns (LSTM h and c: 2·u per step; GRU and SimpleRNN h: u), beside the
  // time-major transpose and the unstacked steps of the input (2·f per step); the last step's cell temporaries, the
  // step's output included (LSTM 29·u, GRU 26·u, SimpleRNN 5·u); and a weight-sized copy that does not grow with the
  // batch: GRU splits its recurrent kernel per step (3·u²), SimpleRNN's dot reshapes it to 3-D (u², a new tensor to
  // numBytes).
  const keptPerStep = { lstm: 2, gru: 1, simple: 1 }[cell];
  const lastStep = { lstm: 29, gru: 26, simple: 5 }[cell];
  const kernelCopy = { lstm: 0, gru: 3, simple: 1 }[cell];
  return (l: LayerGeometry): FrameworkCost => {
    const shape = l.inputShapes[0];
    const steps = shape && shape.length >= 3 && shape[1] !== null ? shape[1] : 1;
    const features = shape && shape.length >= 3 && shape[2] !== null ? shape[2] : l.input / steps;
    const units = Math.max(1, Math.round((-(features + 1) + Math.sqrt((features + 1) ** 2 + (4 * l.weights) / gates)) / 2));
    const sequences = l.output >= steps * units;
    return {
      saved: { perSample: steps * ((saved + kept) * units + 2 * features + (sequences ? units : 0)), fixed: 2 * steps * l.weights },
      gradients: { perSample: steps * (backward * units + 1.67 * features), fixed: weightGradients * steps * l.weights },
      inputGradient: 1,
      // The output (counted by the walk) is made by the last step, or by stacking every step's after it.
      inferenceTemporaries: steps * (keptPerStep * units + 2 * features) + Math.max(0, lastStep * units - l.output),
      inferenceTemporariesFixed: kernelCopy * units * units,
      why: `TF.js ${cell.toUpperCase()} (${steps} timesteps, ${units} units): per step the cell's kernels save ${saved}·u + 2·f${sequences ? ' + u' : ''} and clone the weights; backward ${backward}·u + 1.67·f per step`,
    };
  };
}

/**
 * The default for a layer without a TF.js rule, by drawing: a weighted layer as a fused convolution, a shape-preserving
 * one as an activation kernel that saves its input, anything else as saving its inputs and output (errs high).
 */
export function tfjsDefault(drawing: string | undefined): FrameworkCostRule {
  switch (drawing) {
    case 'conv':
    case 'dense':
      return tfjsConvolution;
    case 'reshape':
      return tfjsReshape;
    case 'regularization':
      return tfjsDropout;
    default:
      return (l) => ({ saved: perSample(l.input + l.output), gradients: perSample(l.output), inputGradient: 1, why: 'TF.js: no rule for this class; taken as saving its inputs and output (not measured)' });
  }
}
