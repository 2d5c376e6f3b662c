// The PyTorch engine's reply (python/cnn_explorer_torch_engine.py, run by src/pytorchEngine) → a TorchTrace. The
// engine reports what PyTorch did: each leaf's class, attributes, parameters, buffers and calls with shapes, and the
// source positions of its construction and calls. What PyTorch does not say, MACs and the derivation, comes from the
// catalogue's rule for the class, evaluated on PyTorch's own shapes. Positions become spans with the analysed text.
import type { Severity, Shape } from '../../ir';
import { torchCallable, torchModuleRule } from '../../layers/torch/registry';
import type { ArgValue, Args, CallValue, ParamSpec, TensorValue, TorchModuleRule, TorchParameter } from '../../layers/torch/types';
import { callSiteName } from './static/recorder';
import type { Span, TorchTrace, TraceDiagnostic, TracedCall, TracedLayer } from './trace';

/** `[line, col, endLine, endCol]`: 1-based lines; 0-based UTF-8 byte columns, null before Python 3.11. */
export type EnginePosition = readonly [number, number | null, number | null, number | null];

/** A value as the engine describes a hook's inputs: tensors with concrete shapes, tuples as arrays. */
export type EngineValue = { readonly shape: readonly number[]; readonly dtype: string } | { readonly type: string } | ArgValue | readonly EngineValue[];

export interface EngineCall {
  readonly order: number;
  readonly inputShapes: readonly Shape[];
  readonly outputShapes: readonly Shape[];
  /** The positional inputs with the concrete batch (2) shapes. */
  readonly args: EngineValue;
  readonly inbound: readonly string[];
  readonly site: EnginePosition | null;
  /** A call of a model that failed: shapes are concrete at the failing batch. */
  readonly concrete?: boolean;
}

/** A torch function the user's code called during forward (F.relu, x.view, +, torch.cat), at one call site. */
export interface EngineFunction {
  /** `canonical|line,col,endLine,endCol`: how calls' `inbound` name it. */
  readonly key: string;
  /** The catalogue's name: `F.relu`, `Tensor.view`, `Tensor.__add__`, `torch.cat`. */
  readonly canonical: string;
  readonly site: EnginePosition;
  readonly calls: readonly (EngineCall & { readonly kwargs?: Readonly<Record<string, EngineValue>> })[];
}

export interface EngineParameter {
  readonly name: string;
  readonly shape: readonly number[];
  readonly requiresGrad?: boolean;
}

export interface EngineLayer {
  readonly name: string;
  readonly className: string;
  /** The class's Python module (`torch.nn.modules.conv`); a class of the user's file is not the catalogue's. */
  readonly classModule: string;
  readonly attributes: Readonly<Record<string, ArgValue>>;
  readonly parameters: readonly EngineParameter[];
  readonly buffers: readonly { readonly name: string; readonly shape: readonly number[]; readonly dtype: string }[];
  readonly site: EnginePosition | null;
  readonly calls: readonly EngineCall[];
}

export interface EngineError {
  readonly phase: 'load' | 'build' | 'forward' | 'engine';
  /** `model` (PyTorch or Python rejected the code), `torch-version`, `meta-unsupported`, `syntax`, `import`, `entry`, `batch`, `internal`. */
  readonly kind: string;
  readonly type: string;
  readonly message: string;
  readonly module: string | null;
  readonly line: number | null;
  readonly position?: EnginePosition | null;
  readonly batch?: number;
  /** The meta device's own (shorter) message when the CPU rerun gave PyTorch's full one. */
  readonly metaMessage?: string;
}

export interface EngineReply {
  readonly id: number | null;
  readonly ok: boolean;
  readonly entry: { readonly name: string; readonly kind: 'instance' | 'class'; readonly className: string } | null;
  readonly candidates: readonly string[];
  readonly layers: readonly EngineLayer[];
  /** Absent from an engine that records modules only. */
  readonly functions?: readonly EngineFunction[];
  readonly containers: readonly Omit<EngineLayer, 'calls' | 'attributes' | 'classModule'>[];
  readonly output: readonly Shape[] | null;
  readonly fallbacks: readonly { readonly module: string; readonly className: string; readonly reason: string }[];
  readonly notes: readonly string[];
  readonly warnings: readonly { readonly category: string; readonly message: string; readonly line: number | null; readonly module: string | null }[];
  /** Calls whose outputs merge the batch into a dimension (`view(-1, k)`): written null like the batch, described here. */
  readonly batchNotes?: readonly { readonly layer: string; readonly site: EnginePosition | null; readonly message: string }[];
  readonly error: EngineError | null;
  readonly timings?: Readonly<Record<string, number>>;
}

