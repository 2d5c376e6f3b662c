// Everything the interpreter hands to torch: constructing nn modules (catalogue classes through their rule's
// signature and weights; containers; the file's subclasses), calling modules (a rule's forward, a container's
// children in order, a file class's forward), torch functions and Tensor methods and operators through the
// catalogue, and recording each leaf module call and each recorded functional/op call of a forward run. A module's
// attributes, container methods and indexing are in moduleProtocol.ts.
import { torchCallable, torchModuleRule } from '../../../layers/torch/registry';
import { TorchRuleError, type ArgValue, type CallValue, type ParamSpec } from '../../../layers/torch/types';
import type { CodeFix, Span } from '../trace';
import type * as A from './ast';
import { bindSignature, type ArgIn, type BoundArgs, type CallArgs } from './bindArgs';
import { ruleDiagnostic } from './diagnostics';
import { isContainerClass } from './imports';
import type { Interpreter } from './interpreter';
import { ModuleObject, namedModules, type ContainerKind } from './moduleObject';
import { initContainer } from './moduleProtocol';
import { PyError } from './operators';
import { shapesOf, type CallSiteNames, type ForwardRecorder } from './recorder';
import { fromCallValue, tensorsIn, toArgValue, toCallValue } from './torchValues';
import { isTensor, isUnknown, list, spanOf, tuple, typeName, unknown, type PyValue, type TensorRef } from './values';

const DEFAULT_FORWARD: readonly ParamSpec[] = [{ name: 'input', required: true }];

/** Tensor methods that keep the shape and dtype when the catalogue does not describe them (not `.to`: a dtype may change). */
const SHAPE_KEEPING_METHODS = new Set(['cuda', 'cpu', 'detach', 'contiguous', 'clone', 'requires_grad_']);
const OPERATOR_NAMES: Record<string, string> = {
  '+': 'add', '-': 'sub', '*': 'mul', '/': 'truediv', '//': 'floordiv', '%': 'mod', '**': 'pow', '@': 'matmul',
  '&': 'and', '|': 'or', '^': 'xor', '==': 'eq', '!=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge',
};

export class TorchRuntime {
  /** Set for the forward runs; null while the model is built (module calls then run but are not recorded). */
  recorder: ForwardRecorder | null = null;
  siteNames: CallSiteNames | null = null;
  batch = 2;
  readonly moduleNames = new Map<ModuleObject, string>();
  readonly parameterTensors = new WeakSet<TensorRef>();

  constructor(readonly py: Interpreter) {}

  /** Names every module of `root` as named_modules() does. */
  nameModules(root: ModuleObject): void {
    this.moduleNames.clear();
    for (const [name, m] of namedModules(root)) this.moduleNames.set(m, name);
  }

  error(message: string, span: Span, module?: ModuleObject): PyValue {
    this.py.diags.error(message, span, module);
    return unknown(message, true);
  }

  // ---- construction ----

  constructNn(name: string, args: CallArgs, span: Span): PyValue {
    if (isContainerClass(name)) {
      const m = new ModuleObject(name, name as ContainerKind);
      m.span = spanOf(span);
      initContainer(this, m, name as ContainerKind, args, span);
      return m;
    }
    const rule = torchModuleRule(name);
    if (!rule) {
      const m = new ModuleObject(name, null, undefined, undefined, true);
      m.span = spanOf(span);
      this.py.diags.warn(`torch.nn.${name} is not in CNN Explorer's PyTorch catalogue: its parameters and shapes are not known.`, span, m);
      return m;
    }
    let bound: BoundArgs;
    try {
      bound = bindSignature(rule.signature, args, `nn.${name}`);
    } catch (e) {
      if (e instanceof PyError) return this.error(`nn.${name}: ${e.message}.`, span);
      throw e;
    }
    const m = new ModuleObject(name, null, rule);
    m.span = spanOf(span);
    m.args = Object.fromEntries([...bound.values].map(([k, v]) => [k, toArgValue(v)]));
    m.argSpans = bound.spans;
    m.literalArgSpans = bound.literalSpans;
    try {
      m.weights = rule.weights(m.args);
      if (m.weights === null) {
        const unknownArgs = Object.entries(m.args).filter(([, v]) => isUnknownArg(v)).map(([k]) => k);
        this.py.diags.warn(`The parameters of nn.${name} are not known${unknownArgs.length ? `: ${unknownArgs.join(', ')} ${unknownArgs.length === 1 ? 'is' : 'are'} unknown` : ''}.`, span, m);
      }
    } catch (e) {
      if (!(e instanceof TorchRuleError)) return this.ruleFailure(`nn.${name}`, e, span);
      this.py.diags.add({ ...ruleDiagnostic('error', e.message, e.arg, e.replacement, m.literalArgSpans, span, this.py.text), module: m });
    }
    return m;
  }

