#!/usr/bin/python3
"""Measures what PyTorch really allocates on the CPU for the memory corpus (test/fixtures/memory-corpus/index.json).

For each corpus model with a PyTorch equivalent (test/fixtures/memory-corpus/pytorch_equivalents.py) and each batch
size: the absolute peak of live tensor bytes during one Adam training step after a warm-up step (the CUDA truth file's
procedure: zero_grad(set_to_none=True), forward, loss, backward, step) and during inference (eval, no_grad).

    /usr/bin/python3 scripts/measure/pytorch_memory_peaks.py [--only name,name] [--out FILE]

Without --only it writes test/fixtures/memory-truth/pytorch-cpu-peaks.json; with --only it prints (or writes --out).

How: torch.profiler.profile(profile_memory=True) records every allocation and free of the CPU allocator (c10's
ProfiledCPUMemoryReporter) while it runs, with its signed size and the allocator's running total. The allocations
before the window (weights, BatchNorm statistics, Adam's state, inputs, targets) are not in it, so they are counted
from the tensors themselves (distinct storages) and added: absolute peak = bytes live before + the running sum's
maximum. Nothing allocated before the window may be freed in it (the profiler could not see that free): the step's
zero_grad(set_to_none=True) runs just before the window, and Adam updates its state in place.
Two further figures per training step: the bytes autograd saves for backward (saved_tensors_hooks, distinct
storages, as the CUDA truth file's saved_total), and weights + buffers + Adam state + gradients + saved activations +
targets, the "second method" estimate the profiler's peak is compared with.
"""
import argparse
import datetime
import importlib.util
import json
import os
import platform
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F
from torch.profiler import ProfilerActivity, profile, record_function

ROOT = Path(__file__).resolve().parents[2]
INDEX = ROOT / 'test' / 'fixtures' / 'memory-corpus' / 'index.json'
EQUIVALENTS = ROOT / 'test' / 'fixtures' / 'memory-corpus' / 'pytorch_equivalents.py'
DEFAULT_OUT = ROOT / 'test' / 'fixtures' / 'memory-truth' / 'pytorch-cpu-peaks.json'
# Measured on an H200 (outside this repository; compared with when present).
CUDA_TRUTH = ROOT.parent / 'shared' / 'truth' / 'pytorch-cuda-peaks.json'
SEED = 13
PHASES = ('forward', 'loss', 'backward', 'optimizer')


