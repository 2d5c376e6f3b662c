// Moving and converting a tensor: to(dtype/device/other), float()/double()/half()/long()/int()/bool(), type(),
// type_as(), cpu()/cuda(), detach(), clone(). The shape never changes; the dtype does where it is named. Moves and
// detach make no new activation (`recorded: false`); a named conversion and clone copy the tensor.
import { keepsNothing } from '../../backward';
import type { CallValue, OpResult, ParamSpec, TensorOp, TensorValue } from '../types';
import { TorchRuleError } from '../types';
import { dtypeName, legacyName } from './dtypes';
import { isTensor, listItems, tensor, tensorInput } from './opValues';

const NOTHING_KEPT = { idealAutograd: keepsNothing };
const SELF: ParamSpec = { name: 'self', required: true };

function conversion(names: string[], description: string, signature: readonly ParamSpec[], recorded: boolean, target: (self: TensorValue, inputs: Readonly<Record<string, CallValue>>) => CallValue): TensorOp {
  return {
    names,
    description,
    signature,
    recorded,
    drawing: 'other',
    backward: NOTHING_KEPT,
    apply(ctx): OpResult {
      const self = tensorInput(ctx, 'self', names[0].replace(/^Tensor\./, ''));
      return { output: target(self, ctx.inputs), macs: 0 };
    },
  };
}

/** to()'s positional arguments: a dtype name, a device (any other string), or a tensor whose dtype is taken. */
function toTarget(self: TensorValue, inputs: Readonly<Record<string, CallValue>>): CallValue {
  let dtype = self.dtype;
  // An unknown argument is taken for a device (`x.to(x.device)`, `x.to(self.device)`): its dtype stays.
  for (const arg of listItems(inputs.args) ?? []) {
    if (isTensor(arg)) dtype = arg.dtype;
    else if (typeof arg === 'string') dtype = dtypeName(arg) ?? dtype;
  }
  if (typeof inputs.dtype === 'string') dtype = dtypeName(inputs.dtype) ?? dtype;
  return tensor(self.shape, dtype);
}

/** `torch.DoubleTensor`-style names type() takes and gives. */
const LEGACY_TENSOR_TYPES: Readonly<Record<string, string>> = {
  FloatTensor: 'float32', DoubleTensor: 'float64', HalfTensor: 'float16', BFloat16Tensor: 'bfloat16', LongTensor: 'int64',
  IntTensor: 'int32', ShortTensor: 'int16', CharTensor: 'int8', ByteTensor: 'uint8', BoolTensor: 'bool',
};

function typeTarget(self: TensorValue, inputs: Readonly<Record<string, CallValue>>): CallValue {
  const wanted = inputs.dtype;
  if (wanted === null || wanted === undefined) return `torch.${legacyName(self.dtype)}Tensor`;
  if (typeof wanted !== 'string') return tensor(self.shape, self.dtype);
  const bare = wanted.replace(/^torch\.(cuda\.)?/, '');
  const dtype = LEGACY_TENSOR_TYPES[bare] ?? dtypeName(wanted);
  if (!dtype) throw new TorchRuleError(`invalid type: '${wanted}'`, 'dtype');
  return tensor(self.shape, dtype);
}

const NAMED: readonly [string, string][] = [
  ['float', 'float32'], ['double', 'float64'], ['half', 'float16'], ['bfloat16', 'bfloat16'], ['long', 'int64'],
  ['int', 'int32'], ['short', 'int16'], ['bool', 'bool'], ['byte', 'uint8'], ['char', 'int8'],
];

const MEMORY_FORMAT: ParamSpec = { name: 'memory_format', default: null, keywordOnly: true };

export const conversionOps: readonly TensorOp[] = [
  conversion(['Tensor.to'], 'the tensor on another device or with another dtype', [
    SELF, { name: 'args', variadic: true }, { name: 'dtype', default: null, keywordOnly: true }, { name: 'device', default: null, keywordOnly: true },
    { name: 'non_blocking', default: false, keywordOnly: true }, { name: 'copy', default: false, keywordOnly: true }, MEMORY_FORMAT,
  ], false, toTarget),
  ...NAMED.map(([method, dtype]) => conversion([`Tensor.${method}`], `the tensor as ${dtype}`, [SELF, MEMORY_FORMAT], true, (self) => tensor(self.shape, dtype))),
  conversion(['Tensor.type'], "the tensor as another type, or its type's name", [SELF, { name: 'dtype', default: null }, { name: 'non_blocking', default: false }], true, typeTarget),
  conversion(['Tensor.type_as'], "the tensor with another tensor's dtype", [SELF, { name: 'other', required: true }], true,
    (self, inputs) => tensor(self.shape, isTensor(inputs.other) ? inputs.other.dtype : self.dtype)),
  conversion(['Tensor.cpu'], 'the tensor in CPU memory', [SELF, MEMORY_FORMAT], false, (self) => self),
  conversion(['Tensor.cuda'], 'the tensor in GPU memory', [SELF, { name: 'device', default: null }, { name: 'non_blocking', default: false }, MEMORY_FORMAT], false, (self) => self),
  conversion(['Tensor.detach'], 'the same tensor without its autograd history', [SELF], false, (self) => self),
  conversion(['Tensor.clone'], 'a copy of the tensor', [SELF, MEMORY_FORMAT], true, (self) => self),
];