  constructFileModule(cls: import('./values').PyClass, base: string, args: CallArgs, span: Span): PyValue {
    if (!isContainerClass(base)) {
      const m = new ModuleObject(cls.name, null, undefined, cls, true);
      m.span = spanOf(span);
      this.py.diags.warn(`${cls.name} subclasses torch.nn.${base}; such subclasses are not followed: its parameters and shapes are not known.`, span, m);
      return m;
    }
    const m = new ModuleObject(cls.name, base as ContainerKind, undefined, cls);
    m.span = spanOf(span);
    const init = this.py.classAttribute(cls, '__init__');
    if (init && typeof init.value === 'object' && init.value !== null && init.value.t === 'function') {
      this.py.callFunction(init.value, args, m, span);
    } else {
      initContainer(this, m, base as ContainerKind, args, span);
    }
    return m;
  }

  makeParameter(args: CallArgs): PyValue {
    const data = args.positional[0]?.value;
    if (!isTensor(data)) return data === undefined ? unknown('nn.Parameter() without data') : isUnknown(data) ? data : unknown(`nn.Parameter of a ${typeName(data)}`);
    const p: TensorRef = { ...data, producer: '' };
    this.parameterTensors.add(p);
    return p;
  }

  iterateTensor(t: TensorRef): PyValue[] | null {
    if (!t.shape || t.shape.length === 0 || t.shape[0] === null) return null;
    const row: TensorRef = { ...t, shape: t.shape.slice(1) };
    return Array.from({ length: t.shape[0] }, () => row);
  }

  // ---- module calls ----

  callModule(m: ModuleObject, args: CallArgs, span: Span): PyValue {
    const blocked = args.positional.find((a) => isUnknown(a.value));
    if (blocked && isUnknown(blocked.value)) {
      if (!blocked.value.reported) this.py.unknownAt(`the input of ${m.className} is unknown (${blocked.value.why})`, span);
      return unknown(blocked.value.why, true);
    }
    const name = this.recorder ? this.moduleNames.get(m) : undefined;
    const recording = this.recorder !== null && name !== undefined && m.isLeaf;
    const derivation: string[] = [];
    const result = this.runModule(m, args, span, derivation);
    let output = result.output;
    if (recording) {
      output = relabel(output, name!);
      this.recorder!.record(name!, {
        inputShapes: shapesOf(args.positional.map((a) => a.value)), outputShapes: shapesOf([output]), span,
        inboundLayers: inbound(args), macs: result.macs, derivation, intermediateElements: result.intermediateElements,
      });
    }
    return output;
  }

  runModule(m: ModuleObject, args: CallArgs, span: Span, derivation: string[] = []): { output: PyValue; macs: number | null; intermediateElements?: number | null } {
    const wrap = (output: PyValue, macs: number | null = null, intermediateElements?: number | null) => ({ output, macs, intermediateElements });
    if (m.pyClass) {
      const fwd = this.py.classAttribute(m.pyClass, 'forward');
      if (fwd && typeof fwd.value === 'object' && fwd.value !== null && fwd.value.t === 'function') {
        return wrap(this.py.callFunction(fwd.value, args, m, span));
      }
    }
    if (m.rule) {
      const r = this.runRule(m, args, span, derivation);
      return wrap(r.output, r.macs, r.intermediateElements);
    }
    if (m.container === 'Sequential') {
      if (args.positional.length !== 1 || args.keywords.size) return wrap(this.error(`${m.className}.forward takes one input; it was given ${args.positional.length + args.keywords.size}.`, span, m));
      let x = args.positional[0].value;
      for (const child of m.children.values()) {
        x = this.callModule(child, { positional: [{ value: x }], keywords: new Map() }, child.span ?? span);
        if (isUnknown(x)) break;
      }
      return wrap(x, 0);
    }
    if (m.unknownClass) return wrap(unknown(`torch.nn.${m.className} is not in the catalogue`, true));
    return wrap(this.error(`${m.className} has no forward(): PyTorch raises NotImplementedError when it is called.`, span, m));
  }