export interface EngineReplyContext {
  /** The text the engine ran (a .py file, or a notebook's code cells joined). */
  readonly text: string;
  /** `torch.__version__`, with the package's version where it differs. */
  readonly torchVersion: string;
  readonly input: TorchTrace['input'];
}

/** The engine's reply → the trace every face reads (through traceToAnalysis). */
export function engineReplyToTrace(reply: EngineReply, context: EngineReplyContext): TorchTrace {
  const lines = new LineTable(context.text);
  const diagnostics: TraceDiagnostic[] = [];
  const entrySpan = reply.entry ? entryDefinitionSpan(context.text, reply.entry.name, reply.entry.kind) : undefined;
  const fallbackSpan = entrySpan ?? { from: 0, to: 0 };
  const layerSpans = new Map<string, Span>();
  const naming = nameFunctions(reply.functions ?? [], lines, context.text);
  const layers: TracedLayer[] = reply.layers.map((l) => {
    const span = l.site ? lines.span(l.site) : undefined;
    if (span) layerSpans.set(l.name, span);
    return tracedLayer(l, span, lines, context.torchVersion, diagnostics, naming.resolve);
  });
  layers.push(...functionLayers(naming, lines, diagnostics));
  for (const c of reply.containers) {
    const span = c.site ? lines.span(c.site) : undefined;
    layers.push({
      name: c.name, kind: 'module', className: c.className, args: {}, parameters: c.parameters.map(parameter),
      buffers: c.buffers.map((b) => ({ ...b })), ...(span ? { span } : {}), calls: [],
    });
    diagnostics.push({
      severity: 'info', layer: c.name, span: span ?? fallbackSpan,
      message: `${c.name} (${c.className}) owns parameters or buffers itself, not through a leaf module: they are counted, its activations are its leaves'`,
    });
  }
  for (const f of reply.fallbacks) {
    diagnostics.push({
      severity: 'info', layer: f.module, span: layerSpans.get(f.module) ?? fallbackSpan,
      message: `${f.module} (${f.className}) cannot run on the meta device of PyTorch ${context.torchVersion} (${firstSentence(f.reason)}): it ran on CPU zeros instead`,
    });
  }
  for (const w of reply.warnings) {
    const span = w.line !== null ? lines.lineSpan(w.line) : w.module !== null ? layerSpans.get(w.module) : undefined;
    diagnostics.push({ severity: 'info', ...(w.module !== null ? { layer: w.module } : {}), span: span ?? fallbackSpan, message: `PyTorch warns: ${w.message}` });
  }
  for (const note of reply.notes) diagnostics.push({ severity: 'info', span: fallbackSpan, message: note });
  for (const note of reply.batchNotes ?? []) {
    const layer = naming.resolve([note.layer])[0] ?? note.layer;
    const span = (note.site ? lines.span(note.site) : undefined) ?? layerSpans.get(layer) ?? fallbackSpan;
    diagnostics.push({ severity: 'warning', layer, span, message: `${layer}: ${note.message} (PyTorch ${context.torchVersion})` });
  }
  if (reply.error) diagnostics.push(errorDiagnostic(reply.error, lines, layerSpans, fallbackSpan, reply.layers, context.torchVersion));

  return {
    engine: 'pytorch',
    torchVersion: context.torchVersion,
    entry: reply.entry ? { ...reply.entry, ...(entrySpan ? { span: entrySpan } : {}) } : null,
    input: context.input,
    layers,
    outputShapes: reply.output ? reply.output.map((s) => [...s]) : null,
    diagnostics,
  };
}

interface FunctionNaming {
  /** The call sites kept as layers, with their names. */
  readonly kept: readonly { readonly f: EngineFunction; readonly name: string; readonly callable: ReturnType<typeof torchCallable> }[];
  /** Calls' `inbound` (leaf names, `input`, function keys) → layer names. */
  resolve(names: readonly string[]): string[];
}

/**
 * Recorded function call sites are named as the static engine names them (`F.relu@24`, `F.relu@24#2` for the second
 * call site on that line, in order of first execution). Calls the catalogue does not record (`x.contiguous()`) are
 * left out and a reference to one stands for what it consumed; a call the catalogue does not know is kept (its output
 * is memory) with unknown MACs.
 */
