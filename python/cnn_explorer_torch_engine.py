"""CNN Explorer's PyTorch engine: the user's own Python builds their model on PyTorch's meta device and runs it with
forward hooks on every leaf module, so shapes, parameters and buffers are PyTorch's own (issue #12, "Two engines: 2.").

A resident process: `import torch` (seconds) happens once; requests arrive one JSON object per line on stdin and each
reply is one JSON line on stdout. The user's prints go to stderr (stdout carries only replies). On start it writes
{"event": "ready", ...} with the versions, or {"event": "ready", "ok": false, "error": ...} when torch cannot be imported.

Request: {"id": 1, "source": "...", "filename": "/abs/model.py", "entry": null | "Net", "inputShape": [1, 28, 28] | null,
          "dtype": "float32" | "int64"}
Reply:   {"id": 1, "ok": true, "entry": {...}, "candidates": [...], "layers": [...], "output": [...], "fallbacks": [...],
          "notes": [...], "error": null | {...}, "timings": {...}}
Each request runs the source in a fresh namespace (`__name__` is not "__main__", so a training script's main block does
not run), under torch.manual_seed(0), with every tensor factory put on the meta device: no memory, no data. The model runs
at batch 2 and at batch 3 and a dimension that follows the batch is written null (as scripts/oracle/pytorch_shapes.py
does). A leaf the meta device cannot run (MaxPool3d in 1.13) runs on CPU zeros instead, and the reply says which.
Works with Python >= 3.8 and torch >= 1.13 (1.13 has no `with torch.device('meta')`: a TorchFunctionMode adds
device='meta' to factory calls instead).
"""
import ast
import builtins
import copy
import gc
import json
import linecache
import os
import re
import subprocess
import sys
import time
import traceback
import warnings

BATCHES = (2, 3)
SEED = 0
NAMESPACE_NAME = '__cnn_explorer_model__'
PLAIN = (bool, int, float, str, type(None))


def first_line(text):
    text = str(text).strip()
    return text.split('\n')[0] if text else ''


def package_version(torch):
    """The installed package's version where torch.__version__ is unreliable (Debian's 1.13.1 says 1.13.0a0)."""
    where = os.path.realpath(getattr(torch, '__file__', '') or '')
    if where.startswith('/usr/lib/python3/dist-packages/'):
        try:
            out = subprocess.run(['dpkg-query', '-W', '-f', '${Version}', 'python3-torch'], capture_output=True, text=True, timeout=5)
            if out.returncode == 0 and out.stdout.strip():
                return 'python3-torch ' + out.stdout.strip()
        except Exception:
            pass
    try:
        from importlib import metadata
        return metadata.version('torch')
    except Exception:
        return None


# ---------------------------------------------------------------------------------------------------------- meta device

def make_meta_mode(torch):
    from torch.overrides import TorchFunctionMode

    factories = {getattr(torch, n) for n in ('empty', 'zeros', 'ones', 'full', 'rand', 'randn', 'randint', 'randperm',
                                              'arange', 'linspace', 'logspace', 'eye', 'tensor', 'as_tensor',
                                              'empty_strided', 'normal') if hasattr(torch, n)}
    moves = {torch.Tensor.to, torch.Tensor.cuda, torch.Tensor.cpu}
    canonical = canonical_names(torch)

    class MetaMode(TorchFunctionMode):
        """Factory calls without a device go to the meta device; `.to(device)`, `.cuda()`, `.cpu()` of a meta tensor
        keep it there (a notebook's `model.to(device)` must not copy out of meta). While a forward runs, the torch
        functions the user's own code calls (F.relu, x.view, +, torch.cat; not those inside a leaf module) are recorded
        as calls, as the static engine records them."""
        enabled = True
        recorder = None

        def __torch_function__(self, func, types, args=(), kwargs=None):
            kwargs = dict(kwargs or {})
            recorder = MetaMode.recorder
            if recorder is not None and MetaMode.enabled and func in canonical:
                result = self.rewrite(func, args, kwargs)
                recorder.record_function(canonical[func], args, kwargs, result)
                return result
            return self.rewrite(func, args, kwargs)

        def rewrite(self, func, args, kwargs):
            if MetaMode.enabled:
                if func in factories and kwargs.get('device') is None:
                    kwargs['device'] = 'meta'
                elif func in moves and args and isinstance(args[0], torch.Tensor) and args[0].is_meta:
                    tensor = args[0]
                    if func is not torch.Tensor.to:
                        return tensor
                    # .to(device), .to(device, dtype), .to(other), .to(dtype): keep only the dtype.
                    dtypes = [a.dtype if isinstance(a, torch.Tensor) else a for a in args[1:]
                              if isinstance(a, (torch.Tensor, torch.dtype))]
                    kwargs.pop('device', None)
                    kwargs.pop('non_blocking', None)
                    if not dtypes and kwargs.get('dtype') is None:
                        return tensor
                    return func(tensor, *dtypes[:1], **kwargs)
            return func(*args, **kwargs)

    return MetaMode


