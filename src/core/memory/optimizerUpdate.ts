// What an optimizer's update allocates besides its state, per framework, and PyTorch's own state sizes.
import type { OptimizerName } from '../analysisResult';

/**
 * TF.js 4.22: peak of `applyGradients` above what was live before it, in multiples of the trainable bytes (it is one
 * tidy over all variables, so every variable's temporaries live until the end). Measured on the cpu backend with a
 * 1000×100 and a 500 variable (test/unit/core/memoryFrameworks.test.ts re-measures each): sgd 2 (scaled gradient,
 * new value), momentum 4, rmsprop 15, adam 14, adamax 10, adagrad 7, adadelta 16.
 */
export const TFJS_UPDATE_TEMPORARIES: Readonly<Record<OptimizerName, number>> = {
  sgd: 2, momentum: 4, rmsprop: 15, adam: 14, adamax: 10, adagrad: 7, adadelta: 16,
};

/**
 * PyTorch 2.x's state per trainable parameter tensor: `slots` tensors of the parameter's size and whether a `step`
 * tensor (a float32 scalar, 4 B) is kept: SGD (momentum 0) none; SGD with momentum `momentum_buffer`; RMSprop
 * `square_avg` (momentum 0, not centred); Adam `exp_avg`, `exp_avg_sq`; Adamax `exp_avg`, `exp_inf`; Adagrad `sum`;
 * Adadelta `square_avg`, `acc_delta`.
 */
export const PYTORCH_OPTIMIZER_STATE: Readonly<Record<OptimizerName, { slots: number; step: boolean }>> = {
  sgd: { slots: 0, step: false },
  momentum: { slots: 1, step: false },
  rmsprop: { slots: 1, step: true },
  adam: { slots: 2, step: true },
  adamax: { slots: 2, step: true },
  adagrad: { slots: 1, step: true },
  adadelta: { slots: 2, step: true },
};

/**
 * PyTorch's update temporaries on cuda, in multiples of ALL trainable bytes: the `foreach` implementation (PyTorch
 * 2.x's default for CUDA tensors) makes one list of parameter-sized tensors at once (Adam: `_foreach_sqrt(exp_avg_sqs)`
 * → 1; Adadelta: std and delta → 2; SGD and momentum update in place → 0). Read from torch/optim/*.py, not measured.
 */
export const PYTORCH_FOREACH_TEMPORARIES: Readonly<Record<OptimizerName, number>> = {
  sgd: 0, momentum: 0, rmsprop: 1, adam: 1, adamax: 1, adagrad: 1, adadelta: 2,
};

/**
 * On the cpu (the per-tensor loop, the default off CUDA), in multiples of the LARGEST parameter: measured for Adam
 * (2: the denominator and the step's quotient, test/fixtures/memory-truth); the others read from torch/optim.
 */
export const PYTORCH_PER_TENSOR_TEMPORARIES: Readonly<Record<OptimizerName, number>> = {
  sgd: 0, momentum: 0, rmsprop: 1, adam: 2, adamax: 2, adagrad: 1, adadelta: 2,
};