/**
 * PyTorch hands an operator to the function mode as the method it calls (`x + y` arrives as Tensor.add, `out += y` as
 * Tensor.add_): where the source at the call site does not spell the method, the call is the operator, named as the
 * static engine names it.
 */
const OPERATOR_OF: Readonly<Record<string, string>> = {
  'Tensor.add': 'Tensor.__add__', 'Tensor.add_': 'Tensor.__iadd__', 'Tensor.sub': 'Tensor.__sub__', 'Tensor.sub_': 'Tensor.__isub__',
  'Tensor.mul': 'Tensor.__mul__', 'Tensor.mul_': 'Tensor.__imul__', 'Tensor.div': 'Tensor.__truediv__', 'Tensor.div_': 'Tensor.__itruediv__',
  'Tensor.matmul': 'Tensor.__matmul__',
};

function canonicalAtSite(canonical: string, siteText: string | undefined): string {
  const operator = OPERATOR_OF[canonical];
  if (!operator || siteText === undefined) return canonical;
  const method = canonical.slice('Tensor.'.length);
  return new RegExp(`\\.${method}\\s*\\(`).test(siteText) ? canonical : operator;
}

function nameFunctions(functions: readonly EngineFunction[], lines: LineTable, text: string): FunctionNaming {
  const nameOf = new Map<string, string>();
  const passThrough = new Map<string, string[]>();
  const perLine = new Map<string, number>();
  const kept: { f: EngineFunction; name: string; callable: ReturnType<typeof torchCallable> }[] = [];
  for (const original of functions) {
    const span = lines.span(original.site);
    const f = { ...original, canonical: canonicalAtSite(original.canonical, span ? text.slice(span.from, span.to) : undefined) };
    const callable = torchCallable(f.canonical);
    if (callable?.kind === 'op' && !callable.op.recorded) {
      passThrough.set(f.key, [...new Set(f.calls.flatMap((c) => c.inbound))]);
      continue;
    }
    const name = callSiteName(perLine, f.canonical, f.site[0]);
    nameOf.set(f.key, name);
    kept.push({ f, name, callable });
  }
  const resolve = (names: readonly string[], depth = 0): string[] => [...new Set(names.flatMap((n) => {
    const through = passThrough.get(n);
    if (through && depth < 50) return resolve(through, depth + 1);
    return [nameOf.get(n) ?? n];
  }))];
  return { kept, resolve: (names) => resolve(names) };
}

function functionLayers(naming: FunctionNaming, lines: LineTable, diagnostics: TraceDiagnostic[]): TracedLayer[] {
  return naming.kept.map(({ f, name, callable }) => {
    const span = lines.span(f.site);
    const calls: TracedCall[] = f.calls.map((c) => {
      const evaluated: Evaluated = callable && !c.concrete ? evaluateCallable(callable, c) : { macs: null, derivation: [], warnings: [] };
      for (const w of evaluated.warnings) diagnostics.push({ severity: 'warning', layer: name, span: span ?? { from: 0, to: 0 }, message: w });
      return {
        inputShapes: c.inputShapes.map((s) => [...s]),
        outputShapes: c.outputShapes.map((s) => [...s]),
        order: c.order,
        ...(span ? { span } : {}),
        inboundLayers: naming.resolve(c.inbound),
        macs: evaluated.macs,
        derivation: evaluated.derivation,
      };
    });
    return { name, kind: 'call' as const, className: f.canonical, args: plainArgs(f.calls[0]), parameters: [], buffers: [], ...(span ? { span } : {}), calls };
  });
}

/** The non-tensor arguments of a call, for the trace's `args` (tensors are described by the call's shapes). */
function plainArgs(call: EngineFunction['calls'][number] | undefined): Args {
  const out: Record<string, ArgValue> = {};
  if (!call) return out;
  const positional = Array.isArray(call.args) ? (call.args as readonly EngineValue[]) : [];
  positional.forEach((v, i) => {
    const value = toCallValue(v);
    if (!isTensorLike(value)) out[String(i)] = value as ArgValue;
  });
  for (const [k, v] of Object.entries(call.kwargs ?? {})) {
    const value = toCallValue(v);
    if (!isTensorLike(value)) out[k] = value as ArgValue;
  }
  return out;
}

function isTensorLike(v: CallValue): boolean {
  if (Array.isArray(v)) return (v as readonly CallValue[]).some(isTensorLike);
  return v !== null && typeof v === 'object' && 'kind' in v && v.kind === 'tensor';
}