def canonical_names(torch):
    """Function object → the catalogue's canonical name: `F.relu`, `torch.cat`, `Tensor.view`, `Tensor.__add__`."""
    import torch.nn.functional as F
    names = {}
    for prefix, owner in (('Tensor.', torch.Tensor), ('F.', F), ('torch.', torch)):
        for name in dir(owner):
            if name.startswith('_') and not (prefix == 'Tensor.' and name.startswith('__') and name.endswith('__')):
                continue
            try:
                obj = getattr(owner, name)
            except Exception:
                continue
            if not callable(obj) or isinstance(obj, type):
                continue
            try:
                if obj not in names:
                    names[obj] = prefix + name
            except TypeError:  # unhashable
                continue
    return names


# ------------------------------------------------------------------------------------------------------------- shapes

def flat_tensors(value, torch):
    """Tensors of a hook's inputs or outputs in order, tuples, lists and dicts flattened (an LSTM's (out, (h, c)))."""
    if isinstance(value, torch.Tensor):
        return [value]
    if isinstance(value, (tuple, list)):
        return [t for v in value for t in flat_tensors(v, torch)]
    if isinstance(value, dict):
        return [t for v in value.values() for t in flat_tensors(v, torch)]
    return []


def merge_shapes(a, b, where, odd=None):
    """A shape at batch 2 and at batch 3 → the shape with null where it follows the batch. A dimension that is 2k then
    3k (the batch merged into it, as `view(-1, k)` does) or not linear in the batch is written null too, as the static
    engine writes it, and described in `odd` (the Shape type has no `N*k`)."""
    if len(a) != len(b):
        raise EngineError('batch', 'the rank of %s depends on the batch size: %r at batch %d, %r at batch %d'
                          % (where, a, BATCHES[0], b, BATCHES[1]))
    out = []
    for axis, (x, y) in enumerate(zip(a, b)):
        if x == y:
            out.append(x)
            continue
        out.append(None)
        if x == BATCHES[0] and y == BATCHES[1]:
            continue
        if odd is not None:
            k = x // BATCHES[0]
            if x % BATCHES[0] == 0 and y == k * BATCHES[1]:
                odd.append('dimension %d of %s is %d·N (%d at batch %d, %d at batch %d)' % (axis, where, k, x, BATCHES[0], y, BATCHES[1]))
            else:
                odd.append('dimension %d of %s is %d at batch %d and %d at batch %d' % (axis, where, x, BATCHES[0], y, BATCHES[1]))
    return out


def merge_call(a, b, where, notes, layer):
    """One call's shapes from both runs; a note for a call whose outputs merge the batch while its inputs do not."""
    odd_in, odd_out = [], []
    inputs = [merge_shapes(x, y, 'an input of ' + where, odd_in) for x, y in zip(a['inputs'], b['inputs'])]
    outputs = [merge_shapes(x, y, 'an output of ' + where, odd_out) for x, y in zip(a['outputs'], b['outputs'])]
    if odd_out and not odd_in:
        notes.append({'layer': layer, 'site': a['site'], 'message': '; '.join(odd_out) + ': shown as N, it is not the batch'})
    return inputs, outputs


class EngineError(Exception):
    """The engine cannot give an answer for a reason it can word (not PyTorch's error about the model)."""

    def __init__(self, kind, message):
        super().__init__(message)
        self.kind = kind


# ------------------------------------------------------------------------------------------------------ the recording

def leaf_modules(model):
    """(name, module) of every leaf in named_modules() order (a shared module once, under its first name)."""
    return [(name, m) for name, m in model.named_modules() if next(iter(m.children()), None) is None]


