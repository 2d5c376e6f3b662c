// Nested models in the memory walks: a model used as a layer (a Keras base model inside a Sequential) runs its own
// layers, each with its own output, so the walks see its inner layers in its place, recursively, with names
// `outer/inner`. Its inputs stay live until the whole nested model returned (TF.js's and Keras's outer executors free a
// layer's inputs after the layer's call), and its output is its inner output layers' outputs (not counted twice).
import type { MemoryLayer } from './memoryModel';

/** A layer as the walks see it: nested models replaced by their layers. */
export interface WalkedLayer extends MemoryLayer {
  /** Layers whose outputs must stay live until this one ran without being its inputs: a nested model's inputs. */
  holds: string[];
  /** A later call of a shared nested model: its weight gradient is summed into one tensor, counted once. */
  gradientSummedIntoAnother: boolean;
}

/**
 * The layers in execution order with each nested model replaced by its own layers, recursively, named
 * `outer/inner` (a shared nested model once per call: `outer#2/inner`). Inside, a reference to the nested model's
 * InputLayer is one to the producers the nested model is called on, and outside, a reference to the nested model is
 * one to its output layers (those nothing inside consumes). A nested model called on inputs of different shapes is
 * analysed for its first call only, so its inner sizes are not known for the others: reported as unknown.
 */
export function flattenNested(layers: readonly MemoryLayer[], unknownLayers: string[]): WalkedLayer[] {
  if (!layers.some((l) => l.nested)) return layers.map((l) => ({ ...l, holds: [], gradientSummedIntoAnother: false }));
  const walked: WalkedLayer[] = [];
  appendModel(layers, { prefix: '', inputs: null, frozen: false, repeatCall: false }, walked, unknownLayers);
  return walked;
}

interface NestingContext {
  /** Prepended to the names of the model's layers. */
  prefix: string;
  /** Walked names of what the model is called on; null for the outermost model (its InputLayers are its inputs). */
  inputs: string[] | null;
  /** The nested model is frozen as a whole (`trainable: false` on it zeroes its trainable count, not its layers'). */
  frozen: boolean;
  repeatCall: boolean;
}

/** Appends a model's layers to `walked`; returns the walked names of its outputs. */
function appendModel(layers: readonly MemoryLayer[], ctx: NestingContext, walked: WalkedLayer[], unknownLayers: string[]): string[] {
  const walkedNames = new Map<string, string[]>();
  const resolve = (names: readonly string[]) => [...new Set(names.flatMap((name) => walkedNames.get(name) ?? [ctx.prefix + name]))];
  // A layer consumed by another is not an output of the model (a shared layer can consume its own earlier call).
  const consumed = new Set<string>();
  for (const l of layers) {
    for (const name of l.inboundLayers) if (name !== l.name) consumed.add(name);
    if (l.className === 'InputLayer' && ctx.inputs !== null && ctx.inputs.length > 0) {
      walkedNames.set(l.name, ctx.inputs);
      continue;
    }
    if (l.nested && l.nested.length > 0) {
      appendNested(l, ctx, walked, unknownLayers, resolve, (outputs) => walkedNames.set(l.name, outputs));
      continue;
    }
    const inbound = resolve(l.inboundLayers);
    walked.push({
      ...l,
      name: ctx.prefix + l.name,
      inboundLayers: inbound,
      trainableParams: ctx.frozen ? 0 : l.trainableParams,
      holds: [],
      gradientSummedIntoAnother: ctx.repeatCall,
    });
  }
  return resolve(layers.filter((l) => !consumed.has(l.name)).map((l) => l.name));
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
  resolve: (names: readonly string[]) => string[],
  setOutputs: (outputs: string[]) => void,
): void {
  const calls = l.calls ?? [];
  const callCount = Math.max(1, calls.length);
  if (calls.some((c) => JSON.stringify(c.inputShapes) !== JSON.stringify(calls[0].inputShapes))) unknownLayers.push(ctx.prefix + l.name);
  const outputs: string[] = [];
  for (let call = 0; call < callCount; call++) {
    const inputs = resolve(calls[call]?.inboundLayers ?? l.inboundLayers);
    const inner: NestingContext = {
      prefix: `${ctx.prefix}${l.name}${callCount > 1 ? `#${call + 1}` : ''}/`,
      inputs,
      frozen: ctx.frozen || (l.trainableParams === 0 && (l.params ?? 0) > 0),
      repeatCall: ctx.repeatCall || call > 0,
    };
    const start = walked.length;
    outputs.push(...appendModel(l.nested!, inner, walked, unknownLayers));
    // The caller holds the nested model's inputs until the call returned.
    if (walked.length > start) walked[walked.length - 1].holds.push(...inputs);
    setOutputs([...outputs]);
  }
}
