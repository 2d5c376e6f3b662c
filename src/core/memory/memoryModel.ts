// The memory model: how many bytes a model needs for a batch, for inference and for one training step, each term
// separate. Works on the per-layer analysis (sizes and graph edges), at the granularity of layer outputs: a framework
// allocates temporaries inside a layer too (TF.js keeps a conv's pre-bias result, BN's centred input, …), which no
// layer-level model sees; the tests measure how far TF.js's own peak is from these figures and why.
//
// Inference peak: walk the execution order; a layer's output is allocated when it runs and freed after its last
// consumer ran. Model inputs (held by the caller) and model outputs (returned) stay live. Weights are live throughout.
//
// Training peak: the same forward walk, except that tensors some gradient needs (each layer rule's backward,
// layers/backward.ts) are kept; then the backward walk in reverse order, where each layer turns the gradient of its
// output into gradients of its inputs and of its weights; a kept tensor is freed once the last layer needing it ran
// backward, an output gradient once its producer ran backward, weight gradients stay until the optimizer step. Weights
// and optimizer state are live throughout. This is how an autograd that frees as it goes (PyTorch) behaves; TF.js
// keeps more (see tests).
//
// A nested model used as a layer (a Keras base model inside a Sequential) runs its own layers: the walks see its inner
// layers in its place (nestedModels.ts), so its inner activations count like any other.
// A layer that computes a tensor between its input and output (SeparableConv's depthwise result) holds it while it
// runs; its rule says whether backward reads it (BackwardNeeds.intermediateForWeightGradient).
import type { DType, MemoryBreakdown, MemoryDevice, MemoryFramework, OptimizerName } from '../analysisResult';
import { frameworkFigures } from './frameworkFigures';
import { backwardNeeds, KEEPS_NOTHING, type BackwardNeeds } from './backwardRetention';
import { elementsPerSample } from '../layers/shape';
import { BYTES_PER_ELEMENT } from './dtype';
import type { MemoryLayer } from './memoryLayer';
import type { LayerSemantics } from '../layers/types';
import { flattenNested, type WalkedLayer } from './nestedModels';
import { OPTIMIZER_STATE, SCALAR_BYTES } from './optimizerState';

export type { MemoryLayer };

export interface MemoryOptions {
  batchSize: number;
  dtype: DType;
  optimizer: OptimizerName;
  /** Which layer catalogue the layers' class names belong to (absent: Keras, the TF.js/Keras files' semantics). */
  semantics?: LayerSemantics;
  /**
   * Which framework's allocations the peaks are for (absent: the semantics' own — tfjs for TF.js/Keras files, pytorch
   * for PyTorch ones); `pytorch` on Keras layers is the same network in PyTorch; `idealAutograd` the lower bound.
   */
  framework?: MemoryFramework;
  /** PyTorch: the device (absent: cuda). */
  device?: MemoryDevice;
}


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
    ...(detail.framework !== undefined ? { framework: detail.framework } : {}),
    ...(detail.device !== undefined ? { device: detail.device } : {}),
    ...(detail.idealAutograd !== undefined ? { idealAutograd: detail.idealAutograd } : {}),
    ...(detail.derivation !== undefined ? { derivation: detail.derivation } : {}),
    ...(detail.assumptions !== undefined ? { assumptions: detail.assumptions } : {}),
    ...(detail.trainingPeakRange !== undefined ? { trainingPeakRange: detail.trainingPeakRange } : {}),
    ...(detail.inferencePeakRange !== undefined ? { inferencePeakRange: detail.inferencePeakRange } : {}),
  };
}

