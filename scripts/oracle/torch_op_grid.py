#!/usr/bin/env python3
"""PyTorch's own answers for the tensor-op catalogue (src/core/layers/torch/ops): one run over a grid of calls.

    /usr/bin/python3 scripts/oracle/torch_op_grid.py            # JSON to stdout
    /usr/bin/python3 scripts/oracle/torch_op_grid.py --write    # test/fixtures/pytorch-layer-grid/ops.json
    /usr/bin/python3 scripts/oracle/torch_op_grid.py --check    # exit 1 if the recorded file differs

Each case calls one op the way a `forward` does (a Tensor method, a torch function or an operator) on zero tensors
of given shapes and records the result's shapes and dtypes, the value of a size query, or PyTorch's exception (type
and first line). The hand-written cases cover each op's forms and errors; a seeded random part adds broadcasting,
view/reshape and indexing cases. Arguments in the JSON:

    {"t": [2, 3], "dtype": "int64"}   a tensor (dtype float32 when absent)
    {"slice": [start, stop, step]}    a slice (null parts omitted)
    {"ellipsis": true}                `...`
    {"dtype": "float64"}              torch.float64
    [a, b]                            a tuple
    numbers, strings, true/false, null as in Python

An op named `Tensor.x` is a method or attribute of its first argument; `torch.x` a torch function; `Tensor.__getitem__`
is `args[0][args[1]]`.
"""
import json
import random
import sys
from pathlib import Path

import torch

OUT = Path(__file__).resolve().parents[2] / 'test' / 'fixtures' / 'pytorch-layer-grid' / 'ops.json'
ATTRIBUTES = {'Tensor.shape', 'Tensor.ndim', 'Tensor.dtype', 'Tensor.device', 'Tensor.T', 'Tensor.mT'}


def t(*shape, dtype=None):
    value = {'t': list(shape)}
    if dtype:
        value['dtype'] = dtype
    return value


def s(start=None, stop=None, step=None):
    return {'slice': [start, stop, step]}


E = {'ellipsis': True}


def dt(name):
    return {'dtype': name}


def case(op, *args, batch=2, **kwargs):
    return {'op': op, 'args': list(args), 'kwargs': kwargs, 'batch': batch}


