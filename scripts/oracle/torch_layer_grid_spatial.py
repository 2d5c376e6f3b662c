#!/usr/bin/python3
"""PyTorch as the oracle for the spatial half of the PyTorch layer catalogue (issue #12).

Builds each torch.nn class of src/core/layers/torch/{convolution,pooling,normalization,resampling}.ts over a grid of
configurations (hand-picked edge cases: ceil_mode dropping the last window, an even kernel with padding='same',
adaptive pools growing, groups, dilation, output_padding, unbatched inputs, each error; plus seeded random ones), calls
it, and records what PyTorch says: named_parameters() and named_buffers() names and shapes, the output shapes (tuples
as lists), the warnings it issued, or the exception it raised (in __init__ or in the call) with its message, and, for
a module that runs, what autograd saves for its backward (saved_tensors_hooks: the input or output by reference,
parameters, buffers, new tensors). The
functional forms (F.conv2d, F.max_pool2d, torch.max_pool2d, F.pad, F.interpolate, ...) are called the same way.

Inputs are zeros that require grad (float ones), as a model's activations do (tensor arguments such as F.conv2d's weight
or F.batch_norm's running_mean do not): PyTorch 1.13's max_pool1d takes another
path for an input that does not (it returns an empty tensor where the path a model takes raises).

Usage:
  /usr/bin/python3 scripts/oracle/torch_layer_grid_spatial.py            JSON to stdout
  /usr/bin/python3 scripts/oracle/torch_layer_grid_spatial.py --write    writes test/fixtures/pytorch-layer-grid/spatial.json
  /usr/bin/python3 scripts/oracle/torch_layer_grid_spatial.py --check    exit 1 when the recorded file differs

A case is (target, args, kwargs, inputs, call_kwargs[, training]). target is a torch.nn class name or a function as
the catalogue names it (`F.conv2d`, `torch.max_pool2d`). Inputs and tensor arguments are T(shape[, dtype]).
"""
import json
import os
import random
import sys
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F

SEED = 0
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', '..', 'test', 'fixtures', 'pytorch-layer-grid', 'spatial.json')


class T:
    """A tensor argument: its shape and dtype."""

    def __init__(self, *shape, dtype='float32'):
        self.shape = list(shape)
        self.dtype = dtype

    def build(self, grad=False):
        t = torch.zeros(self.shape, dtype=getattr(torch, self.dtype))
        return t.requires_grad_() if grad and t.is_floating_point() else t

    def spec(self):
        return {'tensor': self.shape, 'dtype': self.dtype}


def build(value, grad=False):
    if isinstance(value, T):
        return value.build(grad)
    if isinstance(value, tuple):
        return tuple(build(v, grad) for v in value)
    return value


def spec(value):
    if isinstance(value, T):
        return value.spec()
    if isinstance(value, tuple):
        return list(spec(v) for v in value)
    return value


def describe(value):
    if isinstance(value, torch.Tensor):
        return {'shape': list(value.shape), 'dtype': str(value.dtype).replace('torch.', '')}
    if isinstance(value, (tuple, list)):
        return [describe(v) for v in value]
    return repr(value)


def function_of(target):
    space, name = target.split('.', 1)
    return getattr(F if space == 'F' else torch, name)


def run_case(target, args, kwargs, inputs, call_kwargs, training):
    record = {
        'target': target, 'args': [spec(a) for a in args], 'kwargs': {k: spec(v) for k, v in kwargs.items()},
        'inputs': [spec(v) for v in inputs], 'callKwargs': {k: spec(v) for k, v in call_kwargs.items()}, 'training': training,
    }
    torch.manual_seed(SEED)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        stage = 'init'
        try:
            if '.' not in target:
                module = getattr(nn, target)(*[build(a) for a in args], **{k: build(v) for k, v in kwargs.items()})
                module.train(training)
                record['parameters'] = [{'name': n, 'shape': list(p.shape)} for n, p in module.named_parameters()]
                record['buffers'] = [{'name': n, 'shape': list(b.shape), 'dtype': str(b.dtype).replace('torch.', '')}
                                     for n, b in module.named_buffers()]
                stage = 'forward'
                out = module(*[build(v, True) for v in inputs], **{k: build(v) for k, v in call_kwargs.items()})
            else:
                stage = 'forward'
                out = function_of(target)(*[build(v, True) for v in inputs], *[build(a) for a in args],
                                          **{k: build(v) for k, v in kwargs.items()})
            record['output'] = describe(out)
        except Exception as e:  # noqa: BLE001 - PyTorch's own error is the answer
            record['error'] = {'stage': stage, 'type': type(e).__name__, 'message': str(e).split('\n')[0]}
    record['warnings'] = sorted({str(w.message).split('\n')[0] for w in caught})
    if '.' not in target and 'error' not in record:
        record['saved'] = saved_tensors(target, args, kwargs, inputs, call_kwargs, training)
    return record


def saved_tensors(target, args, kwargs, inputs, call_kwargs, training):
    """What autograd saves for backward in one call (saved_tensors_hooks), on the CPU: each saved tensor as `input`
    (the float input, by reference), `output`, `param`, `buffer` (running statistics) or `new`, with shape and dtype."""
    torch.manual_seed(SEED)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        module = getattr(nn, target)(*[build(a) for a in args], **{k: build(v) for k, v in kwargs.items()})
        module.train(training)
        built = [build(v, True) for v in inputs]
        saved = []
        with torch.autograd.graph.saved_tensors_hooks(lambda t: saved.append(t) or t, lambda t: t):
            out = module(*built, **{k: build(v) for k, v in call_kwargs.items()})
    outs = list(out) if isinstance(out, (tuple, list)) else [out]
    pointers = [('param', {p.data_ptr() for p in module.parameters()}), ('buffer', {b.data_ptr() for b in module.buffers()}),
                ('input', {t.data_ptr() for t in built if isinstance(t, torch.Tensor)}), ('output', {t.data_ptr() for t in outs})]
    result = []
    for t in saved:
        who = next((name for name, ptrs in pointers if t.data_ptr() in ptrs and t.numel() > 0), 'new')
        result.append({'who': who, 'shape': list(t.shape), 'dtype': str(t.dtype).replace('torch.', '')})
    return result