  private runRule(m: ModuleObject, args: CallArgs, span: Span, derivation: string[]): { output: PyValue; macs: number | null; intermediateElements?: number | null } {
    const rule = m.rule!;
    let bound: BoundArgs;
    try {
      bound = bindSignature(rule.forwardSignature ?? DEFAULT_FORWARD, args, `${rule.className}.forward`);
    } catch (e) {
      if (e instanceof PyError) return { output: this.error(`${rule.className}: ${e.message}.`, span, m), macs: null };
      throw e;
    }
    const inputs = Object.fromEntries([...bound.values].map(([k, v]) => [k, toCallValue(v)]));
    // A module forward never reaches through named_modules() (built inside forward) is no layer: its output keeps
    // its input's provenance, as the hooks of PyTorch's engine would see it.
    const name = this.moduleNames.get(m) ?? [...args.positional, ...args.keywords.values()].flatMap((a) => tensorsIn(a.value))[0]?.producer ?? '';
    const blame = (arg: string | undefined): Span => (arg !== undefined ? m.span ?? span : span);
    try {
      const r = rule.forward({
        args: m.args, inputs, training: m.training,
        derive: (line) => derivation.push(line),
        warn: (message, arg, replacement) => this.py.diags.add({ ...ruleDiagnostic('warning', message, arg, replacement, m.literalArgSpans, blame(arg), this.py.text), module: m }),
      });
      return { output: fromCallValue(r.output, name), macs: r.macs, intermediateElements: r.intermediateElements };
    } catch (e) {
      if (!(e instanceof TorchRuleError)) return { output: this.ruleFailure(rule.className, e, span), macs: null };
      this.py.diags.add({ ...ruleDiagnostic('error', e.message, e.arg, e.replacement, m.literalArgSpans, blame(e.arg), this.py.text), module: m });
      return { output: unknown(e.message, true), macs: null };
    }
  }

  private ruleFailure(what: string, e: unknown, span: Span): PyValue {
    const message = e instanceof Error ? e.message : String(e);
    return this.py.unknownAt(`the catalogue's rule for ${what} failed (${message})`, span);
  }

  // ---- torch functions, Tensor methods, operators ----

  callTorchFunction(name: string, args: CallArgs, span: Span): PyValue {
    return this.applyCallable(name, args.positional, args.keywords, span);
  }

  tensorMethod(t: TensorRef, name: string, args: CallArgs, span: Span, receiver?: A.Expr, argList?: Span): PyValue {
    const canonical = `Tensor.${name}`;
    if (!torchCallable(canonical) && SHAPE_KEEPING_METHODS.has(name)) return t;
    return this.applyCallable(canonical, [{ value: t, expr: receiver }, ...args.positional], args.keywords, span, receiver, argList);
  }

  tensorAttribute(t: TensorRef, name: string, span: Span): PyValue {
    switch (name) {
      case 'device': return { t: 'opaque', what: 'a device' };
      case 'dtype': return t.dtype;
      case 'data': return t;
      case 'is_cuda': case 'requires_grad': return false;
      case 'ndim': return t.shape ? t.shape.length : this.py.unknownAt('the rank of this tensor is unknown', span);
      case 'shape': case 'T': case 'mT':
        return this.applyCallable(`Tensor.${name}`, [{ value: t }], new Map(), span);
    }
    return { t: 'method', self: t, name };
  }

  tensorIndex(t: TensorRef, index: PyValue, span: Span, receiver?: A.Expr): PyValue {
    return this.applyCallable('Tensor.__getitem__', [{ value: t, expr: receiver }, { value: index }], new Map(), span);
  }

  tensorOperator(op: string, a: PyValue, b: PyValue, span: Span, inPlace: boolean): PyValue {
    const base = OPERATOR_NAMES[op];
    if (!base) return this.py.unknownAt(`the operator ${op} on tensors is not followed`, span);
    const noKw = new Map<string, ArgIn>();
    if (isTensor(a)) {
      const name = inPlace && torchCallable(`Tensor.__i${base}__`) ? `Tensor.__i${base}__` : `Tensor.__${base}__`;
      return this.applyCallable(name, [{ value: a }, { value: b }], noKw, span);
    }
    return this.applyCallable(`Tensor.__r${base}__`, [{ value: b }, { value: a }], noKw, span);
  }

  tensorUnary(op: string, t: TensorRef, span: Span): PyValue {
    if (op === '+') return t;
    return this.applyCallable(op === '-' ? 'Tensor.__neg__' : 'Tensor.__invert__', [{ value: t }], new Map(), span);
  }

