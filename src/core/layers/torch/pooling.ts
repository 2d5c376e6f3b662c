// PLACEHOLDER until its owner writes it.
import type { TorchFamily } from './types';

export const poolingRules: TorchFamily = [];