def hand_cases():
    """Edge cases, one group per family; (target, args, kwargs, inputs, call_kwargs[, training])."""
    c = []
    # Convolutions: the corpus's errors, 'same' with even kernels and dilation, groups, unbatched, padding modes.
    c += [
        ('Conv2d', [1, 6, 5], {'padding': 2}, [T(2, 1, 28, 28)], {}),
        ('Conv2d', [6, 32, 3], {}, [T(2, 16, 12, 12)], {}),
        ('Conv2d', [6, 32, 3], {}, [T(16, 12, 12)], {}),
        ('Conv2d', [6, 32, 3], {'groups': 2}, [T(2, 16, 12, 12)], {}),
        ('Conv2d', [6, 32, 3], {}, [T(6, 12)], {}),
        ('Conv2d', [6, 32, 3], {}, [T(2, 6, 12, 12, 3)], {}),
        ('Conv2d', [3, 64, 5], {}, [T(2, 3, 3, 3)], {}),
        ('Conv2d', [3, 8, 3], {'dilation': 2}, [T(2, 3, 4, 4)], {}),
        ('Conv2d', [3, 8, 3], {'dilation': 2}, [T(2, 3, 5, 5)], {}),
        ('Conv2d', [3, 8, (1, 7)], {'padding': (0, 3)}, [T(2, 3, 10, 10)], {}),
        ('Conv2d', [12, 16, 4], {'padding': 'same'}, [T(2, 12, 40, 33)], {}),
        ('Conv2d', [12, 16, 4], {'padding': 'same', 'dilation': 3}, [T(2, 12, 40, 33)], {}),
        ('Conv2d', [12, 16, (2, 5)], {'padding': 'same', 'dilation': (2, 1)}, [T(12, 9, 7)], {}),
        ('Conv2d', [12, 16, 3], {'padding': 'valid'}, [T(2, 12, 9, 7)], {}),
        ('Conv2d', [12, 16, 3], {'padding': 'same', 'stride': 2}, [T(2, 12, 9, 7)], {}),
        ('Conv2d', [12, 16, 3], {'padding': 'full'}, [T(2, 12, 9, 7)], {}),
        ('Conv2d', [12, 16, 3], {'padding': 1, 'padding_mode': 'reflect'}, [T(2, 12, 9, 7)], {}),
        ('Conv2d', [12, 16, 3], {'padding': 1, 'padding_mode': 'circular'}, [T(2, 12, 9, 7)], {}),
        ('Conv2d', [12, 16, 3], {'padding': 1, 'padding_mode': 'replicate', 'stride': 2}, [T(2, 12, 9, 7)], {}),
        ('Conv2d', [12, 16, 5], {'padding': 2, 'padding_mode': 'reflect'}, [T(2, 12, 2, 7)], {}),
        ('Conv2d', [12, 16, 3], {'padding_mode': 'mirror'}, [T(2, 12, 9, 7)], {}),
        ('Conv2d', [12, 16, 3], {'groups': 5}, [T(2, 12, 9, 7)], {}),
        ('Conv2d', [12, 18, 3], {'groups': 4}, [T(2, 12, 9, 7)], {}),
        ('Conv2d', [12, 24, 3], {'groups': 12}, [T(2, 12, 9, 7)], {}),
        ('Conv2d', [12, 24, 3], {'stride': 5}, [T(2, 12, 9, 7)], {}),
        ('Conv2d', [3, 100, 3], {'stride': 2, 'padding': 1, 'bias': False}, [T(2, 3, 200, 300)], {}),
        ('Conv2d', [3, 8, 3], {'stride': (1, 1, 1)}, [T(2, 3, 9, 9)], {}),
        ('Conv1d', [1, 4, 80], {'stride': 16}, [T(2, 1, 8000)], {}),
        ('Conv1d', [3, 8, 5], {}, [T(2, 3, 3)], {}),
        ('Conv1d', [3, 8, 4], {'padding': 'same', 'dilation': 2}, [T(3, 16)], {}),
        ('Conv1d', [3, 8, 4], {}, [T(2, 3, 16, 1)], {}),
        ('Conv3d', [3, 8, 5], {}, [T(2, 3, 3, 9, 9)], {}),
        ('Conv3d', [3, 8, (1, 3, 3)], {'padding': (0, 1, 1)}, [T(2, 3, 8, 32, 32)], {}),
        ('Conv3d', [3, 8, 3], {}, [T(3, 8, 10, 10)], {}),
        ('ConvTranspose2d', [6, 32, 3], {}, [T(2, 16, 12, 12)], {}),
        ('ConvTranspose2d', [6, 32, 3], {'output_padding': 1}, [T(2, 6, 12, 12)], {}),
        ('ConvTranspose2d', [6, 32, 3], {'output_padding': 1, 'dilation': 2}, [T(2, 6, 12, 12)], {}),
        ('ConvTranspose2d', [6, 32, 3], {'padding': 5}, [T(2, 6, 2, 2)], {}),
        ('ConvTranspose2d', [6, 32, 3], {'stride': 2, 'padding': 1, 'output_padding': 1}, [T(2, 6, 7, 7)], {}),
        ('ConvTranspose2d', [100, 512, 4], {'bias': False}, [T(2, 100, 1, 1)], {}),
        ('ConvTranspose2d', [8, 4, 4], {'stride': 2, 'padding': 1, 'groups': 2}, [T(8, 5, 5)], {}),
        ('ConvTranspose2d', [8, 4, 3], {'stride': 2}, [T(2, 8, 5, 5)], {'output_size': [11, 12]}),
        ('ConvTranspose2d', [8, 4, 3], {'stride': 2}, [T(2, 8, 5, 5)], {'output_size': [2, 4, 12, 12]}),
        ('ConvTranspose2d', [8, 4, 3], {'stride': 2}, [T(2, 8, 5, 5)], {'output_size': [13, 11]}),
        ('ConvTranspose2d', [8, 4, 3], {'padding': 'same'}, [T(2, 8, 5, 5)], {}),
        ('ConvTranspose2d', [8, 4, 3], {'padding_mode': 'reflect'}, [T(2, 8, 5, 5)], {}),
        ('ConvTranspose2d', [8, 4, 3], {}, [T(8, 5)], {}),
        ('ConvTranspose1d', [4, 2, 5], {'stride': 3, 'output_padding': 2}, [T(2, 4, 10)], {}),
        ('ConvTranspose1d', [4, 2, 5], {'stride': 3, 'output_padding': 3}, [T(2, 4, 10)], {}),
        ('ConvTranspose3d', [4, 2, 3], {'stride': (1, 2, 2), 'padding': 1, 'output_padding': (0, 1, 1)}, [T(2, 4, 4, 8, 8)], {}),
        ('ConvTranspose3d', [4, 2, 3], {'output_padding': 1}, [T(2, 4, 4, 8, 8)], {}),
        ('F.conv2d', [T(32, 6, 3, 3)], {}, [T(2, 16, 12, 12)], {}),
        ('F.conv2d', [T(8, 3, 3, 3), T(8)], {'stride': 2, 'padding': 1}, [T(2, 3, 16, 16)], {}),
        ('F.conv2d', [T(8, 2, 3, 3)], {'groups': 2, 'padding': 'same'}, [T(2, 4, 16, 15)], {}),
        ('F.conv1d', [T(8, 3, 4)], {'dilation': 2}, [T(2, 3, 20)], {}),
        ('F.conv3d', [T(8, 3, 3, 3, 3)], {}, [T(3, 6, 6, 6)], {}),
        ('F.conv_transpose2d', [T(8, 4, 4, 4)], {'stride': 2, 'padding': 1}, [T(2, 8, 5, 5)], {}),
        ('F.conv_transpose1d', [T(8, 2, 3)], {'stride': 2, 'groups': 2, 'output_padding': 1}, [T(2, 8, 5)], {}),
        ('F.conv_transpose3d', [T(8, 4, 2, 2, 2)], {'stride': 2}, [T(2, 8, 3, 3, 3)], {}),
        ('F.conv_transpose2d', [T(8, 4, 4, 4)], {}, [T(2, 6, 5, 5)], {}),
        ('torch.conv1d', [T(8, 3, 4)], {'padding': 'same'}, [T(2, 3, 20)], {}),
        ('torch.conv2d', [T(8, 3, 3, 3)], {'stride': 2}, [T(2, 3, 16, 16)], {}),
        ('torch.conv3d', [T(4, 3, 1, 3, 3)], {'padding': (0, 1, 1)}, [T(2, 3, 4, 6, 6)], {}),
        ('torch.conv_transpose1d', [T(8, 2, 3)], {'stride': 2}, [T(2, 8, 5)], {}),
        ('torch.conv_transpose2d', [T(8, 4, 4, 4)], {'stride': 2, 'padding': 1}, [T(2, 8, 5, 5)], {}),
        ('torch.conv_transpose3d', [T(8, 4, 2, 2, 2)], {'stride': 2}, [T(2, 8, 3, 3, 3)], {}),
    ]
    # Max pools: default stride, ceil_mode (and the dropped last window), dilation, padding limits, indices, ranks.
    c += [
        ('MaxPool2d', [2], {}, [T(2, 6, 28, 28)], {}),
        ('MaxPool2d', [2], {}, [T(2, 6, 27, 27)], {}),
        ('MaxPool2d', [3, 2], {}, [T(2, 64, 55, 55)], {}),
        ('MaxPool2d', [3, 2], {'ceil_mode': True}, [T(2, 8, 38, 30)], {}),
        ('MaxPool2d', [2, 2], {'ceil_mode': True}, [T(2, 8, 5, 5)], {}),
        ('MaxPool2d', [3, 3], {'padding': 1, 'ceil_mode': True}, [T(2, 8, 7, 7)], {}),
        ('MaxPool2d', [2, 3], {'padding': 1, 'ceil_mode': True}, [T(2, 8, 6, 6)], {}),
        ('MaxPool2d', [2, 2], {'padding': 1, 'ceil_mode': True}, [T(2, 8, 5, 5)], {}),
        ('AvgPool2d', [2, 2], {'padding': 1, 'ceil_mode': True}, [T(2, 8, 5, 7)], {}),
        ('MaxPool2d', [3], {'stride': 1, 'dilation': 2}, [T(2, 8, 9, 9)], {}),
        ('MaxPool2d', [3], {'padding': 2}, [T(2, 3, 9, 9)], {}),
        ('MaxPool2d', [4], {'padding': 2}, [T(2, 3, 9, 9)], {}),
        ('MaxPool2d', [5], {}, [T(2, 3, 3, 3)], {}),
        ('MaxPool2d', [2], {'return_indices': True}, [T(2, 8, 5, 5)], {}),
        ('MaxPool2d', [2], {}, [T(8, 5, 5)], {}),
        ('MaxPool2d', [2], {}, [T(9, 9)], {}),
        ('MaxPool2d', [(1, 2)], {'stride': (1, 2)}, [T(2, 3, 6, 7)], {}),
        ('MaxPool1d', [5], {}, [T(2, 3, 3)], {}),
        ('MaxPool1d', [4], {'ceil_mode': True}, [T(2, 3, 17)], {}),
        ('MaxPool1d', [2], {}, [T(3, 17)], {}),
        ('MaxPool1d', [2], {}, [T(17)], {}),
        ('MaxPool3d', [(1, 2, 2)], {}, [T(2, 8, 8, 32, 32)], {}),
        ('MaxPool3d', [5], {}, [T(2, 3, 3, 3, 3)], {}),
        ('MaxPool3d', [2], {'return_indices': True}, [T(3, 4, 5, 6)], {}),
        ('F.max_pool2d', [(2, 2)], {}, [T(2, 6, 28, 28)], {}),
        ('F.max_pool2d', [3], {'stride': 2, 'padding': 1}, [T(2, 8, 48, 48)], {}),
        ('F.max_pool2d', [2], {'ceil_mode': True, 'return_indices': True}, [T(2, 8, 5, 5)], {}),
        ('F.max_pool1d', [48], {}, [T(2, 100, 48)], {}),
        ('F.max_pool3d', [2], {}, [T(2, 4, 4, 4, 4)], {}),
        ('torch.max_pool2d', [2], {}, [T(2, 6, 28, 28)], {}),
        ('torch.max_pool1d', [3], {'stride': 2}, [T(2, 6, 28)], {}),
        ('torch.max_pool3d', [3], {}, [T(2, 6, 8, 8, 8)], {}),
    ]
    # Average and LP pools.
    c += [
        ('AvgPool2d', [2], {}, [T(2, 6, 28, 28)], {}),
        ('AvgPool2d', [5], {}, [T(2, 3, 3, 3)], {}),
        ('AvgPool2d', [3], {'padding': 2}, [T(2, 3, 9, 9)], {}),
        ('AvgPool2d', [3], {'stride': 2, 'padding': 1, 'count_include_pad': False}, [T(2, 8, 38, 30)], {}),
        ('AvgPool2d', [3], {'stride': 2, 'ceil_mode': True}, [T(2, 8, 8, 8)], {}),
        ('AvgPool2d', [2], {'divisor_override': 3}, [T(2, 8, 8, 8)], {}),
        ('AvgPool2d', [2], {'divisor_override': 0}, [T(2, 8, 8, 8)], {}),
        ('AvgPool2d', [3], {}, [T(9, 9)], {}),
        ('AvgPool2d', [3], {}, [T(4, 9, 9)], {}),
        ('AvgPool1d', [5], {}, [T(2, 3, 3)], {}),
        ('AvgPool1d', [4], {'stride': 3, 'ceil_mode': True}, [T(2, 3, 17)], {}),
        ('AvgPool1d', [4], {}, [T(3, 17)], {}),
        ('AvgPool3d', [5], {}, [T(2, 3, 3, 3, 3)], {}),
        ('AvgPool3d', [(1, 2, 2)], {'stride': 1}, [T(2, 3, 4, 6, 6)], {}),
        ('AvgPool3d', [2], {}, [T(3, 4, 6, 6)], {}),
        ('F.avg_pool2d', [4], {}, [T(2, 512, 4, 4)], {}),
        ('F.avg_pool1d', [250], {}, [T(2, 64, 250)], {}),
        ('torch.avg_pool1d', [3], {'stride': 2}, [T(2, 64, 25)], {}),
        ('F.avg_pool3d', [2], {'stride': 1}, [T(2, 3, 4, 4, 4)], {}),
        ('LPPool2d', [2, 3], {}, [T(2, 8, 10, 10)], {}),
        ('LPPool2d', [2, 3], {'stride': 2, 'ceil_mode': True}, [T(2, 8, 10, 10)], {}),
        ('LPPool2d', [1, 4], {}, [T(2, 8, 3, 3)], {}),
        ('LPPool1d', [3, 2], {}, [T(2, 8, 9)], {}),
        ('LPPool1d', [3, 4], {'stride': 3, 'ceil_mode': True}, [T(2, 8, 9)], {}),
        ('F.lp_pool2d', [2, 2], {}, [T(2, 8, 10, 10)], {}),
        ('F.lp_pool1d', [2, 3], {'stride': 1}, [T(2, 8, 10)], {}),
    ]
    # Adaptive pools: shrinking, growing, None entries, unbatched, ranks, empty inputs.
    c += [
        ('AdaptiveAvgPool2d', [(6, 6)], {}, [T(2, 256, 13, 13)], {}),
        ('AdaptiveAvgPool2d', [1], {}, [T(2, 512, 7, 7)], {}),
        ('AdaptiveAvgPool2d', [(5, 7)], {}, [T(2, 8, 1, 2)], {}),
        ('AdaptiveAvgPool2d', [(None, 3)], {}, [T(2, 3, 9, 9)], {}),
        ('AdaptiveAvgPool2d', [None], {}, [T(2, 3, 9, 8)], {}),
        ('AdaptiveAvgPool2d', [3], {}, [T(3, 9, 9)], {}),
        ('AdaptiveAvgPool2d', [3], {}, [T(9, 9)], {}),
        ('AdaptiveAvgPool2d', [3], {}, [T(2, 3, 0, 9)], {}),
        ('AdaptiveAvgPool1d', [1], {}, [T(2, 64, 250)], {}),
        ('AdaptiveAvgPool1d', [7], {}, [T(2, 64, 3)], {}),
        ('AdaptiveAvgPool1d', [7], {}, [T(64, 3)], {}),
        ('AdaptiveAvgPool3d', [(1, 2, 3)], {}, [T(2, 4, 5, 6, 7)], {}),
        ('AdaptiveAvgPool3d', [(None, 2, None)], {}, [T(2, 4, 5, 6, 7)], {}),
        ('AdaptiveAvgPool3d', [2], {}, [T(5, 6, 7)], {}),
        ('AdaptiveMaxPool2d', [(4, 4)], {}, [T(2, 8, 13, 9)], {}),
        ('AdaptiveMaxPool2d', [(4, 4)], {'return_indices': True}, [T(2, 8, 13, 9)], {}),
        ('AdaptiveMaxPool2d', [3], {}, [T(9, 9)], {}),
        ('AdaptiveMaxPool1d', [5], {}, [T(2, 8, 3)], {}),
        ('AdaptiveMaxPool3d', [(2, None, 1)], {}, [T(4, 5, 6, 7)], {}),
        ('F.adaptive_avg_pool2d', [1], {}, [T(2, 1024, 4, 4)], {}),
        ('F.adaptive_avg_pool2d', [(2, 3)], {}, [T(2, 8, 5, 5)], {}),
        ('F.adaptive_avg_pool1d', [4], {}, [T(2, 8, 10)], {}),
        ('torch.adaptive_avg_pool1d', [3], {}, [T(2, 8, 10)], {}),
        ('F.adaptive_avg_pool3d', [2], {}, [T(2, 8, 3, 3, 3)], {}),
        ('F.adaptive_max_pool2d', [(3, 3)], {}, [T(2, 8, 12, 12)], {}),
        ('F.adaptive_max_pool2d', [2], {'return_indices': True}, [T(2, 8, 12, 12)], {}),
        ('F.adaptive_max_pool1d', [3], {}, [T(2, 8, 12)], {}),
        ('F.adaptive_max_pool3d', [1], {}, [T(2, 8, 2, 2, 2)], {}),
        ('FractionalMaxPool2d', [3], {'output_size': 13}, [T(2, 8, 32, 32)], {}),
        ('FractionalMaxPool2d', [2], {'output_ratio': 0.5}, [T(2, 8, 31, 30)], {}),
        ('FractionalMaxPool2d', [2], {'output_ratio': (0.5, 0.75), 'return_indices': True}, [T(8, 31, 30)], {}),
        ('FractionalMaxPool2d', [3], {'output_size': (4, 5)}, [T(2, 8, 5, 9)], {}),
        ('FractionalMaxPool2d', [3], {}, [T(2, 8, 32, 32)], {}),
        ('FractionalMaxPool2d', [3], {'output_ratio': 1.5}, [T(2, 8, 32, 32)], {}),
        ('F.fractional_max_pool2d', [2], {'output_size': 6}, [T(2, 8, 12, 12)], {}),
    ]
    # Normalisation: parameters, buffers, channel mismatches, ranks, batch of one.
    c += [
        ('BatchNorm2d', [16], {}, [T(2, 16, 4, 4)], {}),
        ('BatchNorm2d', [32], {}, [T(2, 16, 4, 4)], {}),
        ('BatchNorm2d', [16], {}, [T(16, 4, 4)], {}),
        ('BatchNorm2d', [16], {'affine': False}, [T(2, 16, 4, 4)], {}),
        ('BatchNorm2d', [16], {'track_running_stats': False}, [T(2, 16, 4, 4)], {}),
        ('BatchNorm2d', [32], {'track_running_stats': False}, [T(2, 16, 4, 4)], {}),
        ('BatchNorm2d', [32], {'affine': False, 'track_running_stats': False}, [T(2, 16, 4, 4)], {}),
        ('BatchNorm2d', [16], {}, [T(1, 16, 1, 1)], {}),
        ('BatchNorm2d', [16], {}, [T(1, 16, 1, 1)], {}, False),
        ('BatchNorm1d', [16], {}, [T(2, 16)], {}),
        ('BatchNorm1d', [16], {}, [T(2, 16, 9)], {}),
        ('BatchNorm1d', [16], {}, [T(1, 16)], {}),
        ('BatchNorm1d', [16], {}, [T(2, 16, 4, 4)], {}),
        ('BatchNorm1d', [84], {}, [T(2, 120)], {}),
        ('BatchNorm3d', [4], {'eps': 1e-3}, [T(2, 4, 3, 5, 5)], {}),
        ('BatchNorm3d', [4], {}, [T(4, 3, 5, 5)], {}),
        ('F.batch_norm', [T(16), T(16)], {}, [T(2, 16, 4, 4)], {}),
        ('F.batch_norm', [T(32), T(32)], {}, [T(2, 16, 4, 4)], {}),
        ('F.batch_norm', [T(16), T(16), T(16), T(16)], {'training': True}, [T(2, 16)], {}),
        ('F.batch_norm', [None, None], {'training': True}, [T(2, 16, 3)], {}),
        ('GroupNorm', [4, 16], {}, [T(2, 16, 4, 4)], {}),
        ('GroupNorm', [3, 16], {}, [T(2, 16, 4, 4)], {}),
        ('GroupNorm', [4, 16], {}, [T(2, 12, 4, 4)], {}),
        ('GroupNorm', [5, 15], {}, [T(2, 12, 4, 4)], {}),
        ('GroupNorm', [4, 16], {'affine': False}, [T(2, 12, 4, 4)], {}),
        ('GroupNorm', [2, 8], {}, [T(2, 8)], {}),
        ('GroupNorm', [2, 8], {}, [T(2, 8, 3, 4, 5)], {}),
        ('F.group_norm', [4], {}, [T(2, 16, 4, 4)], {}),
        ('F.group_norm', [4, T(16), T(16)], {}, [T(2, 16, 4, 4)], {}),
        ('LayerNorm', [[16, 4, 5]], {}, [T(2, 16, 4, 5)], {}),
        ('LayerNorm', [[16, 4]], {}, [T(2, 16, 4, 5)], {}),
        ('LayerNorm', [5], {}, [T(2, 16, 4, 5)], {}),
        ('LayerNorm', [6], {}, [T(2, 16, 4, 5)], {}),
        ('LayerNorm', [64], {'elementwise_affine': False}, [T(3, 7, 64)], {}),
        ('LayerNorm', [[4, 5]], {}, [T(5)], {}),
        ('F.layer_norm', [[4, 5]], {}, [T(2, 16, 4, 5)], {}),
        ('F.layer_norm', [[5]], {}, [T(2, 16, 4, 6)], {}),
        ('InstanceNorm2d', [16], {}, [T(2, 16, 4, 4)], {}),
        ('InstanceNorm2d', [16], {}, [T(2, 12, 4, 4)], {}),
        ('InstanceNorm2d', [16], {'affine': True}, [T(2, 12, 4, 4)], {}),
        ('InstanceNorm2d', [16], {'affine': True}, [T(2, 16, 4, 4)], {}),
        ('InstanceNorm2d', [16], {'track_running_stats': True}, [T(2, 16, 4, 4)], {}),
        ('InstanceNorm2d', [16], {'track_running_stats': True}, [T(3, 12, 4, 4)], {}),
        ('InstanceNorm2d', [16], {}, [T(16, 4, 4)], {}),
        ('InstanceNorm2d', [16], {}, [T(2, 12, 4, 4, 4)], {}),
        ('InstanceNorm1d', [8], {'affine': True}, [T(2, 8, 10)], {}),
        ('InstanceNorm1d', [8], {}, [T(8, 10)], {}),
        ('InstanceNorm1d', [8], {}, [T(2, 8, 10, 3)], {}),
        ('InstanceNorm3d', [4], {'affine': True, 'track_running_stats': True}, [T(2, 4, 3, 3, 3)], {}),
        ('InstanceNorm3d', [4], {}, [T(4, 3, 3, 3)], {}),
        ('F.instance_norm', [], {}, [T(2, 16, 4, 4)], {}),
        ('F.instance_norm', [], {'weight': T(16), 'bias': T(16)}, [T(2, 16, 4, 4)], {}),
        ('LocalResponseNorm', [5], {}, [T(2, 96, 13, 13)], {}),
        ('LocalResponseNorm', [2], {'alpha': 1e-3}, [T(2, 8, 10)], {}),
        ('LocalResponseNorm', [2], {}, [T(2, 8)], {}),
        ('LocalResponseNorm', [3], {}, [T(2, 8, 3, 4, 5)], {}),
        ('F.local_response_norm', [4], {}, [T(2, 8, 5, 5)], {}),
    ]
    # Padding layers and F.pad.
    c += [
        ('ReflectionPad2d', [3], {}, [T(2, 3, 64, 64)], {}),
        ('ReflectionPad2d', [(1, 2, 3, 0)], {}, [T(2, 3, 8, 8)], {}),
        ('ReflectionPad2d', [4], {}, [T(2, 3, 4, 4)], {}),
        ('ReflectionPad2d', [(1, 1, 4, 4)], {}, [T(2, 3, 4, 6)], {}),
        ('ReflectionPad2d', [1], {}, [T(3, 4, 4)], {}),
        ('ReflectionPad2d', [1], {}, [T(4, 4)], {}),
        ('ReflectionPad1d', [2], {}, [T(2, 3, 5)], {}),
        ('ReflectionPad1d', [(0, 5)], {}, [T(3, 5)], {}),
        ('ReflectionPad3d', [1], {}, [T(2, 3, 4, 4, 4)], {}),
        ('ReplicationPad2d', [(1, 2, 3, 4)], {}, [T(2, 3, 4, 4)], {}),
        ('ReplicationPad2d', [(-1, -1, 0, 0)], {}, [T(2, 3, 4, 4)], {}),
        ('ReplicationPad2d', [(-2, -2, 0, 0)], {}, [T(2, 3, 4, 4)], {}),
        ('ReplicationPad1d', [3], {}, [T(2, 3, 2)], {}),
        ('ReplicationPad3d', [(1, 0, 1, 0, 1, 0)], {}, [T(3, 2, 2, 2)], {}),
        ('ZeroPad2d', [2], {}, [T(2, 3, 4, 4)], {}),
        ('ZeroPad2d', [(1, 0, 2, 0)], {}, [T(3, 4, 4)], {}),
        ('ZeroPad2d', [(-1, -1, 0, 0)], {}, [T(2, 3, 4, 4)], {}),
        ('ZeroPad2d', [(-3, -3, 0, 0)], {}, [T(2, 3, 4, 4)], {}),
        ('ConstantPad1d', [2, 3.5], {}, [T(2, 3, 4)], {}),
        ('ConstantPad1d', [(1, 2), 0.0], {}, [T(4)], {}),
        ('ConstantPad2d', [(1, 2, 0, 1), 1.0], {}, [T(2, 3, 4, 4)], {}),
        ('ConstantPad3d', [1, 0.0], {}, [T(2, 3, 4, 4, 4)], {}),
        ('ConstantPad3d', [(1, 1, 2, 2, 0, 0), 0.0], {}, [T(3, 4, 4, 4)], {}),
        ('F.pad', [(1, 2)], {}, [T(2, 3, 4, 4)], {}),
        ('F.pad', [(0, 1, 0, 1)], {}, [T(2, 3, 4, 4)], {}),
        ('F.pad', [(1, 1, 2, 2, 3, 3)], {}, [T(2, 3, 4, 4)], {}),
        ('F.pad', [(1, 1)], {'mode': 'reflect'}, [T(2, 3, 4)], {}),
        ('F.pad', [(1, 1, 1, 1)], {'mode': 'replicate'}, [T(2, 3, 4, 4)], {}),
        ('F.pad', [(1, 1, 1, 1)], {'mode': 'circular'}, [T(2, 3, 4, 4)], {}),
        ('F.pad', [(5, 5, 1, 1)], {'mode': 'circular'}, [T(2, 3, 4, 4)], {}),
        ('F.pad', [(4, 4, 1, 1)], {'mode': 'reflect'}, [T(2, 3, 4, 4)], {}),
        ('F.pad', [(1, 1, 1)], {}, [T(2, 3, 4, 4)], {}),
        ('F.pad', [(1, 1, 1, 1)], {'mode': 'reflect'}, [T(2, 3, 4, 4, 4)], {}),
        ('F.pad', [(-2, -3)], {}, [T(2, 3, 4, 4)], {}),
    ]
    # Upsample, F.interpolate, pixel shuffles.
    c += [
        ('Upsample', [], {'scale_factor': 2}, [T(2, 3, 5, 5)], {}),
        ('Upsample', [], {'scale_factor': 2.5}, [T(2, 3, 5, 5)], {}),
        ('Upsample', [], {'scale_factor': 1.7, 'mode': 'bilinear', 'align_corners': True}, [T(2, 3, 5, 7)], {}),
        ('Upsample', [], {'scale_factor': (2, 3)}, [T(2, 3, 5, 7)], {}),
        ('Upsample', [], {'scale_factor': (2, 3)}, [T(2, 3, 5)], {}),
        ('Upsample', [], {'size': (9, 11), 'mode': 'bicubic'}, [T(2, 3, 5, 7)], {}),
        ('Upsample', [], {'size': 9}, [T(2, 3, 5, 7, 4)], {}),
        ('Upsample', [], {'scale_factor': 2, 'mode': 'trilinear'}, [T(2, 3, 5, 7, 4)], {}),
        ('Upsample', [], {'scale_factor': 2, 'mode': 'linear'}, [T(2, 3, 5)], {}),
        ('Upsample', [], {'scale_factor': 2, 'mode': 'bilinear'}, [T(2, 3, 5)], {}),
        ('Upsample', [], {'scale_factor': 2, 'mode': 'linear'}, [T(2, 3, 5, 5)], {}),
        ('Upsample', [], {'scale_factor': 2, 'align_corners': True}, [T(2, 3, 5, 5)], {}),
        ('Upsample', [], {}, [T(2, 3, 5, 5)], {}),
        ('Upsample', [], {'size': 4, 'scale_factor': 2}, [T(2, 3, 5, 5)], {}),
        ('Upsample', [], {'scale_factor': 2}, [T(5, 5)], {}),
        ('Upsample', [], {'scale_factor': 0.1}, [T(2, 3, 5, 5)], {}),
        ('Upsample', [], {'scale_factor': 0.5, 'mode': 'area'}, [T(2, 3, 9, 9)], {}),
        ('Upsample', [], {'scale_factor': 3, 'mode': 'nearest-exact'}, [T(2, 3, 4)], {}),
        ('UpsamplingNearest2d', [], {'scale_factor': 2}, [T(2, 3, 5, 5)], {}),
        ('UpsamplingNearest2d', [], {'size': (7, 8)}, [T(2, 3, 5, 5)], {}),
        ('UpsamplingBilinear2d', [], {'scale_factor': 2}, [T(2, 3, 5, 5)], {}),
        ('UpsamplingBilinear2d', [], {'scale_factor': 2}, [T(2, 3, 5)], {}),
        ('F.interpolate', [], {'scale_factor': 3, 'mode': 'bilinear', 'align_corners': False}, [T(2, 1, 32, 32)], {}),
        ('F.interpolate', [], {'size': (96, 96)}, [T(2, 1, 32, 32)], {}),
        ('F.interpolate', [], {'size': 50, 'mode': 'linear'}, [T(2, 4, 16)], {}),
        ('F.interpolate', [], {'scale_factor': 2.3, 'recompute_scale_factor': True}, [T(2, 4, 7, 9)], {}),
        ('F.interpolate', [], {'size': (4, 4, 4)}, [T(2, 4, 7, 9)], {}),
        ('F.upsample', [], {'scale_factor': 2}, [T(2, 4, 7, 9)], {}),
        ('F.interpolate', [], {'scale_factor': 0.5, 'mode': 'bilinear', 'antialias': True}, [T(2, 4, 8, 9)], {}),
        ('F.interpolate', [], {'scale_factor': 0.5, 'antialias': True}, [T(2, 4, 8, 9)], {}),
        ('PixelShuffle', [3], {}, [T(2, 9, 32, 32)], {}),
        ('PixelShuffle', [3], {}, [T(2, 10, 4, 4)], {}),
        ('PixelShuffle', [2], {}, [T(8, 4, 4)], {}),
        ('PixelShuffle', [2], {}, [T(2, 3, 8, 4, 4)], {}),
        ('PixelShuffle', [2], {}, [T(8, 4)], {}),
        ('PixelUnshuffle', [2], {}, [T(2, 3, 8, 6)], {}),
        ('PixelUnshuffle', [3], {}, [T(2, 10, 4, 5)], {}),
        ('PixelUnshuffle', [2], {}, [T(2, 10, 4, 5)], {}),
        ('PixelUnshuffle', [2], {}, [T(3, 8, 6)], {}),
        ('F.pixel_shuffle', [2], {}, [T(2, 16, 4, 4)], {}),
        ('F.pixel_unshuffle', [2], {}, [T(2, 4, 8, 8)], {}),
        ('torch.pixel_shuffle', [2], {}, [T(2, 8, 3, 3)], {}),
        ('torch.pixel_unshuffle', [3], {}, [T(2, 1, 9, 6)], {}),
    ]
    return c