  /** A catalogue function, method or operator: bind, run its rule or op, record it when it is recorded. */
  private applyCallable(canonical: string, positional: readonly ArgIn[], keywords: ReadonlyMap<string, ArgIn>, span: Span, receiver?: A.Expr, argList?: Span): PyValue {
    const callable = torchCallable(canonical);
    if (!callable) return this.py.unknownAt(`${canonical} is not in CNN Explorer's PyTorch catalogue`, span);
    const blocked = [...positional, ...keywords.values()].find((a) => isUnknown(a.value));
    if (blocked && isUnknown(blocked.value)) {
      if (!blocked.value.reported) this.py.unknownAt(`an argument of ${canonical} is unknown (${blocked.value.why})`, span);
      return unknown(blocked.value.why, true);
    }
    const signature = callable.kind === 'op' ? callable.op.signature : callable.form.signature;
    let bound: BoundArgs;
    try {
      bound = bindSignature(signature, { positional, keywords }, canonical);
    } catch (e) {
      if (e instanceof PyError) return this.error(`${canonical}: ${e.message}.`, span);
      throw e;
    }
    const recorded = callable.kind === 'functional' || callable.op.recorded;
    const callArgs = Object.fromEntries([...bound.values].filter(([, v]) => tensorsIn(v).length === 0).map(([k, v]) => [k, toArgValue(v)]));
    const layer = recorded && this.siteNames ? this.siteNames.layerFor(canonical, span, callArgs, bound.spans) : undefined;
    const layerName = layer?.name ?? '';
    const derivation: string[] = [];
    const fixesFor = (arg: string | undefined): CodeFix[] => viewFixes(canonical, arg, receiver, argList, this.py.text);
    const warn = (message: string, arg?: string, replacement?: ArgValue): void =>
      this.py.diags.add({ ...ruleDiagnostic('warning', message, arg, replacement, bound.literalSpans, span, this.py.text, fixesFor(arg)), layer: layer?.name });
    const inputs: Record<string, CallValue> = Object.fromEntries([...bound.values].map(([k, v]) => [k, toCallValue(v)]));
    let output: CallValue;
    let macs: number | null;
    let intermediateElements: number | null | undefined;
    try {
      if (callable.kind === 'op') {
        const r = callable.op.apply({ inputs, batch: this.batch, derive: (l) => derivation.push(l), warn });
        output = r.output;
        macs = r.macs;
      } else {
        const mapped = callable.form.toModule(inputs);
        const r = callable.rule.forward({ args: mapped.args, inputs: mapped.inputs, training: false, derive: (l) => derivation.push(l), warn });
        output = r.output;
        macs = r.macs;
        intermediateElements = r.intermediateElements;
      }
    } catch (e) {
      if (!(e instanceof TorchRuleError)) return this.ruleFailure(canonical, e, span);
      this.py.diags.add({ ...ruleDiagnostic('error', e.message, e.arg, e.replacement, bound.literalSpans, span, this.py.text, fixesFor(e.arg)), layer: layer?.name });
      return unknown(e.message, true);
    }
    const tensorsInInputs = [...positional, ...keywords.values()].flatMap((a) => tensorsIn(a.value));
    const producer = recorded ? layerName : tensorsInInputs[0]?.producer ?? '';
    const value = fromCallValue(output, producer);
    if (layer && this.recorder) {
      const tensorPositional = positional.filter((a) => tensorsIn(a.value).length > 0).map((a) => a.value);
      this.recorder.record(layer.name, {
        inputShapes: shapesOf(tensorPositional), outputShapes: shapesOf([value]), span,
        inboundLayers: inbound({ positional, keywords }), macs, derivation, intermediateElements,
      });
    }
    return value;
  }
}

function isUnknownArg(v: ArgValue): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && (v as { kind: string }).kind === 'unknown';
}


/** The layers whose outputs a call consumes. */
function inbound(args: CallArgs): string[] {
  const out: string[] = [];
  for (const a of [...args.positional, ...args.keywords.values()]) {
    for (const t of tensorsIn(a.value)) if (t.producer && !out.includes(t.producer)) out.push(t.producer);
  }
  return out;
}

/** A leaf's output attributed to the leaf (a file class's forward made it from inner calls). */
function relabel(v: PyValue, producer: string): PyValue {
  if (isTensor(v)) return v.producer === producer ? v : { ...v, producer };
  if (typeof v === 'object' && v !== null && v.t === 'tuple') return tuple(v.items.map((x) => relabel(x, producer)));
  if (typeof v === 'object' && v !== null && v.t === 'list') return list(v.items.map((x) => relabel(x, producer)));
  return v;
}

/** `x.view(-1, 400)` on the wrong size: besides the corrected literal, `x.view(x.size(0), -1)` flattens per sample. */
function viewFixes(canonical: string, arg: string | undefined, receiver: A.Expr | undefined, argList: Span | undefined, text: string): CodeFix[] {
  if ((canonical !== 'Tensor.view' && canonical !== 'Tensor.reshape') || !arg?.startsWith('shape') || !receiver || !argList) return [];
  const recv = text.slice(receiver.from, receiver.to);
  const newText = `${recv}.size(0), -1`;
  return [{ title: `Flatten per sample: ${canonical.slice(7)}(${newText})`, edits: [{ span: argList, newText }] }];
}
