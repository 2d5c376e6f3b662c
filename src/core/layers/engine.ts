// The analysis engine: runs the layer catalogue over a model's graph in execution order. For each call of each
// layer it looks up the input shapes (unknown when a producer is unknown, erroneous or missing), asks the layer's
// rule for outputs, weights and MACs, and gathers one LayerAnalysis per layer. Nothing here throws on bad input:
// every problem becomes a diagnostic with the layer name and the most precise JSON path known.
import type { Diagnostic, JsonPath, LayerIR, ModelIR, Severity, Shape } from '../ir';
import type { DType, LayerAnalysis, LayerCall } from '../analysis';
import { executionOrder } from '../parse/executionOrder';
import { LayerConfig } from './config';
import { declaredInputShape } from './input';
import { MODEL_CLASSES, ruleFor } from './registry';
import { add, elementsPerSample, formatShape, mul, sum, type Count } from './shape';
import type { InferContext, InferResult } from './types';
import { unknownResult } from './types';

export interface GraphAnalysis {
  /** Layers in execution order (a layer appears where its first call runs). */
  layers: LayerAnalysis[];
  /** Shapes of the model's outputs. */
  outputs: (Shape | null)[];
  diagnostics: Diagnostic[];
}

const BYTES: Record<DType, number> = { float32: 4, float16: 2 };

/** Analyse a model; `inputOverrides` replaces the declared input shapes (a nested model called on given tensors). */
export function analyzeGraph(model: ModelIR, dtype: DType, inputOverrides?: (Shape | null)[]): GraphAnalysis {
  const diagnostics: Diagnostic[] = [];
  const order = executionOrder(model);
  diagnostics.push(...order.diagnostics);

  const tensors = new Map<string, Shape | null>();
  const tensorKey = (layer: string, node: number, tensor: number) => `${layer}\u0000${node}\u0000${tensor}`;
  const overrideFor = new Map<string, Shape | null>();
  if (inputOverrides) {
    if (inputOverrides.length !== model.inputs.length) {
      diagnostics.push({ severity: 'error', message: `model "${model.name}" takes ${model.inputs.length} input(s) but is called on ${inputOverrides.length}`, path: [] });
    }
    model.inputs.forEach((ref, i) => overrideFor.set(ref.layer, inputOverrides[i] ?? null));
  }

  const results = new Map<string, LayerAnalysis>();
  const firstCalls = new Map<string, InferResult>();
  const orderOfLayers: LayerAnalysis[] = [];

  for (const { layer, nodeIndex } of order.nodes) {
    const node = layer.inboundNodes[nodeIndex];
    const inputs = (node?.inputs ?? []).map((ref) => {
      const shape = tensors.get(tensorKey(ref.layer, ref.nodeIndex, ref.tensorIndex));
      if (shape === undefined && !order.dangling.has(ref) && tensors.has(tensorKey(ref.layer, ref.nodeIndex, 0))) {
        diagnostics.push({ severity: 'error', message: `layer "${layer.name}" takes output ${ref.tensorIndex} of "${ref.layer}", which has fewer outputs`, layer: layer.name, path: ref.path ?? layer.path });
      }
      return shape ?? null;
    });
    const derivation: string[] = [];
    const call = runCall(layer, inputs, dtype, diagnostics, derivation, overrideFor, node?.path);
    call.result.outputs.forEach((shape, t) => tensors.set(tensorKey(layer.name, nodeIndex, t), shape));

    const existing = results.get(layer.name);
    const inboundLayers = [...new Set((node?.inputs ?? []).map((r) => r.layer))];
    const callRecord: LayerCall = { inputShapes: inputs, outputShapes: call.result.outputs };
    const elements = sum(call.result.outputs.map((s) => elementsPerSample(s)));
    if (!existing) {
      const trainableFlag = layer.config.trainable !== false;
      const trainable = trainableFlag ? call.result.trainable : 0;
      const nonTrainable = trainableFlag ? call.result.nonTrainable : add(call.result.nonTrainable, call.result.trainable);
      if (!trainableFlag && (call.result.trainable ?? 0) > 0) derivation.push('trainable: false → all its weights are non-trainable');
      const analysis: LayerAnalysis = {
        name: layer.name,
        className: layer.className,
        path: layer.path,
        inputShapes: inputs,
        outputShapes: call.result.outputs,
        params: add(trainable, nonTrainable),
        trainableParams: trainable,
        nonTrainableParams: nonTrainable,
        macs: call.result.macs,
        outputElementsPerSample: elements,
        outputBytesPerSample: mul(elements, BYTES[dtype]),
        derivation,
        inboundLayers,
      };
      if (typeof layer.config.activation === 'string') analysis.activation = layer.config.activation;
      if (call.result.nested) analysis.nested = call.result.nested;
      if (layer.synthetic) analysis.synthetic = true;
      results.set(layer.name, analysis);
      orderOfLayers.push(analysis);
      firstCalls.set(layer.name, call.result);
    } else {
      // A shared layer: weights once, work and outputs per call.
      const first = firstCalls.get(layer.name);
      if (first && first.trainable !== null && call.result.trainable !== null && first.trainable !== call.result.trainable) {
        diagnostics.push({ severity: 'error', message: `shared layer "${layer.name}" is called on inputs of incompatible shapes (${formatShapes(existing.inputShapes)} and ${formatShapes(inputs)}): its weights cannot fit both`, layer: layer.name, path: node?.path ?? layer.path });
      }
      existing.calls = existing.calls ?? [{ inputShapes: existing.inputShapes, outputShapes: existing.outputShapes }];
      existing.calls.push(callRecord);
      existing.macs = add(existing.macs, call.result.macs);
      existing.outputElementsPerSample = add(existing.outputElementsPerSample, elements);
      existing.outputBytesPerSample = mul(existing.outputElementsPerSample, BYTES[dtype]);
      existing.inboundLayers = [...new Set([...existing.inboundLayers, ...inboundLayers])];
      existing.derivation.push(...derivation.map((l) => `call ${existing.calls!.length}: ${l}`));
    }
  }

  for (const layer of order.uncalled) {
    diagnostics.push({ severity: 'warning', message: `layer "${layer.name}" is never called (it has no inbound nodes): its shapes are unknown`, layer: layer.name, path: layer.path });
    orderOfLayers.push({
      name: layer.name, className: layer.className, path: layer.path, inputShapes: [], outputShapes: [null],
      params: null, trainableParams: null, nonTrainableParams: null, macs: null, outputElementsPerSample: null,
      outputBytesPerSample: null, derivation: ['never called'], inboundLayers: [],
    });
  }
  flagInexact(orderOfLayers, diagnostics);

  const outputs = model.outputs.map((ref) => tensors.get(tensorKey(ref.layer, ref.nodeIndex, ref.tensorIndex)) ?? null);
  return { layers: orderOfLayers, outputs, diagnostics };
}

