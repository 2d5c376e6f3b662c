// A trace from either PyTorch engine → the Analysis every face reads. The trace lists leaf modules in named_modules()
// order, then recorded calls; the analysis lists them in execution order (a module's place is its first call), with
// the model input(s) first as synthetic input layers (the memory walks hold them live) and the modules forward never
// calls last (their parameters are the model's: `model.parameters()` counts them).
//
// Memory: PyTorch frees a call's output when its last consumer ran, per call. A module called twice (the CIFAR Net's
// `pool`) is one layer with `calls` in the analysis, but the memory walks get one entry per call (`pool#2`), each in
// its place, so a later call consuming a later layer is walked where it runs; its weights are counted at its first call.
import type { Analysis, LayerAnalysis, LayerCall, MemoryBreakdown } from '../../analysisResult';
import { ANALYSIS_DEFAULTS } from '../../analyzeModel';
import { definedOnly } from '../../definedOnly';
import type { Diagnostic, Shape } from '../../ir';
import { torchLayerTraits } from '../../layers/torch/registry';
import { BYTES_PER_ELEMENT } from '../../memory/dtype';
import { computeMemory, type MemoryLayer, type MemoryOptions } from '../../memory/memoryModel';
import { totalsOfLayers } from '../../totals';
import type { TorchTrace, TracedCall, TracedLayer } from './trace';

/** The name of the model's first input in calls' `inboundLayers` (`input.1`, `input.2` … for more). */
const MODEL_INPUT = 'input';

/** A trace from either engine → the Analysis every face reads (memory from the PyTorch catalogue's backward rules). */
export function traceToAnalysis(trace: TorchTrace, options: Partial<MemoryOptions> = {}): Analysis {
  const memoryOptions: MemoryOptions = { ...ANALYSIS_DEFAULTS, ...definedOnly(options), semantics: 'pytorch' };
  const diagnostics: Diagnostic[] = trace.diagnostics.map((d) => ({
    severity: d.severity,
    message: d.message,
    ...(d.layer !== undefined ? { layer: d.layer } : {}),
    path: [],
    offset: d.span.from,
    length: Math.max(0, d.span.to - d.span.from),
  }));

  const { called, notCalled } = splitByCalls(trace);
  const inputs = modelInputs(trace);
  const bytes = BYTES_PER_ELEMENT[memoryOptions.dtype];
  const layers: LayerAnalysis[] = [
    ...inputs.map((input) => inputLayer(input.name, input.shape, bytes)),
    ...called.map((l) => layerAnalysis(l, bytes)),
    ...notCalled.map((l) => layerAnalysis(l, bytes)),
  ];

  let memory: MemoryBreakdown;
  try {
    memory = computeMemory(torchMemoryLayers(trace), memoryOptions);
  } catch (err) {
    diagnostics.push({ severity: 'error', message: `internal error in the memory model: ${(err as Error).message}`, path: [] });
    memory = {
      batchSize: memoryOptions.batchSize, dtype: memoryOptions.dtype, optimizer: memoryOptions.optimizer, parameterBytes: NaN,
      gradientBytes: NaN, optimizerStateBytes: NaN, activationBytes: NaN, inferencePeakBytes: NaN, trainingPeakBytes: NaN,
    };
  }
  return {
    model: { name: trace.entry?.name ?? '', format: 'pytorch', className: trace.entry?.className ?? '' },
    layers,
    totals: totalsOfLayers(layers),
    memory,
    diagnostics,
  };
}

/** Called layers in execution order (by their first call), and the modules forward never calls, in trace order. */
function splitByCalls(trace: TorchTrace): { called: TracedLayer[]; notCalled: TracedLayer[] } {
  return {
    called: trace.layers.filter((l) => l.calls.length > 0).sort((a, b) => firstOrder(a) - firstOrder(b)),
    notCalled: trace.layers.filter((l) => l.calls.length === 0),
  };
}

/**
 * The layers computeMemory walks for this trace (`computeMemory(torchMemoryLayers(trace), { …, semantics: 'pytorch' })`),
 * for a what-if that recomputes memory for another batch, dtype or optimizer: inputs, then one entry per call in
 * execution order (`pool`, `pool#2`), then the modules never called (weights only).
 */
