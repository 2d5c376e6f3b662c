// Every torch function, Tensor method and operator the catalogue knows that is not a module's counterpart, by kind.
import type { TensorOp } from '../types';
import { arithmeticOps } from './arithmetic';
import { conversionOps } from './conversions';
import { dimensionOps } from './dimensions';
import { einsumOps } from './einsum';
import { factoryOps } from './factories';
import { indexingOps } from './indexing';
import { joiningOps } from './joining';
import { matmulOps } from './matmul';
import { queryOps } from './queries';
import { reductionOps } from './reductions';
import { reshapingOps } from './reshaping';
import { selectionOps } from './selection';

export const tensorOps: readonly TensorOp[] = [
  ...reshapingOps, ...dimensionOps, ...queryOps, ...joiningOps, ...arithmeticOps, ...matmulOps, ...einsumOps,
  ...reductionOps, ...indexingOps, ...selectionOps, ...factoryOps, ...conversionOps,
];
