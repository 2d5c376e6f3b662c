// PLACEHOLDER until its owner writes it.
import type { TensorOp } from '../types';

export const tensorOps: readonly TensorOp[] = [];
