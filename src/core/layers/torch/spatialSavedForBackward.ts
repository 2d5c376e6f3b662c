// What PyTorch's autograd saves for the backward of the spatial torch.nn rules (their `backward.pytorch` field, read by
// the PyTorch memory walk of core/memory): the input or output BY REFERENCE, and the NEW tensors a call makes for its
// backward. Recorded with saved_tensors_hooks on PyTorch 1.13's CPU kernels (scripts/oracle/torch_layer_grid_spatial.py
// → spatial.json `saved`, compared in spatialOracle.test.ts). A rule sees the layer's geometry only (sizes and shapes,
// not its arguments): where a count depends on an argument it cannot see (GroupNorm's groups, LayerNorm's
// normalized_shape without affine, InstanceNorm's track_running_stats), it takes the largest the shapes allow and says
// so — it errs high, never low.
import type { ElementCount, FrameworkCost, FrameworkCostRule, LayerGeometry } from '../backward';
import { pytorchConvolution } from '../pytorchCosts';

const NONE: ElementCount = { perSample: 0, fixed: 0 };

function cost(fields: Partial<FrameworkCost> & { why: string }): FrameworkCost {
  return { saved: NONE, gradients: NONE, inputGradient: 1, ...fields };
}

/** Channels of the first input (axis 1, batched), when known. */
function inputChannels(l: LayerGeometry): number | null {
  const shape = l.inputShapes[0];
  return shape && shape.length >= 2 ? shape[1] : null;
}

/**
 * Conv1d/2d/3d: the input and weight by reference, plus the device's temporaries (layers/pytorchCosts.ts). A
 * convolution that pads a copy first (padding_mode, an even kernel with 'same') saves the copy instead: that is the
 * call's intermediate (ForwardResult.intermediateElements), which the ideal walk counts and this geometry cannot see.
 */
export const convolutionSaves: FrameworkCostRule = pytorchConvolution(false);

/** ConvTranspose1d/2d/3d: the input and weight by reference (no device temporaries measured for them here). */
export const transposedConvolutionSaves: FrameworkCostRule = () => cost({ keepsInput: true, why: 'PyTorch conv_transpose saves its input and weight (by reference)' });

/**
 * Max pools (and adaptive, fractional): the input by reference and the int64 indices of the maxima, one per output
 * element; with return_indices the indices are the layer's second output, saved by reference.
 */
export const maxPoolSaves: FrameworkCostRule = (l) => {
  if ((l.outputShapes?.length ?? 1) === 2) {
    return cost({ keepsInput: true, keepsOutput: true, why: 'PyTorch max_pool saves its input and its int64 indices, here returned as its second output (by reference)' });
  }
  return cost({
    keepsInput: true, saved: { perSample: l.output, fixed: 0 }, savedBytesPerElement: 8,
    why: 'PyTorch max_pool saves its input (by reference) and int64 indices (8 B per output element)',
  });
};

/** avg_pool, adaptive_avg_pool, reflection_pad and replication_pad backward read their input's sizes from `self`. */
export const savesInputByReference = (kernel: string): FrameworkCostRule => () => cost({ keepsInput: true, why: `PyTorch ${kernel} saves its input (by reference)` });

/** constant padding, nearest/linear interpolation, pixel shuffles: backward needs sizes only. */
export const savesNothing = (kernel: string): FrameworkCostRule => () => cost({ why: `PyTorch ${kernel} saves no tensor (its backward needs sizes only)` });

/**
 * LPPool: F.lp_pool is composed (x^p, avg_pool, sign·relu(|·|), ·k, ^(1/p)): x by reference, x^p (input-sized) and
 * five output-sized tensors, and an int64 scalar (8 B, counted as two float32 elements).
 */
export const lpPoolSaves: FrameworkCostRule = (l) => cost({
  keepsInput: true, saved: { perSample: l.input + 5 * l.output, fixed: 2 },
  why: 'PyTorch lp_pool = (avg_pool(x^p)·k)^(1/p), composed: saves x (by reference), x^p (input-sized), five output-sized tensors and an int64 scalar',
});

/** BatchNorm in training: the input by reference, and the batch mean and 1/σ per channel (fixed, 2·C). */
export const batchNormSaves: FrameworkCostRule = (l) => {
  const channels = inputChannels(l);
  return cost({
    keepsInput: true, saved: { perSample: 0, fixed: 2 * (channels ?? 0) },
    why: `PyTorch native_batch_norm saves its input (by reference), weight and running statistics, and the batch mean and 1/σ (2·${channels ?? '?'} elements)`,
  });
};

/**
 * InstanceNorm: batch_norm on the input viewed as [1, N·C, …]: the input by reference, the mean and 1/σ per sample and
 * channel (2·C per sample), γ repeated N times when affine (C per sample, seen as weights > 0), and the running
 * statistics repeated N times when track_running_stats (2·C per sample, an argument the geometry does not show:
 * counted always, erring high by 2·C per sample when not tracking).
 */
export const instanceNormSaves: FrameworkCostRule = (l) => {
  const c = inputChannels(l) ?? 0;
  const affine = l.weights > 0;
  return cost({
    keepsInput: true, saved: { perSample: 2 * c + (affine ? c : 0) + 2 * c, fixed: 0 },
    why: `PyTorch instance_norm saves its input (by reference), mean and 1/σ per sample and channel${affine ? ', γ repeated per sample' : ''} and the repeated running statistics (counted even when not tracked: at most 2·${c} per sample too many)`,
  });
};

/**
 * GroupNorm: the input by reference, and the mean and 1/σ per sample and group (2·G per sample). G is an argument the
 * geometry does not show: counted as C (G ≤ C), erring high.
 */
export const groupNormSaves: FrameworkCostRule = (l) => {
  const c = inputChannels(l) ?? 0;
  return cost({
    keepsInput: true, saved: { perSample: 2 * c, fixed: 0 },
    why: `PyTorch native_group_norm saves its input (by reference) and the mean and 1/σ per group: at most 2·${c} per sample (groups ≤ channels)`,
  });
};

/**
 * LayerNorm: the input by reference, and the mean and 1/σ per normalised slice (2 per slice): slices = input /
 * normalised elements, which are weights / 2 when affine; without affine at least the last axis (the bound).
 */
export const layerNormSaves: FrameworkCostRule = (l) => {
  const shape = l.inputShapes[0];
  const last = shape && shape.length > 0 ? shape[shape.length - 1] : null;
  const normalized = l.weights > 0 ? l.weights / 2 : (last ?? 1);
  const slices = l.input / normalized;
  return cost({
    keepsInput: true, saved: { perSample: 2 * slices, fixed: 0 },
    why: `PyTorch native_layer_norm saves its input (by reference) and the mean and 1/σ of each of ${slices} slices per sample${l.weights > 0 ? '' : ' (at most: the last axis taken as the normalised shape)'}`,
  });
};
