// The memory model: how many bytes a model needs for a batch, for inference and for one training step, each term
// separate. Works on the per-layer analysis (sizes and graph edges), at the granularity of layer outputs: a framework
// allocates temporaries inside a layer too (TF.js keeps a conv's pre-bias result, BN's centred input, …), which no
// layer-level model sees; the tests measure how far TF.js's own peak is from these figures and why.
//
// Inference peak: walk the execution order; a layer's output is allocated when it runs and freed after its last
// consumer ran. Model inputs (held by the caller) and model outputs (returned) stay live. Weights are live throughout.
//
// Training peak: the same forward walk, except that tensors some gradient needs (see backwardRetention.ts) are kept;
// then the backward walk in reverse order, where each layer turns the gradient of its output into gradients of its
// inputs and of its weights; a kept tensor is freed once the last layer needing it ran backward, an output gradient
// once its producer ran backward, weight gradients stay until the optimizer step. Weights and optimizer state are
// live throughout. This is how an autograd that frees as it goes (PyTorch) behaves; TF.js keeps more (see tests).
import type { DType, LayerAnalysis, MemoryBreakdown, OptimizerName } from '../analysis';
import { backwardNeeds, type BackwardNeeds } from './backwardRetention';
import { BYTES_PER_ELEMENT } from './dtype';
import { OPTIMIZER_STATE, SCALAR_BYTES } from './optimizerState';

export interface MemoryOptions {
  batchSize: number;
  dtype: DType;
  optimizer: OptimizerName;
}

/** What the memory model reads from a layer; `LayerAnalysis` is one. `activation` is a fused activation if known. */
export type MemoryLayer = Pick<
  LayerAnalysis,
  'name' | 'className' | 'params' | 'trainableParams' | 'outputElementsPerSample' | 'inputShapes' | 'inboundLayers'
> & { activation?: string | null };

/** The breakdown plus where the peaks happen and the figures a reader compares against. */
export interface MemoryDetail extends MemoryBreakdown {
  /** Layer running when the inference peak is reached (null when unknown or the model is empty). */
  inferencePeakLayer: string | null;
  /** `forward`, `backward` (with the layer whose backward runs) or `optimizer step`. */
  trainingPeakPhase: string | null;
  /** Activations (and masks) kept after the forward pass for backward. */
  retainedForBackwardBytes: number;
  /** torchinfo's estimate for the same batch: inputs + 2 × outputs of layers with parameters + parameters. */
  torchinfoEstimateBytes: number;
  /** Names of layers whose output size is unknown (then every activation figure is NaN). */
  unknownLayers: string[];
}

export function computeMemory(layers: readonly MemoryLayer[], opts: MemoryOptions): MemoryBreakdown {
  const detail = computeMemoryDetail(layers, opts);
  return {
    batchSize: detail.batchSize,
    dtype: detail.dtype,
    optimizer: detail.optimizer,
    parameterBytes: detail.parameterBytes,
    gradientBytes: detail.gradientBytes,
    optimizerStateBytes: detail.optimizerStateBytes,
    activationBytes: detail.activationBytes,
    inferencePeakBytes: detail.inferencePeakBytes,
    trainingPeakBytes: detail.trainingPeakBytes,
  };
}

