// Every torch function, Tensor method and operator the catalogue knows that is not a module's counterpart, by kind.
import type { TensorOp } from '../types';
import { arithmeticOps } from './arithmetic';
import { indexingOps } from './indexing';
import { joiningOps } from './joining';
import { queryOps } from './queries';
import { reshapingOps } from './reshaping';

export const tensorOps: readonly TensorOp[] = [
  ...reshapingOps, ...queryOps, ...joiningOps, ...arithmeticOps, ...indexingOps,
];
