#!/usr/bin/python3
"""Shows that a PyTorch convolution copies an output gradient that is a strided view before its backward.

torch.cat's backward hands each input a slice of its gradient; a channel slice of an [N, C, H, W] gradient at N > 1 is
not contiguous. This runs the backward of Conv2d(16, 16, 3, padding=1) (ungrouped and depthwise) at batch 16 with a
contiguous dy and with channels 0-15 of a 32-channel gradient, with oneDNN (the CPU default) and without (PyTorch's
native kernels), and prints every allocation torch.profiler records and the peak. Then the backward of the memory
corpus's functional-merges (torch.cat([left(stem) + right(stem), stem], dim=1)), listing its aten::contiguous copies.

    /usr/bin/python3 scripts/measure/pytorch_strided_gradient_copy.py

Measured on PyTorch 1.13 CPU (AVX-512): oneDNN, both convolutions: one more dy-sized allocation (262,144 B) first,
freed when the node returns (peak +262,144 B); native: the ungrouped convolution copies too, the depthwise one
(per-group slices on the CPU) does not. functional-merges at batch 16: two copies of 262,144 B (right's, then left's).
The CUDA native kernels call grad_output.expect_contiguous() (ConvolutionMM2d.cu, DepthwiseConv2d.cu): a copy too.
"""
import sys
from pathlib import Path

import torch
import torch.nn.functional as F
from torch.profiler import ProfilerActivity, profile

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pytorch_memory_peaks as peaks  # noqa: E402  (the allocation trace and the corpus equivalents)

SEED = 13
BATCH = 16


def traced(fn):
    with profile(activities=[ProfilerActivity.CPU], profile_memory=True) as prof:
        fn()
    return peaks.allocation_trace(prof)


def conv_backward(groups, strided):
    conv = torch.nn.Conv2d(16, 16, 3, padding=1, groups=groups)
    x = torch.randn(BATCH, 16, 16, 16, requires_grad=True)
    whole = torch.randn(BATCH, 32, 16, 16)
    dy = whole[:, :16] if strided else whole[:, :16].contiguous()
    params = [x] + list(conv.parameters())
    torch.autograd.grad(conv(x), params, dy)  # warm-up (oneDNN builds its primitives)
    y = conv(x)
    events = traced(lambda: torch.autograd.grad(y, params, dy))
    live = peak = 0
    for _, size, _, _ in events:
        live += size
        peak = max(peak, live)
    return peak, [size for _, size, _, _ in events]


def main():
    torch.manual_seed(SEED)
    for onednn in (True, False):
        torch.backends.mkldnn.enabled = onednn
        for groups in (1, 16):
            for strided in (False, True):
                peak, sizes = conv_backward(groups, strided)
                print(f"{'oneDNN' if onednn else 'native'} groups={groups:<2} dy {'strided   ' if strided else 'contiguous'} "
                      f'peak {peak:>9} B  allocations {sizes if len(sizes) < 24 else sizes[:12] + ["..."]}')
    torch.backends.mkldnn.enabled = True

    model = peaks.load_equivalents().functional_merges()
    gen = torch.Generator().manual_seed(SEED)
    x = torch.randn(BATCH, 3, 32, 32, generator=gen)
    y = torch.randint(0, 10, (BATCH,), generator=gen)
    F.cross_entropy(model(x), y).backward()  # warm-up
    model.zero_grad(set_to_none=True)
    loss = F.cross_entropy(model(x), y)
    copies = [size for _, size, _, chain in traced(loss.backward) if size > 0 and 'aten::contiguous' in chain]
    print(f'functional-merges backward at batch {BATCH}: aten::contiguous allocations {copies}')


if __name__ == '__main__':
    main()