def hand_cases():
    c = []
    # view / reshape
    c += [
        case('Tensor.view', t(2, 16, 5, 5), -1, 400),
        case('Tensor.view', t(2, 16, 4, 4), -1, 400),
        case('Tensor.view', t(25, 16, 4, 4), -1, 400, batch=25),
        case('Tensor.view', t(2, 16, 5, 5), (-1, 400)),
        case('Tensor.view', t(2, 16, 5, 5), 2, -1),
        case('Tensor.view', t(2, 16, 4, 4), 2, 400),
        case('Tensor.view', t(2, 16, 1, 1), 2, 16),
        case('Tensor.view', t(2, 16), 2, 16, 1, 1),
        case('Tensor.view', t(2, 16), -1, -1),
        case('Tensor.view', t(2, 16), -2, 16),
        case('Tensor.view', t(2, 0), -1, 0),
        case('Tensor.view', t(2, 6), -1),
        case('Tensor.reshape', t(2, 3, 4), -1, 12),
        case('Tensor.reshape', t(2, 3, 4), (4, -1)),
        case('Tensor.reshape', t(2, 3, 4), 5, -1),
        case('torch.reshape', t(2, 3, 4), (2, 12)),
        case('torch.reshape', t(2, 3, 4), (-1,)),
        case('Tensor.view_as', t(2, 12), t(2, 3, 4)),
        case('Tensor.view_as', t(2, 12), t(2, 5)),
        case('Tensor.unflatten', t(2, 12), 1, (3, 4)),
        case('Tensor.unflatten', t(2, 12), -1, (2, -1, 3)),
        case('Tensor.unflatten', t(2, 12, 5), 1, (5, 2)),
        case('Tensor.unflatten', t(2, 12, 5), 1, (5, -1)),
    ]
    # flatten
    c += [
        case('torch.flatten', t(2, 16, 5, 5)),
        case('torch.flatten', t(2, 16, 5, 5), 1),
        case('torch.flatten', t(2, 16, 5, 5), start_dim=1, end_dim=2),
        case('torch.flatten', t(2, 16, 5, 5), -2),
        case('Tensor.flatten', t(2, 16, 5, 5), 1),
        case('Tensor.flatten', t(2, 16, 5, 5)),
        case('Tensor.flatten', t(2, 16, 5, 5), 2, 1),
        case('Tensor.flatten', t(2, 16, 5, 5), 4),
        case('Tensor.flatten', t()),
    ]
    # queries
    c += [
        case('Tensor.size', t(2, 16, 5, 5)),
        case('Tensor.size', t(2, 16, 5, 5), 0),
        case('Tensor.size', t(2, 16, 5, 5), -1),
        case('Tensor.size', t(2, 16, 5, 5), dim=2),
        case('Tensor.size', t(2, 16, 5, 5), 4),
        case('Tensor.shape', t(2, 16, 5, 5)),
        case('Tensor.dim', t(2, 16, 5, 5)),
        case('Tensor.ndim', t(2, 3)),
        case('Tensor.numel', t(2, 16, 5, 5)),
        case('Tensor.dtype', t(2, 3, dtype='int64')),
    ]
    # permute / transpose / t
    c += [
        case('Tensor.permute', t(2, 50, 40), 0, 2, 1),
        case('Tensor.permute', t(2, 50, 40), (2, 0, 1)),
        case('Tensor.permute', t(2, 3, 4, 5), 0, -1, 1, 2),
        case('Tensor.permute', t(2, 50, 40), 0, 1),
        case('Tensor.permute', t(2, 50, 40), 0, 1, 1),
        case('Tensor.permute', t(2, 50, 40), 0, 1, 3),
        case('torch.permute', t(2, 50, 40), (1, 0, 2)),
        case('Tensor.transpose', t(2, 50, 40), 0, 1),
        case('Tensor.transpose', t(2, 50, 40), 1, -1),
        case('Tensor.transpose', t(2, 50, 40), 1, 3),
        case('torch.transpose', t(2, 50, 40), 0, 2),
        case('Tensor.t', t(3, 4)),
        case('Tensor.t', t(4)),
        case('Tensor.t', t(2, 3, 4)),
        case('torch.t', t(3, 4)),
        case('Tensor.T', t(2, 3)),
        case('Tensor.T', t(2, 3, 4)),
        case('Tensor.mT', t(2, 3, 4)),
        case('Tensor.mT', t(4)),
    ]
    # squeeze / unsqueeze
    c += [
        case('Tensor.squeeze', t(2, 1, 5, 1)),
        case('Tensor.squeeze', t(2, 1, 5, 1), 1),
        case('Tensor.squeeze', t(2, 1, 5, 1), -1),
        case('Tensor.squeeze', t(2, 1, 5, 1), 2),
        case('Tensor.squeeze', t(2, 1, 5, 1), 4),
        case('torch.squeeze', t(1, 1, 1)),
        case('torch.squeeze', t(2, 8, 1), 2),
        case('Tensor.unsqueeze', t(2, 64), 1),
        case('Tensor.unsqueeze', t(2, 64), -1),
        case('Tensor.unsqueeze', t(2, 64), 0),
        case('Tensor.unsqueeze', t(2, 64), 3),
        case('torch.unsqueeze', t(2, 64), 2),
    ]
    # expand / expand_as / repeat / contiguous
    c += [
        case('Tensor.expand', t(2, 16, 1, 1), 2, 16, 8, 8),
        case('Tensor.expand', t(2, 16, 1, 1), -1, -1, 8, 8),
        case('Tensor.expand', t(2, 16, 1, 1), (2, 16, 8, 8)),
        case('Tensor.expand', t(3, 1), 4, 3, 5),
        case('Tensor.expand', t(2, 3), 2, 5),
        case('Tensor.expand', t(2, 3), 3),
        case('Tensor.expand', t(2, 3), -1, 2, 3),
        case('Tensor.expand_as', t(2, 16, 1, 1), t(2, 16, 8, 8)),
        case('Tensor.expand_as', t(2, 16, 2, 1), t(2, 16, 8, 8)),
        case('Tensor.repeat', t(2, 3), 2, 2),
        case('Tensor.repeat', t(2, 3), 4, 2, 1),
        case('Tensor.repeat', t(2, 3), (1, 3)),
        case('Tensor.repeat', t(2, 3), 2),
        case('Tensor.contiguous', t(2, 3)),
    ]
    # conversions
    c += [
        case('Tensor.to', t(2, 3), dt('float64')),
        case('Tensor.to', t(2, 3), 'cpu'),
        case('Tensor.to', t(2, 3), 'cpu', dt('float16')),
        case('Tensor.to', t(2, 3), t(1, dtype='int64')),
        case('Tensor.to', t(2, 3), dtype=dt('int32')),
        case('Tensor.to', t(2, 3), device='cpu'),
        case('Tensor.float', t(2, 3, dtype='int64')),
        case('Tensor.double', t(2, 3)),
        case('Tensor.half', t(2, 3)),
        case('Tensor.long', t(2, 3)),
        case('Tensor.int', t(2, 3)),
        case('Tensor.bool', t(2, 3)),
        case('Tensor.type', t(2, 3)),
        case('Tensor.type', t(2, 3), dt('float64')),
        case('Tensor.type', t(2, 3), 'torch.LongTensor'),
        case('Tensor.type_as', t(2, 3), t(4, dtype='float64')),
        case('Tensor.cpu', t(2, 3)),
        case('Tensor.detach', t(2, 3)),
        case('Tensor.clone', t(2, 3, dtype='int64')),
    ]
    # cat / stack / chunk / split
    c += [
        case('torch.cat', [t(2, 64, 25, 25), t(2, 64, 24, 24)], 1),
        case('torch.cat', [t(2, 64, 25, 25), t(2, 32, 25, 25)], 1),
        case('torch.cat', [t(2, 64, 25, 25), t(2, 32, 25, 25)], dim=1),
        case('torch.cat', [t(2, 64, 25, 25), t(2, 32, 25, 25), t(2, 8, 25, 25)], -3),
        case('torch.cat', [t(2, 3), t(4, 3)]),
        case('torch.cat', [t(2, 3), t(2, 4)]),
        case('torch.cat', [t(2, 3), t(2, 3, 1)], 1),
        case('torch.cat', [t(2, 3), t(2, 3)], 2),
        case('torch.cat', [t(2, 3), t(2, 3, dtype='float64')], 1),
        case('torch.cat', [t(2, 3, dtype='int64'), t(2, 3)], 1),
        case('torch.cat', [], 0),
        case('torch.cat', [t(2, 3), t(0)], 1),
        case('torch.cat', [t(2, 3), t(2, 0)], 1),
        case('torch.cat', [t(), t()]),
        case('torch.cat', [t(2, 3, dtype='bool'), t(2, 3, dtype='int32')], 0),
        case('torch.concat', [t(2, 5), t(2, 7)], 1),
        case('torch.cat', (t(2, 5), t(2, 7)), 1),
        case('torch.stack', [t(2, 3), t(2, 3)]),
        case('torch.stack', [t(2, 3), t(2, 3), t(2, 3)], 1),
        case('torch.stack', [t(2, 3), t(2, 3)], -1),
        case('torch.stack', [t(2, 3), t(2, 3)], 3),
        case('torch.stack', [t(2, 3), t(2, 4)], 1),
        case('torch.stack', [], 0),
        case('Tensor.chunk', t(2, 10), 3, 1),
        case('Tensor.chunk', t(2, 10), 4, 1),
        case('Tensor.chunk', t(2, 6), 6, 1),
        case('Tensor.chunk', t(2, 5), 2),
        case('Tensor.chunk', t(2, 5), 0, 1),
        case('torch.chunk', t(2, 64, 8, 8), 2, dim=1),
        case('Tensor.split', t(2, 10), 4, 1),
        case('Tensor.split', t(2, 10), [2, 8], 1),
        case('Tensor.split', t(2, 10), [2, 7], 1),
        case('Tensor.split', t(2, 10), 3, dim=-1),
        case('torch.split', t(2, 10), 5, 1),
        case('torch.split', t(2, 10), [1, 1, 8], dim=1),
    ]
    # reductions
    c += [
        case('Tensor.mean', t(2, 64, 7, 7), (2, 3)),
        case('Tensor.mean', t(2, 64, 7, 7), [2, 3], keepdim=True),
        case('Tensor.mean', t(2, 64, 7, 7), -1),
        case('Tensor.mean', t(2, 64, 7, 7)),
        case('Tensor.mean', t(2, 64, 7, 7), dim=1, keepdim=True),
        case('Tensor.mean', t(2, 64, 7, 7), (1, 1)),
        case('Tensor.mean', t(2, 64, 7, 7), 4),
        case('Tensor.mean', t(2, 3, dtype='int64'), 1),
        case('Tensor.mean', t(2, 3, dtype='int64'), 1, dtype=dt('float32')),
        case('torch.mean', t(2, 64, 7, 7), (2, 3)),
        case('torch.mean', t(2, 64, 7, 7), dim=(-1, -2), keepdim=True),
        case('Tensor.sum', t(2, 7, 3), 1),
        case('Tensor.sum', t(2, 7, 3)),
        case('Tensor.sum', t(2, 7, 3, dtype='int32'), 1),
        case('Tensor.sum', t(2, 7, 3, dtype='bool'), (0, 2)),
        case('torch.sum', t(2, 7, 3), dim=-1, keepdim=True),
        case('Tensor.prod', t(2, 7, 3), 1),
        case('Tensor.prod', t(2, 7, 3, dtype='int32')),
        case('Tensor.amax', t(2, 7, 3), 1),
        case('Tensor.amax', t(2, 7, 3), (1, 2), True),
        case('Tensor.amax', t(2, 7, 3)),
        case('Tensor.amin', t(2, 7, 3), -1),
        case('Tensor.max', t(2, 7, 3)),
        case('Tensor.max', t(2, 7, 3), 1),
        case('Tensor.max', t(2, 7, 3), 1, True),
        case('Tensor.max', t(2, 7, 3), dim=-1),
        case('Tensor.max', t(2, 7, 3), t(7, 1)),
        case('Tensor.min', t(2, 7, 3), 2),
        case('torch.max', t(2, 7, 3), 1),
        case('torch.max', t(2, 7, 3), t(2, 1, 3)),
        case('torch.max', t(2, 7, 3), t(2, 2, 3)),
        case('torch.min', t(2, 7, 3)),
        case('Tensor.argmax', t(2, 10), 1),
        case('Tensor.argmax', t(2, 10)),
        case('Tensor.argmax', t(2, 10), dim=1, keepdim=True),
        case('torch.argmax', t(2, 10), 1),
        case('Tensor.std', t(2, 10), 1),
        case('Tensor.std', t(2, 10)),
        case('Tensor.std', t(2, 10, 4), (1, 2), keepdim=True),
        case('Tensor.var', t(2, 10), 1, keepdim=True),
        case('Tensor.var', t(2, 10, dtype='int64'), 1),
        case('torch.std', t(2, 10), 1),
        case('Tensor.sum', t(2, 7, 3), (), keepdim=True),
        case('Tensor.sum', t(2, 7, 3), dim=None, keepdim=True),
        case('Tensor.mean', t(2, 7, 3), None, True),
        case('Tensor.amax', t(2, 7, 3), keepdim=True),
        case('Tensor.std', t(2, 10), 1, False, True),
        case('Tensor.std', t(2, 10), unbiased=False),
        case('Tensor.var', t(2, 10), dim=(0, 1)),
        case('Tensor.prod', t(2, 7, 3), (1, 2)),
        case('Tensor.argmax', t(2, 10), (0, 1)),
        case('Tensor.max', t(2, 7, 3), (1, 2)),
        case('Tensor.sum', t(), 0),
        case('Tensor.sum', t(), 1),
        case('Tensor.mean', t(2, 0, 3), 1),
        case('Tensor.amax', t(2, 7, 3, dtype='int64'), 1),
        case('Tensor.sum', t(2, 7, 3), 1, dtype=dt('float64')),
    ]
    # arithmetic with broadcasting
    c += [
        case('Tensor.__add__', t(2, 32, 16, 16), t(2, 16, 32, 32)),
        case('Tensor.__add__', t(2, 32, 16, 16), t(2, 16, 16, 16)),
        case('Tensor.__add__', t(2, 64, 8, 8), t(2, 64, 8, 8)),
        case('Tensor.__add__', t(2, 64, 8, 8), t(64, 1, 1)),
        case('Tensor.__add__', t(2, 50, 64), t(2, 1, 64)),
        case('Tensor.__add__', t(2, 3), 1),
        case('Tensor.__add__', t(2, 3), 2.5),
        case('Tensor.__add__', t(2, 3, dtype='int64'), 2.5),
        case('Tensor.__add__', t(2, 3, dtype='int64'), t(2, 3, dtype='int32')),
        case('Tensor.__add__', t(2, 3, dtype='bool'), 1),
        case('Tensor.__add__', t(2, 3, dtype='int32'), t(dtype='int64')),
        case('Tensor.__add__', t(2, 3, dtype='int32'), t(dtype='float64')),
        case('Tensor.__add__', t(2, 3, dtype='float16'), t(3, dtype='float64')),
        case('Tensor.__add__', t(2, 3, dtype='uint8'), t(3, dtype='int8')),
        case('Tensor.__radd__', t(2, 3), 1),
        case('Tensor.__iadd__', t(2, 3), t(3)),
        case('Tensor.__iadd__', t(2, 1), t(2, 3)),
        case('Tensor.__iadd__', t(2, 3, dtype='int64'), t(2, 3)),
        case('Tensor.add', t(2, 3), t(2, 3), alpha=2),
        case('torch.add', t(2, 3), t(3)),
        case('Tensor.__sub__', t(2, 3), t(1, 3)),
        case('Tensor.__rsub__', t(2, 3), 1),
        case('torch.sub', t(4, 1), t(1, 5)),
        case('Tensor.__mul__', t(2, 16, 8, 8), t(2, 16, 1, 1)),
        case('Tensor.__mul__', t(2, 16, 8, 8), t(2, 8, 1, 1)),
        case('Tensor.__rmul__', t(2, 3), 0.5),
        case('Tensor.__imul__', t(2, 3), t(2, 1)),
        case('torch.mul', t(2, 3), t(2, 3, dtype='int64')),
        case('Tensor.__truediv__', t(2, 3), 255),
        case('Tensor.__truediv__', t(2, 3, dtype='int64'), 2),
        case('Tensor.__truediv__', t(2, 3, dtype='int64'), t(3, dtype='int64')),
        case('Tensor.__rtruediv__', t(2, 3), 1),
        case('Tensor.__itruediv__', t(2, 3, dtype='int64'), 2),
        case('torch.div', t(2, 3, dtype='int64'), 2, rounding_mode='floor'),
        case('torch.div', t(2, 3, dtype='int64'), 2),
        case('Tensor.div', t(2, 3), t(4, 3)),
        case('Tensor.__pow__', t(2, 3), 2),
        case('Tensor.__pow__', t(2, 3, dtype='int64'), 2),
        case('Tensor.__pow__', t(2, 3, dtype='int64'), 0.5),
        case('Tensor.__pow__', t(2, 3, dtype='int64'), -1),
        case('Tensor.__pow__', t(2, 3), -1),
        case('Tensor.__rpow__', t(2, 3), 2),
        case('torch.pow', t(2, 3), t(3)),
        case('Tensor.__neg__', t(2, 3)),
        case('Tensor.__neg__', t(2, 3, dtype='bool')),
        case('Tensor.__add__', t(2, 0, 3), t(1, 3)),
        case('Tensor.__add__', t(2, 0, 3), t(2, 3)),
        case('Tensor.__add__', t(), t(2, 3)),
        case('Tensor.__sub__', t(2, 3, dtype='bool'), t(2, 3, dtype='bool')),
        case('Tensor.__sub__', t(2, 3, dtype='bool'), 1),
        case('Tensor.__rsub__', t(2, 3, dtype='bool'), 1),
        case('torch.sub', t(2, 3), t(2, 3, dtype='bool')),
        case('torch.argmax', t(2, 10), (0, 1)),
        case('torch.max', t(2, 7, 3), (1, 2)),
        case('torch.prod', t(2, 7, 3), (1, 2)),
        case('torch.neg', t(2, 3, dtype='int64')),
        case('Tensor.__floordiv__', t(2, 3, dtype='int64'), 2),
        case('Tensor.__floordiv__', t(2, 3), t(3)),
        case('Tensor.__rfloordiv__', t(2, 3), 7),
        case('Tensor.__mod__', t(2, 3, dtype='int64'), 2),
        case('Tensor.__mod__', t(2, 3), t(4)),
        case('Tensor.__and__', t(2, 3, dtype='bool'), t(3, dtype='bool')),
        case('Tensor.__and__', t(2, 3), t(3)),
        case('Tensor.__or__', t(2, 3, dtype='int64'), 1),
        case('Tensor.__xor__', t(2, 3, dtype='bool'), True),
        case('Tensor.__ior__', t(2, 3, dtype='bool'), t(2, 3, dtype='bool')),
        case('Tensor.__invert__', t(2, 3, dtype='bool')),
        case('Tensor.__invert__', t(2, 3)),
        case('Tensor.__eq__', t(2, 3), t(3)),
        case('Tensor.__lt__', t(2, 3), 0),
        case('Tensor.__ge__', t(2, 3, dtype='int64'), t(2, 1)),
        case('Tensor.__gt__', t(2, 3), t(2, 4)),
        case('torch.eq', t(2, 3), t(2, 3)),
        case('Tensor.ne', t(2, 1, 4), t(3, 1)),
        case('Tensor.__ipow__', t(2, 3), 2),
    ]
    # matmul family
    c += [
        case('Tensor.__matmul__', t(2, 256), t(256, 120)),
        case('Tensor.__matmul__', t(2, 256), t(400, 120)),
        case('Tensor.__matmul__', t(3), t(3)),
        case('Tensor.__matmul__', t(3), t(4)),
        case('Tensor.__matmul__', t(2, 3), t(3)),
        case('Tensor.__matmul__', t(2, 3), t(4)),
        case('Tensor.__matmul__', t(3), t(3, 5)),
        case('Tensor.__matmul__', t(4), t(3, 5)),
        case('Tensor.__matmul__', t(2, 6, 4), t(4, 5)),
        case('Tensor.__matmul__', t(2, 6, 4), t(5, 6)),
        case('Tensor.__matmul__', t(2, 6, 4), t(4)),
        case('Tensor.__matmul__', t(2, 6, 4), t(5)),
        case('Tensor.__matmul__', t(2, 6, 4), t(2, 4, 5)),
        case('Tensor.__matmul__', t(2, 6, 4), t(2, 5, 5)),
        case('Tensor.__matmul__', t(2, 1, 6, 4), t(3, 4, 5)),
        case('Tensor.__matmul__', t(2, 6, 4), t(3, 4, 5)),
        case('Tensor.__matmul__', t(4), t(2, 4, 5)),
        case('Tensor.__matmul__', t(6, 4), t(2, 4, 5)),
        case('Tensor.__matmul__', t(2, 8, 6, 4), t(2, 8, 4, 6)),
        case('Tensor.__matmul__', t(2, 3), t(3, 4, dtype='float64')),
        case('torch.matmul', t(2, 10, 64), t(2, 64, 10)),
        case('Tensor.matmul', t(2, 5), t(5, 3)),
        case('torch.mm', t(2, 5), t(5, 3)),
        case('torch.mm', t(2, 5), t(4, 3)),
        case('torch.mm', t(2, 5, 1), t(5, 3)),
        case('Tensor.mm', t(2, 5), t(5)),
        case('torch.bmm', t(2, 6, 4), t(2, 4, 5)),
        case('torch.bmm', t(2, 6, 4), t(2, 5, 5)),
        case('torch.bmm', t(2, 6, 4), t(3, 4, 5)),
        case('torch.bmm', t(6, 4), t(2, 4, 5)),
        case('Tensor.bmm', t(2, 6, 4), t(2, 4, 3)),
        case('torch.einsum', 'bij,bjk->bik', t(2, 6, 4), t(2, 4, 5)),
        case('torch.einsum', 'bij,bjk', t(2, 6, 4), t(2, 4, 5)),
        case('torch.einsum', 'ij,jk', [t(6, 4), t(4, 5)]),
        case('torch.einsum', 'ij->ji', t(6, 4)),
        case('torch.einsum', 'ii->i', t(4, 4)),
        case('torch.einsum', 'ij->', t(6, 4)),
        case('torch.einsum', 'bhqd,bhkd->bhqk', t(2, 8, 10, 16), t(2, 8, 12, 16)),
        case('torch.einsum', '...ij,...jk->...ik', t(2, 3, 6, 4), t(3, 4, 5)),
        case('torch.einsum', '...ij,...jk', t(2, 3, 6, 4), t(3, 4, 5)),
        case('torch.einsum', 'b...,b...->b', t(2, 3, 4), t(2, 3, 4)),
        case('torch.einsum', 'Bi,ai', t(2, 3), t(5, 3)),
        case('torch.einsum', 'ij,jk->ik', t(6, 1), t(4, 5)),
        case('torch.einsum', 'i,j->ij', t(3), t(4)),
        case('torch.einsum', 'ij,jk,kl->il', t(2, 3), t(3, 4), t(4, 5)),
        case('torch.einsum', 'ij,jk->ik', t(6, 4)),
        case('torch.einsum', 'ij->ik', t(6, 4)),
        case('torch.einsum', 'ij->ii', t(6, 4)),
        case('torch.einsum', 'ijk->ij', t(6, 4)),
        case('torch.einsum', 'ijk...->ij', t(6, 4)),
        case('torch.einsum', 'ij,jk->ik', t(6, 4), t(4, 5), t(5, 5)),
        case('torch.einsum', 'ij,jk', t(6, 4), t(3, 5)),
        case('torch.einsum', 'bij,bjk->bik', t(2, 6, 4), t(3, 4, 5)),
    ]
    # indexing
    c += [
        case('Tensor.__getitem__', t(2, 28, 128), (s(), -1, s())),
        case('Tensor.__getitem__', t(4, 2, 64), -1),
        case('Tensor.__getitem__', t(4, 2, 64), -2),
        case('Tensor.__getitem__', t(4, 2, 64), 4),
        case('Tensor.__getitem__', t(4, 2, 64), -5),
        case('Tensor.__getitem__', t(2, 3, 8, 8), (E, 0)),
        case('Tensor.__getitem__', t(2, 3, 8, 8), (s(), None, 1)),
        case('Tensor.__getitem__', t(2, 3, 8, 8), (None, E, None)),
        case('Tensor.__getitem__', t(2, 3, 8, 8), (s(), s(), s(1, -1), s(None, None, 2))),
        case('Tensor.__getitem__', t(2, 3, 8, 8), (s(), s(5, 2))),
        case('Tensor.__getitem__', t(2, 3, 8, 8), (s(), s(-2, None))),
        case('Tensor.__getitem__', t(2, 3, 8, 8), (s(), s(None, 100))),
        case('Tensor.__getitem__', t(2, 3, 8, 8), (s(), s(None, None, 3))),
        case('Tensor.__getitem__', t(2, 3, 8, 8), (0, 0, 0, 0)),
        case('Tensor.__getitem__', t(2, 3, 8, 8), (0, 0, 0, 0, 0)),
        case('Tensor.__getitem__', t(2, 3, 8, 8), (E, E)),
        case('Tensor.__getitem__', t(2, 3), s(None, None, -1)),
        case('Tensor.__getitem__', t(2, 3), None),
        case('Tensor.__getitem__', t(2, 10), (s(), t(4, dtype='int64'))),
        case('Tensor.__getitem__', t(2, 10), t(3, 4, dtype='int64')),
        case('Tensor.__getitem__', t(2, 10, 5), (s(), t(4, dtype='int64'), s())),
        case('Tensor.__getitem__', t(), None),
        case('Tensor.__getitem__', t(), E),
        case('Tensor.__getitem__', t(), 0),
        case('Tensor.__getitem__', t(5), s(-100, 100)),
        case('Tensor.__getitem__', t(5), (s(1, 4, 2), None)),
        case('Tensor.__getitem__', t(2, 3), (1, -1)),
        case('Tensor.__getitem__', t(2, 3), (True,)),
        case('Tensor.__getitem__', t(0, 3), s(1, None)),
    ]
    # selection by mask or index
    c += [
        case('Tensor.masked_fill', t(2, 8, 10, 10), t(2, 1, 1, 10, dtype='bool'), -1e9),
        case('Tensor.masked_fill', t(2, 8, 10, 10), t(10, 10, dtype='bool'), 0),
        case('Tensor.masked_fill', t(2, 1, 10), t(2, 8, 10, dtype='bool'), 0),
        case('Tensor.masked_fill', t(2, 10), t(2, 10), 0),
        case('Tensor.masked_fill', t(2, 10), t(2, 9, dtype='bool'), 0),
        case('Tensor.masked_fill_', t(2, 10), t(10, dtype='bool'), 0),
        case('Tensor.masked_fill_', t(2, 1), t(2, 10, dtype='bool'), 0),
        case('torch.where', t(2, 10, dtype='bool'), t(2, 10), t(10)),
        case('torch.where', t(2, 1, dtype='bool'), t(3, 1, 10), 0.5),
        case('torch.where', t(2, 10, dtype='bool'), t(2, 10, dtype='int64'), t(2, 10, dtype='float64')),
        case('torch.where', t(2, 10), t(2, 10), t(2, 10)),
        case('torch.where', t(2, 10, dtype='bool'), t(2, 3), t(2, 10)),
        case('Tensor.narrow', t(2, 10, 5), 1, 2, 5),
        case('Tensor.narrow', t(2, 10, 5), -1, -2, 2),
        case('Tensor.narrow', t(2, 10, 5), 1, 8, 5),
        case('torch.narrow', t(2, 10, 5), 0, 0, 1),
        case('Tensor.index_select', t(2, 10, 5), 1, t(4, dtype='int64')),
        case('Tensor.index_select', t(2, 10, 5), 1, t(2, 2, dtype='int64')),
        case('Tensor.index_select', t(2, 10, 5), 1, t(4)),
        case('torch.index_select', t(2, 10, 5), -1, t(3, dtype='int32')),
        case('Tensor.gather', t(2, 10), 1, t(2, 3, dtype='int64')),
        case('Tensor.gather', t(2, 10), 1, t(2, 3, 1, dtype='int64')),
        case('Tensor.gather', t(2, 10), 1, t(3, 3, dtype='int64')),
        case('torch.gather', t(2, 10, 4), 1, t(2, 1, 4, dtype='int64')),
        case('Tensor.flip', t(2, 3, 4), 1),
        case('Tensor.flip', t(2, 3, 4), (1, 2)),
        case('Tensor.flip', t(2, 3, 4), 1, 1),
        case('torch.flip', t(2, 3, 4), (-1,)),
        case('torch.flip', t(2, 3, 4), (3,)),
        case('Tensor.roll', t(2, 3, 4), 1, 2),
        case('Tensor.roll', t(2, 3, 4), (1, 2), (1, 2)),
        case('torch.roll', t(2, 3, 4), 1),
        case('torch.roll', t(2, 3, 4), (1, 2), 1),
        case('Tensor.item', t(2)),
    ]
    # factories
    c += [
        case('torch.zeros', 2, 2, 128),
        case('torch.zeros', (2, 2, 128)),
        case('torch.zeros', [3, 4], dtype=dt('int64')),
        case('torch.zeros', 2, 3, device='cpu'),
        case('torch.zeros', 2, -1),
        case('torch.ones', 5),
        case('torch.empty', 2, 3, dtype=dt('float16')),
        case('torch.randn', 2, 3),
        case('torch.rand', (4,)),
        case('torch.full', (2, 3), 1.5),
        case('torch.full', (2, 3), 7),
        case('torch.full', (2, 3), True),
        case('torch.full', (2, 3), 7, dtype=dt('float32')),
        case('torch.arange', 10),
        case('torch.arange', 2, 10),
        case('torch.arange', 2, 10, 3),
        case('torch.arange', 0, 1, 0.25),
        case('torch.arange', 10, 2),
        case('torch.arange', 0, 10, 0),
        case('torch.arange', 5.5),
        case('torch.tensor', [1, 2, 3]),
        case('torch.tensor', [[1.5, 2], [3, 4]]),
        case('torch.tensor', [[True, False]]),
        case('torch.tensor', [[1, 2], [3]]),
        case('torch.tensor', []),
        case('torch.tensor', 3),
        case('torch.tensor', [1, 2], dtype=dt('float64')),
        case('torch.as_tensor', [[1, 2, 3]]),
        case('torch.as_tensor', t(2, 3), dtype=dt('int64')),
        case('torch.zeros_like', t(2, 3, dtype='int64')),
        case('torch.ones_like', t(2, 3), dtype=dt('float64')),
        case('torch.randn_like', t(2, 3)),
        case('torch.empty_like', t(4)),
        case('Tensor.new_zeros', t(2, 3, dtype='float64'), (4, 5)),
        case('Tensor.new_ones', t(2, 3), [4], dtype=dt('int64')),
        case('Tensor.new_empty', t(2, 3), (1, 2, 3)),
        case('Tensor.new_full', t(2, 3, dtype='int32'), (2, 2), 7),
    ]
    # elementwise functions
    c += [
        case('torch.exp', t(2, 3)),
        case('torch.exp', t(2, 3, dtype='int64')),
        case('Tensor.exp', t(2, 3)),
        case('torch.log', t(2, 3, dtype='int32')),
        case('Tensor.log', t(2, 3)),
        case('torch.sqrt', t(2, 3)),
        case('Tensor.sqrt', t(2, 3, dtype='int64')),
        case('torch.abs', t(2, 3, dtype='int64')),
        case('Tensor.abs', t(2, 3)),
        case('torch.clamp', t(2, 3), min=0),
        case('torch.clamp', t(2, 3), 0, 6),
        case('torch.clamp', t(2, 3, dtype='int64'), min=0.5),
        case('torch.clamp', t(2, 3)),
        case('Tensor.clamp', t(2, 3), max=1),
        case('Tensor.clamp', t(2, 3), min=t(3)),
        case('Tensor.clamp', t(2, 3), min=t(4)),
        case('torch.clip', t(2, 3), -1, 1),
    ]
    # every other name of the catalogue once (aliases, methods of torch functions, reflected and in-place forms)
    c += [
        case('Tensor.reshape_as', t(2, 12), t(2, 3, 4)),
        case('Tensor.swapaxes', t(2, 3, 4), 0, 2),
        case('Tensor.swapdims', t(2, 3, 4), 1, 2),
        case('torch.swapaxes', t(2, 3, 4), -1, 0),
        case('torch.swapdims', t(2, 3, 4), 0, 1),
        case('Tensor.ndimension', t(2, 3, 4)),
        case('Tensor.nelement', t(2, 3, 4)),
        case('Tensor.add_', t(2, 3), t(3), alpha=2),
        case('Tensor.__isub__', t(2, 3), t(2, 1)),
        case('Tensor.sub', t(2, 3), t(3), alpha=2),
        case('Tensor.mul', t(2, 3), t(2, 1)),
        case('Tensor.mul_', t(2, 3), t(2, 1)),
        case('Tensor.mul_', t(2, 1), t(2, 3)),
        case('Tensor.pow', t(2, 3), t(3)),
        case('Tensor.neg', t(2, 3)),
        case('Tensor.clip', t(2, 3), 0, 1),
        case('Tensor.__ifloordiv__', t(2, 3, dtype='int64'), 2),
        case('Tensor.__rmod__', t(2, 3), 7),
        case('Tensor.__imod__', t(2, 3), 2),
        case('Tensor.__rand__', t(2, 3, dtype='bool'), True),
        case('Tensor.__iand__', t(2, 3, dtype='int64'), t(3, dtype='int64')),
        case('Tensor.__ror__', t(2, 3, dtype='int32'), 1),
        case('Tensor.__rxor__', t(2, 3, dtype='bool'), False),
        case('Tensor.__ixor__', t(2, 3, dtype='bool'), t(2, 3)),
        case('Tensor.eq', t(2, 3), 0),
        case('Tensor.__ne__', t(2, 3), t(2, 1)),
        case('torch.ne', t(2, 3), t(4, 1, 3)),
        case('Tensor.lt', t(2, 3), t(3)),
        case('torch.lt', t(2, 3), 1),
        case('Tensor.__le__', t(2, 3), t(2, 4)),
        case('Tensor.le', t(2, 3), 1),
        case('torch.le', t(2, 3), t(3, dtype='int64')),
        case('Tensor.gt', t(2, 3), 0),
        case('torch.gt', t(2, 3), t(2, 3)),
        case('Tensor.ge', t(2, 3), 0),
        case('torch.ge', t(2, 3), t(5)),
        case('torch.amax', t(2, 7, 3), (0, 2)),
        case('torch.amin', t(2, 7, 3), 1, keepdim=True),
        case('Tensor.argmin', t(2, 10), 1),
        case('torch.argmin', t(2, 10)),
        case('torch.var', t(2, 10, 4), (1, 2)),
        case('torch.rand_like', t(2, 3, dtype='float64')),
        case('Tensor.bfloat16', t(2, 3)),
        case('Tensor.short', t(2, 3)),
        case('Tensor.byte', t(2, 3)),
        case('Tensor.char', t(2, 3)),
    ]
    return c