export function computeMemoryDetail(layers: readonly MemoryLayer[], opts: MemoryOptions): MemoryDetail {
  const bytesPerElement = BYTES_PER_ELEMENT[opts.dtype];
  const batch = opts.batchSize;
  const rule = OPTIMIZER_STATE[opts.optimizer];

  // An unknown parameter count makes the parameter-based figures unknown (NaN, printed as null in JSON), never 0.
  const totalParams = sumOrNaN(layers.map((l) => l.params));
  const trainableParams = sumOrNaN(layers.map((l) => l.trainableParams));
  const parameterBytes = totalParams * bytesPerElement;
  const gradientBytes = trainableParams * bytesPerElement;
  const optimizerStateBytes = rule.slotsPerParameter * trainableParams * bytesPerElement + rule.scalarTensors * SCALAR_BYTES;

  const base = { batchSize: batch, dtype: opts.dtype, optimizer: opts.optimizer, parameterBytes, gradientBytes, optimizerStateBytes };
  const unknownLayers = layers.filter((l) => l.outputElementsPerSample === null).map((l) => l.name);
  if (unknownLayers.length > 0) {
    return {
      ...base, activationBytes: NaN, inferencePeakBytes: NaN, trainingPeakBytes: NaN, inferencePeakLayer: null,
      trainingPeakPhase: null, retainedForBackwardBytes: NaN, torchinfoEstimateBytes: NaN, unknownLayers,
    };
  }

  const graph = buildGraph(layers, batch * bytesPerElement);
  const activationBytes = sum(graph.outBytes);
  const inference = inferencePeak(layers, graph);
  const training = trainingPeak(layers, graph, bytesPerElement);
  const fixedTraining = parameterBytes + optimizerStateBytes;

  const torchinfoEstimateBytes = sum(layers.map((_, i) => (graph.isModelInput[i] ? graph.outBytes[i] : 0)))
    + 2 * sum(layers.map((l, i) => ((l.params ?? 0) > 0 ? graph.outBytes[i] : 0)))
    + parameterBytes;

  return {
    ...base,
    activationBytes,
    inferencePeakBytes: parameterBytes + inference.peak,
    trainingPeakBytes: fixedTraining + training.peak,
    inferencePeakLayer: inference.at,
    trainingPeakPhase: training.phase,
    retainedForBackwardBytes: training.retained,
    torchinfoEstimateBytes,
    unknownLayers,
  };
}

interface Graph {
  /** Bytes of each layer's outputs for the batch. */
  outBytes: number[];
  /** Bytes of each layer's inputs for the batch (from its input shapes; falls back to its producers' outputs). */
  inBytes: number[];
  /** Producer indices of each layer's inputs, each once. */
  inbound: number[][];
  /** Consumer indices of each layer's output, each once. */
  consumers: number[][];
  isModelInput: boolean[];
  isModelOutput: boolean[];
}

function buildGraph(layers: readonly MemoryLayer[], bytesPerSampleElement: number): Graph {
  const indexOf = new Map(layers.map((l, i) => [l.name, i] as const));
  const outBytes = layers.map((l) => (l.outputElementsPerSample ?? 0) * bytesPerSampleElement);
  const inbound = layers.map((l) => unique(l.inboundLayers.map((n) => indexOf.get(n)).filter((i): i is number => i !== undefined)));
  const consumers: number[][] = layers.map(() => []);
  inbound.forEach((producers, i) => producers.forEach((p) => consumers[p].push(i)));
  const inBytes = layers.map((l, i) => {
    const fromShapes = l.inputShapes.map(elementsPerSample);
    if (fromShapes.length > 0 && fromShapes.every((e): e is number => e !== null)) return sum(fromShapes) * bytesPerSampleElement;
    return sum(inbound[i].map((p) => outBytes[p]));
  });
  const isModelInput = layers.map((l, i) => l.className === 'InputLayer' || (inbound[i].length === 0 && l.inboundLayers.length === 0));
  const isModelOutput = consumers.map((c) => c.length === 0);
  return { outBytes, inBytes, inbound, consumers, isModelInput, isModelOutput };
}

function inferencePeak(layers: readonly MemoryLayer[], g: Graph): { peak: number; at: string | null } {
  const lastConsumer = g.consumers.map((c) => (c.length === 0 ? -1 : Math.max(...c)));
  let live = 0;
  let peak = 0;
  let at: string | null = null;
  layers.forEach((layer, i) => {
    live += g.outBytes[i];
    if (live > peak || at === null) {
      peak = Math.max(peak, live);
      at = layer.name;
    }
    for (const p of g.inbound[i]) {
      if (lastConsumer[p] === i && !g.isModelInput[p] && !g.isModelOutput[p]) live -= g.outBytes[p];
    }
  });
  return { peak, at };
}

