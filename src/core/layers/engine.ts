// The analysis engine: runs the layer catalogue over a model's graph in execution order. For each call of each
// layer it looks up the input shapes (unknown when a producer is unknown, erroneous or missing), asks the layer's
// rule for outputs, weights and MACs, and gathers one LayerAnalysis per layer. Nothing here throws on bad input:
// every problem becomes a diagnostic with the layer name and the most precise JSON path known.
import type { Diagnostic, JsonPath, LayerIR, ModelIR, Severity, Shape, TensorRef } from '../ir';
import type { DType, LayerAnalysis, LayerCall, LayerDrawing, TensorOf } from '../analysisResult';
import { executionOrder, nodeCount } from '../graph/executionOrder';
import { totalsOfLayers } from '../totals';
import { BYTES_PER_ELEMENT } from '../memory/dtype';
import { LayerConfig } from './config';
import { declaredInputShape } from './input';
import { MODEL_CLASSES, ruleFor } from './registry';
import { add, elementsPerSample, shapeTuple, mul, type Count } from './shape';
import type { InferContext, InferResult } from './types';
import { unknownResult } from './types';

export interface GraphAnalysis {
  /** Layers in execution order (a layer appears where its first call runs). */
  layers: LayerAnalysis[];
  /** Shapes of the model's outputs. */
  outputs: (Shape | null)[];
  diagnostics: Diagnostic[];
}

