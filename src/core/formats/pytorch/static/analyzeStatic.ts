// The static engine end to end: parse, run the file's module-level code, pick the model, build it, run its forward
// at batch 2 and batch 3 and merge them into the TorchTrace. Never throws: an internal failure is a diagnostic.
import type { TorchParameter } from '../../../layers/torch/types';
import type { Span, TorchTrace, TracedLayer, ModelCandidate } from '../trace';
import { BATCHES, mergeCalls, mergeShape, mergedBatchWarning } from './batchMerge';
import { DiagnosticSink } from './diagnostics';
import { findCandidates, type EntryChoice } from './entrySelection';
import { readInputShapeComment } from './inputComment';
import { EngineLimit, Interpreter } from './interpreter';
import { namedModules, type ModuleObject } from './moduleObject';
import { PyError } from './operators';
import { parsePython, type ParsedModule } from './parse';
import { CallSiteNames, ForwardRecorder, shapesOf } from './recorder';
import { isModule, type PyValue, type TensorRef } from './values';

export interface StaticOptions {
  readonly entry?: string;
  readonly inputShape?: readonly number[] | null;
}

export interface StaticResult {
  readonly trace: TorchTrace;
  readonly candidates: readonly ModelCandidate[];
}

// Parse once per text, and after an edit reparse only what changed (lezer reuses the previous tree's fragments).
let lastParse: ParsedModule | undefined;

function parseOnce(text: string): ParsedModule {
  if (lastParse?.text !== text) lastParse = parsePython(text, lastParse);
  return lastParse;
}

export function analyzeStatic(text: string, options: StaticOptions = {}): StaticResult {
  const diags = new DiagnosticSink();
  const input = inputOf(text, options);
  try {
    return run(text, options, diags, input);
  } catch (e) {
    if (e instanceof EngineLimit) diags.warn(`Stopped: ${e.message}; nothing it found is shown.`, { from: 0, to: 0 });
    else diags.error(`The static engine failed inside (${e instanceof Error ? e.message : String(e)}); nothing it found is shown.`, { from: 0, to: 0 });
    return { trace: emptyTrace(input, diags), candidates: [] };
  }
}

type TraceInput = TorchTrace['input'];

function inputOf(text: string, options: StaticOptions): TraceInput {
  if (options.inputShape === null) return { shape: null, dtype: 'float32', source: 'none' };
  if (options.inputShape !== undefined) {
    const comment = readInputShapeComment(text);
    return { shape: [...options.inputShape], dtype: comment?.dtype ?? 'float32', source: 'option' };
  }
  const comment = readInputShapeComment(text);
  if (comment) return { shape: comment.shape, dtype: comment.dtype, source: 'comment', span: comment.span };
  return { shape: null, dtype: 'float32', source: 'none' };
}

function emptyTrace(input: TraceInput, diags: DiagnosticSink, entry: TorchTrace['entry'] = null): TorchTrace {
  return { engine: 'static', entry, input, layers: [], outputShapes: null, diagnostics: diags.resolve(() => undefined) };
}