def random_cases(rng):
    """Seeded random configurations per class: sizes, strides, paddings and flags drawn; some break."""
    c = []
    n = lambda: rng.choice([2, 3])  # noqa: E731 - the engine's two batch sizes
    for rank in (1, 2, 3):
        for _ in range(30 if rank == 2 else 20):
            groups = rng.choice([1, 1, 1, 2, 4])
            cin = groups * rng.randint(1, 4)
            cout = groups * rng.randint(1, 4)
            k = rng.randint(1, 5)
            kw = {'stride': rng.randint(1, 3), 'dilation': rng.choice([1, 1, 2, 3]), 'groups': groups,
                  'bias': rng.random() < 0.7}
            kw['padding'] = rng.choice([0, 1, 2, 'valid']) if kw['stride'] > 1 else rng.choice([0, 1, 2, 'same', 'valid'])
            if rng.random() < 0.2:
                kw['padding_mode'] = rng.choice(['reflect', 'replicate', 'circular'])
            size = [rng.randint(1, 12 if rank == 3 else 20) for _ in range(rank)]
            channels = cin if rng.random() < 0.85 else cin + groups
            shape = ([n()] if rng.random() < 0.8 else []) + [channels] + size
            c.append((f'Conv{rank}d', [cin, cout, k], kw, [T(*shape)], {}))
        for _ in range(20 if rank == 2 else 15):
            groups = rng.choice([1, 1, 2])
            cin = groups * rng.randint(1, 4)
            cout = groups * rng.randint(1, 4)
            k = rng.randint(1, 5)
            s = rng.randint(1, 3)
            d = rng.choice([1, 1, 2])
            kw = {'stride': s, 'dilation': d, 'groups': groups, 'padding': rng.randint(0, 2),
                  'output_padding': rng.randint(0, max(s, d)), 'bias': rng.random() < 0.7}
            size = [rng.randint(1, 8) for _ in range(rank)]
            shape = ([n()] if rng.random() < 0.8 else []) + [cin] + size
            c.append((f'ConvTranspose{rank}d', [cin, cout, k], kw, [T(*shape)], {}))
        for _ in range(20 if rank == 2 else 12):
            k = rng.randint(1, 5)
            kw = {'ceil_mode': rng.random() < 0.5, 'padding': rng.randint(0, k // 2 + (1 if rng.random() < 0.1 else 0))}
            if rng.random() < 0.6:
                kw['stride'] = rng.randint(1, 4)
            kw['dilation'] = rng.choice([1, 1, 2])
            size = [rng.randint(1, 16) for _ in range(rank)]
            shape = ([n()] if rng.random() < 0.8 else []) + [rng.randint(1, 5)] + size
            c.append((f'MaxPool{rank}d', [k], kw, [T(*shape)], {}))
        for _ in range(20 if rank == 2 else 15):
            k = rng.randint(1, 5)
            kw = {'ceil_mode': rng.random() < 0.5, 'padding': rng.randint(0, k // 2), 'count_include_pad': rng.random() < 0.5}
            if rng.random() < 0.6:
                kw['stride'] = rng.randint(1, 4)
            size = [rng.randint(1, 16) for _ in range(rank)]
            shape = ([n()] if rng.random() < 0.8 else []) + [rng.randint(1, 5)] + size
            c.append((f'AvgPool{rank}d', [k], kw, [T(*shape)], {}))
        for kind in ('Avg', 'Max'):
            for _ in range(14):
                out = [rng.choice([None, 1, 2, 3, 5, 7]) for _ in range(rank)]
                size = [rng.randint(1, 12) for _ in range(rank)]
                shape = ([n()] if rng.random() < 0.8 else []) + [rng.randint(1, 5)] + size
                c.append((f'Adaptive{kind}Pool{rank}d', [tuple(out) if rank > 1 else out[0] or 1], {}, [T(*shape)], {}))
        for _ in range(14):
            f = rng.randint(1, 8)
            kw = {'affine': rng.random() < 0.7, 'track_running_stats': rng.random() < 0.7}
            channels = f if rng.random() < 0.8 else f + 1
            ranks = {1: [2, 3], 2: [4], 3: [5]}[rank]
            r = rng.choice(ranks)
            shape = [n(), channels] + [rng.randint(1, 5) for _ in range(r - 2)]
            c.append((f'BatchNorm{rank}d', [f], kw, [T(*shape)], {}))
        for _ in range(14):
            f = rng.randint(1, 8)
            kw = {'affine': rng.random() < 0.5, 'track_running_stats': rng.random() < 0.3}
            channels = f if rng.random() < 0.8 else f + 1
            shape = ([n()] if rng.random() < 0.7 else []) + [channels] + [rng.randint(2, 5) for _ in range(rank)]
            c.append((f'InstanceNorm{rank}d', [f], kw, [T(*shape)], {}))
        for cls in ('ReflectionPad', 'ReplicationPad', 'ConstantPad'):
            for _ in range(14):
                pad = tuple(rng.randint(0, 4) for _ in range(2 * rank)) if rng.random() < 0.6 else rng.randint(0, 3)
                size = [rng.randint(1, 6) for _ in range(rank)]
                shape = ([n()] if rng.random() < 0.8 else []) + [rng.randint(1, 4)] + size
                args = [pad, 0.5] if cls == 'ConstantPad' else [pad]
                c.append((f'{cls}{rank}d', args, {}, [T(*shape)], {}))
    for _ in range(14):
        groups = rng.choice([1, 2, 4])
        ch = groups * rng.randint(1, 4) + (1 if rng.random() < 0.2 else 0)
        shape = [n(), ch] + [rng.randint(1, 5) for _ in range(rng.randint(0, 2))]
        c.append(('GroupNorm', [groups, ch], {'affine': rng.random() < 0.7}, [T(*shape)], {}))
    for _ in range(14):
        shape = [n()] + [rng.randint(1, 6) for _ in range(rng.randint(1, 3))]
        k = rng.randint(1, len(shape) - 1)
        norm = shape[-k:] if rng.random() < 0.8 else [d + 1 for d in shape[-k:]]
        c.append(('LayerNorm', [norm], {'elementwise_affine': rng.random() < 0.7}, [T(*shape)], {}))
    for _ in range(10):
        rank = rng.randint(1, 3)
        mode = rng.choice(['nearest', 'nearest', {1: 'linear', 2: 'bilinear', 3: 'trilinear'}[rank]])
        shape = [n(), rng.randint(1, 4)] + [rng.randint(1, 8) for _ in range(rank)]
        kw = {'mode': mode}
        if rng.random() < 0.5:
            kw['scale_factor'] = rng.choice([0.5, 1.5, 2, 2.5, 3])
        else:
            kw['size'] = tuple(rng.randint(1, 12) for _ in range(rank))
        c.append(('Upsample', [], kw, [T(*shape)], {}))
    for _ in range(12):
        r = rng.randint(1, 3)
        c.append(('PixelShuffle', [r], {}, [T(n(), r * r * rng.randint(1, 3) + (1 if rng.random() < 0.2 else 0), rng.randint(1, 5), rng.randint(1, 5))], {}))
        c.append(('PixelUnshuffle', [r], {}, [T(n(), rng.randint(1, 3), r * rng.randint(1, 3), r * rng.randint(1, 3) + (1 if rng.random() < 0.2 else 0))], {}))
    for _ in range(16):
        pad = tuple(rng.randint(-2, 4) for _ in range(4)) if rng.random() < 0.6 else rng.randint(0, 3)
        shape = ([n()] if rng.random() < 0.8 else []) + [rng.randint(1, 4), rng.randint(1, 6), rng.randint(1, 6)]
        c.append(('ZeroPad2d', [pad], {}, [T(*shape)], {}))
    for rank in (1, 2):
        for _ in range(18):
            k = rng.randint(1, 4)
            kw = {'ceil_mode': rng.random() < 0.5}
            if rng.random() < 0.6:
                kw['stride'] = rng.randint(1, 3)
            shape = ([n()] if rng.random() < 0.8 else []) + [rng.randint(1, 4)] + [rng.randint(1, 9) for _ in range(rank)]
            c.append((f'LPPool{rank}d', [rng.choice([1, 2, 3]), k], kw, [T(*shape)], {}))
    for _ in range(16):
        shape = [n()] + [rng.randint(1, 7) for _ in range(rng.randint(1, 4))]
        c.append(('LocalResponseNorm', [rng.randint(1, 6)], {'alpha': rng.choice([1e-4, 1e-3]), 'beta': 0.75, 'k': rng.choice([1.0, 2.0])}, [T(*shape)], {}))
    for _ in range(16):
        kw = {'output_size': rng.randint(1, 8)} if rng.random() < 0.5 else {'output_ratio': rng.choice([0.3, 0.5, 0.7, (0.5, 0.8)])}
        shape = ([n()] if rng.random() < 0.8 else []) + [rng.randint(1, 3), rng.randint(2, 12), rng.randint(2, 12)]
        c.append(('FractionalMaxPool2d', [rng.randint(1, 4)], kw, [T(*shape)], {}))
    for cls in ('UpsamplingNearest2d', 'UpsamplingBilinear2d'):
        for _ in range(14):
            kw = {'scale_factor': rng.choice([0.5, 1.5, 2, 3])} if rng.random() < 0.5 else {'size': (rng.randint(1, 9), rng.randint(1, 9))}
            rank = rng.choice([1, 2, 2, 2, 3])
            c.append((cls, [], kw, [T(n(), rng.randint(1, 3), *[rng.randint(1, 6) for _ in range(rank)])], {}))
    return c


def grid():
    rng = random.Random(SEED)
    cases = [case if len(case) == 6 else (*case, True) for case in hand_cases() + random_cases(rng)]
    return {'torch': torch.__version__, 'seed': SEED, 'cases': [run_case(*case) for case in cases]}


def main():
    if os.environ.get('PYTHONHASHSEED') != '0':
        # PyTorch prints some choices as Python sets ({'same', 'valid'}), whose order follows the string hash seed.
        os.execve(sys.executable, [sys.executable] + sys.argv, {**os.environ, 'PYTHONHASHSEED': '0'})
    result = grid()
    text = json.dumps(result, indent=1, default=lambda o: str(o).replace('torch.', '')) + '\n'
    if '--write' in sys.argv:
        os.makedirs(os.path.dirname(OUT), exist_ok=True)
        with open(OUT, 'w') as f:
            f.write(text)
    elif '--check' in sys.argv:
        with open(OUT) as f:
            if f.read() != text:
                print('spatial.json differs from what PyTorch says now', file=sys.stderr)
                sys.exit(1)
    else:
        sys.stdout.write(text)


if __name__ == '__main__':
    main()
