// An nn.Module's Python protocol as model code uses it: `self.x = …` registering submodules and parameters,
// attribute lookup (children, attributes, the file class's methods, a catalogue module's weights and plain arguments),
// container construction and methods (append, extend, add_module, register_buffer, items, children, modules…),
// indexing and slicing Sequential/ModuleList/ModuleDict, iteration, and `super()` up to the nn base.
import type { CallArgs } from './bindArgs';
import type * as A from './ast';
import type { Span } from '../trace';
import { ModuleObject, namedModules, ownParameters, type ContainerKind } from './moduleObject';
import { dictKey } from './operators';
import type { TorchRuntime } from './torchRuntime';
import { asInt, isModule, isTensor, isUnknown, list, tuple, typeName, type ParamHandle, type PyValue, type SuperProxy } from './values';

/** Module methods that change nothing the analysis reads, returning the module (`.eval()`, `.to(device)`). */
const RETURNS_SELF = new Set(['eval', 'train', 'to', 'cuda', 'cpu', 'float', 'double', 'half', 'requires_grad_', 'type', 'share_memory']);
const RETURNS_NONE = new Set(['zero_grad', 'load_state_dict', 'register_forward_hook', 'register_forward_pre_hook', 'register_full_backward_hook']);
const OPAQUE_RESULTS = new Set(['buffers', 'named_buffers', 'state_dict']);
const MODULE_METHODS = new Set([
  'append', 'extend', 'insert', 'add_module', 'register_module', 'register_buffer', 'register_parameter', 'children',
  'modules', 'named_children', 'named_modules', 'items', 'keys', 'values', 'forward', 'apply', 'pop', 'update',
  'parameters', 'named_parameters',
  ...RETURNS_SELF, ...RETURNS_NONE, ...OPAQUE_RESULTS,
]);
/** Constructor arguments PyTorch normalises (an int kernel_size becomes a tuple): reading them back is not followed. */
const NORMALISED_ARGS = new Set(['kernel_size', 'stride', 'padding', 'dilation', 'output_padding', 'output_size']);

/** nn.Sequential(*mods | OrderedDict), nn.ModuleList(iterable), nn.ModuleDict(dict | pairs): children in order. */
export function initContainer(rt: TorchRuntime, m: ModuleObject, kind: ContainerKind, args: CallArgs, span: Span): void {
  const a = args.positional.map((x) => x.value);
  const add = (key: string, v: PyValue): void => {
    if (isModule(v)) m.children.set(key, v);
    else if (!isUnknown(v)) rt.error(`nn.${kind}: ${typeName(v)} is not a Module subclass.`, span);
  };
  switch (kind) {
    case 'Sequential': {
      const only = a[0];
      if (a.length === 1 && typeof only === 'object' && only !== null && only.t === 'dict') {
        for (const [k, v] of only.map) add(String(k), v);
      } else {
        a.forEach((v, i) => add(String(i), v));
      }
      return;
    }
    case 'ModuleList': {
      if (a[0] === undefined || a[0] === null) return;
      const items = rt.py.iterate(a[0], span);
      if (!items) { rt.py.unknownAt(`nn.ModuleList of a ${typeName(a[0])}`, span); return; }
      items.forEach((v, i) => add(String(i), v));
      return;
    }
    case 'ModuleDict': {
      const src = a[0];
      if (src === undefined || src === null) return;
      if (typeof src === 'object' && src.t === 'dict') for (const [k, v] of src.map) add(String(k), v);
      else {
        const items = rt.py.iterate(src, span);
        if (!items) { rt.py.unknownAt(`nn.ModuleDict of a ${typeName(src)}`, span); return; }
        for (const pair of items) if (typeof pair === 'object' && pair !== null && (pair.t === 'tuple' || pair.t === 'list')) add(String(pair.items[0]), pair.items[1]);
      }
      return;
    }
    case 'Module':
      return;
  }
}

export function moduleAttribute(rt: TorchRuntime, m: ModuleObject, name: string, span: Span): PyValue {
  const child = m.children.get(name);
  if (child) return child;
  if (m.attrs.has(name)) return m.attrs.get(name)!;
  if (name === 'training') return m.training;
  if (m.pyClass) {
    const found = rt.py.classAttribute(m.pyClass, name);
    if (found) return rt.py.member(found.value, m, span);
  }
  if (m.rule && m.weights) {
    const p = m.weights.parameters.find((x) => x.name === name);
    if (p) return { t: 'tensor', shape: [...p.shape], dtype: 'float32', producer: '' };
    const b = m.weights.buffers.find((x) => x.name === name);
    if (b) return { t: 'tensor', shape: [...b.shape], dtype: b.dtype, producer: '' };
  }
  if (m.rule && name in m.args && !NORMALISED_ARGS.has(name)) {
    const v = m.args[name];
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || v === null) return v;
  }
  if (MODULE_METHODS.has(name)) return { t: 'method', self: m, name };
  return rt.py.unknownAt(`${m.className}.${name} is not followed`, span);
}