function formatShapes(shapes: readonly (Shape | null)[]): string {
  return shapes.map(formatShape).join(', ');
}

interface CallOutcome {
  result: InferResult;
}

function runCall(
  layer: LayerIR,
  inputs: (Shape | null)[],
  dtype: DType,
  diagnostics: Diagnostic[],
  derivation: string[],
  overrideFor: Map<string, Shape | null>,
  nodePath: JsonPath | undefined,
): CallOutcome {
  if (layer.className === 'InputLayer') {
    return { result: inputLayer(layer, diagnostics, derivation, overrideFor) };
  }
  return { result: inferLayer(layer, inputs, dtype, diagnostics, derivation, '', nodePath) };
}

function inputLayer(layer: LayerIR, diagnostics: Diagnostic[], derivation: string[], overrideFor: Map<string, Shape | null>): InferResult {
  const { declared, problems } = declaredInputShape({ config: layer.config, build_config: layer.buildConfig });
  for (const p of problems) diagnostics.push({ severity: 'error', message: p.message, layer: layer.name, path: [...layer.path, ...p.path] });
  if (overrideFor.has(layer.name)) {
    const given = overrideFor.get(layer.name) ?? null;
    if (declared && given && !compatible(declared.shape, given)) {
      diagnostics.push({ severity: 'error', message: `input "${layer.name}" declares ${formatShape(declared.shape)} but is called on ${formatShape(given)}`, layer: layer.name, path: [...layer.path, ...declared.path] });
    }
    derivation.push(`called on ${formatShape(given)}`);
    return { outputs: [given ? mergeKnown(given, declared?.shape) : declared?.shape ?? null], trainable: 0, nonTrainable: 0, macs: 0 };
  }
  if (!declared) {
    diagnostics.push({ severity: 'error', message: `missing input shape: "${layer.name}" declares no batch_input_shape (or batch_shape / input_shape), so no shape downstream can be known`, layer: layer.name, path: [...layer.path, 'config'] });
    return { outputs: [null], trainable: 0, nonTrainable: 0, macs: 0 };
  }
  derivation.push(`declared input shape ${formatShape(declared.shape)}`);
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
  const report = (severity: Severity, message: string, at?: string | JsonPath) => {
    // `at` is relative to the config object; an empty list means "this call" (a merge of mismatched inputs), which
    // points at the call's entry in inbound_nodes when the file has one.
    const path: JsonPath = at === undefined
      ? layer.path
      : typeof at === 'string'
        ? [...layer.path, 'config', at]
        : at.length === 0 ? (nodePath ?? layer.path) : [...layer.path, 'config', ...at];
    diagnostics.push({ severity, message: `${layer.name}: ${message}`, layer: layer.name, path });
  };

  if (layer.nested && MODEL_CLASSES.has(layer.className)) {
    const inner = analyzeGraph(layer.nested, dtype, inputs);
    diagnostics.push(...inner.diagnostics);
    const trainable = sum(inner.layers.map((l) => l.trainableParams));
    const nonTrainable = sum(inner.layers.map((l) => l.nonTrainableParams));
    const macs = sum(inner.layers.map((l) => l.macs));
    derivation.push(`${prefix}nested ${layer.className} of ${inner.layers.filter((l) => !l.synthetic).length} layers: params ${trainable ?? '?'} trainable + ${nonTrainable ?? '?'} non-trainable, MACs ${macs ?? '?'}`);
    return { outputs: inner.outputs, trainable, nonTrainable, macs, nested: inner.layers };
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
  if (!rule.acceptsUnknownInputs && inputs.some((s) => s === null)) {
    derivation.push(`${prefix}input shape unknown (see the diagnostics upstream)`);
    return unknownResult();
  }
  const ctx: InferContext = {
    layer,
    config: new LayerConfig(layer.config, report),
    inputs,
    report,
    derive: (line) => derivation.push(prefix + line),
    inferInner: (inner, innerInputs, innerPrefix) => inferLayer(inner, innerInputs, dtype, diagnostics, derivation, prefix + innerPrefix),
    analyzeNested: (model, modelInputs) => {
      const inner = analyzeGraph(model, dtype, modelInputs);
      diagnostics.push(...inner.diagnostics);
      return {
        outputs: inner.outputs,
        trainable: sum(inner.layers.map((l) => l.trainableParams)),
        nonTrainable: sum(inner.layers.map((l) => l.nonTrainableParams)),
        macs: sum(inner.layers.map((l) => l.macs)),
        nested: inner.layers,
      };
    },
  };
  try {
    return rule.infer(ctx);
  } catch (err) {
    // A rule bug must not take the editor down; say so loudly instead.
    diagnostics.push({ severity: 'error', message: `internal error analysing "${layer.name}" (${layer.className}): ${(err as Error).message}`, layer: layer.name, path: layer.path });
    return unknownResult();
  }
}

/** Counts beyond 2^53 are products of exact integers rounded by floating point: flag them as approximate. */
function flagInexact(layers: LayerAnalysis[], diagnostics: Diagnostic[]): void {
  for (const l of layers) {
    const checks: [string, Count][] = [
      ['parameter count', l.params],
      ['MAC count', l.macs],
      ['output size', l.outputElementsPerSample],
    ];
    for (const [what, value] of checks) {
      if (value !== null && !Number.isSafeInteger(value)) {
        diagnostics.push({
          severity: 'warning',
          message: `${l.name}: ${what} ≈ ${value.toExponential(3)} exceeds 2^53 − 1 = 9007199254740991, so it is approximate (rounded), not exact`,
          layer: l.name,
          path: l.path,
        });
      }
    }
  }
}
