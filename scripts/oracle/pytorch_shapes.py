#!/usr/bin/python3
"""PyTorch as the oracle for the PyTorch corpus (issue #12).

Loads one corpus file (test/fixtures/pytorch-corpus/*.py), builds its entry model, runs it with forward hooks on every
leaf module and prints JSON: per leaf module in named_modules() order its qualified name, class name, the shapes of
every call's inputs and outputs (batch axis as null), its parameters (trainable, non-trainable) and buffers. A file
PyTorch rejects gives the exception's type and message, the module that was running and the file's line.

The batch axis is found, not assumed: the model runs at batch 2 and at batch 3 and a dimension that follows the batch is
written null (or "N*k" when the batch was merged into it, as view(-1, k) does). The same model is then rebuilt on
the meta device (1.13 has no `with torch.device('meta')`; a TorchFunctionMode puts device='meta' into the factory calls
that module constructors make) and run again, whole and leaf by leaf, to record what the meta device cannot run.

Usage:
  /usr/bin/python3 scripts/oracle/pytorch_shapes.py FILE.py            JSON to stdout
  /usr/bin/python3 scripts/oracle/pytorch_shapes.py --write FILE.py... writes expected/<file>.json beside the corpus
  /usr/bin/python3 scripts/oracle/pytorch_shapes.py --check FILE.py... exit 1 when a recorded expected/*.json differs
A notebook (.ipynb) runs as its code cells in order, magics blanked.
Headers a corpus file declares (comments): `# input: 1x28x28` (C x H x W without batch; also `(1, 28, 28)`; an optional
dtype word `int64` for token ids) and `# entry: NAME` (a module-level instance or an nn.Module class built with no
arguments). The oracle also applies the issue's rule (the last module-level nn.Module instance, else the one
nn.Module class of the file that no other class uses) and fails when it disagrees with the declared entry.
"""
import argparse
import ast
import copy
import json
import os
import re
import runpy
import sys
import tempfile
import traceback

import torch
import torch.nn as nn
from torch.overrides import TorchFunctionMode

ALLOWED_IMPORTS = {'torch', 'torch.nn', 'torch.nn.functional', 'math'}
BATCHES = (2, 3)
SEED = 0
DTYPES = {'float32': torch.float32, 'int64': torch.int64, 'long': torch.int64}


def read_headers(source):
    m = re.search(r'^#\s*input:\s*(.+)$', source, re.M)
    if not m:
        raise ValueError('no "# input:" comment')
    words = m.group(1).strip()
    dtype = 'float32'
    dm = re.search(r'\b(int64|long|float32)\s*$', words)
    if dm:
        dtype = 'int64' if dm.group(1) == 'long' else dm.group(1)
        words = words[:dm.start()].strip()
    dims = [int(d) for d in re.findall(r'\d+', words)]
    if not dims:
        raise ValueError('input comment without dimensions: ' + m.group(0))
    e = re.search(r'^#\s*entry:\s*([A-Za-z_][A-Za-z0-9_]*)\s*$', source, re.M)
    return dims, dtype, (e.group(1) if e else None)


def check_imports(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module]
        else:
            continue
        for name in names:
            if name not in ALLOWED_IMPORTS:
                raise ValueError('corpus files import only torch, torch.nn, torch.nn.functional, math: ' + name)


def entry_by_rule(tree, namespace):
    """The issue's rule: the last module-level name bound to an nn.Module instance, else the nn.Module class of the file
    that no other class of the file uses."""
    instances = []
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                if isinstance(t, ast.Name) and isinstance(namespace.get(t.id), nn.Module):
                    instances.append(t.id)
    if instances:
        return instances[-1], {'rule': 'module-level instance', 'candidates': sorted(set(instances))}
    classes = [n for n in tree.body if isinstance(n, ast.ClassDef)
               and isinstance(namespace.get(n.name), type) and issubclass(namespace[n.name], nn.Module)]
    used = set()
    for c in classes:
        for node in ast.walk(c):
            if isinstance(node, ast.Name) and node.id != c.name:
                used.add(node.id)
    outer = [c.name for c in classes if c.name not in used]
    return (outer[0] if len(outer) == 1 else None), {'rule': 'outermost nn.Module class', 'candidates': outer}


def shape_of(value):
    """A tensor's concrete shape; tuples/lists recurse; anything else by its type."""
    if isinstance(value, torch.Tensor):
        return list(value.shape)
    if isinstance(value, (tuple, list)):
        return {'tuple': [shape_of(v) for v in value]}
    if value is None:
        return {'type': 'None'}
    return {'type': type(value).__name__}