export function setModuleAttribute(rt: TorchRuntime, m: ModuleObject, name: string, value: PyValue, _valueExpr?: A.Expr): void {
  if (isModule(value)) {
    m.attrs.delete(name);
    m.children.set(name, value);
    return;
  }
  if (value === null && m.children.has(name)) m.children.delete(name);
  if (isTensor(value) && rt.parameterTensors.has(value)) {
    const i = m.ownParameters.findIndex((p) => p.name === name);
    if (value.shape && value.shape.every((d) => d !== null)) {
      const param = { name, shape: value.shape as number[] };
      if (i >= 0) m.ownParameters[i] = param;
      else m.ownParameters.push(param);
    } else {
      m.ownParametersUnknown = true;
    }
  }
  m.attrs.set(name, value);
}

export function superAttribute(rt: TorchRuntime, sup: SuperProxy, name: string, span: Span): PyValue {
  const self = sup.self;
  const cls = isModule(self) ? self.pyClass : typeof self === 'object' && self !== null && self.t === 'instance' ? self.cls : undefined;
  if (cls) {
    const found = rt.py.classAttribute(cls, name, sup.after);
    if (found) return rt.py.member(found.value, self, span);
  }
  if (isModule(self)) return { t: 'method', self, name: `super.${name}` };
  if (name === '__init__') return { t: 'builtin', name: 'ignored' };
  return rt.py.unknownAt(`super().${name} is not followed`, span);
}

export function moduleMethod(rt: TorchRuntime, m: ModuleObject, name: string, args: CallArgs, span: Span): PyValue {
  const a = args.positional.map((x) => x.value);
  const kind = m.container;
  switch (name) {
    case 'super.__init__':
      initContainer(rt, m, kind ?? 'Module', args, span);
      return null;
    case 'super.forward': case 'forward':
      return rt.runModule(m, args, span).output;
    case 'append':
      if (isModule(a[0])) m.children.set(String(m.children.size), a[0]);
      else if (!isUnknown(a[0])) return rt.error(`${m.className}.append: ${typeName(a[0])} is not a Module subclass.`, span);
      return m;
    case 'extend': {
      const items = rt.py.iterate(a[0], span);
      if (!items) return rt.py.unknownAt(`${m.className}.extend of a ${typeName(a[0])}`, span);
      for (const v of items) if (isModule(v)) m.children.set(String(m.children.size), v);
      return m;
    }
    case 'insert': {
      const i = asInt(a[0]);
      if (i === undefined || !isModule(a[1])) return rt.py.unknownAt(`${m.className}.insert with an unknown index or module`, span);
      const items = [...m.children.values()];
      items.splice(i < 0 ? items.length + i : i, 0, a[1]);
      m.children.clear();
      items.forEach((v, j) => m.children.set(String(j), v));
      return null;
    }
    case 'add_module': case 'register_module':
      if (typeof a[0] !== 'string') return rt.py.unknownAt(`${name} with a name that is not a known string`, span);
      if (isModule(a[1])) setModuleAttribute(rt, m, a[0], a[1]);
      else if (a[1] === null) m.children.delete(a[0]);
      return null;
    case 'register_buffer': {
      if (typeof a[0] !== 'string') return rt.py.unknownAt('register_buffer with a name that is not a known string', span);
      const t = a[1];
      if (isTensor(t) && t.shape && t.shape.every((d) => d !== null)) m.ownBuffers.push({ name: a[0], shape: t.shape as number[], dtype: t.dtype });
      else if (t !== null) m.ownParametersUnknown = true;
      m.attrs.set(a[0], t ?? null);
      return null;
    }
    case 'register_parameter':
      if (typeof a[0] === 'string') setModuleAttribute(rt, m, a[0], a[1] ?? null);
      return null;
    case 'children': return list(uniqueModules([...m.children.values()]));
    case 'modules': return list(namedModules(m).map(([, x]) => x));
    case 'named_children': return list([...m.children].map(([k, v]) => tuple([k, v])));
    case 'named_modules': return list(namedModules(m).map(([k, v]) => tuple([k, v])));
    case 'items': return list([...m.children].map(([k, v]) => tuple([k, v])));
    case 'keys': return list([...m.children.keys()]);
    case 'values': return list([...m.children.values()]);
    case 'pop': {
      const k = typeof a[0] === 'string' ? a[0] : undefined;
      const child = k !== undefined ? m.children.get(k) : undefined;
      if (!child) return rt.py.unknownAt(`${m.className}.pop of an unknown key`, span);
      m.children.delete(k!);
      return child;
    }
    case 'update': {
      const src = a[0];
      if (typeof src === 'object' && src !== null && src.t === 'dict') for (const [k, v] of src.map) if (isModule(v)) m.children.set(String(k), v);
      return null;
    }
    case 'apply': return m;
    case 'parameters': return list(namedParameters(m).map(([, p]) => p));
    case 'named_parameters': return list(namedParameters(m).map(([n, p]) => tuple([n, p])));
  }
  if (name === 'requires_grad_') {
    const flag = a[0] ?? args.keywords.get('requires_grad')?.value ?? true;
    if (typeof flag !== 'boolean') return rt.py.unknownAt('requires_grad_ with a flag that is not a known bool', span);
    for (const [, p] of namedParameters(m)) setRequiresGrad(p, flag);
    return m;
  }
  if (RETURNS_SELF.has(name)) {
    if (name === 'train') m.training = a[0] === undefined ? true : a[0] === true;
    if (name === 'eval') m.training = false;
    return m;
  }
  if (RETURNS_NONE.has(name)) return null;
  if (OPAQUE_RESULTS.has(name)) return { t: 'opaque', what: `${m.className}.${name}()` };
  return rt.py.unknownAt(`${m.className}.${name}() is not followed`, span);
}