/** Python's binding of positional and keyword arguments to a signature, defaults filled in. */
function bindSignature(signature: readonly ParamSpec[], positional: readonly CallValue[], keywords: Readonly<Record<string, CallValue>>): Record<string, CallValue> {
  const bound: Record<string, CallValue> = {};
  let i = 0;
  for (const p of signature) {
    if (p.variadic) {
      bound[p.name] = positional.slice(i);
      i = positional.length;
    } else if (!p.keywordOnly && i < positional.length) bound[p.name] = positional[i++];
    else if (Object.prototype.hasOwnProperty.call(keywords, p.name)) bound[p.name] = keywords[p.name];
    else if (p.default !== undefined) bound[p.name] = p.default;
  }
  return bound;
}

/** MACs and the derivation of a recorded function call, from the catalogue, on PyTorch's concrete inputs. */
function evaluateCallable(callable: NonNullable<ReturnType<typeof torchCallable>>, call: EngineFunction['calls'][number]): Evaluated {
  const positional = Array.isArray(call.args) ? (call.args as readonly EngineValue[]).map(toCallValue) : [];
  const keywords: Record<string, CallValue> = {};
  for (const [k, v] of Object.entries(call.kwargs ?? {})) keywords[k] = toCallValue(v);
  const derivation: string[] = [];
  const warnings: string[] = [];
  const derive = (line: string) => derivation.push(line);
  const warn = (message: string) => warnings.push(message);
  try {
    if (callable.kind === 'functional') {
      const mapped = callable.form.toModule(bindSignature(callable.form.signature, positional, keywords));
      const result = callable.rule.forward({ args: mapped.args, inputs: mapped.inputs, training: false, derive, warn });
      return { macs: result.macs, derivation, warnings };
    }
    const batch = concreteBatch(call) ?? 2;
    const result = callable.op.apply({ inputs: bindSignature(callable.op.signature, positional, keywords), batch, derive, warn });
    return { macs: result.macs, derivation, warnings };
  } catch {
    return { macs: null, derivation, warnings };
  }
}

function firstSentence(text: string): string {
  const end = text.indexOf('. ');
  return end > 0 ? text.slice(0, end) : text;
}

function parameter(p: EngineParameter): TorchParameter {
  return { name: p.name, shape: [...p.shape], ...(p.requiresGrad === false ? { requiresGrad: false } : {}) };
}

function tracedLayer(
  l: EngineLayer, span: Span | undefined, lines: LineTable, torchVersion: string, diagnostics: TraceDiagnostic[],
  resolve: (names: readonly string[]) => string[],
): TracedLayer {
  // Only torch.nn's own classes are the catalogue's: a class of the user's file may reuse a name (`class Conv2d`).
  const rule = l.classModule.startsWith('torch.nn.') ? torchModuleRule(l.className) : undefined;
  const args = rule ? bindArgs(rule, l) : { ...l.attributes };
  const calls: TracedCall[] = l.calls.map((c) => {
    const callSpan = c.site ? lines.span(c.site) : undefined;
    const evaluated: Evaluated = rule && !c.concrete ? evaluateRule(rule, args, c)
      : isEmptyContainer(l) && !c.concrete ? { macs: 0, derivation: [`an empty nn.${l.className}() returns its input`], warnings: [] }
        : { macs: null, derivation: [], warnings: [] };
    for (const w of evaluated.warnings) diagnostics.push({ severity: 'warning', layer: l.name, span: callSpan ?? span ?? { from: 0, to: 0 }, message: w });
    if (evaluated.disagrees) {
      diagnostics.push({
        severity: 'info', layer: l.name, span: callSpan ?? span ?? { from: 0, to: 0 },
        message: `CNN Explorer's rule for ${l.className} gives ${evaluated.disagrees} where PyTorch ${torchVersion} gives ${JSON.stringify(c.outputShapes)}: the shapes shown are PyTorch's`,
      });
    }
    return {
      inputShapes: c.inputShapes.map((s) => [...s]),
      outputShapes: c.outputShapes.map((s) => [...s]),
      order: c.order,
      ...(callSpan ? { span: callSpan } : {}),
      inboundLayers: resolve(c.inbound),
      macs: evaluated.macs,
      derivation: evaluated.derivation,
      ...(evaluated.intermediateElements !== undefined ? { intermediateElements: evaluated.intermediateElements } : {}),
    };
  });
  return {
    name: l.name, kind: 'module', className: l.className, args,
    parameters: l.parameters.map(parameter),
    buffers: l.buffers.map((b) => ({ name: b.name, shape: [...b.shape], dtype: b.dtype })),
    ...(span ? { span } : {}),
    calls,
  };
}