def symbolic(a, b):
    """Merge the batch-2 and batch-3 descriptions: equal dims stay, the batch axis becomes null, N*k when merged."""
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            raise ValueError('rank depends on the batch size: %r vs %r' % (a, b))
        out = []
        for x, y in zip(a, b):
            if x == y:
                out.append(x)
            elif x == BATCHES[0] and y == BATCHES[1]:
                out.append(None)
            elif x % BATCHES[0] == 0 and y % BATCHES[1] == 0 and x // BATCHES[0] == y // BATCHES[1]:
                out.append('N*%d' % (x // BATCHES[0]))
            else:
                raise ValueError('dimension not linear in the batch: %r vs %r' % (a, b))
        return out
    if isinstance(a, dict) and 'tuple' in a:
        return {'tuple': [symbolic(x, y) for x, y in zip(a['tuple'], b['tuple'])]}
    return a


def leaf_modules(model):
    return [(name, m) for name, m in model.named_modules() if len(list(m.children())) == 0]


class OracleError(Exception):
    """A failure of the oracle itself (never PyTorch's answer for the model)."""


class Recorder:
    """Forward hooks on every module: calls of leaves (inputs, outputs), and the stack of modules in progress so an
    exception can be pinned to the innermost module that was running."""

    def __init__(self, model, keep_inputs=False):
        self.calls = {}
        self.stack = []
        self.keep_inputs = keep_inputs
        self.handles = []
        leaves = {id(m) for _, m in leaf_modules(model)}
        for name, m in model.named_modules():
            self.handles.append(m.register_forward_pre_hook(self._pre(name)))
            self.handles.append(m.register_forward_hook(self._post(name, id(m) in leaves)))

    def _pre(self, name):
        def hook(module, inputs):
            self.stack.append(name)
        return hook

    def _post(self, name, leaf):
        def hook(module, inputs, output):
            self.stack.pop()
            if leaf:
                try:
                    outs = list(output) if isinstance(output, tuple) else [output]
                    call = {'inputs': [shape_of(i) for i in inputs], 'outputs': [shape_of(o) for o in outs]}
                except Exception as exc:  # a fault of this script must not be recorded as the model's error
                    raise OracleError('recording %s: %r' % (name, exc)) from exc
                if self.keep_inputs:
                    call['args'] = inputs
                self.calls.setdefault(name, []).append(call)
        return hook

    def remove(self):
        for h in self.handles:
            h.remove()


class MetaFactories(TorchFunctionMode):
    """Module constructors call torch.empty(..., device=None) and friends: put those tensors on the meta device."""
    FACTORIES = {torch.empty, torch.zeros, torch.ones, torch.full, torch.rand, torch.randn, torch.arange, torch.tensor,
                 torch.eye, torch.linspace, torch.randint, torch.as_tensor}

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = dict(kwargs or {})
        if func in self.FACTORIES and kwargs.get('device') is None:
            kwargs['device'] = 'meta'
        return func(*args, **kwargs)


def error_record(exc, path, stack):
    tb = traceback.extract_tb(exc.__traceback__)
    here = [f for f in tb if os.path.abspath(f.filename) == os.path.abspath(path)]
    return {
        'type': type(exc).__name__,
        'message': str(exc).strip().split('\n')[0] if str(exc).strip() else '',
        'module': stack[-1] if stack else None,
        'line': here[-1].lineno if here else None,
        'source': here[-1].line if here else None,
    }


def make_input(dims, dtype, batch, device='cpu'):
    gen = torch.Generator().manual_seed(SEED)
    if dtype == 'int64':
        x = torch.zeros(batch, *dims, dtype=torch.int64)
    else:
        x = torch.randn(batch, *dims, generator=gen)
    return x.to(device)


def load(path):
    source = open(path, encoding='utf-8').read()
    tree = ast.parse(source, filename=path)
    check_imports(tree)
    dims, dtype, declared = read_headers(source)
    torch.manual_seed(SEED)
    namespace = runpy.run_path(path, run_name='corpus_model')
    chosen, rule = entry_by_rule(tree, namespace)
    if declared is None:
        declared = chosen
    if chosen != declared:
        raise ValueError('"# entry: %s" but the rule picks %s (%r)' % (declared, chosen, rule))
    return source, tree, dims, dtype, declared, rule


def build(path, entry, meta=False):
    """Runs the file again and returns its entry model (a fresh run, so meta construction covers module-level code)."""
    torch.manual_seed(SEED)
    if meta:
        with MetaFactories():
            namespace = runpy.run_path(path, run_name='corpus_model')
            obj = namespace[entry]
            model = obj if isinstance(obj, nn.Module) else obj()
    else:
        namespace = runpy.run_path(path, run_name='corpus_model')
        obj = namespace[entry]
        model = obj if isinstance(obj, nn.Module) else obj()
    return model.eval()


def run(model, x, keep_inputs=False):
    rec = Recorder(model, keep_inputs)
    try:
        with torch.no_grad():
            out = model(x)
        return rec, out, None
    except OracleError:
        raise
    except Exception as exc:  # the broken corpus: PyTorch's own error is the expected value
        return rec, None, exc
    finally:
        rec.remove()


def param_counts(module, recurse):
    trainable = sum(p.numel() for p in module.parameters(recurse=recurse) if p.requires_grad)
    frozen = sum(p.numel() for p in module.parameters(recurse=recurse) if not p.requires_grad)
    buffers = [{'name': n, 'shape': list(b.shape), 'dtype': str(b.dtype).replace('torch.', '')}
               for n, b in module.named_buffers(recurse=recurse)]
    return trainable, frozen, buffers


def meta_report(path, entry, dims, dtype, cpu_calls, cpu_model):
    """Whole model on meta, then each leaf call again on meta with the CPU run's inputs as meta tensors."""
    report = {'construction': None, 'forward': None, 'leafFailures': [], 'shapeMismatches': []}
    try:
        model = build(path, entry, meta=True)
        on_meta = sorted({str(p.device) for p in list(model.parameters()) + list(model.buffers())})
        report['construction'] = {'ok': True, 'tensorDevices': on_meta}
    except Exception as exc:
        report['construction'] = {'ok': False, 'error': error_record(exc, path, [])}
        model = copy.deepcopy(cpu_model).to('meta')
        report['construction']['fallback'] = 'built on CPU, then .to("meta")'
    rec, out, exc = run(model, make_input(dims, dtype, BATCHES[0], 'meta'))
    if exc is not None:
        report['forward'] = {'ok': False, 'error': error_record(exc, path, rec.stack)}
    else:
        report['forward'] = {'ok': True, 'output': shape_of(out)}
        for name, calls in cpu_calls.items():
            meta_calls = [{'inputs': c['inputs'], 'outputs': c['outputs']} for c in rec.calls.get(name, [])]
            cpu_plain = [{'inputs': c['inputs'], 'outputs': c['outputs']} for c in calls]
            if meta_calls != cpu_plain:
                report['shapeMismatches'].append({'module': name, 'cpu': cpu_plain, 'meta': meta_calls})
    leaves = dict(leaf_modules(cpu_model))
    to_meta = lambda v: (torch.empty_like(v, device='meta') if isinstance(v, torch.Tensor)
                         else type(v)(to_meta(i) for i in v) if isinstance(v, (tuple, list)) else v)
    for name, calls in cpu_calls.items():
        module = copy.deepcopy(leaves[name]).to('meta')
        for i, call in enumerate(calls):
            try:
                with torch.no_grad():
                    module(*to_meta(call['args']))
            except Exception as exc:
                report['leafFailures'].append({'module': name, 'className': type(module).__name__, 'call': i,
                                               'error': {'type': type(exc).__name__,
                                                         'message': str(exc).strip().split('\n')[0]}})
    return report


def notebook_as_script(path):
    """A .ipynb's code cells in order as one script (what running the cells top to bottom executes). IPython magics
    and shell lines (%, !) become blank lines so line numbers stay put; `cells` maps each cell to its first line."""
    nb = json.load(open(path, encoding='utf-8'))
    lines, cells = [], []
    for index, cell in enumerate(nb['cells']):
        if cell.get('cell_type') != 'code':
            continue
        text = ''.join(cell['source']) if isinstance(cell['source'], list) else cell['source']
        cells.append({'cell': index, 'firstLine': len(lines) + 1})
        lines += ['' if l.lstrip().startswith(('%', '!')) else l for l in text.split('\n')]
    out = os.path.join(tempfile.mkdtemp(prefix='pytorch-oracle-'), os.path.basename(path)[:-len('.ipynb')] + '.py')
    with open(out, 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')
    return out, cells


def oracle(path):
    cells = None
    if path.endswith('.ipynb'):
        name = os.path.basename(path)
        path, cells = notebook_as_script(path)
    else:
        name = os.path.basename(path)
    source, tree, dims, dtype, entry, rule = load(path)
    result = {
        'file': name,
        'torch': torch.__version__,
        'input': {'shape': [None] + dims, 'dtype': dtype,
                  'values': 'zeros' if dtype == 'int64' else 'torch.randn with a Generator seeded %d' % SEED},
        'entry': {'name': entry, **rule},
        'batches': list(BATCHES),
    }
    if cells is not None:
        result['notebookCells'] = cells
    runs = []
    for batch in BATCHES:
        model = build(path, entry)
        rec, out, exc = run(model, make_input(dims, dtype, batch), keep_inputs=(batch == BATCHES[0]))
        runs.append((model, rec, out, exc))
        if exc is not None:
            break
    model, rec, out, exc = runs[0]
    leaves = leaf_modules(model)
    if exc is not None:
        result['error'] = error_record(exc, path, rec.stack)
        result['error']['batch'] = BATCHES[0]
    else:
        result['output'] = symbolic(shape_of(out), shape_of(runs[1][2]))
    layers = []
    for name, module in leaves:
        trainable, frozen, buffers = param_counts(module, recurse=True)
        calls_a = rec.calls.get(name, [])
        if exc is None:
            calls_b = runs[1][1].calls.get(name, [])
            calls = [{'inputShapes': [symbolic(x, y) for x, y in zip(a['inputs'], b['inputs'])],
                      'outputShapes': [symbolic(x, y) for x, y in zip(a['outputs'], b['outputs'])]}
                     for a, b in zip(calls_a, calls_b)]
        else:  # a broken model: the batch-2 run up to the error, concrete sizes
            calls = [{'inputShapes': a['inputs'], 'outputShapes': a['outputs']} for a in calls_a]
        layers.append({
            'name': name, 'className': type(module).__name__, 'calls': calls,
            'trainableParams': trainable, 'nonTrainableParams': frozen,
            'bufferElements': sum(b.numel() for b in module.buffers()), 'buffers': buffers,
        })
    result['layers'] = layers
    containers = []
    for name, module in model.named_modules():
        if len(list(module.children())) and (list(module.parameters(recurse=False)) or list(module.buffers(recurse=False))):
            trainable, frozen, buffers = param_counts(module, recurse=False)
            containers.append({'name': name, 'className': type(module).__name__, 'trainableParams': trainable,
                               'nonTrainableParams': frozen, 'buffers': buffers})
    result['containerOwnParams'] = containers
    result['totals'] = {
        'trainableParams': sum(p.numel() for p in model.parameters() if p.requires_grad),
        'nonTrainableParams': sum(p.numel() for p in model.parameters() if not p.requires_grad),
        'bufferElements': sum(b.numel() for b in model.buffers()),
        'leafModules': len(leaves),
        'leafModulesNotCalled': [n for n, _ in leaves if n not in rec.calls] if exc is None else None,
    }
    result['meta'] = meta_report(path, entry, dims, dtype, rec.calls, model)
    return result


def to_json(value, indent=0, width=118):
    """JSON with any value that fits on one line written on one line (a call's shapes, a buffer), so a diff of the
    recorded oracle names the layer that changed."""
    flat = json.dumps(value, separators=(', ', ': '))
    if len(flat) + indent <= width or not isinstance(value, (dict, list)) or not value:
        return flat if indent else flat + '\n'
    pad = ' ' * (indent + 1)
    if isinstance(value, dict):
        items = ['%s%s: %s' % (pad, json.dumps(k), to_json(v, indent + 1, width))
                 for k, v in value.items()]
        text = '{\n' + ',\n'.join(items) + '\n' + ' ' * indent + '}'
    else:
        text = '[\n' + ',\n'.join(pad + to_json(v, indent + 1, width) for v in value) + '\n' + ' ' * indent + ']'
    return text if indent else text + '\n'


def expected_path(path):
    """expected/<file>.json for the corpus, expected/broken/<file>.json for the broken files."""
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.basename(folder) == 'broken':
        return os.path.join(os.path.dirname(folder), 'expected', 'broken', os.path.basename(path) + '.json')
    return os.path.join(folder, 'expected', os.path.basename(path) + '.json')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('files', nargs='+')
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument('--write', action='store_true', help='write expected/<file>.json next to each file')
    mode.add_argument('--check', action='store_true', help='compare with expected/<file>.json')
    args = ap.parse_args()
    status = 0
    for path in args.files:
        result = oracle(path)
        text = to_json(result)
        if args.write:
            os.makedirs(os.path.dirname(expected_path(path)), exist_ok=True)
            with open(expected_path(path), 'w', encoding='utf-8') as f:
                f.write(text)
            print('wrote', expected_path(path), file=sys.stderr)
        elif args.check:
            recorded = json.load(open(expected_path(path), encoding='utf-8'))
            if recorded != json.loads(text):
                print('DIFFERS', path, file=sys.stderr)
                status = 1
        else:
            sys.stdout.write(text)
    sys.exit(status)


if __name__ == '__main__':
    main()