export function torchMemoryLayers(trace: TorchTrace): MemoryLayer[] {
  const { called, notCalled } = splitByCalls(trace);
  return memoryWalk(modelInputs(trace), called, notCalled);
}

function firstOrder(l: TracedLayer): number {
  let min = Infinity;
  for (const c of l.calls) min = Math.min(min, c.order);
  return min;
}

/**
 * Elements of one sample of a PyTorch tensor. The batch axis is the one null dimension, wherever it is (a GRU's h_n is
 * `[4, null, 64]`); with more than one null a dimension is unknown. A tensor with no null does not follow the batch
 * (a constant): its elements are counted as they are, which can only overstate the memory for batches above one.
 */
export function torchElementsPerSample(shape: Shape | null): number | null {
  if (!shape) return null;
  let nulls = 0;
  let product = 1;
  for (const d of shape) {
    if (d === null) nulls++;
    else product *= d;
  }
  return nulls > 1 ? null : product;
}

function sumOrNull(values: readonly (number | null)[]): number | null {
  let total = 0;
  for (const v of values) {
    if (v === null) return null;
    total += v;
  }
  return total;
}

function outputElements(calls: readonly Pick<TracedCall, 'outputShapes'>[]): number | null {
  return sumOrNull(calls.flatMap((c) => c.outputShapes.map(torchElementsPerSample)));
}

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

interface ModelInput {
  name: string;
  shape: Shape | null;
}

/**
 * The model's inputs, as the calls name them: `input` has the trace's input shape (per sample, batch prepended); a
 * further one (`input.1`) the shape a call that consumes only it received.
 */
function modelInputs(trace: TorchTrace): ModelInput[] {
  const names = new Set<string>();
  for (const l of trace.layers) for (const c of l.calls) for (const n of c.inboundLayers) if (isModelInput(n)) names.add(n);
  if (names.size === 0 && trace.layers.some((l) => l.calls.length > 0)) return [];
  names.add(MODEL_INPUT);
  return [...names].sort().map((name) => {
    if (name === MODEL_INPUT) return { name, shape: trace.input.shape ? [null, ...trace.input.shape] : null };
    for (const l of trace.layers) {
      for (const c of l.calls) if (c.inboundLayers.length === 1 && c.inboundLayers[0] === name && c.inputShapes.length === 1) return { name, shape: c.inputShapes[0] };
    }
    return { name, shape: null };
  });
}

function isModelInput(name: string): boolean {
  return name === MODEL_INPUT || /^input\.\d+$/.test(name);
}

function inputLayer(name: string, shape: Shape | null, bytes: number): LayerAnalysis {
  const elements = torchElementsPerSample(shape);
  return {
    name, className: 'InputLayer', path: [], inputShapes: [], outputShapes: [shape],
    params: 0, trainableParams: 0, nonTrainableParams: 0, buffers: 0, macs: 0,
    outputElementsPerSample: elements, outputBytesPerSample: elements === null ? null : elements * bytes,
    derivation: [], inboundLayers: [], drawing: 'input', synthetic: true,
  };
}

/** Trainable and frozen (`requires_grad=False`) parameter elements of a layer; null when its parameters are unknown. */
function parameterCounts(l: TracedLayer): { trainable: number; frozen: number } | null {
  if (l.parameters === null) return null;
  let trainable = 0;
  let frozen = 0;
  for (const p of l.parameters) {
    if (p.requiresGrad === false) frozen += product(p.shape);
    else trainable += product(p.shape);
  }
  return { trainable, frozen };
}

/** Elements of the module's buffers (BatchNorm's running statistics), null when unknown. */
function bufferElements(l: TracedLayer): number | null {
  return l.buffers === null ? null : l.buffers.reduce((s, b) => s + product(b.shape), 0);
}

/**
 * Whether a module or call writes its result into its input's storage (no new output tensor in PyTorch): `inplace=True`
 * (`nn.ReLU(inplace=True)`, `F.relu(x, inplace=True)`), a trailing-underscore function (`F.relu_`, `x.add_`) or an
 * augmented assignment (`out += identity`, `Tensor.__iadd__`).
 */
function isInPlace(l: TracedLayer): boolean {
  return l.args.inplace === true || l.className.endsWith('_') && !l.className.endsWith('__') || /^Tensor\.__i[a-z]+__$/.test(l.className);
}

