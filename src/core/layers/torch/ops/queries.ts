// Questions about a tensor that make no new tensor: x.size(), x.size(i), x.shape, x.dim(), x.ndim, x.numel(),
// x.dtype. torch.Size is a tuple of ints: an array here, with an unknown entry for a dim the engine does not know.
import { keepsNothing } from '../../backward';
import type { ArgValue, OpResult, ParamSpec, TensorOp, TensorValue } from '../types';
import { intValue, numel, tensorInput, unknown, wrapDimArg } from './opValues';

const NOTHING_KEPT = { idealAutograd: keepsNothing };
const SELF: ParamSpec = { name: 'self', required: true };

function dimValue(self: TensorValue, dim: number): ArgValue {
  const d = self.shape?.[dim];
  return d === null || d === undefined ? unknown(`dimension ${dim} of the tensor is unknown`) : d;
}

function sizeTuple(self: TensorValue): ArgValue {
  if (!self.shape) return unknown('the shape of the tensor is unknown');
  return self.shape.map((_, i) => dimValue(self, i));
}

function query(names: string[], description: string, signature: readonly ParamSpec[], answer: (self: TensorValue, inputs: Readonly<Record<string, unknown>>) => ArgValue): TensorOp {
  return {
    names,
    description,
    signature,
    recorded: false,
    drawing: 'other',
    backward: NOTHING_KEPT,
    apply(ctx): OpResult {
      const self = tensorInput(ctx, 'self', names[0].replace(/^Tensor\./, ''));
      return { output: answer(self, ctx.inputs), macs: 0 };
    },
  };
}

export const queryOps: readonly TensorOp[] = [
  {
    names: ['Tensor.size'],
    description: "the tensor's shape as a torch.Size, or one dim's size",
    signature: [SELF, { name: 'dim', default: null }],
    recorded: false,
    drawing: 'other',
    backward: NOTHING_KEPT,
    apply(ctx) {
      const self = tensorInput(ctx, 'self', 'size');
      if (ctx.inputs.dim === null || ctx.inputs.dim === undefined) return { output: sizeTuple(self), macs: 0 };
      const dim = intValue(ctx.inputs.dim, 'dim', 'size');
      if (dim === null) return { output: unknown('the dim asked for is unknown'), macs: 0 };
      if (!self.shape) return { output: unknown('the shape of the tensor is unknown'), macs: 0 };
      return { output: dimValue(self, wrapDimArg(dim, self.shape.length, 'dim')), macs: 0 };
    },
  },
  query(['Tensor.shape'], "the tensor's shape as a torch.Size (an attribute)", [SELF], sizeTuple),
  query(['Tensor.dim', 'Tensor.ndimension'], 'the number of dims', [SELF], (self) => self.shape ? self.shape.length : unknown('the rank of the tensor is unknown')),
  query(['Tensor.ndim'], 'the number of dims (an attribute)', [SELF], (self) => self.shape ? self.shape.length : unknown('the rank of the tensor is unknown')),
  query(['Tensor.numel', 'Tensor.nelement'], 'the number of elements', [SELF], (self) => numel(self.shape) ?? unknown('a dim of the tensor is unknown')),
  query(['Tensor.dtype'], "the tensor's dtype (an attribute)", [SELF], (self) => self.dtype),
  // Where a tensor lives is decided when the code runs (`.to(x.device)` in forward); shapes never depend on it.
  query(['Tensor.device'], "the tensor's device (an attribute)", [SELF], () => unknown("a tensor's device is known only when the code runs")),
];
