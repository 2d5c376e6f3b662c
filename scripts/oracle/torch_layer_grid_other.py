#!/usr/bin/python3
"""PyTorch as the oracle for the non-spatial half of the PyTorch layer catalogue (issue #12).

Builds each torch.nn class of src/core/layers/torch/{linear,activations,dropout,reshaping,embedding,recurrent}.ts over
a grid of configurations (hand-picked edge cases plus seeded random ones), calls it, and records what PyTorch says:
named_parameters() and named_buffers() names and shapes, the output shapes (tuples nested as lists), the warnings it
issued, or the exception it raised (in __init__ or in the call) with its message, and, for a module that runs, what
autograd saves for its backward (saved_tensors_hooks: the input or output by reference, parameters, new tensors). The functional forms (F.linear,
torch.relu, Tensor.softmax, ...) are called the same way. Inputs are zeros (ids 0 for int64) under torch.manual_seed(0):
shapes never depend on values here.

Usage:
  /usr/bin/python3 scripts/oracle/torch_layer_grid_other.py            JSON to stdout
  /usr/bin/python3 scripts/oracle/torch_layer_grid_other.py --write    writes test/fixtures/pytorch-layer-grid/other.json
  /usr/bin/python3 scripts/oracle/torch_layer_grid_other.py --check    exit 1 when the recorded file differs

A case is (target, args, kwargs, inputs, call_kwargs[, training]). target is a torch.nn class name, or a function
as the catalogue names it (`F.relu`, `torch.softmax`, `Tensor.relu`: self is the first input). Inputs and tensor
arguments are T(shape[, dtype]); a tuple of them is a Python tuple (an LSTM's (h0, c0)).
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
OUT = os.path.join(HERE, '..', '..', 'test', 'fixtures', 'pytorch-layer-grid', 'other.json')


class T:
    """A tensor argument: its shape and dtype."""

    def __init__(self, *shape, dtype='float32'):
        self.shape = list(shape)
        self.dtype = dtype

    def build(self):
        return torch.zeros(self.shape, dtype=getattr(torch, self.dtype))

    def spec(self):
        return {'tensor': self.shape, 'dtype': self.dtype}


def I(*shape):
    return T(*shape, dtype='int64')


def build(value):
    if isinstance(value, T):
        return value.build()
    if isinstance(value, tuple):
        return tuple(build(v) for v in value)
    return value


def spec(value):
    if isinstance(value, T):
        return value.spec()
    if isinstance(value, tuple):
        return {'tuple': [spec(v) for v in value]}
    return value


def describe(value):
    if isinstance(value, torch.Tensor):
        return {'shape': list(value.shape), 'dtype': str(value.dtype).replace('torch.', '')}
    if isinstance(value, (tuple, list)):
        return [describe(v) for v in value]
    return repr(value)


def function_of(target):
    space, name = target.split('.', 1)
    if space == 'F':
        return getattr(F, name)
    if space == 'torch':
        return getattr(torch, name)
    if space == 'Tensor':
        return lambda self, *a, **k: getattr(self, name)(*a, **k)
    raise ValueError(target)


def run_case(target, args, kwargs, inputs, call_kwargs, training):
    record = {
        'target': target, 'args': [spec(a) for a in args], 'kwargs': {k: spec(v) for k, v in kwargs.items()},
        'inputs': [spec(v) for v in inputs], 'callKwargs': {k: spec(v) for k, v in call_kwargs.items()}, 'training': training,
    }
    torch.manual_seed(SEED)
    caught = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        is_module = '.' not in target
        stage = 'init'
        try:
            if is_module:
                module = getattr(nn, target)(*[build(a) for a in args], **{k: build(v) for k, v in kwargs.items()})
                module.train(training)
                lazy = any(isinstance(p, nn.parameter.UninitializedParameter) for p in module.parameters())
                if not lazy:
                    record['parameters'] = [{'name': n, 'shape': list(p.shape)} for n, p in module.named_parameters()]
                    record['buffers'] = [{'name': n, 'shape': list(b.shape), 'dtype': str(b.dtype).replace('torch.', '')} for n, b in module.named_buffers()]
                else:
                    record['lazy'] = True
                stage = 'forward'
                out = module(*[build(v) for v in inputs], **{k: build(v) for k, v in call_kwargs.items()})
                if lazy:
                    record['parameters'] = [{'name': n, 'shape': list(p.shape)} for n, p in module.named_parameters()]
                    record['buffers'] = []
            else:
                stage = 'forward'
                fn = function_of(target)
                out = fn(*[build(v) for v in inputs], *[build(a) for a in args], **{k: build(v) for k, v in kwargs.items()})
            record['output'] = describe(out)
        except Exception as e:  # noqa: BLE001 - PyTorch's own error is the answer
            record['error'] = {'stage': stage, 'type': type(e).__name__, 'message': str(e).split('\n')[0]}
    record['warnings'] = sorted({str(w.message).split('\n')[0] for w in caught})
    if '.' not in target and 'error' not in record:
        record['saved'] = saved_tensors(target, args, kwargs, inputs, call_kwargs, training)
    return record


def saved_tensors(target, args, kwargs, inputs, call_kwargs, training):
    """What autograd saves for backward in one training call (saved_tensors_hooks), on the CPU: each storage a saved
    tensor holds, once, as `input` (a float input requiring grad, by reference), `output`, `param` or `new`, with its
    elements and dtype."""
    torch.manual_seed(SEED)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        module = getattr(nn, target)(*[build(a) for a in args], **{k: build(v) for k, v in kwargs.items()})
        module.train(training)
        def graded(value):
            # A float input requiring grad, as a non-leaf (a clone) so in-place modules may write into it.
            if isinstance(value, tuple):
                return tuple(graded(v) for v in value)
            if isinstance(value, torch.Tensor) and value.is_floating_point():
                return value.requires_grad_(True).clone()
            return value
        built = [graded(build(v)) for v in inputs]
        tensors = [t for v in built for t in (v if isinstance(v, tuple) else (v,))]
        saved = []
        with torch.autograd.graph.saved_tensors_hooks(lambda t: saved.append(t) or t, lambda t: t):
            out = module(*built, **{k: build(v) for k, v in call_kwargs.items()})
    outs = []
    stack = [out]
    while stack:
        v = stack.pop()
        if isinstance(v, torch.Tensor):
            outs.append(v)
        elif isinstance(v, (tuple, list)):
            stack.extend(v)
    # Memory is kept per storage: a saved view (a chunk of the gates, a reshaped input) keeps its whole storage alive,
    # and one storage saved twice (by both directions of a bidirectional layer) is kept once.
    def storage(t):
        return t.storage().data_ptr()
    params = {storage(p) for p in module.parameters()}
    inputs_ptr = {storage(t) for t in tensors}
    outputs_ptr = {storage(t) for t in outs}
    result = []
    seen = set()
    for t in saved:
        ptr = storage(t)
        if ptr in seen:
            continue
        seen.add(ptr)
        who = 'param' if ptr in params else 'input' if ptr in inputs_ptr else 'output' if ptr in outputs_ptr else 'new'
        result.append({'who': who, 'elements': t.storage().nbytes() // t.element_size(),
                       'dtype': str(t.dtype).replace('torch.', '')})
    return result


def hand_cases():
    """Edge cases, one group per class; (target, args, kwargs, inputs, call_kwargs[, training])."""
    c = []
    # Linear: the notebook's error, leading dims, 1-D input, no bias, zero-size.
    c += [
        ('Linear', [400, 120], {}, [T(2, 256)], {}),
        ('Linear', [256, 120], {}, [T(2, 256)], {}),
        ('Linear', [256, 120], {'bias': False}, [T(3, 256)], {}),
        ('Linear', [8, 4], {}, [T(2, 5, 7, 8)], {}),
        ('Linear', [8, 4], {}, [T(2, 5, 7, 9)], {}),
        ('Linear', [8, 4], {}, [T(8)], {}),
        ('Linear', [8, 4], {}, [T(9)], {}),
        ('Linear', [8, -1], {}, [T(2, 8)], {}),
        ('Linear', [-3, 4], {}, [T(2, 8)], {}),
        ('LazyLinear', [10], {}, [T(2, 37)], {}),
        ('LazyLinear', [10], {'bias': False}, [T(3, 4, 6)], {}),
        ('Bilinear', [5, 7, 3], {}, [T(2, 5), T(2, 7)], {}),
        ('Bilinear', [5, 7, 3], {'bias': False}, [T(2, 4, 5), T(2, 4, 7)], {}),
        ('Bilinear', [5, 7, 3], {}, [T(2, 6), T(2, 7)], {}),
        ('Bilinear', [5, 7, 3], {}, [T(2, 5), T(2, 8)], {}),
        ('Bilinear', [5, 7, 3], {}, [T(2, 5), T(3, 7)], {}),
        ('Bilinear', [5, 7, 3], {}, [T(2, 4, 5), T(2, 7)], {}),
        ('Identity', [], {}, [T(2, 3, 4)], {}),
        ('Identity', [54, 'x'], {'unused': 1}, [T(2, 3)], {}),
        ('F.linear', [T(120, 400)], {}, [T(2, 256)], {}),
        ('F.linear', [T(120, 256), T(120)], {}, [T(2, 3, 256)], {}),
        ('F.bilinear', [T(3, 5, 7)], {}, [T(2, 5), T(2, 7)], {}),
    ]
    # Flatten / Unflatten
    c += [
        ('Flatten', [], {}, [T(2, 16, 5, 5)], {}),
        ('Flatten', [0], {}, [T(2, 16, 5, 5)], {}),
        ('Flatten', [2], {}, [T(2, 8, 4, 3)], {}),
        ('Flatten', [1, 2], {}, [T(2, 8, 4, 3)], {}),
        ('Flatten', [-3, -2], {}, [T(2, 8, 4, 3)], {}),
        ('Flatten', [], {}, [T(2)], {}),
        ('Flatten', [3, 1], {}, [T(2, 8, 4, 3)], {}),
        ('Flatten', [1, 5], {}, [T(2, 8, 4, 3)], {}),
        ('Unflatten', [1, (16, 5, 5)], {}, [T(2, 400)], {}),
        ('Unflatten', [1, (-1, 5, 5)], {}, [T(2, 400)], {}),
        ('Unflatten', [-1, (2, 2)], {}, [T(2, 3, 4)], {}),
        ('Unflatten', [1, (4, 5)], {}, [T(2, 16)], {}),
        ('Unflatten', [1, (-1, 3)], {}, [T(2, 16)], {}),
        ('Unflatten', [3, (2, 2)], {}, [T(2, 3, 4)], {}),
    ]
    # Dropout family
    for name in ['Dropout', 'Dropout1d', 'Dropout2d', 'Dropout3d', 'AlphaDropout', 'FeatureAlphaDropout']:
        for shape in [(2, 8), (2, 4, 6), (2, 4, 6, 6), (2, 3, 4, 6, 6)]:
            c.append((name, [0.3], {}, [T(*shape)], {}))
        c.append((name, [1.5], {}, [T(2, 8)], {}))
        c.append((name, [], {'p': -0.1}, [T(2, 8)], {}))
    c += [
        ('Dropout', [0.5], {'inplace': True}, [T(2, 8)], {}),
        ('Dropout2d', [0.5], {}, [T(2, 4, 6, 6)], {}, False),
        ('F.dropout', [0.2], {'training': False}, [T(2, 10)], {}),
        ('F.dropout', [], {'p': 2.0}, [T(2, 10)], {}),
        ('F.dropout2d', [0.2], {}, [T(2, 3, 4, 4)], {}),
        ('F.dropout1d', [0.2], {}, [T(2, 3, 4, 4)], {}),
        ('F.dropout3d', [0.2], {}, [T(2, 3, 4, 4, 4)], {}),
        ('F.alpha_dropout', [0.2], {}, [T(2, 3)], {}),
        ('F.feature_alpha_dropout', [0.2], {'training': True}, [T(2, 3, 4)], {}),
        ('torch.dropout', [0.3, True], {}, [T(2, 3)], {}),
    ]
    # Embeddings
    c += [
        ('Embedding', [1000, 64], {}, [I(2, 50)], {}),
        ('Embedding', [10, 3], {'padding_idx': 0}, [I(2, 4, 5)], {}),
        ('Embedding', [10, 3], {'padding_idx': -1}, [I(4)], {}),
        ('Embedding', [10, 3], {'padding_idx': 10}, [I(4)], {}),
        ('Embedding', [10, 3], {'padding_idx': -11}, [I(4)], {}),
        ('Embedding', [10, 3], {}, [T(2, 4)], {}),
        ('Embedding', [10, 3], {}, [I()], {}),
        ('F.embedding', [T(10, 3)], {}, [I(2, 7)], {}),
        ('EmbeddingBag', [10, 3], {}, [I(2, 4)], {}),
        ('EmbeddingBag', [10, 3], {'mode': 'sum'}, [I(8), I(3)], {}),
        ('EmbeddingBag', [10, 3], {'mode': 'sum', 'include_last_offset': True}, [I(8), I(3)], {}),
        ('EmbeddingBag', [10, 3], {'mode': 'max'}, [I(8)], {}),
        ('EmbeddingBag', [10, 3], {}, [I(2, 4), I(2)], {}),
        ('EmbeddingBag', [10, 3], {'mode': 'sum'}, [I(2, 4)], {'per_sample_weights': T(2, 4)}),
        ('EmbeddingBag', [10, 3], {}, [I(2, 4)], {'per_sample_weights': T(2, 4)}),
        ('EmbeddingBag', [10, 3], {'mode': 'median'}, [I(2, 4)], {}),
        ('EmbeddingBag', [10, 3], {}, [I(2, 3, 4)], {}),
    ]
    # Recurrent layers
    c += [
        ('LSTM', [28, 64], {'num_layers': 2, 'batch_first': True, 'dropout': 0.2}, [T(2, 28, 28)], {}),
        ('LSTM', [28, 64], {'num_layers': 2, 'batch_first': True}, [T(2, 28, 32)], {}),
        ('LSTM', [10, 20], {'proj_size': 5, 'bidirectional': True, 'num_layers': 2}, [T(7, 3, 10)], {}),
        ('LSTM', [10, 20], {'bias': False}, [T(7, 10)], {}),
        ('LSTM', [10, 20], {'batch_first': True}, [T(7, 10)], {}),
        ('LSTM', [10, 20], {'num_layers': 2}, [T(5, 3, 10), (T(2, 3, 20), T(2, 3, 20))], {}),
        ('LSTM', [10, 20], {'num_layers': 2}, [T(5, 3, 10), (T(1, 3, 20), T(2, 3, 20))], {}),
        ('LSTM', [10, 20], {}, [T(5, 3, 10), (T(1, 3, 20), T(1, 3, 21))], {}),
        ('LSTM', [10, 20], {}, [T(5, 3, 10), (T(3, 20), T(3, 20))], {}),
        ('LSTM', [10, 20], {}, [T(5, 10), (T(1, 20), T(1, 20))], {}),
        ('LSTM', [10, 20], {'proj_size': 20}, [T(5, 3, 10)], {}),
        ('LSTM', [10, 20], {'proj_size': -1}, [T(5, 3, 10)], {}),
        ('LSTM', [10, 20], {'dropout': 0.5}, [T(5, 3, 10)], {}),
        ('LSTM', [10, 20], {'dropout': 1.5}, [T(5, 3, 10)], {}),
        ('LSTM', [10, 20], {}, [T(2, 5, 3, 10)], {}),
        ('LSTM', [10, 20], {}, [T(10)], {}),
        ('GRU', [40, 64], {'num_layers': 2, 'bidirectional': True, 'batch_first': True}, [T(2, 50, 40)], {}),
        ('GRU', [40, 64], {}, [T(50, 2, 40), T(1, 2, 64)], {}),
        ('GRU', [40, 64], {}, [T(50, 2, 40), T(2, 2, 64)], {}),
        ('GRU', [40, 64], {}, [T(50, 2, 40), T(2, 64)], {}),
        ('GRU', [40, 64], {}, [T(50, 40), T(1, 64)], {}),
        ('GRU', [40, 64], {}, [T(50, 40), T(1, 1, 64)], {}),
        ('RNN', [8, 16], {}, [T(5, 2, 8)], {}),
        ('RNN', [8, 16, 3], {'nonlinearity': 'relu', 'bidirectional': True}, [T(5, 2, 8)], {}),
        ('RNN', [8, 16], {'nonlinearity': 'sigmoid'}, [T(5, 2, 8)], {}),
        ('RNN', [8, 16], {'bias': False, 'batch_first': True}, [T(2, 5, 9)], {}),
        ('RNNCell', [8, 16], {}, [T(2, 8)], {}),
        ('RNNCell', [8, 16], {'nonlinearity': 'relu', 'bias': False}, [T(8)], {}),
        ('RNNCell', [8, 16], {}, [T(2, 9)], {}),
        ('RNNCell', [8, 16], {}, [T(2, 3, 8)], {}),
        ('RNNCell', [8, 16], {}, [T(2, 8), T(2, 17)], {}),
        ('RNNCell', [8, 16], {}, [T(2, 8), T(3, 16)], {}),
        ('LSTMCell', [8, 16], {}, [T(2, 8)], {}),
        ('LSTMCell', [8, 16], {}, [T(8), (T(16), T(16))], {}),
        ('LSTMCell', [8, 16], {}, [T(2, 8), (T(2, 16), T(2, 15))], {}),
        ('GRUCell', [8, 16], {}, [T(2, 8)], {}),
        ('GRUCell', [8, 16], {}, [T(2, 7)], {}),
    ]
    # Attention
    c += [
        ('MultiheadAttention', [16, 4], {}, [T(5, 2, 16), T(7, 2, 16), T(7, 2, 16)], {}),
        ('MultiheadAttention', [16, 4], {'batch_first': True}, [T(2, 5, 16), T(2, 7, 16), T(2, 7, 16)], {}),
        ('MultiheadAttention', [16, 4], {}, [T(5, 2, 16), T(7, 2, 16), T(7, 2, 16)], {'average_attn_weights': False}),
        ('MultiheadAttention', [16, 4], {}, [T(5, 2, 16), T(7, 2, 16), T(7, 2, 16)], {'need_weights': False}),
        ('MultiheadAttention', [16, 4], {'add_bias_kv': True, 'add_zero_attn': True, 'bias': False}, [T(5, 2, 16), T(7, 2, 16), T(7, 2, 16)], {}),
        ('MultiheadAttention', [16, 2], {'kdim': 6, 'vdim': 10}, [T(5, 2, 16), T(7, 2, 6), T(7, 2, 10)], {}),
        ('MultiheadAttention', [16, 2], {'kdim': 6, 'vdim': 10}, [T(5, 2, 16), T(7, 2, 6), T(8, 2, 10)], {}),
        ('MultiheadAttention', [16, 4], {}, [T(5, 16), T(7, 16), T(7, 16)], {}),
        ('MultiheadAttention', [16, 4], {}, [T(5, 16), T(7, 16), T(7, 16)], {'average_attn_weights': False}),
        ('MultiheadAttention', [16, 4], {}, [T(5, 2, 12), T(7, 2, 16), T(7, 2, 16)], {}),
        ('MultiheadAttention', [16, 4], {}, [T(5, 2, 16), T(7, 2, 16), T(6, 2, 16)], {}),
        ('MultiheadAttention', [16, 4], {'batch_first': True}, [T(2, 5, 16), T(2, 7, 16), T(2, 6, 16)], {}),
        ('MultiheadAttention', [16, 4], {}, [T(5, 2, 16), T(7, 16), T(7, 16)], {}),
        ('MultiheadAttention', [16, 4], {}, [T(1, 5, 2, 16), T(7, 2, 16), T(7, 2, 16)], {}),
        ('MultiheadAttention', [16, 5], {}, [T(5, 2, 16), T(7, 2, 16), T(7, 2, 16)], {}),
    ]
    # Losses (modules a model registers, such as the notebook's loss_fn, and sometimes calls)
    c += [
        ('CrossEntropyLoss', [], {}, [T(2, 10), I(2)], {}),
        ('CrossEntropyLoss', [], {'reduction': 'none'}, [T(2, 10), I(2)], {}),
        ('CrossEntropyLoss', [], {'reduction': 'sum', 'label_smoothing': 0.1}, [T(2, 10, 4, 4), I(2, 4, 4)], {}),
        ('CrossEntropyLoss', [], {'reduction': 'none'}, [T(2, 10, 4, 4), I(2, 4, 4)], {}),
        ('CrossEntropyLoss', [], {}, [T(2, 10), T(2, 10)], {}),
        ('CrossEntropyLoss', [], {'reduction': 'none'}, [T(2, 10), T(2, 10)], {}),
        ('CrossEntropyLoss', [], {}, [T(10), I()], {}),
        ('CrossEntropyLoss', [], {}, [T(2, 10), I(3)], {}),
        ('CrossEntropyLoss', [], {}, [T(2, 10), T(2, 9)], {}),
        ('CrossEntropyLoss', [], {'reduction': 'avg'}, [T(2, 10), I(2)], {}),
        ('CrossEntropyLoss', [], {'weight': T(10)}, [T(2, 10), I(2)], {}),
        ('NLLLoss', [], {}, [T(2, 10), I(2)], {}),
        ('NLLLoss', [], {'reduction': 'none'}, [T(2, 10, 3), I(2, 3)], {}),
        ('NLLLoss', [], {}, [T(2, 10), I(3)], {}),
        ('MSELoss', [], {}, [T(2, 1), T(2, 1)], {}),
        ('MSELoss', [], {'reduction': 'none'}, [T(2, 3), T(2, 3)], {}),
        ('MSELoss', [], {}, [T(2, 1), T(2)], {}),
        ('MSELoss', [], {'reduction': 'none'}, [T(2, 1), T(2)], {}),
        ('MSELoss', [], {}, [T(2, 3), T(2, 4)], {}),
        ('L1Loss', [], {'reduction': 'sum'}, [T(2, 3), T(2, 3)], {}),
        ('SmoothL1Loss', [], {'beta': 0.5}, [T(2, 3), T(2, 3)], {}),
        ('HuberLoss', [], {'reduction': 'none', 'delta': 2.0}, [T(2, 3), T(2, 3)], {}),
        ('BCELoss', [], {}, [T(2, 1), T(2, 1)], {}),
        ('BCELoss', [], {}, [T(2, 1), T(2)], {}),
        ('BCELoss', [], {'reduction': 'none'}, [T(2, 3), T(2, 3)], {}),
        ('BCEWithLogitsLoss', [], {}, [T(2, 1), T(2, 1)], {}),
        ('BCEWithLogitsLoss', [], {}, [T(2, 1), T(2)], {}),
        ('BCEWithLogitsLoss', [], {'pos_weight': T(3)}, [T(2, 3), T(2, 3)], {}),
        ('KLDivLoss', [], {'reduction': 'batchmean'}, [T(2, 5), T(2, 5)], {}),
        ('KLDivLoss', [], {}, [T(2, 5), T(2, 5)], {}),
        ('L1Loss', [], {}, [T(2, 3), T(3)], {}),
        ('HuberLoss', [], {}, [T(2, 3), T(1, 3)], {}),
        ('F.cross_entropy', [], {}, [T(6, 50), I(6)], {}),
        ('F.cross_entropy', [], {'reduction': 'none'}, [T(6, 50), I(5)], {}),
        ('F.nll_loss', [], {'reduction': 'none'}, [T(2, 10), I(2)], {}),
        ('F.mse_loss', [], {}, [T(2, 1), T(2)], {}),
        ('F.l1_loss', [], {'reduction': 'none'}, [T(2, 3), T(2, 3)], {}),
        ('F.smooth_l1_loss', [], {'beta': 0.5}, [T(2, 3), T(2, 3)], {}),
        ('F.huber_loss', [], {}, [T(2, 3), T(2, 3)], {}),
        ('F.binary_cross_entropy', [], {}, [T(2, 1), T(2, 1)], {}),
        ('F.binary_cross_entropy_with_logits', [], {}, [T(2, 1), T(2)], {}),
        ('F.kl_div', [], {'reduction': 'batchmean', 'log_target': True}, [T(2, 5), T(2, 5)], {}),
        ('KLDivLoss', [], {'reduction': 'none', 'log_target': True}, [T(2, 5), T(2, 5)], {}),
    ]
    # Activations
    simple = ['ReLU', 'ReLU6', 'LeakyReLU', 'RReLU', 'ELU', 'SELU', 'CELU', 'GELU', 'SiLU', 'Mish', 'Sigmoid', 'Tanh',
              'Hardtanh', 'Hardsigmoid', 'Hardswish', 'Softplus', 'Softsign', 'Softshrink', 'Hardshrink', 'Tanhshrink',
              'LogSigmoid']
    for name in simple:
        c.append((name, [], {}, [T(2, 6, 28, 28)], {}))
        c.append((name, [], {}, [T()], {}))
    c += [
        ('ReLU', [], {'inplace': True}, [T(2, 3)], {}),
        ('LeakyReLU', [0.2, True], {}, [T(2, 3)], {}),
        ('GELU', [], {'approximate': 'tanh'}, [T(2, 3)], {}),
        ('Hardtanh', [0.0, 6.0], {}, [T(2, 3)], {}),
        ('Threshold', [0.1, 20.0], {}, [T(2, 3)], {}),
        ('PReLU', [], {}, [T(2, 16, 12, 12)], {}),
        ('PReLU', [16], {}, [T(2, 16, 12, 12)], {}),
        ('PReLU', [32], {}, [T(2, 16, 12, 12)], {}),
        ('PReLU', [4], {}, [T(4)], {}),
        ('PReLU', [4], {}, [T()], {}),
        ('GLU', [], {}, [T(2, 10)], {}),
        ('GLU', [1], {}, [T(2, 8, 5)], {}),
        ('GLU', [], {}, [T(2, 5)], {}),
        ('GLU', [3], {}, [T(2, 5)], {}),
        ('GLU', [], {}, [T()], {}),
        ('Softmax', [], {}, [T(2, 10)], {}),
        ('Softmax', [], {}, [T(2, 3, 4)], {}),
        ('Softmax', [1], {}, [T(2, 10)], {}),
        ('Softmax', [-1], {}, [T(2, 3, 4)], {}),
        ('Softmax', [2], {}, [T(2, 10)], {}),
        ('LogSoftmax', [1], {}, [T(2, 10)], {}),
        ('LogSoftmax', [], {'dim': -3}, [T(2, 10)], {}),
        ('Softmin', [0], {}, [T(2, 10)], {}),
        ('Softmax2d', [], {}, [T(2, 3, 4, 4)], {}),
        ('Softmax2d', [], {}, [T(3, 4, 4)], {}),
        ('Softmax2d', [], {}, [T(2, 10)], {}),
        ('F.relu', [], {}, [T(2, 3)], {}),
        ('F.relu', [], {'inplace': True}, [T(2, 3)], {}),
        ('F.relu_', [], {}, [T(2, 3)], {}),
        ('torch.relu', [], {}, [T(2, 3)], {}),
        ('torch.relu_', [], {}, [T(2, 3)], {}),
        ('Tensor.relu', [], {}, [T(2, 3)], {}),
        ('Tensor.relu_', [], {}, [T(2, 3)], {}),
        ('F.relu6', [], {}, [T(2, 3)], {}),
        ('F.leaky_relu', [0.2], {}, [T(2, 3)], {}),
        ('F.leaky_relu_', [0.2], {}, [T(2, 3)], {}),
        ('F.elu', [], {'alpha': 0.5}, [T(2, 3)], {}),
        ('F.elu_', [], {}, [T(2, 3)], {}),
        ('F.selu', [], {}, [T(2, 3)], {}),
        ('torch.selu', [], {}, [T(2, 3)], {}),
        ('F.celu', [], {}, [T(2, 3)], {}),
        ('F.gelu', [], {'approximate': 'tanh'}, [T(2, 3)], {}),
        ('F.silu', [], {}, [T(2, 3)], {}),
        ('F.mish', [], {}, [T(2, 3)], {}),
        ('F.sigmoid', [], {}, [T(2, 3)], {}),
        ('torch.sigmoid', [], {}, [T(2, 3)], {}),
        ('torch.sigmoid_', [], {}, [T(2, 3)], {}),
        ('Tensor.sigmoid', [], {}, [T(2, 3)], {}),
        ('Tensor.sigmoid_', [], {}, [T(2, 3)], {}),
        ('F.tanh', [], {}, [T(2, 3)], {}),
        ('torch.tanh', [], {}, [T(2, 3)], {}),
        ('torch.tanh_', [], {}, [T(2, 3)], {}),
        ('Tensor.tanh', [], {}, [T(2, 3)], {}),
        ('Tensor.tanh_', [], {}, [T(2, 3)], {}),
        ('F.hardtanh', [0.0, 6.0], {}, [T(2, 3)], {}),
        ('F.hardtanh_', [], {}, [T(2, 3)], {}),
        ('F.hardsigmoid', [], {}, [T(2, 3)], {}),
        ('F.hardswish', [], {}, [T(2, 3)], {}),
        ('F.softplus', [], {'beta': 2}, [T(2, 3)], {}),
        ('F.softsign', [], {}, [T(2, 3)], {}),
        ('F.softshrink', [0.3], {}, [T(2, 3)], {}),
        ('F.hardshrink', [], {}, [T(2, 3)], {}),
        ('F.tanhshrink', [], {}, [T(2, 3)], {}),
        ('F.threshold', [0.1, 2.0], {}, [T(2, 3)], {}),
        ('F.threshold_', [0.1, 2.0], {}, [T(2, 3)], {}),
        ('F.rrelu', [], {'training': True}, [T(2, 3)], {}),
        ('F.logsigmoid', [], {}, [T(2, 3)], {}),
        ('F.glu', [], {'dim': 1}, [T(2, 4, 3)], {}),
        ('F.glu', [], {}, [T(2, 3)], {}),
        ('F.softmax', [], {'dim': 1}, [T(2, 3)], {}),
        ('F.softmax', [], {}, [T(2, 3)], {}),
        ('F.softmax', [], {'dim': 1, 'dtype': torch.float64}, [T(2, 3)], {}),
        ('torch.softmax', [1], {}, [T(2, 3)], {}),
        ('torch.softmax', [3], {}, [T(2, 3)], {}),
        ('Tensor.softmax', [-1], {}, [T(2, 3)], {}),
        ('F.log_softmax', [], {'dim': 2}, [T(2, 1, 35)], {}),
        ('torch.log_softmax', [1], {}, [T(2, 3)], {}),
        ('Tensor.log_softmax', [], {'dim': 1}, [T(2, 3)], {}),
        ('F.softmin', [], {'dim': 1}, [T(2, 3)], {}),
        ('F.prelu', [T(3)], {}, [T(2, 3, 4)], {}),
        ('F.prelu', [T(1)], {}, [T(2, 3, 4)], {}),
        ('torch.prelu', [T(5)], {}, [T(2, 3, 4)], {}),
        ('F.relu', [], {}, [3], {}),
    ]
    return c


def random_cases(rng):
    """Seeded random configurations: sizes, ranks and flags drawn per class."""
    c = []
    for _ in range(12):
        n, f, o = rng.choice([2, 3]), rng.randint(1, 64), rng.randint(1, 64)
        lead = [rng.randint(1, 5) for _ in range(rng.randint(0, 2))]
        wrong = rng.random() < 0.25
        c.append(('Linear', [f, o], {'bias': rng.random() < 0.7}, [T(n, *lead, f + (rng.randint(1, 3) if wrong else 0))], {}))
    for _ in range(8):
        n, rank = rng.choice([2, 3]), rng.randint(2, 5)
        shape = [n] + [rng.randint(1, 6) for _ in range(rank - 1)]
        s = rng.randint(-rank, rank - 1)
        e = rng.randint(-rank, rank - 1)
        c.append(('Flatten', [s, e], {}, [T(*shape)], {}))
    for _ in range(10):
        kind = rng.choice(['RNN', 'LSTM', 'GRU'])
        i, h = rng.randint(1, 32), rng.randint(2, 32)
        kw = {'num_layers': rng.randint(1, 3), 'bias': rng.random() < 0.7, 'batch_first': rng.random() < 0.5,
              'bidirectional': rng.random() < 0.5}
        if kind == 'LSTM' and rng.random() < 0.4:
            kw['proj_size'] = rng.randint(1, h - 1)
        n, L = rng.choice([2, 3]), rng.randint(1, 12)
        wrong = rng.random() < 0.2
        feat = i + (1 if wrong else 0)
        shape = [n, L, feat] if kw['batch_first'] else [L, n, feat]
        if rng.random() < 0.2:
            shape = [L, feat]
        c.append((kind, [i, h], kw, [T(*shape)], {}))
    for _ in range(6):
        num, dim = rng.randint(2, 500), rng.randint(1, 64)
        shape = [rng.choice([2, 3])] + [rng.randint(1, 9) for _ in range(rng.randint(0, 2))]
        c.append(('Embedding', [num, dim], {}, [I(*shape)], {}))
    for _ in range(6):
        rank = rng.randint(1, 4)
        shape = [rng.choice([2, 3])] + [rng.choice([2, 3, 4, 6]) for _ in range(rank - 1)]
        c.append(('GLU', [rng.randint(-rank, rank - 1)], {}, [T(*shape)], {}))
    for _ in range(8):
        heads = rng.choice([1, 2, 4])
        e = heads * rng.randint(1, 6)
        kw = {'batch_first': rng.random() < 0.5, 'add_bias_kv': rng.random() < 0.3, 'add_zero_attn': rng.random() < 0.3,
              'bias': rng.random() < 0.8}
        kdim = e if rng.random() < 0.6 else rng.randint(1, 12)
        vdim = e if rng.random() < 0.6 else rng.randint(1, 12)
        if kdim != e or vdim != e:
            kw['kdim'], kw['vdim'] = kdim, vdim
        n, L, S = rng.choice([2, 3]), rng.randint(1, 6), rng.randint(1, 6)
        def seq(length, dim):
            return T(n, length, dim) if kw['batch_first'] else T(length, n, dim)
        call = {'need_weights': rng.random() < 0.8, 'average_attn_weights': rng.random() < 0.5}
        c.append(('MultiheadAttention', [e, heads], kw, [seq(L, e), seq(S, kdim), seq(S, vdim)], call))
    for _ in range(6):
        n, i1, i2, o = rng.choice([2, 3]), rng.randint(1, 9), rng.randint(1, 9), rng.randint(1, 9)
        lead = [rng.randint(1, 4) for _ in range(rng.randint(0, 1))]
        c.append(('Bilinear', [i1, i2, o], {'bias': rng.random() < 0.7}, [T(n, *lead, i1), T(n, *lead, i2 + (1 if rng.random() < 0.2 else 0))], {}))
    for _ in range(6):
        sizes = [rng.randint(1, 4) for _ in range(rng.randint(2, 3))]
        total = 1
        for d in sizes:
            total *= d
        if rng.random() < 0.4:
            sizes[rng.randrange(len(sizes))] = -1
        if rng.random() < 0.2:
            total += 1
        c.append(('Unflatten', [1, tuple(sizes)], {}, [T(rng.choice([2, 3]), total, 2)], {}))
    return c


def grid():
    rng = random.Random(SEED)
    cases = [case if len(case) == 6 else (*case, True) for case in hand_cases() + random_cases(rng)]
    return {'torch': torch.__version__, 'seed': SEED, 'cases': [run_case(*case) for case in cases]}


def main():
    result = grid()
    text = json.dumps(result, indent=1, default=lambda o: str(o).replace('torch.', '')) + '\n'
    if '--write' in sys.argv:
        os.makedirs(os.path.dirname(OUT), exist_ok=True)
        with open(OUT, 'w') as f:
            f.write(text)
    elif '--check' in sys.argv:
        with open(OUT) as f:
            if f.read() != text:
                print('other.json differs from what PyTorch says now', file=sys.stderr)
                sys.exit(1)
    else:
        sys.stdout.write(text)


if __name__ == '__main__':
    main()
