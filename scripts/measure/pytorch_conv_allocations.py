#!/usr/bin/python3
"""What oneDNN allocates through PyTorch's CPU allocator for one convolution in inference (the figures the `pytorch`
memory model's cpu convolution rule, src/core/layers/pytorchCosts.ts, is checked against in
test/unit/core/memoryFrameworks.test.ts).

    /usr/bin/python3 scripts/measure/pytorch_conv_allocations.py > test/fixtures/memory-truth/pytorch-conv-allocations.json

For each case: the peak of the running sum of torch.profiler's memory events during one no_grad call after a warm-up
call (bytes above what was live before: the weights and the input), and each allocation in order. Measured with
PyTorch 1.13 (Debian python3-torch) on an AVX-512 CPU, where oneDNN blocks channels by 16.
"""
import json
import torch
import torch.nn as nn
from torch.profiler import ProfilerActivity, profile

# name: (Conv2d args, kwargs, input shape with the batch)
CASES = {
    'conv 3→100 k3 s2 on [1,3,200,300]': ((3, 100, 3), {'stride': 2, 'padding': 1}, (1, 3, 200, 300)),
    'conv 100→200 k3 s2 on [1,100,100,150]': ((100, 200, 3), {'stride': 2, 'padding': 1}, (1, 100, 100, 150)),
    'conv 8→16 k3 on [16,8,16,12]': ((8, 16, 3), {}, (16, 8, 16, 12)),
    'conv 20→24 k3 on [16,20,16,16]': ((20, 24, 3), {'padding': 1}, (16, 20, 16, 16)),
    'conv 8→48 k1 on [16,8,16,16]': ((8, 48, 1), {'bias': False}, (16, 8, 16, 16)),
    'depthwise 8 k3 on [16,8,16,16]': ((8, 8, 3), {'padding': 1, 'groups': 8}, (16, 8, 16, 16)),
    'depthwise 48 k3 s2 on [16,48,16,16]': ((48, 48, 3), {'stride': 2, 'padding': 1, 'groups': 48, 'bias': False}, (16, 48, 16, 16)),
}


def window(fn):
    with profile(activities=[ProfilerActivity.CPU], profile_memory=True) as prof:
        fn()
    allocation = torch._C._profiler._EventType.Allocation
    sizes = []

    def walk(node):
        if node.tag == allocation:
            sizes.append((node.start_time_ns, node.extra_fields.alloc_size))
        for child in node.children:
            walk(child)
    for root in prof.profiler.kineto_results.experimental_event_tree():
        walk(root)
    running, peak = 0, 0
    for _, size in sorted(sizes):
        running += size
        peak = max(peak, running)
    return peak, [s for _, s in sorted(sizes)]


def main():
    torch.manual_seed(13)
    out = {}
    for name, (args, kwargs, shape) in CASES.items():
        conv = nn.Conv2d(*args, **kwargs).eval()
        x = torch.randn(*shape)
        with torch.no_grad():
            conv(x)
            peak, sizes = window(lambda: conv(x))
        out[name] = {
            'conv': {'in': args[0], 'out': args[1], 'kernel': args[2], 'stride': kwargs.get('stride', 1), 'padding': kwargs.get('padding', 0),
                     'groups': kwargs.get('groups', 1), 'bias': kwargs.get('bias', True)},
            'input': list(shape), 'output': list(conv(x).shape), 'windowPeakBytes': peak, 'allocations': sizes}
    print(json.dumps({'torch': torch.__version__, 'cases': out}, indent=1))


if __name__ == '__main__':
    main()