function trainingPeak(
  layers: readonly MemoryLayer[],
  g: Graph,
  bytesPerElement: number,
): { peak: number; phase: string | null; retained: number } {
  const n = layers.length;
  // A layer runs backward when it has trainable weights or something upstream has (gradients must flow through it).
  const needsGrad: boolean[] = [];
  layers.forEach((l, i) => { needsGrad[i] = (l.trainableParams ?? 0) > 0 || g.inbound[i].some((p) => needsGrad[p]); });
  const needs: BackwardNeeds[] = layers.map((l, i) =>
    needsGrad[i] ? backwardNeeds(l.className, l.activation) : { inputs: false, output: false, extraInputSized: 0 });
  const extraBytes = needs.map((nd, i) => nd.extraInputSized * g.inBytes[i]);

  // A kept tensor is freed after the backward of the earliest (in forward order) layer that needs it.
  const freeAfterBackwardOf: number[] = new Array<number>(n).fill(-1);
  const keep = (tensor: number, byLayer: number) => {
    freeAfterBackwardOf[tensor] = freeAfterBackwardOf[tensor] === -1 ? byLayer : Math.min(freeAfterBackwardOf[tensor], byLayer);
  };
  layers.forEach((_, i) => {
    if (needs[i].output) keep(i, i);
    if (needs[i].inputs) g.inbound[i].forEach((p) => keep(p, i));
  });
  const freedAfter: number[][] = layers.map(() => []);
  freeAfterBackwardOf.forEach((at, t) => { if (at !== -1) freedAfter[at].push(t); });
  const retainedTensor = (t: number) => freeAfterBackwardOf[t] !== -1;
  const stays = (t: number) => g.isModelInput[t] || g.isModelOutput[t];

  // Forward.
  const lastConsumer = g.consumers.map((c) => (c.length === 0 ? -1 : Math.max(...c)));
  let live = 0;
  let peak = 0;
  let phase: string | null = null;
  const note = (bytes: number, what: string) => {
    if (bytes > peak || phase === null) {
      peak = Math.max(peak, bytes);
      phase = what;
    }
  };
  layers.forEach((layer, i) => {
    live += g.outBytes[i] + extraBytes[i];
    note(live, `forward (${layer.name})`);
    for (const p of g.inbound[i]) {
      if (lastConsumer[p] === i && !stays(p) && !retainedTensor(p)) live -= g.outBytes[p];
    }
  });
  const retained = sum(layers.map((_, i) => (retainedTensor(i) && !stays(i) ? g.outBytes[i] : 0))) + sum(extraBytes);

  // Backward: the loss's gradient with respect to each model output starts it.
  const gradBytes = new Map<number, number>();
  let gradLive = 0;
  let weightGrads = 0;
  layers.forEach((_, i) => {
    if (g.isModelOutput[i] && needsGrad[i]) {
      gradBytes.set(i, g.outBytes[i]);
      gradLive += g.outBytes[i];
    }
  });
  note(live + gradLive, 'backward start');
  for (let i = n - 1; i >= 0; i--) {
    const own = gradBytes.get(i);
    if (own === undefined) continue;
    const layer = layers[i];
    const weightGrad = (layer.trainableParams ?? NaN) * bytesPerElement;
    const inputGrads = g.inbound[i].filter((p) => needsGrad[p]);
    // A gradient reaching a tensor that already has one is summed into a new tensor: both live for a moment.
    const allocated = weightGrad + sum(inputGrads.map((p) => g.outBytes[p]));
    note(live + gradLive + weightGrads + allocated, `backward (${layer.name})`);
    weightGrads += weightGrad;
    for (const p of inputGrads) {
      if (!gradBytes.has(p)) {
        gradBytes.set(p, g.outBytes[p]);
        gradLive += g.outBytes[p];
      }
    }
    gradBytes.delete(i);
    gradLive -= own;
    live -= extraBytes[i];
    for (const t of freedAfter[i]) if (!stays(t)) live -= g.outBytes[t];
  }
  note(live + weightGrads, 'optimizer step');
  return { peak, phase, retained };
}

export function elementsPerSample(shape: readonly (number | null)[] | null): number | null {
  if (shape === null) return null;
  let elements = 1;
  for (const d of shape.slice(1)) {
    if (d === null) return null;
    elements *= d;
  }
  return elements;
}

function unique(xs: number[]): number[] {
  return [...new Set(xs)];
}

function sumOrNaN(xs: readonly (number | null)[]): number {
  return sum(xs.map((x) => x ?? NaN));
}

function sum(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}
