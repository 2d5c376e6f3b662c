// How much state each optimizer keeps, exactly as TensorFlow.js 4.22 allocates it (tfjs-core/src/optimizers/*.ts,
// read in node_modules/@tensorflow/tfjs-core/dist/optimizers/*.js of the installed 4.22.0):
// - `slotsPerParameter`: variables created lazily in `applyGradients` with `zerosLike(value)` / `fill(value.shape, …)`,
//   one per trainable weight, each the size of the weight.
// - `scalarTensors`: scalar tensors the optimizer keeps for its whole life (always float32 in TF.js).
import type { OptimizerName } from '../analysisResult';

export interface OptimizerStateRule {
  slotsPerParameter: number;
  scalarTensors: number;
  /** Where in the TF.js source the numbers come from. */
  source: string;
}

export const OPTIMIZER_STATE: Readonly<Record<OptimizerName, OptimizerStateRule>> = {
  // sgd_optimizer.ts: no slots; `setLearningRate` keeps `this.c = keep(scalar(-learningRate))`.
  sgd: { slotsPerParameter: 0, scalarTensors: 1, source: 'SGDOptimizer: this.c' },
  // momentum_optimizer.ts: `accumulations[i] = zerosLike(value).variable()`; scalars `this.m` and the inherited `this.c`.
  momentum: { slotsPerParameter: 1, scalarTensors: 2, source: 'MomentumOptimizer: accumulations; this.m, this.c' },
  // rmsprop_optimizer.ts: `accumulatedMeanSquares` and `accumulatedMoments` always (even with momentum 0);
  // `accumulatedMeanGrads` only when `centered` (TF.js default false, the case modelled here).
  rmsprop: { slotsPerParameter: 2, scalarTensors: 0, source: 'RMSPropOptimizer: accumulatedMeanSquares, accumulatedMoments' },
  // adam_optimizer.ts: `accumulatedFirstMoment`, `accumulatedSecondMoment`; scalars `accBeta1`, `accBeta2`.
  adam: { slotsPerParameter: 2, scalarTensors: 2, source: 'AdamOptimizer: accumulatedFirstMoment, accumulatedSecondMoment; accBeta1, accBeta2' },
  // adamax_optimizer.ts: `accumulatedFirstMoment`, `accumulatedWeightedInfNorm`; scalars `iteration`, `accBeta1`.
  adamax: { slotsPerParameter: 2, scalarTensors: 2, source: 'AdamaxOptimizer: accumulatedFirstMoment, accumulatedWeightedInfNorm; iteration, accBeta1' },
  // adagrad_optimizer.ts: `accumulatedGrads = fill(value.shape, initialAccumulatorValue)`.
  adagrad: { slotsPerParameter: 1, scalarTensors: 0, source: 'AdagradOptimizer: accumulatedGrads' },
  // adadelta_optimizer.ts: `accumulatedGrads`, `accumulatedUpdates`.
  adadelta: { slotsPerParameter: 2, scalarTensors: 0, source: 'AdadeltaOptimizer: accumulatedGrads, accumulatedUpdates' },
};

/** TF.js keeps optimizer scalars in float32 whatever the weights' dtype. */
export const SCALAR_BYTES = 4;

export const OPTIMIZER_NAMES = Object.keys(OPTIMIZER_STATE) as OptimizerName[];

export function isOptimizerName(name: string): name is OptimizerName {
  return Object.prototype.hasOwnProperty.call(OPTIMIZER_STATE, name);
}