export function computeMemoryDetail(layers: readonly MemoryLayer[], opts: MemoryOptions): MemoryDetail {
  const bytesPerElement = BYTES_PER_ELEMENT[opts.dtype];
  const batch = opts.batchSize;
  const rule = OPTIMIZER_STATE[opts.optimizer];

  // An unknown parameter count makes the parameter-based figures unknown (NaN, printed as null in JSON), never 0.
  // Weights come from the outer layers (a nested model's count is its layers' sum; a shared one counts once).
  let totalParams = 0;
  let trainableParams = 0;
  for (const l of layers) {
    totalParams += l.params ?? NaN;
    trainableParams += l.trainableParams ?? NaN;
  }
  const unknownLayers: string[] = [];
  const walked = flattenNested(layers, unknownLayers);
  for (const l of walked) {
    if (l.outputElementsPerSample === null || l.intermediateElementsPerSample === null) unknownLayers.push(l.name);
  }
  const parameterBytes = totalParams * bytesPerElement;
  const gradientBytes = trainableParams * bytesPerElement;
  const optimizerStateBytes = rule.slotsPerParameter * trainableParams * bytesPerElement + rule.scalarTensors * SCALAR_BYTES;

  const semantics = opts.semantics ?? 'keras';
  const framework: MemoryFramework = opts.framework ?? (semantics === 'pytorch' ? 'pytorch' : 'tfjs');
  const base = { batchSize: batch, dtype: opts.dtype, optimizer: opts.optimizer, parameterBytes, gradientBytes, optimizerStateBytes, framework };
  if (unknownLayers.length > 0) {
    return {
      ...base, activationBytes: NaN, inferencePeakBytes: NaN, trainingPeakBytes: NaN, inferencePeakLayer: null,
      trainingPeakPhase: null, retainedForBackwardBytes: NaN, torchinfoEstimateBytes: NaN, unknownLayers,
    };
  }

  const graph = buildGraph(walked, batch * bytesPerElement);
  const activationBytes = sum(graph.outBytes);
  const inference = inferencePeak(walked, graph);
  const training = trainingPeak(walked, graph, bytesPerElement, semantics);
  const fixedTraining = parameterBytes + optimizerStateBytes;

  let modelInputBytes = 0;
  let weightedOutputBytes = 0;
  for (let i = 0; i < walked.length; i++) {
    modelInputBytes += graph.isModelInput[i] ? graph.outBytes[i] : 0;
    weightedOutputBytes += (walked[i].params ?? 0) > 0 ? graph.outBytes[i] : 0;
  }
  const torchinfoEstimateBytes = modelInputBytes + 2 * weightedOutputBytes + parameterBytes;

  const ideal = {
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
  if (framework === 'idealAutograd') return ideal;
  const figures = frameworkFigures(walked, graph, { ...opts, semantics }, framework, { totalParams, trainableParams });
  return {
    ...ideal,
    ...figures,
    idealAutograd: { inferencePeakBytes: ideal.inferencePeakBytes, trainingPeakBytes: ideal.trainingPeakBytes },
  };
}

// The walks below keep their per-layer state in typed arrays indexed by execution position: the memory model runs
// with every analysis (each edit of a model file), and per-layer arrays, sets and strings made a 1,000-layer model
// allocate several megabytes for a few kilobytes of answer.
export interface Graph {
  /** Bytes of each layer's outputs for the batch. */
  outBytes: Float64Array;
  /** Bytes of each layer's inputs for the batch (from its input shapes; falls back to its producers' outputs). */
  inBytes: Float64Array;
  /** Bytes of the tensor each layer computes between its input and output (0 for most layers). */
  intermediateBytes: Float64Array;
  /** Producer indices of each layer's inputs, each once. */
  inbound: number[][];
  /** Tensors whose last consumer a layer can be: its inputs and what it holds (WalkedLayer.holds), each once. */
  released: number[][];
  /** Index of the last (in execution order) consumer of each layer's output; -1 when nothing consumes it. */
  lastConsumer: Int32Array;
  isModelInput: Uint8Array;
  isModelOutput: Uint8Array;
}

function buildGraph(layers: readonly WalkedLayer[], bytesPerSampleElement: number): Graph {
  const n = layers.length;
  const indexOf = new Map<string, number>();
  for (let i = 0; i < n; i++) indexOf.set(layers[i].name, i); // a repeated name resolves to its last layer
  const outBytes = new Float64Array(n);
  const inBytes = new Float64Array(n);
  const intermediateBytes = new Float64Array(n);
  const inbound: number[][] = new Array<number[]>(n);
  const released: number[][] = new Array<number[]>(n);
  const lastConsumer = new Int32Array(n).fill(-1);
  const isModelInput = new Uint8Array(n);
  const isModelOutput = new Uint8Array(n);
  // listedBy[p] === i + 1: producer p is already in layer i's list (a membership test in O(1), for merges of thousands).
  const listedBy = new Int32Array(n);
  const indicesOf = (names: readonly string[], i: number, into: number[]): number[] => {
    for (const name of names) {
      const p = indexOf.get(name);
      if (p !== undefined && listedBy[p] !== i + 1) {
        listedBy[p] = i + 1;
        into.push(p);
      }
    }
    return into;
  };
  for (let i = 0; i < n; i++) {
    const l = layers[i];
    outBytes[i] = (l.outputElementsPerSample ?? 0) * bytesPerSampleElement;
    intermediateBytes[i] = (l.intermediateElementsPerSample ?? 0) * bytesPerSampleElement;
    const producers = indicesOf(l.inboundLayers, i, []);
    inbound[i] = producers;
    released[i] = l.holds.length === 0 ? producers : indicesOf(l.holds, i, [...producers]);
    // Consumers are visited in increasing index, so the last assignment is the last consumer.
    for (const p of released[i]) lastConsumer[p] = Math.max(lastConsumer[p], i);
    let fromShapes = l.inputShapes.length > 0 ? 0 : NaN;
    for (const shape of l.inputShapes) {
      const e = elementsPerSample(shape);
      if (e === null) {
        fromShapes = NaN;
        break;
      }
      fromShapes += e;
    }
    if (!Number.isNaN(fromShapes)) inBytes[i] = fromShapes * bytesPerSampleElement;
    else {
      let fromProducers = 0;
      for (const p of producers) fromProducers += outBytes[p];
      inBytes[i] = fromProducers;
    }
    isModelInput[i] = l.className === 'InputLayer' || (producers.length === 0 && l.inboundLayers.length === 0) ? 1 : 0;
  }
  for (let i = 0; i < n; i++) isModelOutput[i] = lastConsumer[i] === -1 ? 1 : 0;
  return { outBytes, inBytes, intermediateBytes, inbound, released, lastConsumer, isModelInput, isModelOutput };
}

function inferencePeak(layers: readonly WalkedLayer[], g: Graph): { peak: number; at: string | null } {
  let live = 0;
  let peak = 0;
  let at: string | null = null;
  for (let i = 0; i < layers.length; i++) {
    // The intermediate lives while the layer runs, together with its input and output.
    const running = live + g.outBytes[i] + g.intermediateBytes[i];
    if (running > peak || at === null) {
      peak = Math.max(peak, running);
      at = layers[i].name;
    }
    live += g.outBytes[i];
    for (const p of g.released[i]) {
      if (g.lastConsumer[p] === i && !g.isModelInput[p] && !g.isModelOutput[p]) live -= g.outBytes[p];
    }
  }
  return { peak, at };
}

/** Where the training peak happens: a phase and, for forward/backward, the layer's index. */
const enum Phase { None, Forward, BackwardStart, Backward, OptimizerStep }

function phaseText(phase: Phase, layer: MemoryLayer | undefined): string | null {
  switch (phase) {
    case Phase.None: return null;
    case Phase.Forward: return `forward (${layer!.name})`;
    case Phase.BackwardStart: return 'backward start';
    case Phase.Backward: return `backward (${layer!.name})`;
    case Phase.OptimizerStep: return 'optimizer step';
  }
}

function trainingPeak(
  layers: readonly WalkedLayer[],
  g: Graph,
  bytesPerElement: number,
  semantics: LayerSemantics,
): { peak: number; phase: string | null; retained: number } {
  const n = layers.length;
  // A layer runs backward when it has trainable weights or something upstream has (gradients must flow through it).
  const needsGrad = new Uint8Array(n);
  const needs: BackwardNeeds[] = new Array<BackwardNeeds>(n);
  const extraBytes = new Float64Array(n);
  /** An intermediate nothing keeps: live only while its layer runs forward. */
  const transientBytes = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const l = layers[i];
    let flows = (l.trainableParams ?? 0) > 0;
    for (const p of g.inbound[i]) flows ||= needsGrad[p] === 1;
    needsGrad[i] = flows ? 1 : 0;
    needs[i] = flows ? backwardNeeds(l.className, l.activation, semantics) : KEEPS_NOTHING;
    extraBytes[i] = needs[i].extraInputSized * g.inBytes[i] + (needs[i].extraOutputSized ?? 0) * g.outBytes[i];
    if (needs[i].intermediateForWeightGradient && (l.trainableParams ?? 0) > 0) extraBytes[i] += g.intermediateBytes[i];
    else transientBytes[i] = g.intermediateBytes[i];
  }

  // A kept tensor is freed after the backward of the earliest (in forward order) layer that needs it.
  const freeAfterBackwardOf = new Int32Array(n).fill(-1);
  const keep = (tensor: number, byLayer: number) => {
    if (freeAfterBackwardOf[tensor] === -1 || byLayer < freeAfterBackwardOf[tensor]) freeAfterBackwardOf[tensor] = byLayer;
  };
  for (let i = 0; i < n; i++) {
    if (needs[i].output) keep(i, i);
    if (needs[i].inputs) for (const p of g.inbound[i]) keep(p, i);
  }
  const stays = (t: number) => g.isModelInput[t] === 1 || g.isModelOutput[t] === 1;

  // Forward.
  let live = 0;
  let peak = 0;
  let phase = Phase.None;
  let phaseLayer = -1;
  const note = (bytes: number, what: Phase, layer: number) => {
    if (bytes > peak || phase === Phase.None) {
      peak = Math.max(peak, bytes);
      phase = what;
      phaseLayer = layer;
    }
  };
  for (let i = 0; i < n; i++) {
    live += g.outBytes[i] + extraBytes[i];
    note(live + transientBytes[i], Phase.Forward, i);
    for (const p of g.released[i]) {
      if (g.lastConsumer[p] === i && !stays(p) && freeAfterBackwardOf[p] === -1) live -= g.outBytes[p];
    }
  }
  let retained = 0;
  let extraTotal = 0;
  for (let i = 0; i < n; i++) {
    retained += freeAfterBackwardOf[i] !== -1 && !stays(i) ? g.outBytes[i] : 0;
    extraTotal += extraBytes[i];
  }
  retained += extraTotal;

  // Tensors freed after each layer's backward, grouped by that layer (counting sort: offsets into one array).
  const freedStart = new Int32Array(n + 1);
  for (let t = 0; t < n; t++) if (freeAfterBackwardOf[t] !== -1) freedStart[freeAfterBackwardOf[t] + 1]++;
  for (let i = 0; i < n; i++) freedStart[i + 1] += freedStart[i];
  const freed = new Int32Array(freedStart[n]);
  const fill = freedStart.slice(0, n);
  for (let t = 0; t < n; t++) if (freeAfterBackwardOf[t] !== -1) freed[fill[freeAfterBackwardOf[t]]++] = t;

  // Backward: the loss's gradient with respect to each model output starts it.
  const hasGrad = new Uint8Array(n);
  let gradLive = 0;
  let weightGrads = 0;
  for (let i = 0; i < n; i++) {
    if (g.isModelOutput[i] && needsGrad[i]) {
      hasGrad[i] = 1;
      gradLive += g.outBytes[i];
    }
  }
  note(live + gradLive, Phase.BackwardStart, -1);
  for (let i = n - 1; i >= 0; i--) {
    if (!hasGrad[i]) continue;
    const layer = layers[i];
    const weightGrad = (layer.trainableParams ?? NaN) * bytesPerElement;
    // A gradient reaching a tensor that already has one is summed into a new tensor: both live for a moment.
    let inputGradBytes = 0;
    for (const p of g.inbound[i]) if (needsGrad[p]) inputGradBytes += g.outBytes[p];
    note(live + gradLive + weightGrads + (weightGrad + inputGradBytes), Phase.Backward, i);
    // A shared nested model's earlier call (it runs backward later) adds its weight gradient into the one already there.
    if (!layer.gradientSummedIntoAnother) weightGrads += weightGrad;
    for (const p of g.inbound[i]) {
      if (needsGrad[p] && !hasGrad[p]) {
        hasGrad[p] = 1;
        gradLive += g.outBytes[p];
      }
    }
    hasGrad[i] = 0;
    gradLive -= g.outBytes[i];
    live -= extraBytes[i];
    for (let k = freedStart[i]; k < freedStart[i + 1]; k++) if (!stays(freed[k])) live -= g.outBytes[freed[k]];
  }
  note(live + weightGrads, Phase.OptimizerStep, -1);
  return { peak, phase: phaseText(phase, layers[phaseLayer]), retained };
}

function sum(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s;
}