/** An empty `nn.Sequential()` (a pytorch-cifar shortcut) is a leaf that returns its input: no work. */
function isEmptyContainer(l: EngineLayer): boolean {
  return l.classModule === 'torch.nn.modules.container' && (l.className === 'Sequential' || l.className === 'ModuleList' || l.className === 'ModuleDict');
}

/**
 * The constructor's arguments as the rule's signature names them, from the module's attributes (PyTorch keeps them
 * under the same names: in_channels, kernel_size, …). `bias` of Conv/Linear is a parameter, not an attribute: its
 * presence is the argument. An argument PyTorch does not keep is its default, or unknown when it has none.
 */
function bindArgs(rule: TorchModuleRule, l: EngineLayer): Args {
  const args: Record<string, ArgValue> = {};
  for (const p of rule.signature) {
    if (Object.prototype.hasOwnProperty.call(l.attributes, p.name)) args[p.name] = l.attributes[p.name];
    else if (p.name === 'bias' && !p.variadic) args[p.name] = l.parameters.some((q) => q.name === 'bias') || l.buffers.some((b) => b.name === 'bias');
    else if (p.default !== undefined) args[p.name] = p.default;
    else args[p.name] = { kind: 'unknown', why: `PyTorch's ${l.className} does not keep ${p.name} as an attribute` };
  }
  return args;
}

function toCallValue(v: EngineValue): CallValue {
  if (Array.isArray(v)) return (v as readonly EngineValue[]).map(toCallValue);
  if (v !== null && typeof v === 'object') {
    if ('shape' in v && 'dtype' in v && Array.isArray(v.shape)) return { kind: 'tensor', shape: [...v.shape], dtype: v.dtype } satisfies TensorValue;
    if ('type' in v && !('kind' in v)) return { kind: 'unknown', why: `a ${String(v.type)} input` };
  }
  return v as ArgValue;
}

interface Evaluated {
  macs: number | null;
  derivation: string[];
  warnings: string[];
  intermediateElements?: number | null;
  /** The rule's output shapes when they differ from PyTorch's. */
  disagrees?: string;
}

/** The rule on PyTorch's inputs (concrete batch): MACs and the derivation; PyTorch's shapes stay the answer. */
function evaluateRule(rule: TorchModuleRule, args: Args, call: EngineCall): Evaluated {
  const positional = Array.isArray(call.args) ? (call.args as readonly EngineValue[]).map(toCallValue) : [];
  const signature = rule.forwardSignature ?? [{ name: 'input', required: true }];
  const inputs: Record<string, CallValue> = {};
  signature.forEach((p, i) => {
    if (p.variadic) inputs[p.name] = positional.slice(i);
    else if (i < positional.length) inputs[p.name] = positional[i];
    else if (p.default !== undefined) inputs[p.name] = p.default;
  });
  const derivation: string[] = [];
  const warnings: string[] = [];
  try {
    const result = rule.forward({ args, inputs, training: false, derive: (line) => derivation.push(line), warn: (message) => warnings.push(message) });
    const ruleShapes = tensorShapes(result.output);
    const batch = concreteBatch(call);
    const pytorchShapes = JSON.stringify(call.outputShapes.map((s) => s.map((d) => (d === null ? batch : d))));
    const disagrees = ruleShapes !== null && JSON.stringify(ruleShapes) !== pytorchShapes ? JSON.stringify(ruleShapes) : undefined;
    return {
      macs: result.macs, derivation, warnings,
      ...(result.intermediateElements !== undefined ? { intermediateElements: result.intermediateElements } : {}),
      ...(disagrees ? { disagrees } : {}),
    };
  } catch (err) {
    return { macs: null, derivation, warnings, disagrees: `an error (${(err as Error).message})` };
  }
}

/** The batch the engine's concrete shapes are at: the first dimension that is null in the merged input shape. */
function concreteBatch(call: EngineCall): number | null {
  const concrete = Array.isArray(call.args) ? flattenShapes((call.args as readonly EngineValue[]).map(toCallValue)) : [];
  for (let i = 0; i < call.inputShapes.length && i < concrete.length; i++) {
    const at = call.inputShapes[i].indexOf(null);
    const shape = concrete[i];
    if (at >= 0 && shape && shape[at] !== null) return shape[at];
  }
  return null;
}