function run(text: string, options: StaticOptions, diags: DiagnosticSink, input: TraceInput): StaticResult {
  const parsed = parseOnce(text);
  const py = new Interpreter(text, parsed, diags);
  py.runModule();
  const { candidates, choices, defaultChoice } = findCandidates(py);
  const choice = options.entry !== undefined ? choices.find((c) => c.name === options.entry) ?? null : defaultChoice;
  if (!choice) {
    const message = options.entry !== undefined
      ? `There is no nn.Module named ${options.entry} in this file (candidates: ${choices.map((c) => c.name).join(', ') || 'none'}).`
      : choices.length ? 'Several nn.Module classes could be the model; pick one.' : 'No nn.Module instance or class was found in this file.';
    diags.add({ severity: 'info', message, span: { from: 0, to: 0 } });
    return { trace: emptyTrace(input, diags), candidates };
  }
  const root = build(py, choice);
  const entry = { name: choice.name, kind: choice.kind, className: isModule(root) ? root.className : choice.name, span: choice.span };
  if (!isModule(root)) return { trace: emptyTrace(input, diags, entry), candidates };

  py.torch.nameModules(root);
  const sites = new CallSiteNames(parsed.lineStarts);
  py.torch.siteNames = sites;
  // Without an input shape, no dimension depends on the batch: one run says everything.
  const inputs = forwardInputs(py, root);
  if (inputs.length > 1) {
    diags.add({
      severity: 'warning', span: choice.span,
      message: `${entry.className}.forward takes ${inputs.length} inputs (${inputs.join(', ')}); the static engine gives a model one input (the # input: shape), so its forward is not followed. Parameters are counted; pick a module whose forward takes one input to see shapes.`,
    });
    return { trace: { engine: 'static', entry, input, layers: leafLayers(root, null, null), outputShapes: null, diagnostics: diags.resolve((m) => py.torch.moduleNames.get(m)) }, candidates };
  }
  const batches = input.shape ? BATCHES : [BATCHES[0]];
  const recorders: ForwardRecorder[] = [];
  const outputs: PyValue[] = [];
  for (const batch of batches) {
    const recorder = new ForwardRecorder(batch);
    recorders.push(recorder);
    py.torch.recorder = recorder;
    py.torch.batch = batch;
    diags.acceptRepeats = batch === BATCHES[0];
    const x: TensorRef = { t: 'tensor', shape: input.shape ? [batch, ...input.shape] : null, dtype: input.dtype, producer: 'input' };
    outputs.push(forward(py, root, x, choice.span));
  }
  py.torch.recorder = null;
  diags.acceptRepeats = true;

  const [first, second] = recorders;
  const layers = leafLayers(root, first, second ?? null);
  for (const site of sites.layers) {
    layers.push({
      name: site.name, kind: 'call', className: site.className, args: site.args, parameters: [], buffers: [], span: site.span,
      argSpans: site.argSpans, calls: mergeCalls(first.calls.get(site.name) ?? [], second ? second.calls.get(site.name) ?? [] : null),
    });
  }
  if (second) {
    const pairs = [...first.calls].flatMap(([layer, calls]) => calls.map((c, i) => ({ layer, first: c, second: second.calls.get(layer)?.[i] })))
      .filter((p): p is { layer: string; first: typeof p.first; second: NonNullable<typeof p.second> } => p.second !== undefined)
      .sort((a, b) => a.first.order - b.first.order);
    const w = mergedBatchWarning(pairs);
    if (w) diags.add({ severity: 'warning', message: w.message, span: w.span ?? choice.span, layer: w.layer });
  }
  const out1 = shapesOf([outputs[0]]);
  const out2 = outputs[1] !== undefined ? shapesOf([outputs[1]]) : out1;
  const outputShapes = out1.length ? out1.map((s, i) => mergeShape(s, out2[i] ?? null)) : null;
  return {
    trace: {
      engine: 'static', entry, input, layers, outputShapes,
      diagnostics: diags.resolve((m) => py.torch.moduleNames.get(m)),
    },
    candidates,
  };
}

/** Leaf modules in named_modules() order, with their calls from the runs (none when forward was not run). */
function leafLayers(root: ModuleObject, first: ForwardRecorder | null, second: ForwardRecorder | null): TracedLayer[] {
  const layers: TracedLayer[] = [];
  for (const [name, m] of namedModules(root)) {
    if (!m.isLeaf) continue;
    layers.push({
      name, kind: 'module', className: m.className, args: m.args, ...weightsOf(m),
      ...(m.span ? { span: m.span } : {}), argSpans: m.argSpans,
      calls: first ? mergeCalls(first.calls.get(name) ?? [], second ? second.calls.get(name) ?? [] : null) : [],
    });
  }
  return layers;
}

/** The names of the tensors forward needs: its parameters after self without a default. */
function forwardInputs(py: Interpreter, root: ModuleObject): string[] {
  const fwd = root.pyClass ? py.classAttribute(root.pyClass, 'forward')?.value : undefined;
  if (typeof fwd !== 'object' || fwd === null || fwd.t !== 'function') return ['input'];
  return fwd.def.params.slice(1).filter((p) => p.kind === 'normal' && !fwd.defaults.has(p.name)).map((p) => p.name);
}

function build(py: Interpreter, choice: EntryChoice): PyValue {
  if (choice.kind === 'instance') return choice.value;
  try {
    return py.call(choice.value, { positional: [], keywords: new Map() }, choice.span);
  } catch (e) {
    if (!(e instanceof PyError)) throw e;
    py.diags.error(`${choice.name}() cannot be built without arguments: ${e.message}. Pick a module-level instance instead.`, choice.span);
    return null;
  }
}

function forward(py: Interpreter, root: ModuleObject, x: TensorRef, span: Span): PyValue {
  try {
    return py.torch.callModule(root, { positional: [{ value: x }], keywords: new Map() }, span);
  } catch (e) {
    if (!(e instanceof PyError)) throw e;
    py.diags.error(`Python raises ${e.pyType} in forward: ${e.message}.`, span);
    return null;
  }
}

function weightsOf(m: ModuleObject): Pick<TracedLayer, 'parameters' | 'buffers'> {
  // Frozen parameters (`requires_grad = False` in the code) are reported as PyTorch's engine reports them.
  const mark = (ps: readonly TorchParameter[]): TorchParameter[] => ps.map((p) => (m.frozen.has(p.name) ? { ...p, requiresGrad: false } : p));
  if (m.rule) return { parameters: m.weights ? mark(m.weights.parameters) : null, buffers: m.weights?.buffers ?? null };
  if (m.unknownClass || m.ownParametersUnknown) return { parameters: null, buffers: null };
  return { parameters: mark(m.ownParameters), buffers: m.ownBuffers };
}