/** Analyse a model; `inputOverrides` replaces the declared input shapes (a nested model called on given tensors). */
export function analyzeGraph(model: ModelIR, dtype: DType, inputOverrides?: (Shape | null)[]): GraphAnalysis {
  const diagnostics: Diagnostic[] = [];
  const order = executionOrder(model);
  for (const d of order.diagnostics) diagnostics.push(d);

  // Output shapes of every call that ran: layer name → call index → output index → shape.
  const tensors = new Map<string, (Shape | null)[][]>();
  const overrideFor = new Map<string, Shape | null>();
  if (inputOverrides) {
    if (inputOverrides.length !== model.inputs.length) {
      diagnostics.push({ severity: 'error', message: `model "${model.name}" takes ${model.inputs.length} input(s) but is called on ${inputOverrides.length}`, path: [] });
    }
    model.inputs.forEach((ref, i) => overrideFor.set(ref.layer, inputOverrides[i] ?? null));
  }

  const results = new Map<string, LayerAnalysis>();
  const firstCalls = new Map<string, InferResult>();
  /** For each shared layer, the names already in its inboundLayers (a layer called n times must not rescan them n times). */
  const inboundSeen = new Map<string, Set<string>>();
  const orderOfLayers: LayerAnalysis[] = [];
  const bytesPerElement = BYTES_PER_ELEMENT[dtype];

  for (const { layer, nodeIndex } of order.nodes) {
    const node = layer.inboundNodes[nodeIndex];
    const refs = node?.inputs ?? [];
    const inputs: (Shape | null)[] = new Array<Shape | null>(refs.length);
    for (let i = 0; i < refs.length; i++) {
      const ref = refs[i];
      const produced = tensors.get(ref.layer)?.[ref.nodeIndex];
      const shape = produced?.[ref.tensorIndex];
      if (shape === undefined && produced !== undefined && produced.length > 0 && !order.dangling.has(ref)) {
        diagnostics.push({ severity: 'error', message: `layer "${layer.name}" takes output ${ref.tensorIndex} of "${ref.layer}", which has fewer outputs`, layer: layer.name, path: ref.path ?? layer.path });
      }
      inputs[i] = shape ?? null;
    }
    const derivation: string[] = [];
    const result = layer.className === 'InputLayer'
      ? inputLayer(layer, diagnostics, derivation, overrideFor)
      : inferLayer(layer, inputs, dtype, diagnostics, derivation, '', node?.path);
    let calls = tensors.get(layer.name);
    if (!calls) tensors.set(layer.name, (calls = []));
    calls[nodeIndex] = result.outputs;

    const existing = results.get(layer.name);
    const inboundLayers = distinctLayers(refs);
    const inboundTensors = nestedTensors(refs, results);
    let elements: Count = 0;
    for (const shape of result.outputs) elements = add(elements, elementsPerSample(shape));
    if (!existing) {
      const trainableFlag = layer.config.trainable !== false;
      const trainable = trainableFlag ? result.trainable : 0;
      const nonTrainable = trainableFlag ? result.nonTrainable : add(result.nonTrainable, result.trainable);
      if (!trainableFlag && (result.trainable ?? 0) > 0) derivation.push('trainable: false → all its weights are non-trainable');
      const analysis: LayerAnalysis = {
        name: layer.name,
        className: layer.className,
        path: layer.path,
        inputShapes: inputs,
        outputShapes: result.outputs,
        params: add(trainable, nonTrainable),
        trainableParams: trainable,
        nonTrainableParams: nonTrainable,
        macs: result.macs,
        outputElementsPerSample: elements,
        outputBytesPerSample: mul(elements, bytesPerElement),
        derivation,
        inboundLayers,
      };
      if (typeof layer.config.activation === 'string') analysis.activation = layer.config.activation;
      else if (result.activation !== undefined) analysis.activation = result.activation;
      const drawing = drawingOf(layer.className);
      if (drawing) analysis.drawing = drawing;
      if (result.nested) analysis.nested = result.nested;
      if (result.nestedOutputs) analysis.nestedOutputs = result.nestedOutputs;
      if (inboundTensors) analysis.inboundTensors = inboundTensors;
      if (result.intermediateElements !== undefined) analysis.intermediateElementsPerSample = result.intermediateElements;
      if (layer.synthetic) analysis.synthetic = true;
      results.set(layer.name, analysis);
      orderOfLayers.push(analysis);
      firstCalls.set(layer.name, result);
    } else {
      // A shared layer: weights once, work and outputs per call.
      const first = firstCalls.get(layer.name);
      if (first && first.trainable !== null && result.trainable !== null && first.trainable !== result.trainable) {
        diagnostics.push({ severity: 'error', message: `shared layer "${layer.name}" is called on inputs of incompatible shapes (${shapeTuples(existing.inputShapes)} and ${shapeTuples(inputs)}): its weights cannot fit both`, layer: layer.name, path: node?.path ?? layer.path });
      }
      // The second call makes the per-call records and the set of the layer's producers (both only ever grown after).
      let seen = inboundSeen.get(layer.name);
      if (!seen || !existing.calls) {
        const first: LayerCall = { inputShapes: existing.inputShapes, outputShapes: existing.outputShapes, inboundLayers: existing.inboundLayers };
        if (existing.inboundTensors) first.inboundTensors = existing.inboundTensors;
        existing.calls = [first];
        // The layer's lists become the union over its calls, grown in place: copies, so the first call keeps its own.
        existing.inboundLayers = [...existing.inboundLayers];
        if (existing.inboundTensors) existing.inboundTensors = [...existing.inboundTensors];
        seen = new Set(existing.inboundLayers);
        inboundSeen.set(layer.name, seen);
      }
      const callRecord: LayerCall = { inputShapes: inputs, outputShapes: result.outputs, inboundLayers };
      if (inboundTensors) {
        callRecord.inboundTensors = inboundTensors;
        existing.inboundTensors ??= [];
        for (const t of inboundTensors) existing.inboundTensors.push(t);
      }
      existing.calls.push(callRecord);
      existing.macs = add(existing.macs, result.macs);
      existing.outputElementsPerSample = add(existing.outputElementsPerSample, elements);
      existing.outputBytesPerSample = mul(existing.outputElementsPerSample, bytesPerElement);
      if (result.intermediateElements !== undefined) {
        existing.intermediateElementsPerSample = add(existing.intermediateElementsPerSample ?? 0, result.intermediateElements);
      }
      for (const name of inboundLayers) {
        if (!seen.has(name)) {
          seen.add(name);
          existing.inboundLayers.push(name);
        }
      }
      existing.derivation.push(...derivation.map((l) => `call ${existing.calls!.length}: ${l}`));
    }
  }

  for (const layer of order.uncalled) {
    diagnostics.push({ severity: 'warning', message: `layer "${layer.name}" is never called (it has no inbound nodes): its shapes are unknown`, layer: layer.name, path: layer.path });
    const uncalled: LayerAnalysis = {
      name: layer.name, className: layer.className, path: layer.path, inputShapes: [], outputShapes: [null],
      params: null, trainableParams: null, nonTrainableParams: null, macs: null, outputElementsPerSample: null,
      outputBytesPerSample: null, derivation: ['never called'], inboundLayers: [],
    };
    const drawing = drawingOf(layer.className);
    if (drawing) uncalled.drawing = drawing;
    orderOfLayers.push(uncalled);
  }
  flagInexact(orderOfLayers, diagnostics);

  checkModelRefs(model, tensors, diagnostics);
  const outputs = model.outputs.map((ref) => tensors.get(ref.layer)?.[ref.nodeIndex]?.[ref.tensorIndex] ?? null);
  return { layers: orderOfLayers, outputs, diagnostics };
}