def load_equivalents():
    spec = importlib.util.spec_from_file_location('pytorch_equivalents', EQUIVALENTS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---- bytes of tensors that exist before a measured window (each storage once)
def storage_bytes(tensors):
    seen = {}
    for t in tensors:
        if t is None:
            continue
        s = t.storage()
        seen[s.data_ptr()] = s.nbytes()
    return sum(seen.values())


def adam_state_tensors(opt):
    return [v for state in opt.state.values() for v in state.values() if torch.is_tensor(v)]


# ---- the profiler's allocation trace
def allocation_trace(prof):
    """Every allocation event (time ns, signed size, allocator total, enclosing op names outermost first)."""
    Allocation = torch._C._profiler._EventType.Allocation
    events = []

    def walk(node, chain):
        if node.tag == Allocation:
            f = node.extra_fields
            events.append((node.start_time_ns, f.alloc_size, f.total_allocated, chain))
        else:
            chain = chain + (node.name,)
        for child in node.children:
            walk(child, chain)

    for root in prof.profiler.kineto_results.experimental_event_tree():
        walk(root, ())
    events.sort(key=lambda e: e[0])  # stable: simultaneous events keep the tree's order
    return events


def window_peak(prof):
    """Peak of the bytes allocated in the window and still live, two ways: the running sum of signed sizes, and the
    allocator's own running total (less its value when the window opened). They must agree."""
    events = allocation_trace(prof)
    if not events:
        return {'peak': 0, 'end': 0, 'where': [], 'phase_peaks': {}, 'phase_end': {}}
    live = peak = 0
    where = ()
    phase_peaks, phase_end = {}, {}
    for _, size, _, chain in events:
        live += size
        if live > peak:
            peak, where = live, chain
        phase = next((p for p in chain if p in PHASES), 'other')
        phase_peaks[phase] = max(phase_peaks.get(phase, 0), live)
        phase_end[phase] = live
    first = events[0]
    start_total = first[2] - first[1]
    by_total = max(e[2] for e in events) - start_total
    if by_total != peak:
        raise RuntimeError(f'the running sum ({peak}) and the allocator total ({by_total}) disagree')
    return {'peak': peak, 'end': live, 'where': list(where), 'phase_peaks': phase_peaks, 'phase_end': phase_end}


def where_label(chain):
    """The phase and the innermost op of an allocation's chain, e.g. 'backward > aten::convolution_backward > aten::empty'."""
    ops = [c for c in chain if not c.startswith('autograd::engine')]
    return ' > '.join(ops[:1] + ops[-2:]) if len(ops) > 3 else ' > '.join(ops)


# ---- data and loss
def make_data(entry, model, batch, gen):
    shapes = entry['pytorch']['inputs']
    xs = [torch.randn(batch, *s, generator=gen) for s in shapes]
    with torch.no_grad():
        was_training = model.training
        model.eval()
        probe = model(*[x[:2] for x in xs])  # output shapes, from two samples
        model.train(was_training)
    outs = probe if isinstance(probe, tuple) else (probe,)
    ys = []
    for out, loss in zip(outs, entry['pytorch']['losses']):
        if loss == 'cross_entropy':
            ys.append(torch.randint(0, out.shape[1], (batch,), generator=gen))
        elif loss == 'cross_entropy_first10':
            ys.append(torch.randint(0, 10, (batch,), generator=gen))
        elif loss == 'mse':
            ys.append(torch.randn(batch, *out.shape[1:], generator=gen))
        else:
            raise ValueError(f'unknown loss {loss}')
    return xs, ys


def total_loss(entry, outs, ys):
    outs = outs if isinstance(outs, tuple) else (outs,)
    total = None
    for out, y, loss in zip(outs, ys, entry['pytorch']['losses']):
        if loss == 'cross_entropy':
            term = F.cross_entropy(out, y)
        elif loss == 'cross_entropy_first10':
            term = F.cross_entropy(out.flatten(1)[:, :10], y)
        else:
            term = F.mse_loss(out, y)
        total = term if total is None else total + term
    return total


# ---- measurements
def measure_inference(model, xs):
    model.eval()
    with torch.no_grad():
        model(*xs)  # warm-up (oneDNN builds its primitives)
        baseline = {'parameterBytes': storage_bytes(model.parameters()), 'bufferBytes': storage_bytes(model.buffers()),
                    'inputBytes': storage_bytes(xs)}
        with profile(activities=[ProfilerActivity.CPU], profile_memory=True) as prof:
            with record_function('forward'):
                out = model(*xs)
            del out
    w = window_peak(prof)
    base = sum(baseline.values())
    return {'baselineBytes': base, 'terms': baseline, 'peakBytes': base + w['peak'], 'windowPeakBytes': w['peak'],
            'peakAt': where_label(w['where']), 'bytesLeftInWindow': w['end']}


def saved_tensor_bytes(entry, model, xs, ys):
    """What autograd saves for backward in one forward + loss (distinct storages), as the CUDA truth's saved_total."""
    saved = {}

    def pack(t):
        s = t.storage()
        saved[s.data_ptr()] = s.nbytes()
        return t

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        loss = total_loss(entry, model(*xs), ys)
    del loss
    total = sum(saved.values())
    params_and_inputs = {t.storage().data_ptr() for t in list(model.parameters()) + xs}
    activations = sum(n for ptr, n in saved.items() if ptr not in params_and_inputs)
    return {'savedTotalBytes': total, 'savedActivationsOnlyBytes': activations}


def train_step(entry, model, opt, xs, ys):
    with record_function('forward'):
        outs = model(*xs)
    with record_function('loss'):
        loss = total_loss(entry, outs, ys)
    # outs stays referenced until the step ends, as in the CUDA truth's `out = model(x)`.
    with record_function('backward'):
        loss.backward()
    with record_function('optimizer'):
        opt.step()
    return loss.item()


def measure_training(entry, model, xs, ys, adam_kwargs):
    model.train()
    opt = torch.optim.Adam(model.parameters(), **adam_kwargs)
    opt.zero_grad(set_to_none=True)
    train_step(entry, model, opt, xs, ys)  # warm-up: creates Adam's state
    opt.zero_grad(set_to_none=True)  # the measured step's first call, before the window (see the module docstring)
    baseline = {'parameterBytes': storage_bytes(model.parameters()), 'bufferBytes': storage_bytes(model.buffers()),
                'optimizerStateBytes': storage_bytes(adam_state_tensors(opt)), 'inputBytes': storage_bytes(xs),
                'targetBytes': storage_bytes(ys)}
    with profile(activities=[ProfilerActivity.CPU], profile_memory=True) as prof:
        train_step(entry, model, opt, xs, ys)
    w = window_peak(prof)
    grads = storage_bytes(p.grad for p in model.parameters())
    base = sum(baseline.values())
    saved = saved_tensor_bytes(entry, model, xs, ys)
    second = base + grads + saved['savedActivationsOnlyBytes']
    phase_end = w['phase_end']
    return {
        'baselineBytes': base, 'terms': baseline, 'peakBytes': base + w['peak'], 'windowPeakBytes': w['peak'],
        'peakAt': where_label(w['where']),
        'phasePeakBytes': {p: base + w['phase_peaks'][p] for p in PHASES if p in w['phase_peaks']},
        'forwardEndBytes': base + phase_end.get('loss', phase_end.get('forward', 0)),
        'gradientsReadyBytes': base + phase_end.get('backward', 0),
        'gradientBytes': grads,
        'bytesLeftInWindow': w['end'],
        **saved,
        'secondMethodBytes': second,
        'secondMethodIs': 'weights + buffers + Adam state + inputs + targets + gradients + saved activations',
    }


def measure(entry, builder, batch, adam_kwargs=None, mkldnn=True):
    torch.manual_seed(SEED)
    gen = torch.Generator().manual_seed(SEED)
    model = builder()
    xs, ys = make_data(entry, model, batch, gen)
    previous = torch.backends.mkldnn.enabled
    torch.backends.mkldnn.enabled = mkldnn
    try:
        t0 = time.process_time()
        inference = measure_inference(model, xs)
        training = measure_training(entry, model, xs, ys, adam_kwargs or {})
        return {'inference': inference, 'training': training, 'cpuSeconds': round(time.process_time() - t0, 2)}
    finally:
        torch.backends.mkldnn.enabled = previous


def count_params(builder):
    model = builder()
    params = sum(p.numel() for p in model.parameters())
    # Keras counts BatchNorm's moving mean and variance as (non-trainable) weights; PyTorch keeps them as buffers.
    running = sum(b.numel() for n, b in model.named_buffers() if n.endswith(('running_mean', 'running_var')))
    return params, running


def truth_networks():
    return json.loads(CUDA_TRUTH.read_text())['networks'] if CUDA_TRUTH.exists() else {}


def cuda_comparison(results):
    """The CUDA truth's cuDNN-off (and on) peaks next to the CPU ones measured here, for the same network and batch."""
    if not CUDA_TRUTH.exists():
        return None
    truth = json.loads(CUDA_TRUTH.read_text())
    rows = []
    for name, model in results.items():
        key = model.get('cudaTruth')
        if not key:
            continue
        net = truth['networks'][key]
        for batch, figures in model['batches'].items():
            cuda = net.get(f'batch{batch}')
            if not cuda:
                continue
            row = {'network': key, 'corpusModel': name, 'batch': int(batch)}
            for kind, cpu_key, cuda_key in (('training', 'training', 'train_step_peak_bytes'),
                                            ('inference', 'inference', 'inference_peak_bytes')):
                cpu = figures[cpu_key]['peakBytes']
                off, on = cuda['cudnn_off'][cuda_key], cuda['cudnn_on'][cuda_key]
                row[kind] = {'cpuPeakBytes': cpu, 'cudaCudnnOffPeakBytes': off, 'cudaCudnnOnPeakBytes': on,
                             'cpuOverCudnnOff': round(cpu / off, 4), 'cpuOverCudnnOn': round(cpu / on, 4)}
            row['savedTotal'] = {'cpu': figures['training']['savedTotalBytes'], 'cuda': cuda['saved_total']}
            row['savedActivationsOnly'] = {'cpu': figures['training']['savedActivationsOnlyBytes'],
                                           'cuda': cuda['saved_activations_only']}
            rows.append(row)
    return {'source': str(CUDA_TRUTH.relative_to(ROOT.parent)), 'measuredOn': truth.get('measured_on'), 'rows': rows}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--only', help='comma-separated corpus model names')
    parser.add_argument('--out', help='output file (default: the truth file, or stdout with --only)')
    parser.add_argument('--variants', action='store_true',
                        help='also measure the CUDA truth networks at its batch sizes with Adam(foreach=True) (CUDA\'s '
                             'default in PyTorch 2.x), and at its smallest batch with oneDNN off (native convolutions)')
    args = parser.parse_args()
    index = json.loads(INDEX.read_text())
    equivalents = load_equivalents()
    only = args.only.split(',') if args.only else None
    entries = [m for m in index['models'] if m.get('pytorch') and (only is None or m['name'] in only)]
    if only and len(entries) != len(only):
        sys.exit(f'unknown (or not in PyTorch) in --only: {only}')

    started = time.time()
    results = {}
    for entry in entries:
        t0 = time.time()
        spec = entry['pytorch']
        builder = getattr(equivalents, spec['builder'])
        params, running = count_params(builder)
        batches = {}
        for batch in sorted(set(entry['batchSizes'] + entry.get('pytorchExtraBatchSizes', []))):
            batches[str(batch)] = measure(entry, builder, batch)
        results[entry['name']] = {'builder': spec['builder'], 'params': params, 'batchNormRunningStats': running,
                                  'cudaTruth': spec.get('cudaTruth'), 'batches': batches}
        line = '; '.join(f"b{b}: train {f['training']['peakBytes']} ({f['training']['peakAt']}), "
                         f"infer {f['inference']['peakBytes']}" for b, f in batches.items())
        print(f'{entry["name"]} ({time.time() - t0:.1f} s): {line}', file=sys.stderr)

    variants = None
    if args.variants:
        variants = {}
        for entry in entries:
            if entry['pytorch'].get('cudaTruth') not in truth_networks():
                continue
            builder = getattr(equivalents, entry['pytorch']['builder'])
            truth_batches = [int(b[len('batch'):]) for b in truth_networks()[entry['pytorch']['cudaTruth']]
                             if b.startswith('batch')]
            for batch in truth_batches:
                for label, kwargs, mkldnn in (('adamForeach', {'foreach': True}, True), ('oneDnnOff', {}, False)):
                    # Native convolutions (oneDNN off) take about 30 s per sample of seed_ram_cnn here: smallest batch only.
                    if not mkldnn and batch != min(truth_batches):
                        continue
                    t0 = time.time()
                    variants.setdefault(entry['name'], {}).setdefault(str(batch), {})[label] = \
                        measure(entry, builder, batch, kwargs, mkldnn)
                    print(f'{entry["name"]} b{batch} {label} ({time.time() - t0:.1f} s)', file=sys.stderr)

    doc = {
        'what': 'Measured absolute peaks of live tensor bytes of PyTorch on the CPU for one Adam training step and '
                'for inference; see README.md next to this file.',
        'torchVersion': torch.__version__,
        'date': datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
        'machine': {'cpu': platform.processor() or platform.machine(), 'cpuModel': cpu_model(),
                    'logicalCores': os.cpu_count(), 'torchThreads': torch.get_num_threads(),
                    'oneDnn': torch.backends.mkldnn.is_available(), 'python': platform.python_version(),
                    'os': f'{platform.system()} {platform.release()}'},
        'seed': SEED,
        'totalSeconds': round(time.time() - started, 1),
        'procedure': [
            'torch.manual_seed(13); model from test/fixtures/memory-corpus/pytorch_equivalents.py; inputs torch.randn, '
            'labels torch.randint (a torch.Generator seeded 13); mse targets torch.randn of the output shape',
            'inference: model.eval(), torch.no_grad(), a warm-up call, then out = model(*inputs) inside the profiler',
            'training: model.train(), torch.optim.Adam(model.parameters()) with defaults (foreach off: 1.13\'s default '
            'on the CPU); a warm-up step; zero_grad(set_to_none=True); then one step inside the profiler: out = '
            'model(*inputs), loss (cross_entropy on logits, a final Keras softmax folded in; mse; summed for several '
            'outputs), loss.backward(), opt.step()',
            'peakBytes = baselineBytes (the distinct storages of parameters, buffers, Adam state, inputs and targets, '
            'which exist before the window) + windowPeakBytes (the maximum of the running sum of the profiler\'s '
            'signed allocation sizes, checked equal to the allocator\'s running total)',
            'phasePeakBytes: absolute peak within each record_function range (forward, loss, backward, optimizer); '
            'forwardEndBytes: live when the loss is computed; gradientsReadyBytes: live after backward',
            'savedTotalBytes / savedActivationsOnlyBytes: distinct storages autograd saves in one forward + loss '
            '(torch.autograd.graph.saved_tensors_hooks), with / without parameters and inputs (the CUDA truth file\'s '
            'saved_total / saved_activations_only)',
        ],
        'models': results,
        'cudaComparison': cuda_comparison(results),
    }
    if variants is not None:
        doc['variants'] = variants
    text = json.dumps(doc, indent=1) + '\n'
    out = args.out or (None if only else str(DEFAULT_OUT))
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(text)
        print(f'wrote {out} ({doc["totalSeconds"]} s)', file=sys.stderr)
    else:
        sys.stdout.write(text)


def cpu_model():
    try:
        for line in Path('/proc/cpuinfo').read_text().splitlines():
            if line.startswith('model name'):
                return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


if __name__ == '__main__':
    main()