def random_cases(rng):
    """Seeded: broadcast pairs (some broken), view/reshape of random shapes with a -1 (some invalid), slicing."""
    c = []
    for _ in range(40):
        rank_a, rank_b = rng.randint(1, 4), rng.randint(1, 4)
        a = [rng.choice([1, 2, 3, 4]) for _ in range(rank_a)]
        b = []
        for i in range(rank_b):
            j = rank_a - rank_b + i
            if 0 <= j < rank_a and rng.random() < 0.7:
                b.append(rng.choice([a[j], 1]) if rng.random() < 0.85 else rng.choice([2, 3, 5]))
            else:
                b.append(rng.choice([1, 2, 3, 4]))
        c.append(case(rng.choice(['Tensor.__add__', 'Tensor.__mul__', 'Tensor.__sub__']), t(*a), t(*b)))
    for _ in range(40):
        shape = [2] + [rng.choice([1, 2, 3, 4, 5, 6]) for _ in range(rng.randint(1, 3))]
        total = 1
        for d in shape:
            total *= d
        k = rng.choice([d for d in range(1, total + 1) if total % d == 0] + [rng.randint(1, 40)])
        c.append(case(rng.choice(['Tensor.view', 'Tensor.reshape']), t(*shape), -1, k))
    for _ in range(20):
        shape = [rng.randint(1, 9) for _ in range(rng.randint(1, 3))]
        index = []
        for d in shape:
            start = rng.choice([None, rng.randint(-10, 10)])
            stop = rng.choice([None, rng.randint(-10, 10)])
            step = rng.choice([None, 1, 2, 3])
            index.append(s(start, stop, step) if rng.random() < 0.7 else rng.randint(-d, d - 1))
        c.append(case('Tensor.__getitem__', t(*shape), tuple(index)))
    for _ in range(30):
        k = rng.randint(1, 4)
        a = [rng.choice([1, 2, 3]) for _ in range(rng.randint(0, 2))] + ([rng.randint(1, 4)] if rng.random() < 0.8 else []) + [k]
        b_k = k if rng.random() < 0.8 else k + 1
        b = [rng.choice([1, 2, 3]) for _ in range(rng.randint(0, 2))] + [b_k] + ([rng.randint(1, 4)] if rng.random() < 0.8 else [])
        c.append(case('Tensor.__matmul__', t(*a), t(*b)))
    for _ in range(20):
        rank = rng.randint(1, 4)
        base = [rng.randint(1, 4) for _ in range(rank)]
        dim = rng.randint(-rank, rank - 1)
        tensors = []
        for _ in range(rng.randint(1, 3)):
            shape = list(base)
            shape[dim] = rng.randint(0, 4)
            if rng.random() < 0.15:
                shape[rng.randrange(rank)] += 1
            tensors.append(t(*shape))
        c.append(case(rng.choice(['torch.cat', 'torch.stack']), tensors, dim))
    for _ in range(20):
        rank = rng.randint(1, 4)
        shape = [rng.randint(1, 4) for _ in range(rank)]
        dims = rng.sample(range(rank), rng.randint(0, rank))
        c.append(case(rng.choice(['Tensor.sum', 'Tensor.mean', 'Tensor.amax']), t(*shape), tuple(dims), keepdim=rng.random() < 0.5))
    return c