export function moduleIndex(rt: TorchRuntime, m: ModuleObject, index: PyValue, span: Span): PyValue {
  if (m.container === 'ModuleDict') {
    const k = dictKey(index);
    const child = k !== undefined ? m.children.get(String(k)) : undefined;
    if (!child) return isUnknown(index) ? index : rt.error(`KeyError: '${String(k)}' is not in this ModuleDict.`, span);
    return child;
  }
  if (m.container !== 'Sequential' && m.container !== 'ModuleList') return rt.py.unknownAt(`indexing a ${m.className}`, span);
  const entries = [...m.children];
  if (typeof index === 'object' && index !== null && index.t === 'slice') {
    const picked = rt.py.getItem(tuple(entries.map(([k, v]) => tuple([k, v]))), index, span);
    if (isUnknown(picked) || typeof picked !== 'object' || picked === null || picked.t !== 'tuple') return picked;
    const out = new ModuleObject(m.className, m.container, undefined, m.pyClass);
    picked.items.forEach((pair, i) => {
      const [k, v] = (pair as { items: PyValue[] }).items;
      out.children.set(m.container === 'Sequential' ? String(k) : String(i), v as ModuleObject);
    });
    out.span = m.span;
    return out;
  }
  const i = asInt(index);
  if (i === undefined) return isUnknown(index) ? index : rt.py.unknownAt('an index that is not an int', span);
  const j = i < 0 ? entries.length + i : i;
  if (j < 0 || j >= entries.length) return rt.error(`IndexError: index ${i} is out of range for a ${m.className} of ${entries.length}.`, span);
  return entries[j][1];
}

export function setModuleItem(rt: TorchRuntime, m: ModuleObject, index: PyValue, value: PyValue, span: Span): void {
  if (!isModule(value)) { rt.py.unknownAt(`assigning a ${typeName(value)} into a ${m.className}`, span); return; }
  if (m.container === 'ModuleDict' && typeof index === 'string') { m.children.set(index, value); return; }
  const i = asInt(index);
  const keys = [...m.children.keys()];
  if (i === undefined || keys.length === 0) { rt.py.unknownAt(`assigning into a ${m.className} at an unknown index`, span); return; }
  m.children.set(keys[i < 0 ? keys.length + i : i], value);
}

export function iterateModule(m: ModuleObject): PyValue[] | null {
  if (m.container === 'ModuleDict') return [...m.children.keys()];
  if (m.container === 'Sequential' || m.container === 'ModuleList') return [...m.children.values()];
  return null;
}

function uniqueModules(ms: ModuleObject[]): ModuleObject[] {
  return ms.filter((m, i) => ms.indexOf(m) === i);
}

/** named_parameters(): each module's own parameters, modules in named_modules() order (a shared one once). */
export function namedParameters(root: ModuleObject): [string, ParamHandle][] {
  const out: [string, ParamHandle][] = [];
  for (const [prefix, m] of namedModules(root)) {
    for (const p of ownParameters(m)) out.push([prefix ? `${prefix}.${p.name}` : p.name, { t: 'param', owner: m, name: p.name, shape: p.shape }]);
  }
  return out;
}

export function setRequiresGrad(p: ParamHandle, flag: boolean): void {
  if (flag) p.owner.frozen.delete(p.name);
  else p.owner.frozen.add(p.name);
}

/** `p.requires_grad`, `p.shape`, `p.numel()` … of a parameter handle. */
export function parameterAttribute(p: ParamHandle, name: string): PyValue {
  if (name === 'requires_grad') return !p.owner.frozen.has(p.name);
  if (name === 'shape') return tuple([...p.shape]);
  return { t: 'method', self: p, name };
}

/** `p.requires_grad_(False)`, `p.numel()`, `p.dim()`; other methods change values, not what the analysis reads. */
export function parameterMethod(p: ParamHandle, name: string, args: CallArgs): PyValue {
  switch (name) {
    case 'requires_grad_': {
      const flag = args.positional[0]?.value ?? args.keywords.get('requires_grad')?.value ?? true;
      if (typeof flag === 'boolean') setRequiresGrad(p, flag);
      return p;
    }
    case 'numel': return p.shape.reduce((a, b) => a * b, 1);
    case 'dim': return p.shape.length;
    case 'size': return tuple([...p.shape]);
  }
  return { t: 'opaque', what: `Parameter.${name}()` };
}