/** How the dashboard draws a layer of this class: its rule's drawing; undefined for an unknown class or a nested model. */
function drawingOf(className: string): LayerDrawing | undefined {
  return className === 'InputLayer' ? 'input' : ruleFor(className)?.drawing;
}

/** The model's input and output references (input_layers, output_layers) must name a layer, a call and an output of it. */
function checkModelRefs(model: ModelIR, tensors: ReadonlyMap<string, (Shape | null)[][]>, diagnostics: Diagnostic[]): void {
  const byName = new Map<string, LayerIR>();
  for (const layer of model.layers) if (!byName.has(layer.name)) byName.set(layer.name, layer);
  const check = (ref: TensorRef, what: string) => {
    const path = ref.path ?? [];
    const layer = byName.get(ref.layer);
    if (!layer) {
      diagnostics.push({ severity: 'error', message: `${what} "${ref.layer}" is not a layer of this model`, path });
      return;
    }
    const calls = nodeCount(layer);
    if (ref.nodeIndex >= calls) {
      diagnostics.push({ severity: 'error', message: `${what} takes call ${ref.nodeIndex} of "${ref.layer}", which is called only ${calls} time(s)`, layer: ref.layer, path });
      return;
    }
    const produced = tensors.get(ref.layer)?.[ref.nodeIndex];
    if (produced && produced.length > 0 && ref.tensorIndex >= produced.length) {
      diagnostics.push({ severity: 'error', message: `${what} takes output ${ref.tensorIndex} of "${ref.layer}", which has ${produced.length} output(s)`, layer: ref.layer, path });
    }
  };
  for (const ref of model.inputs) check(ref, 'model input');
  for (const ref of model.outputs) check(ref, 'model output');
}

/**
 * Names of the layers a call consumes, in order, each once. Most calls have one or two inputs: a scan, no set; a
 * merge of thousands of inputs gets a set (a scan per input made a 40k-input Concatenate cost seconds).
 */
function distinctLayers(refs: readonly { layer: string }[]): string[] {
  const names: string[] = [];
  if (refs.length <= 16) {
    for (const ref of refs) if (!names.includes(ref.layer)) names.push(ref.layer);
    return names;
  }
  const seen = new Set<string>();
  for (const ref of refs) {
    if (!seen.has(ref.layer)) {
      seen.add(ref.layer);
      names.push(ref.layer);
    }
  }
  return names;
}

