// Nested models in the memory walks: a model used as a layer (a Keras base model inside a Sequential) runs its own
// layers, each with its own output, so the walks see its inner layers in its place, recursively, with names
// `outer/inner`. Its inputs stay live until the whole nested model returned (TF.js's and Keras's outer executors free a
// layer's inputs after the layer's call), and its outputs are its output layers' outputs (not counted twice).
//
// A layer is walked once, where its first call runs (a shared nested model: each call there, one after another). A
// later call that consumes a layer running after that place (shared(narrow(wide(shared(x))))) cannot be placed so:
// its producers' outputs and gradients would be missed, so the figures are reported as unknown, naming the layer.
import type { TensorOf } from '../analysisResult';
import type { MemoryLayer } from './memoryLayer';

/** A layer as the walks see it: nested models replaced by their layers. */
export interface WalkedLayer extends MemoryLayer {
  /** Layers whose outputs must stay live until this one ran without being its inputs: a nested model's inputs. */
  holds: string[];
  /**
   * A call of a shared nested model other than its last: backward runs the last call first, which makes the weight
   * gradient; the earlier calls add theirs into it, so it is counted once, there.
   */
  gradientSummedIntoAnother: boolean;
}

/**
 * The layers in execution order with each nested model replaced by its own layers, recursively, named
 * `outer/inner` (a shared nested model once per call: `outer#2/inner`). Inside, a reference to the nested model's
 * InputLayer is one to the producers the nested model is called on, and outside, a reference to an output of the
 * nested model is one to the inner layer its config's output_layers name for it (without output_layers: the layers
 * nothing inside consumes). A nested model called on inputs of different shapes is analysed for its first call only,
 * so its inner sizes are not known for the others: reported as unknown. So is a layer consuming a layer walked after
 * it (see above).
 */
export function flattenNested(layers: readonly MemoryLayer[], unknownLayers: string[]): WalkedLayer[] {
  if (!layers.some((l) => l.nested)) {
    checkOrder(layers, '', unknownLayers);
    return layers.map((l) => walkedLayer(l, l.name, l.inboundLayers, l.trainableParams, false));
  }
  const walked: WalkedLayer[] = [];
  appendModel(layers, undefined, { prefix: '', inputs: null, frozen: false, repeatCall: false }, walked, unknownLayers);
  return walked;
}

/**
 * The walked copy of a layer: only the fields the walks read, in one fixed shape (spreading a LayerAnalysis copied all
 * its fields, for each layer of each analysis).
 */
function walkedLayer(
  l: MemoryLayer, name: string, inboundLayers: string[], trainableParams: MemoryLayer['trainableParams'], gradientSummedIntoAnother: boolean,
): WalkedLayer {
  return {
    name, className: l.className, params: l.params, trainableParams, outputElementsPerSample: l.outputElementsPerSample,
    inputShapes: l.inputShapes, inboundLayers, intermediateElementsPerSample: l.intermediateElementsPerSample,
    nestedOutputs: l.nestedOutputs, inboundTensors: l.inboundTensors, buffers: l.buffers, activation: l.activation, nested: l.nested,
    outputShapes: l.outputShapes, inplace: l.inplace, calls: l.calls, holds: [], gradientSummedIntoAnother,
  };
}

/**
 * Reports (in unknownLayers) each layer that consumes a layer of the same model walked at or after it: a shared
 * layer (its calls are merged where the first runs) whose later call consumes a later layer, or its own output.
 */
function checkOrder(layers: readonly MemoryLayer[], prefix: string, unknownLayers: string[]): void {
  const position = new Map<string, number>();
  for (let i = 0; i < layers.length; i++) if (!position.has(layers[i].name)) position.set(layers[i].name, i);
  for (let i = 0; i < layers.length; i++) {
    const l = layers[i];
    // A nested model's later call consuming its own earlier call (block(block(x))) is walked in order: call by call.
    const laterOrSelf = l.inboundLayers.some((name) => (position.get(name) ?? -1) >= i && !(l.nested && name === l.name));
    if (laterOrSelf) unknownLayers.push(prefix + l.name);
  }
}