def decode(value):
    if isinstance(value, dict):
        if 't' in value:
            return torch.zeros(value['t'], dtype=getattr(torch, value.get('dtype', 'float32')))
        if 'slice' in value:
            return slice(*value['slice'])
        if 'ellipsis' in value:
            return Ellipsis
        if 'dtype' in value:
            return getattr(torch, value['dtype'])
    if isinstance(value, (list, tuple)):
        return tuple(decode(v) for v in value)
    return value


def encode(value):
    if isinstance(value, torch.Tensor):
        return {'t': list(value.shape), 'dtype': str(value.dtype).replace('torch.', '')}
    if isinstance(value, torch.Size):
        return {'size': list(value)}
    if isinstance(value, torch.device):
        return {'device': str(value)}
    if isinstance(value, torch.dtype):
        return {'dtype': str(value).replace('torch.', '')}
    if isinstance(value, (tuple, list)):
        return {'tuple': [encode(v) for v in value]}
    return value


def call(op, args, kwargs):
    owner, name = op.split('.', 1)
    if op == 'Tensor.__getitem__':
        return args[0][args[1]]
    if op in ATTRIBUTES:
        return getattr(args[0], name)
    if owner == 'Tensor':
        return getattr(args[0], name)(*args[1:], **kwargs)
    return getattr(torch, name)(*args, **kwargs)


def run(c):
    args = [decode(a) for a in c['args']]
    kwargs = {k: decode(v) for k, v in c['kwargs'].items()}
    try:
        result = {'output': encode(call(c['op'], args, kwargs))}
    except Exception as e:  # PyTorch's own error is the answer
        result = {'error': {'type': type(e).__name__, 'message': str(e).split('\n')[0]}}
    return {**c, **result}


def grid():
    cases = hand_cases() + random_cases(random.Random(12))
    return {
        'torch': torch.__version__,
        'note': 'written by scripts/oracle/torch_op_grid.py; do not edit',
        'cases': [run(c) for c in cases],
    }


def main():
    text = json.dumps(grid(), indent=1) + '\n'
    if '--write' in sys.argv:
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(text)
    elif '--check' in sys.argv:
        if OUT.read_text() != text:
            print(f'{OUT} differs from what PyTorch {torch.__version__} gives now', file=sys.stderr)
            sys.exit(1)
    else:
        sys.stdout.write(text)


if __name__ == '__main__':
    main()