/** The outputs of nested models a call consumes (undefined when it consumes none: the common case, nothing made). */
function nestedTensors(refs: readonly { layer: string; tensorIndex: number }[], results: ReadonlyMap<string, LayerAnalysis>): TensorOf[] | undefined {
  let tensors: TensorOf[] | undefined;
  for (const ref of refs) {
    if (results.get(ref.layer)?.nested) (tensors ??= []).push({ layer: ref.layer, tensor: ref.tensorIndex });
  }
  return tensors;
}

function shapeTuples(shapes: readonly (Shape | null)[]): string {
  return shapes.map(shapeTuple).join(', ');
}

function inputLayer(layer: LayerIR, diagnostics: Diagnostic[], derivation: string[], overrideFor: Map<string, Shape | null>): InferResult {
  const { declared, problems } = declaredInputShape({ config: layer.config, build_config: layer.buildConfig });
  for (const p of problems) diagnostics.push({ severity: 'error', message: p.message, layer: layer.name, path: [...layer.path, ...p.path] });
  if (overrideFor.has(layer.name)) {
    const given = overrideFor.get(layer.name) ?? null;
    if (declared && given && !compatible(declared.shape, given)) {
      diagnostics.push({ severity: 'error', message: `input "${layer.name}" declares ${shapeTuple(declared.shape)} but is called on ${shapeTuple(given)}`, layer: layer.name, path: [...layer.path, ...declared.path] });
    }
    derivation.push(`called on ${shapeTuple(given)}`);
    return { outputs: [given ? mergeKnown(given, declared?.shape) : declared?.shape ?? null], trainable: 0, nonTrainable: 0, macs: 0 };
  }
  if (!declared) {
    diagnostics.push({ severity: 'error', message: `missing input shape: "${layer.name}" declares no batch_input_shape (or batch_shape / input_shape), so no shape downstream can be known`, layer: layer.name, path: [...layer.path, 'config'] });
    return { outputs: [null], trainable: 0, nonTrainable: 0, macs: 0 };
  }
  derivation.push(`declared input shape ${shapeTuple(declared.shape)}`);
  return { outputs: [declared.shape], trainable: 0, nonTrainable: 0, macs: 0 };
}

function compatible(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === null || b[i] === null || d === b[i]);
}

function mergeKnown(given: Shape, declared: Shape | undefined): Shape {
  if (!declared || declared.length !== given.length) return given;
  return given.map((d, i) => d ?? declared[i]);
}

/** Runs one layer's rule (or a nested model) on input shapes; also used for the layers inside wrappers. */
function inferLayer(
  layer: LayerIR,
  inputs: (Shape | null)[],
  dtype: DType,
  diagnostics: Diagnostic[],
  derivation: string[],
  prefix: string,
  nodePath?: JsonPath,
): InferResult {
  if (layer.nested && MODEL_CLASSES.has(layer.className)) {
    const inner = analyzeNestedModel(layer.nested, inputs, dtype, diagnostics);
    derivation.push(`${prefix}nested ${layer.className} of ${inner.nested!.filter((l) => !l.synthetic).length} layers: params ${inner.trainable ?? '?'} trainable + ${inner.nonTrainable ?? '?'} non-trainable, MACs ${inner.macs ?? '?'}`);
    return inner;
  }
  if (MODEL_CLASSES.has(layer.className)) {
    // A model the parser did not read (nested too deep, reported there): not an unknown class, but unknown figures.
    derivation.push(`${prefix}nested ${layer.className} not analysed (see the diagnostics)`);
    return unknownResult();
  }

  const rule = ruleFor(layer.className);
  if (!rule) {
    diagnostics.push({
      severity: 'warning',
      message: `unknown layer class "${layer.className}" (layer "${layer.name}"): its outputs, weights and work are unknown, and so is everything that depends on them`,
      layer: layer.name,
      path: [...layer.path, 'class_name'],
    });
    derivation.push(`${prefix}unknown class ${layer.className}`);
    return unknownResult();
  }
  if (!rule.acceptsUnknownInputs && inputs.includes(null)) {
    derivation.push(`${prefix}input shape unknown (see the diagnostics upstream)`);
    return unknownResult();
  }
  const ctx = new CallContext(layer, inputs, dtype, diagnostics, derivation, prefix, nodePath);
  try {
    return rule.infer(ctx);
  } catch (err) {
    // A rule bug must not take the editor down; say so loudly instead.
    diagnostics.push({ severity: 'error', message: `internal error analysing "${layer.name}" (${layer.className}): ${(err as Error).message}`, layer: layer.name, path: layer.path });
    return unknownResult();
  }
}