function flattenShapes(values: readonly CallValue[]): (Shape | null)[] {
  const out: (Shape | null)[] = [];
  const visit = (v: CallValue): void => {
    if (Array.isArray(v)) (v as readonly CallValue[]).forEach(visit);
    else if (v !== null && typeof v === 'object' && 'kind' in v && v.kind === 'tensor') out.push(v.shape);
  };
  values.forEach(visit);
  return out;
}

function tensorShapes(output: CallValue): (Shape | null)[] | null {
  const shapes = flattenShapes([output]);
  return shapes.length > 0 ? shapes : null;
}

function errorDiagnostic(
  error: EngineError,
  lines: LineTable,
  layerSpans: ReadonlyMap<string, Span>,
  fallbackSpan: Span,
  layers: readonly EngineLayer[],
  torchVersion: string,
): TraceDiagnostic {
  const span = (error.position ? lines.span(error.position) : undefined)
    ?? (error.line !== null ? lines.lineSpan(error.line) : undefined)
    ?? (error.module ? layerSpans.get(error.module) : undefined)
    ?? fallbackSpan;
  const layer = error.module ? layers.find((l) => l.name === error.module) : undefined;
  const where = layer ? ` (in ${layer.name}, ${layer.className}${error.batch !== undefined ? `, batch ${error.batch}` : ''})`
    : error.batch !== undefined ? ` (batch ${error.batch})` : '';
  let message: string;
  switch (error.kind) {
    case 'torch-version':
      message = `PyTorch ${torchVersion} has no such name: ${error.message}. This code needs a newer PyTorch (the static analysis may still know the layer)`;
      break;
    case 'meta-unsupported':
      message = `${error.type}: ${error.message}${where}. The meta device has no data: code that reads tensor values (.item(), .tolist(), printing a tensor) cannot run there`;
      break;
    case 'entry':
    case 'batch':
    case 'internal':
      message = `PyTorch engine: ${error.message}`;
      break;
    default:
      message = `${error.type}: ${error.message}${where}`;
  }
  return { severity: 'error' as Severity, span, message, ...(error.module ? { layer: error.module } : {}) };
}

/** Where `name = …` (an instance) or `class Name` is written at the start of a line. */
function entryDefinitionSpan(text: string, name: string, kind: 'instance' | 'class'): Span | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = kind === 'class' ? new RegExp(`^class[ \\t]+(${escaped})\\b`, 'gm') : new RegExp(`^(${escaped})[ \\t]*(?::[^=\\n]*)?=(?!=)`, 'gm');
  let last: RegExpExecArray | null = null;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) last = m;
  if (!last) return undefined;
  const from = last.index + last[0].indexOf(name, kind === 'class' ? 5 : 0);
  return { from, to: from + name.length };
}

/** Python's lines (1-based; `\n`, `\r\n` and `\r` end a line) → offsets in the JS string (UTF-16). */
export class LineTable {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.starts.push(i + 1);
    }
  }

  private lineText(line: number): string | undefined {
    if (line < 1 || line > this.starts.length) return undefined;
    const end = line < this.starts.length ? this.starts[line] : this.text.length;
    return this.text.slice(this.starts[line - 1], end).replace(/\r?\n$|\r$/, '');
  }

  /** The offset of a UTF-8 byte column on a line. */
  private offset(line: number, byteColumn: number): number | undefined {
    const text = this.lineText(line);
    if (text === undefined) return undefined;
    // Walk code points adding their UTF-8 lengths (no Buffer: core also runs outside Node).
    let bytes = 0;
    let i = 0;
    while (i < text.length && bytes < byteColumn) {
      const cp = text.codePointAt(i)!;
      bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      i += cp > 0xffff ? 2 : 1;
    }
    return this.starts[line - 1] + i;
  }

  /** A line's text without its indentation and trailing blanks. */
  lineSpan(line: number): Span | undefined {
    const text = this.lineText(line);
    if (text === undefined) return undefined;
    const from = this.starts[line - 1] + (text.length - text.trimStart().length);
    return { from, to: this.starts[line - 1] + text.trimEnd().length };
  }

  span(p: EnginePosition): Span | undefined {
    const [line, col, endLine, endCol] = p;
    if (col === null || endLine === null || endCol === null) return this.lineSpan(line);
    const from = this.offset(line, col);
    const to = this.offset(endLine, endCol);
    return from === undefined || to === undefined || to < from ? this.lineSpan(line) : { from, to };
  }
}