interface NestingContext {
  /** Prepended to the names of the model's layers. */
  prefix: string;
  /** Walked names of what the model is called on; null for the outermost model (its InputLayers are its inputs). */
  inputs: string[] | null;
  /** The nested model is frozen as a whole (`trainable: false` on it zeroes its trainable count, not its layers'). */
  frozen: boolean;
  /** A call of a shared nested model other than its last (WalkedLayer.gradientSummedIntoAnother). */
  repeatCall: boolean;
}

/** Walked names of what a reference to a layer stands for: of each of its outputs (one list for most layers). */
type Outputs = string[][];

/** Appends a model's layers to `walked`; returns the walked names of each of its outputs. */
function appendModel(
  layers: readonly MemoryLayer[],
  modelOutputs: readonly TensorOf[] | undefined,
  ctx: NestingContext,
  walked: WalkedLayer[],
  unknownLayers: string[],
): Outputs {
  checkOrder(layers, ctx.prefix, unknownLayers);
  const outputsOf = new Map<string, Outputs>();
  const resolve = (names: readonly string[], tensors?: readonly TensorOf[]) => {
    const found = new Set<string>();
    for (const name of names) {
      const outputs = outputsOf.get(name);
      if (!outputs) {
        found.add(ctx.prefix + name);
        continue;
      }
      const which = tensors?.filter((t) => t.layer === name && outputs[t.tensor] !== undefined);
      for (const list of which && which.length > 0 ? which.map((t) => outputs[t.tensor]) : outputs) for (const n of list) found.add(n);
    }
    return [...found];
  };
  for (const l of layers) {
    if (l.className === 'InputLayer' && ctx.inputs !== null && ctx.inputs.length > 0) {
      outputsOf.set(l.name, [ctx.inputs]);
      continue;
    }
    if (l.nested && l.nested.length > 0) {
      appendNested(l, ctx, walked, unknownLayers, resolve, (outputs) => outputsOf.set(l.name, outputs));
      continue;
    }
    walked.push(walkedLayer(l, ctx.prefix + l.name, resolve(l.inboundLayers, l.inboundTensors), ctx.frozen ? 0 : l.trainableParams, ctx.repeatCall));
  }
  if (modelOutputs && modelOutputs.length > 0) return modelOutputs.map((t) => resolve([t.layer], [t]));
  // Without output_layers: the layers nothing inside consumes (a shared layer can consume its own earlier call).
  const consumed = new Set<string>();
  for (const l of layers) for (const name of l.inboundLayers) if (name !== l.name) consumed.add(name);
  return [resolve(layers.filter((l) => !consumed.has(l.name)).map((l) => l.name))];
}

/**
 * Appends each call of a nested model. A reference to a layer names it, not its call: a reference to a shared nested
 * model stands for the outputs of all its calls so far (which can only keep a tensor live longer).
 */
function appendNested(
  l: MemoryLayer,
  ctx: NestingContext,
  walked: WalkedLayer[],
  unknownLayers: string[],
  resolve: (names: readonly string[], tensors?: readonly TensorOf[]) => string[],
  setOutputs: (outputs: Outputs) => void,
): void {
  const calls = l.calls ?? [];
  const callCount = Math.max(1, calls.length);
  if (calls.some((c) => JSON.stringify(c.inputShapes) !== JSON.stringify(calls[0].inputShapes))) unknownLayers.push(ctx.prefix + l.name);
  const outputs: Outputs = [];
  for (let call = 0; call < callCount; call++) {
    const inputs = resolve(calls[call]?.inboundLayers ?? l.inboundLayers, calls[call] ? calls[call].inboundTensors : l.inboundTensors);
    const inner: NestingContext = {
      prefix: `${ctx.prefix}${l.name}${callCount > 1 ? `#${call + 1}` : ''}/`,
      inputs,
      frozen: ctx.frozen || (l.trainableParams === 0 && (l.params ?? 0) > 0),
      repeatCall: ctx.repeatCall || call < callCount - 1,
    };
    const start = walked.length;
    const callOutputs = appendModel(l.nested!, l.nestedOutputs, inner, walked, unknownLayers);
    callOutputs.forEach((names, i) => (outputs[i] = [...(outputs[i] ?? []), ...names]));
    // The caller holds the nested model's inputs until the call returned.
    if (walked.length > start) walked[walked.length - 1].holds.push(...inputs);
    setOutputs(outputs.map((names) => [...names]));
  }
}