function analyzeNestedModel(model: ModelIR, inputs: (Shape | null)[], dtype: DType, diagnostics: Diagnostic[]): InferResult {
  const inner = analyzeGraph(model, dtype, inputs);
  for (const d of inner.diagnostics) diagnostics.push(d);
  const totals = totalsOfLayers(inner.layers);
  const nestedOutputs = model.outputs.map((ref) => ({ layer: ref.layer, tensor: ref.tensorIndex }));
  return { outputs: inner.outputs, trainable: totals.trainableParams, nonTrainable: totals.nonTrainableParams, macs: totals.macs, nested: inner.layers, nestedOutputs };
}

/**
 * What a rule sees of one call. A class rather than an object of closures: one small object per layer call, its
 * methods shared, and the LayerConfig reader made only when a rule asks for it.
 */
class CallContext implements InferContext {
  private configReader?: LayerConfig;

  constructor(
    readonly layer: LayerIR,
    readonly inputs: readonly (Shape | null)[],
    private readonly dtype: DType,
    private readonly diagnostics: Diagnostic[],
    private readonly derivation: string[],
    private readonly prefix: string,
    private readonly nodePath: JsonPath | undefined,
  ) {}

  get config(): LayerConfig {
    return (this.configReader ??= new LayerConfig(this.layer.config, (severity, message, at) => this.report(severity, message, at)));
  }

  report(severity: Severity, message: string, at?: string | JsonPath): void {
    // `at` is relative to the config object; an empty list means "this call" (a merge of mismatched inputs), which
    // points at the call's entry in inbound_nodes when the file has one.
    const layerPath = this.layer.path;
    const path: JsonPath = at === undefined
      ? layerPath
      : typeof at === 'string'
        ? [...layerPath, 'config', at]
        : at.length === 0 ? (this.nodePath ?? layerPath) : [...layerPath, 'config', ...at];
    this.diagnostics.push({ severity, message: `${this.layer.name}: ${message}`, layer: this.layer.name, path });
  }

  derive(line: string): void {
    this.derivation.push(this.prefix === '' ? line : this.prefix + line);
  }

  inferInner(inner: LayerIR, innerInputs: (Shape | null)[], innerPrefix: string): InferResult {
    return inferLayer(inner, innerInputs, this.dtype, this.diagnostics, this.derivation, this.prefix + innerPrefix);
  }

  analyzeNested(model: ModelIR, modelInputs: (Shape | null)[]): InferResult {
    return analyzeNestedModel(model, modelInputs, this.dtype, this.diagnostics);
  }
}

/** Counts beyond 2^53 are products of exact integers rounded by floating point: flag them as approximate. */
function flagInexact(layers: LayerAnalysis[], diagnostics: Diagnostic[]): void {
  for (const l of layers) {
    flagIfInexact(l, 'parameter count', l.params, diagnostics);
    flagIfInexact(l, 'MAC count', l.macs, diagnostics);
    flagIfInexact(l, 'output size', l.outputElementsPerSample, diagnostics);
  }
}

function flagIfInexact(l: LayerAnalysis, what: string, value: Count, diagnostics: Diagnostic[]): void {
  if (value === null || Number.isSafeInteger(value)) return;
  diagnostics.push({
    severity: 'warning',
    message: `${l.name}: ${what} ≈ ${value.toExponential(3)} exceeds 2^53 − 1 = 9007199254740991, so it is approximate (rounded), not exact`,
    layer: l.name,
    path: l.path,
  });
}