function layerAnalysis(l: TracedLayer, bytes: number): LayerAnalysis {
  const counts = parameterCounts(l);
  const buffers = bufferElements(l);
  const first = l.calls[0];
  const elements = outputElements(l.calls);
  const inboundLayers = [...new Set(l.calls.flatMap((c) => c.inboundLayers))];
  const derivation = l.calls.length <= 1
    ? [...(first?.derivation ?? [])]
    : l.calls.flatMap((c, i) => c.derivation.map((line) => `call ${i + 1}: ${line}`));
  const intermediates = l.calls.map((c) => c.intermediateElements);
  const traits = torchLayerTraits(l.className);
  const analysis: LayerAnalysis = {
    name: l.name,
    className: l.className,
    path: [],
    inputShapes: first ? [...first.inputShapes] : [],
    outputShapes: first ? [...first.outputShapes] : [],
    // Buffers are state, not parameters.
    params: counts === null ? null : counts.trainable + counts.frozen,
    trainableParams: counts === null ? null : counts.trainable,
    nonTrainableParams: counts === null ? null : counts.frozen,
    buffers,
    macs: sumOrNull(l.calls.map((c) => c.macs)),
    outputElementsPerSample: elements,
    outputBytesPerSample: elements === null ? null : elements * bytes,
    derivation,
    inboundLayers,
  };
  if (l.calls.length > 1) analysis.calls = l.calls.map(layerCall);
  if (intermediates.some((e) => e !== undefined)) analysis.intermediateElementsPerSample = sumOrNull(intermediates.map((e) => e ?? 0));
  if (traits) analysis.drawing = traits.drawing;
  return analysis;
}

function layerCall(c: TracedCall): LayerCall {
  return { inputShapes: [...c.inputShapes], outputShapes: [...c.outputShapes], inboundLayers: [...new Set(c.inboundLayers)] };
}

/**
 * What the memory walks see: inputs, then every call in execution order as its own entry (`name`, `name#2`, …), then
 * the modules never called (weights only). A call's inbound layer is resolved to that layer's latest call before it:
 * the tensor it consumes is the newest that layer made.
 */
function memoryWalk(inputs: readonly ModelInput[], called: readonly TracedLayer[], notCalled: readonly TracedLayer[]): MemoryLayer[] {
  const walk: MemoryLayer[] = inputs.map((i) => {
    const e = torchElementsPerSample(i.shape);
    return {
      name: i.name, className: 'InputLayer', params: 0, trainableParams: 0, outputElementsPerSample: e, inputShapes: [], inboundLayers: [],
    };
  });
  const events = called.flatMap((layer) => layer.calls.map((call, index) => ({ layer, call, index })));
  events.sort((a, b) => a.call.order - b.call.order);
  const latestCall = new Map<string, string>();
  for (const { layer, call, index } of events) {
    const name = index === 0 ? layer.name : `${layer.name}#${index + 1}`;
    const counts = parameterCounts(layer);
    walk.push({
      name,
      className: layer.className,
      params: index > 0 ? 0 : counts === null ? null : counts.trainable + counts.frozen,
      trainableParams: index > 0 ? 0 : counts === null ? null : counts.trainable,
      outputElementsPerSample: outputElements([call]),
      inputShapes: [...call.inputShapes],
      // The framework memory models read channel counts (CUDA's column buffers, oneDNN's blocked copies), the
      // buffers (the weights term) and in-place writes from these.
      outputShapes: [...call.outputShapes],
      buffers: index > 0 ? 0 : bufferElements(layer),
      ...(isInPlace(layer) ? { inplace: true } : {}),
      inboundLayers: [...new Set(call.inboundLayers.map((n) => latestCall.get(n) ?? n))],
      ...(call.intermediateElements !== undefined ? { intermediateElementsPerSample: call.intermediateElements } : {}),
    });
    latestCall.set(layer.name, name);
  }
  // A module never called gets no gradient (`.grad` stays None) and so no optimizer state: its weights only.
  for (const layer of notCalled) {
    const counts = parameterCounts(layer);
    const weights = counts === null ? null : counts.trainable + counts.frozen;
    walk.push({
      name: layer.name, className: layer.className, params: weights, trainableParams: weights === null ? null : 0, outputElementsPerSample: 0,
      inputShapes: [], inboundLayers: [], buffers: bufferElements(layer),
    });
  }
  return walk;
}