def user_frame_position(filename, skip_self=None):
    """(line, col, endLine, endCol) of the innermost frame running the user's file; cols are UTF-8 byte offsets
    (Python 3.11's code positions), None before 3.11. `skip_self`: skip frames whose `self` is that object (a user
    module's own __init__ calling super().__init__())."""
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_filename == filename and (skip_self is None or frame.f_locals.get('self') is not skip_self):
            positions = None
            if hasattr(frame.f_code, 'co_positions') and frame.f_lasti >= 0:
                try:
                    positions = list(frame.f_code.co_positions())[frame.f_lasti // 2]
                except Exception:
                    positions = None
            if positions and positions[0] is not None and positions[2] is not None:
                return [positions[0], positions[2], positions[1], positions[3]]
            return [frame.f_lineno, None, None, None]
        frame = frame.f_back
    return None


class Recorder:
    """Hooks on every module: the stack of modules running (to pin an exception to the innermost one), each leaf
    call's input and output shapes, and which earlier leaf calls made the tensors it consumes (through the autograd
    graph, which the meta device builds without data)."""

    def __init__(self, torch, model, filename, model_input_node, caught=None):
        self.torch = torch
        self.caught = caught if caught is not None else []
        self.warnings_before = {}
        self.filename = filename
        self.stack = []
        self.last_inputs = {}
        self.calls = {}
        self.order = 0
        self.by_node = {model_input_node: ('input', -1)} if model_input_node is not None else {}
        self.by_id = {}
        self.handles = []
        self.leaves = {id(m) for _, m in leaf_modules(model)}
        self.leaf_names = {name for name, _ in leaf_modules(model)}
        self.functions = {}
        seen = set()
        for name, m in model.named_modules():
            if id(m) in seen:
                continue
            seen.add(id(m))
            self.handles.append(m.register_forward_pre_hook(self._pre(name)))
            self.handles.append(m.register_forward_hook(self._post(name, id(m) in self.leaves)))

    def _pre(self, name):
        def hook(module, inputs):
            self.stack.append(name)
            self.last_inputs[name] = inputs
            if id(module) in self.leaves:
                self.warnings_before[name] = len(self.caught)
                module._cnn_explorer_inbound = self.producers_of(inputs)
                module._cnn_explorer_site = user_frame_position(self.filename)
        return hook

    def _post(self, name, leaf):
        def hook(module, inputs, output):
            if self.stack:
                self.stack.pop()
            if not leaf:
                return
            for w in self.caught[self.warnings_before.get(name, len(self.caught)):]:
                if not hasattr(w, 'module'):
                    w.module = name  # a warning PyTorch raised inside this leaf's call
            outs = flat_tensors(output, self.torch)
            self.calls.setdefault(name, []).append({
                'order': self.order,
                'inputs': [list(t.shape) for t in flat_tensors(inputs, self.torch)],
                'outputs': [list(t.shape) for t in outs],
                'args': self.describe_value(inputs),
                'inbound': getattr(module, '_cnn_explorer_inbound', []),
                'site': getattr(module, '_cnn_explorer_site', None),
            })
            for t in outs:
                if t.grad_fn is not None:
                    self.by_node[t.grad_fn] = (name, self.order)
                self.by_id[id(t)] = (name, self.order, t)
            self.order += 1
        return hook

    def record_function(self, canonical, args, kwargs, result):
        """A torch function the user's code called while the model runs (not inside a leaf module), when it returns
        tensors: its canonical name, call site, input and output shapes and where its inputs come from."""
        if not self.stack or self.stack[-1] in self.leaf_names:
            return
        outs = flat_tensors(result, self.torch)
        if not outs:
            return
        site = user_frame_position(self.filename)
        if site is None:
            return
        key = '%s|%s' % (canonical, ','.join(str(v) for v in site))
        inputs = list(args) + list(kwargs.values())
        call = {
            'order': self.order,
            'inputs': [list(t.shape) for t in flat_tensors(inputs, self.torch)],
            'outputs': [list(t.shape) for t in outs],
            'args': self.describe_value(list(args)),
            'kwargs': {k: self.describe_value(v) for k, v in kwargs.items()},
            'inbound': self.producers_of(inputs),
            'site': site,
        }
        entry = self.functions.get(key)
        if entry is None:
            entry = self.functions[key] = {'canonical': canonical, 'site': site, 'calls': []}
        entry['calls'].append(call)
        tag = (key, self.order)
        for t in outs:
            if t.grad_fn is not None:
                self.by_node[t.grad_fn] = tag
            self.by_id[id(t)] = tag + (t,)
        self.order += 1

    def describe_value(self, value):
        """A hook's positional inputs as plain JSON with concrete shapes: tensors {shape, dtype}, tuples as lists."""
        if isinstance(value, self.torch.Tensor):
            return {'shape': list(value.shape), 'dtype': str(value.dtype).replace('torch.', '')}
        if isinstance(value, (tuple, list)):
            return [self.describe_value(v) for v in value]
        plain = plain_value(value)
        return {'type': type(value).__name__} if plain is Ellipsis else plain

    def producers_of(self, inputs):
        """Names of the leaves (or `input`) whose outputs these tensors come from, in the order those ran."""
        found = {}
        for t in flat_tensors(inputs, self.torch):
            fn = t.grad_fn
            if fn is None:
                known = self.by_id.get(id(t))
                if known is not None and known[2] is t:
                    found[known[0]] = known[1]
                continue
            seen = set()
            stack = [fn]
            while stack:
                node = stack.pop()
                if node is None or node in seen:
                    continue
                seen.add(node)
                known = self.by_node.get(node)
                if known is not None:
                    found[known[0]] = known[1]
                    continue
                stack.extend(n for n, _ in node.next_functions)
        return [name for name, _ in sorted(found.items(), key=lambda item: item[1])]

    def remove(self):
        for h in self.handles:
            h.remove()


# ------------------------------------------------------------------------------------------------------ the request

class Engine:
    def __init__(self, torch):
        self.torch = torch
        self.nn = torch.nn
        self.MetaMode = make_meta_mode(torch)

    # -- the entry ------------------------------------------------------------------------------------------------
    def candidates(self, tree, namespace):
        """Module-level nn.Module instances (assignment order) and the file's nn.Module classes."""
        instances, classes = [], []
        for node in tree.body:
            if isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for t in targets:
                    if isinstance(t, ast.Name) and isinstance(namespace.get(t.id), self.nn.Module):
                        instances.append(t.id)
            elif isinstance(node, ast.ClassDef):
                value = namespace.get(node.name)
                if isinstance(value, type) and issubclass(value, self.nn.Module):
                    classes.append(node)
        return instances, classes

    def pick_entry(self, tree, namespace, requested):
        instances, classes = self.candidates(tree, namespace)
        names = list(dict.fromkeys(instances)) + [c.name for c in classes if c.name not in instances]
        if requested:
            if requested not in namespace:
                raise EngineError('entry', '%s is not defined at module level (models here: %s)'
                                  % (requested, ', '.join(names) or 'none'))
            return requested, names
        if instances:
            return instances[-1], names
        used = set()
        for c in classes:
            for node in ast.walk(c):
                if isinstance(node, ast.Name) and node.id != c.name:
                    used.add(node.id)
        outer = [c.name for c in classes if c.name not in used]
        if not outer:
            raise EngineError('entry', 'no nn.Module instance or class at module level')
        # As the static engine: of several outermost classes, the last one that can be built without arguments.
        for name in reversed(outer):
            if not needs_arguments(namespace[name]):
                return name, names
        raise EngineError('entry', '%s cannot be built without arguments: pick a model, or add a module-level instance'
                          % ', '.join(outer))

    # -- one request ----------------------------------------------------------------------------------------------
    def analyse(self, req):
        torch = self.torch
        timings = {}
        t0 = time.perf_counter()
        source = req['source']
        filename = req.get('filename') or '<model>'
        dims = req.get('inputShape')
        dtype = {'int64': torch.int64, 'long': torch.int64}.get(req.get('dtype') or 'float32', torch.float32)
        reply = {'ok': True, 'entry': None, 'candidates': [], 'layers': [], 'functions': [], 'containers': [], 'output': None,
                 'fallbacks': [], 'notes': [], 'warnings': [], 'batchNotes': [], 'error': None}

        # The traceback of the user's code quotes their (possibly unsaved) text.
        lines = source.splitlines(True)
        linecache.cache[filename] = (len(source), None, lines, filename)
        try:
            code = compile(source, filename, 'exec')
            tree = ast.parse(source, filename)
        except SyntaxError as exc:
            reply['error'] = {'phase': 'load', 'kind': 'syntax', 'type': 'SyntaxError', 'message': exc.msg,
                              'line': exc.lineno, 'module': None}
            return reply

        folder = os.path.dirname(os.path.abspath(filename)) if os.path.isabs(filename) else None
        modules_before = set(sys.modules)
        cwd_before = os.getcwd()
        if folder:
            # As `python model.py` from its folder: local imports and relative paths resolve there.
            sys.path.insert(0, folder)
            try:
                os.chdir(folder)
            except OSError:
                pass
        mode = self.MetaMode()
        construction_sites = {}
        original_init = self.nn.Module.__init__

        def recording_init(module, *args, **kwargs):
            original_init(module, *args, **kwargs)
            site = user_frame_position(filename, skip_self=module)
            if site is not None and id(module) not in construction_sites:
                construction_sites[id(module)] = site

        namespace = {'__name__': NAMESPACE_NAME, '__file__': filename, '__builtins__': builtins}
        try:
            torch.manual_seed(SEED)
            with warnings.catch_warnings(record=True) as caught, mode:
                warnings.simplefilter('always')
                self.nn.Module.__init__ = recording_init
                try:
                    try:
                        exec(code, namespace)
                    except BaseException as exc:
                        raise ModelError('load', exc)
                    entry, names = self.pick_entry(tree, namespace, req.get('entry'))
                    reply['candidates'] = names
                    value = namespace[entry]
                    if isinstance(value, self.nn.Module):
                        model = value
                        reply['entry'] = {'name': entry, 'kind': 'instance', 'className': type(model).__name__}
                    elif isinstance(value, type) and issubclass(value, self.nn.Module):
                        reply['entry'] = {'name': entry, 'kind': 'class', 'className': entry}
                        try:
                            model = value()
                        except BaseException as exc:
                            raise ModelError('build', exc)
                    else:
                        raise EngineError('entry', '%s is a %s, not an nn.Module' % (entry, type(value).__name__))
                finally:
                    self.nn.Module.__init__ = original_init
                model.eval()
                timings['buildSeconds'] = time.perf_counter() - t0
                if dims is None:
                    reply['notes'].append('no input shape: parameters and buffers only (add a "# input: 1x28x28" comment)')
                    runs = None
                else:
                    t1 = time.perf_counter()
                    runs = self.run_batches(model, dims, dtype, filename, reply, caught)
                    timings['forwardSeconds'] = time.perf_counter() - t1
            reply['warnings'] = unique_warnings(caught, filename)
            reply['layers'], reply['containers'] = self.describe(model, runs, construction_sites, reply)
            if runs is not None and len(runs) == 2 and runs[1]['error'] is None:
                reply['output'] = [merge_shapes(a, b, 'the model output') for a, b in zip(runs[0]['output'], runs[1]['output'])]
        except ModelError as exc:
            reply['error'] = self.error_record(exc.phase, exc.exc, filename, [])
        except EngineError as exc:
            reply['error'] = {'phase': 'engine', 'kind': exc.kind, 'type': 'EngineError', 'message': str(exc),
                              'line': None, 'module': None}
        finally:
            if folder and sys.path and sys.path[0] == folder:
                sys.path.pop(0)
            try:
                os.chdir(cwd_before)
            except OSError:
                pass
            for name in set(sys.modules) - modules_before:
                mod_file = getattr(sys.modules.get(name), '__file__', None) or ''
                if folder and os.path.abspath(mod_file).startswith(folder + os.sep):
                    del sys.modules[name]
            linecache.cache.pop(filename, None)
        timings['totalSeconds'] = time.perf_counter() - t0
        reply['timings'] = timings
        return reply

    # -- running ----------------------------------------------------------------------------------------------------
    def make_input(self, dims, dtype, batch):
        torch = self.torch
        if dtype.is_floating_point:
            # A clone of a leaf that requires grad: its autograd node names the model input, and in-place ops on it
            # (x.sub_(mean)) are allowed as on a plain tensor.
            leaf = torch.empty(batch, *dims, dtype=dtype, device='meta', requires_grad=True)
            x = leaf.clone()
            return x, x.grad_fn
        return torch.zeros(batch, *dims, dtype=dtype, device='meta'), None

    def run_batches(self, model, dims, dtype, filename, reply, caught):
        """The forward at batch 2 and 3; a leaf the meta device cannot run is swapped for a CPU run on zeros and the
        forward starts again. Stops at the first batch that fails: that error is the model's."""
        fallbacks = {}
        while True:
            runs = []
            retry = None
            for batch in BATCHES:
                run = self.run_once(model, dims, dtype, batch, filename, caught)
                runs.append(run)
                if run['error'] is not None:
                    failing = run['failingLeaf']
                    if failing is not None and failing[0] not in fallbacks and self.meta_unsupported(run['exception']):
                        retry = failing
                    break
            if retry is None:
                break
            name, module = retry
            fallbacks[name] = module
            self.use_cpu(module)
            reply['fallbacks'].append({'module': name, 'className': type(module).__name__,
                                       'reason': first_line(runs[-1]['exception'])})
        if runs[-1]['error'] is not None:
            error = runs[-1]['error']
            error['batch'] = runs[-1]['batch']
            reply['error'] = error
        return runs

    @staticmethod
    def meta_unsupported(exc):
        text = str(exc)
        return isinstance(exc, NotImplementedError) and "'Meta' backend" in text or 'meta tensor' in text and 'no data' in text

    def run_once(self, model, dims, dtype, batch, filename, caught):
        torch = self.torch
        x, input_node = self.make_input(dims, dtype, batch)
        rec = Recorder(torch, model, filename, input_node, caught)
        if input_node is None:
            rec.by_id[id(x)] = ('input', -1, x)
        run = {'batch': batch, 'calls': rec.calls, 'functions': rec.functions, 'output': None, 'error': None,
               'exception': None, 'failingLeaf': None}
        self.MetaMode.recorder = rec
        try:
            out = model(x)
            run['output'] = [list(t.shape) for t in flat_tensors(out, torch)]
        except Exception as exc:
            run['exception'] = exc
            failing = None
            if rec.stack:
                mods = dict(model.named_modules())
                top = mods.get(rec.stack[-1])
                if top is not None and id(top) in rec.leaves:
                    failing = (rec.stack[-1], top)
            run['failingLeaf'] = failing
            run['error'] = self.error_record('forward', exc, filename, rec.stack)
            if failing is not None and not self.meta_unsupported(exc):
                cpu_message = self.cpu_message(failing[1], rec.last_inputs.get(failing[0], ()))
                if cpu_message:
                    run['error']['metaMessage'] = run['error']['message']
                    run['error']['message'] = cpu_message
        finally:
            self.MetaMode.recorder = None
            rec.remove()
        return run

    def cpu_copy(self, module):
        torch = self.torch
        cpu = copy.deepcopy(module).to_empty(device='cpu')
        with torch.no_grad():
            for t in list(cpu.parameters()) + list(cpu.buffers()):
                t.zero_()
        return cpu

    def to_cpu_zeros(self, value):
        torch = self.torch
        if isinstance(value, torch.Tensor):
            return torch.zeros(value.shape, dtype=value.dtype, device='cpu')
        if isinstance(value, (tuple, list)):
            return type(value)(self.to_cpu_zeros(v) for v in value)
        return value

    def cpu_message(self, module, inputs):
        """PyTorch's own message for a leaf the meta device rejects with fewer words (a conv's channel mismatch says
        only `Invalid channel dimensions` on meta): the same call on CPU zeros."""
        try:
            cpu = self.cpu_copy(module)
            with Disabled(self.MetaMode):
                with self.torch.no_grad():
                    cpu(*self.to_cpu_zeros(tuple(inputs)))
        except Exception as exc:
            return first_line(exc)
        return None

    def use_cpu(self, module):
        """Runs this leaf on CPU zeros from now on; its outputs come back as meta tensors with an autograd node of
        their own, so the layers after it still see where their inputs come from."""
        torch = self.torch
        cpu = self.cpu_copy(module)
        engine = self

        def forward(*args, **kwargs):
            with Disabled(engine.MetaMode):
                with torch.no_grad():
                    out = cpu(*engine.to_cpu_zeros(args), **{k: engine.to_cpu_zeros(v) for k, v in kwargs.items()})
            anchor = torch.zeros((), device='meta', requires_grad=True)

            def back(value):
                if isinstance(value, torch.Tensor):
                    t = torch.empty(value.shape, dtype=value.dtype, device='meta')
                    return t + anchor if t.is_floating_point() else t
                if isinstance(value, (tuple, list)):
                    return type(value)(back(v) for v in value)
                return value
            return back(out)
        module.forward = forward

    # -- the answer -------------------------------------------------------------------------------------------------
    def describe(self, model, runs, construction_sites, reply):
        torch = self.torch
        layers = []
        seen_params = {}
        # Both batches ran: shapes with null for the batch. Else the calls of the run that failed, up to the failure.
        ok = runs is not None and len(runs) == 2 and runs[1]['error'] is None
        for name, module in leaf_modules(model):
            parameters = []
            for pname, p in module.named_parameters():
                if id(p) in seen_params:
                    reply['notes'].append('%s.%s is the same parameter as %s: counted once, there' % (name, pname, seen_params[id(p)]))
                    continue
                seen_params[id(p)] = name + '.' + pname
                entry = {'name': pname, 'shape': list(p.shape)}
                if not p.requires_grad:
                    entry['requiresGrad'] = False
                parameters.append(entry)
            buffers = [{'name': bname, 'shape': list(b.shape), 'dtype': str(b.dtype).replace('torch.', '')}
                       for bname, b in module.named_buffers()]
            calls = []
            if runs is not None:
                calls_a = runs[-1 if not ok else 0]['calls'].get(name, [])
                if ok:
                    calls_b = runs[1]['calls'].get(name, [])
                    if len(calls_a) != len(calls_b):
                        raise EngineError('batch', '%s runs %d times at batch %d and %d times at batch %d'
                                          % (name, len(calls_a), BATCHES[0], len(calls_b), BATCHES[1]))
                    for k, (a, b) in enumerate(zip(calls_a, calls_b)):
                        inputs, outputs = merge_call(a, b, '%s (call %d)' % (name, k + 1), reply['batchNotes'], name)
                        calls.append({
                            'order': a['order'],
                            'inputShapes': inputs,
                            'outputShapes': outputs,
                            'args': a['args'],
                            'inbound': a['inbound'],
                            'site': a['site'],
                        })
                else:  # a model that failed: the calls up to the failure, with concrete sizes at that batch
                    for a in calls_a:
                        calls.append({'order': a['order'], 'inputShapes': a['inputs'], 'outputShapes': a['outputs'],
                                      'args': a['args'],
                                      'inbound': a['inbound'], 'site': a['site'], 'concrete': True})
            layers.append({
                'name': name,
                'className': type(module).__name__,
                'classModule': type(module).__module__,
                'attributes': plain_attributes(module),
                'parameters': parameters,
                'buffers': buffers,
                'site': construction_sites.get(id(module)),
                'calls': calls,
            })
        reply['functions'] = self.describe_functions(runs, ok, reply['batchNotes'])
        containers = []
        for name, module in model.named_modules():
            if next(iter(module.children()), None) is None:
                continue
            own = [{'name': pname, 'shape': list(p.shape)} for pname, p in module.named_parameters(recurse=False)
                   if id(p) not in seen_params]
            own_buffers = [{'name': bname, 'shape': list(b.shape), 'dtype': str(b.dtype).replace('torch.', '')}
                           for bname, b in module.named_buffers(recurse=False)]
            if own or own_buffers:
                containers.append({'name': name, 'className': type(module).__name__, 'parameters': own,
                                   'buffers': own_buffers, 'site': construction_sites.get(id(module))})
        return layers, containers

    @staticmethod
    def describe_functions(runs, ok, notes):
        """The recorded function call sites in order of first execution, each with its calls (merged as leaves')."""
        out = []
        if runs is None:
            return out
        for key, entry in runs[0 if ok else -1]['functions'].items():
            calls_a = entry['calls']
            calls = []
            if ok:
                other = runs[1]['functions'].get(key)
                calls_b = other['calls'] if other else []
                if len(calls_a) != len(calls_b):
                    raise EngineError('batch', '%s runs %d times at batch %d and %d times at batch %d'
                                      % (entry['canonical'], len(calls_a), BATCHES[0], len(calls_b), BATCHES[1]))
                for k, (a, b) in enumerate(zip(calls_a, calls_b)):
                    where = '%s at line %s (call %d)' % (entry['canonical'], entry['site'][0], k + 1)
                    inputs, outputs = merge_call(a, b, where, notes, key)
                    calls.append({
                        'order': a['order'],
                        'inputShapes': inputs,
                        'outputShapes': outputs,
                        'args': a['args'], 'kwargs': a['kwargs'], 'inbound': a['inbound'], 'site': a['site'],
                    })
            else:
                calls = [{'order': a['order'], 'inputShapes': a['inputs'], 'outputShapes': a['outputs'], 'args': a['args'],
                          'kwargs': a['kwargs'], 'inbound': a['inbound'], 'site': a['site'], 'concrete': True}
                         for a in calls_a]
            out.append({'key': key, 'canonical': entry['canonical'], 'site': entry['site'], 'calls': calls})
        return out

    def error_record(self, phase, exc, filename, stack):
        tb = traceback.extract_tb(exc.__traceback__)
        here = [f for f in tb if f.filename == filename]
        message = first_line(exc)
        kind = 'model'
        if isinstance(exc, AttributeError) and re.match(r"module 'torch(\.[\w.]+)?' has no attribute", message):
            kind = 'torch-version'
        elif isinstance(exc, (ImportError, ModuleNotFoundError)):
            kind = 'import'
        elif self.meta_unsupported(exc) or 'Cannot copy out of meta tensor' in message:
            kind = 'meta-unsupported'
        positions = None
        if here and hasattr(here[-1], 'colno') and here[-1].colno is not None:
            f = here[-1]
            positions = [f.lineno, f.colno, f.end_lineno, f.end_colno]
        return {
            'phase': phase, 'kind': kind, 'type': type(exc).__name__, 'message': message,
            'module': stack[-1] if stack else None,
            'line': here[-1].lineno if here else None,
            'position': positions,
            'source': here[-1].line if here else None,
        }


def unique_warnings(caught, filename):
    """Python warnings raised while building and running the model (PyTorch's `padding='same'` copy warning, a
    deprecation), each once, with the user's line when the warning names it."""
    out, seen = [], set()
    for w in caught:
        key = (str(w.message), w.filename, w.lineno, getattr(w, 'module', None))
        if key in seen:
            continue
        seen.add(key)
        out.append({'category': w.category.__name__, 'message': first_line(w.message),
                    'line': w.lineno if w.filename == filename else None, 'module': getattr(w, 'module', None)})
    return out


class ModelError(Exception):
    """The user's code raised: PyTorch's (or Python's) error is the answer."""

    def __init__(self, phase, exc):
        super().__init__(str(exc))
        self.phase = phase
        self.exc = exc


class Disabled:
    """Turns the meta mode's rewriting off for a CPU run inside it."""

    def __init__(self, mode_class):
        self.mode_class = mode_class

    def __enter__(self):
        self.before = self.mode_class.enabled
        self.mode_class.enabled = False

    def __exit__(self, *exc):
        self.mode_class.enabled = self.before


def needs_arguments(cls):
    """Whether calling the class needs an argument (an __init__ parameter without a default)."""
    import inspect
    try:
        signature = inspect.signature(cls)
    except (TypeError, ValueError):
        return False
    return any(p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
               for p in signature.parameters.values())


def plain_value(value):
    if isinstance(value, PLAIN):
        if isinstance(value, float) and value != value:
            return None
        return value
    if isinstance(value, (tuple, list)):
        items = [plain_value(v) for v in value]
        return None if any(i is Ellipsis for i in items) else items
    if type(value).__name__ == 'dtype':
        return str(value).replace('torch.', '')
    return Ellipsis


def plain_attributes(module):
    """The module's constructor-relevant attributes (in_channels, kernel_size, stride, …) as plain JSON values."""
    out = {}
    for key, value in vars(module).items():
        if key.startswith('_') or key == 'training':
            continue
        plain = plain_value(value)
        if plain is not Ellipsis:
            out[key] = plain
    return out


# --------------------------------------------------------------------------------------------------------- the loop

def main():
    replies = os.fdopen(os.dup(1), 'w', encoding='utf-8', buffering=1)
    os.dup2(2, 1)  # prints of the user's code (and of C extensions) go to stderr: stdout carries replies only
    sys.stdout = sys.stderr
    # Requests come on a private copy of stdin; the user's code sees an empty one (an `input()` must not eat a request).
    requests = os.fdopen(os.dup(0), 'r', encoding='utf-8')
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    sys.stdin = open(os.devnull, 'r')

    def send(obj):
        replies.write(json.dumps(obj, allow_nan=False, default=str) + '\n')
        replies.flush()

    versions = {'python': sys.version.split()[0], 'executable': sys.executable}
    t0 = time.perf_counter()
    try:
        import torch
    except BaseException as exc:
        send({'event': 'ready', 'ok': False, **versions,
              'error': {'kind': 'torch-missing' if isinstance(exc, ImportError) else 'torch-import',
                        'type': type(exc).__name__, 'message': first_line(exc)}})
        return 3
    send({'event': 'ready', 'ok': True, **versions, 'torch': torch.__version__, 'torchPackage': package_version(torch),
          'importSeconds': time.perf_counter() - t0})
    engine = Engine(torch)
    for line in requests:
        if not line.strip():
            continue
        req_id = None
        try:
            req = json.loads(line)
            req_id = req.get('id')
            reply = engine.analyse(req)
        except BaseException as exc:  # a fault of the engine itself, never the model's answer
            if isinstance(exc, KeyboardInterrupt):
                raise
            reply = {'ok': False, 'error': {'phase': 'engine', 'kind': 'internal', 'type': type(exc).__name__,
                                            'message': first_line(exc), 'traceback': traceback.format_exc()}}
        reply['id'] = req_id
        send(reply)
        gc.collect()
    return 0


if __name__ == '__main__':
    sys.exit(main())
