// A framework's figures for a model: its fixed terms (weights, optimizer state, targets, the update's temporaries)
// and the walk over the layers (frameworkWalks.ts), with what the figures assume.
import type { MemoryBreakdown, MemoryDevice, MemoryTerm } from '../analysisResult';
import { BYTES_PER_ELEMENT } from './dtype';
import { frameworkCost, inputElementsOfCalls, type CostFramework } from './frameworkCosts';
import { pytorchWalk, tfjsWalk, type WalkContext } from './frameworkWalks';
import { stridedOutputGradients } from './stridedGradients';
import type { Graph, MemoryOptions } from './memoryModel';
import type { WalkedLayer } from './nestedModels';
import { OPTIMIZER_STATE, SCALAR_BYTES } from './optimizerState';
import { PYTORCH_FOREACH_TEMPORARIES, PYTORCH_OPTIMIZER_STATE, PYTORCH_PER_TENSOR_TEMPORARIES, TFJS_UPDATE_TEMPORARIES } from './optimizerUpdate';

/** The CUDA caching allocator's block: every allocation is rounded up to a multiple of 512 bytes. */
export const CUDA_BLOCK_BYTES = 512;
/** cuBLAS's workspace per handle as PyTorch 2.x sizes it on Hopper (CUBLAS_WORKSPACE_CONFIG default :4096:8 → 32 MiB). */
export const CUBLAS_WORKSPACE_BYTES = 32 * 1024 * 1024;
/** PyTorch 2.x's Adam/Adagrad/… `step`: a float32 scalar tensor per parameter tensor. */
const STEP_TENSOR_BYTES = 4;

export type FrameworkFigures = Pick<MemoryBreakdown,
  'inferencePeakBytes' | 'trainingPeakBytes' | 'parameterBytes' | 'optimizerStateBytes' | 'device' | 'derivation' | 'assumptions' |
  'trainingPeakRange' | 'inferencePeakRange'> & { inferencePeakLayer: string | null; trainingPeakPhase: string | null };

export function frameworkFigures(
  walked: readonly WalkedLayer[],
  graph: Graph,
  opts: MemoryOptions & { semantics: NonNullable<MemoryOptions['semantics']> },
  framework: CostFramework,
  counts: { totalParams: number; trainableParams: number },
): FrameworkFigures {
  const bytesPerElement = BYTES_PER_ELEMENT[opts.dtype];
  const batch = opts.batchSize;
  const device: MemoryDevice = opts.device ?? 'cuda';
  const perSampleElement = batch * bytesPerElement;
  // Inputs of every call of a layer (a shared layer's second call reads other tensors), from shapes, else the graph's.
  const inputElements = walked.map((l, i) => {
    const fromGraph = perSampleElement > 0 ? graph.inBytes[i] / perSampleElement : 0;
    if (!l.calls || l.calls.length <= 1 || l.className === 'InputLayer') return fromGraph;
    const fromShapes = inputElementsOfCalls(l);
    return Number.isNaN(fromShapes) ? fromGraph : fromShapes;
  });
  const costs = walked.map((l, i) => frameworkCost(l, inputElements[i], framework, opts.semantics, device));
  const trainableBytes = counts.trainableParams * bytesPerElement;
  let bufferElements = 0;
  let parameterTensors = 0;
  let largestTrainable = 0;
  let modelOutputBytes = 0;
  let modelOutputs = 0;
  for (let i = 0; i < walked.length; i++) {
    const l = walked[i];
    bufferElements += l.buffers ?? 0;
    const trainable = l.trainableParams ?? 0;
    // A weight and (usually) a bias per trainable layer: the step tensors are per parameter tensor.
    if (trainable > 0) parameterTensors += 2;
    largestTrainable = Math.max(largestTrainable, trainable);
    if (graph.isModelOutput[i] && !graph.isModelInput[i]) {
      modelOutputBytes += graph.outBytes[i];
      modelOutputs++;
    }
  }

  if (framework === 'tfjs') {
    const state = OPTIMIZER_STATE[opts.optimizer];
    const optimizerStateBytes = state.slotsPerParameter * trainableBytes + state.scalarTensors * SCALAR_BYTES;
    const parameterBytes = counts.totalParams * bytesPerElement;
    const ctx: WalkContext = {
      layers: walked, graph, costs, batch, bytesPerElement, parameterBytes, trainableBytes, optimizerStateBytes,
      inputBytes: inputElements.map((e) => e * perSampleElement),
      optimizerTemporaryBytes: TFJS_UPDATE_TEMPORARIES[opts.optimizer] * trainableBytes,
      targetBytes: modelOutputBytes,
      round: (b) => b,
    };
    const walk = tfjsWalk(ctx);
    return {
      inferencePeakBytes: walk.inferencePeakBytes, trainingPeakBytes: walk.trainingPeakBytes, parameterBytes, optimizerStateBytes,
      inferencePeakLayer: walk.inferencePeakLayer, trainingPeakPhase: walk.trainingPeakPhase, derivation: walk.terms,
      assumptions: [
        'TF.js 4.x, as tf.memory().numBytes counts: every tensor, views and saved clones included (they share data buffers, so RAM holds less)',
        'one model.trainOnBatch after the optimizer\'s first step (its state exists); targets the size of the outputs (one-hot)',
        'per-layer terms measured on the cpu backend (scripts/measure/tfjsTapeByLayer.ts); WebGL/WebGPU textures and tfjs-node\'s native buffers are not modelled',
      ],
    };
  }

  const state = PYTORCH_OPTIMIZER_STATE[opts.optimizer];
  const optimizerStateBytes = state.slots * trainableBytes + (state.step ? parameterTensors * STEP_TENSOR_BYTES : 0);
  const parameterBytes = (counts.totalParams + bufferElements) * bytesPerElement;
  const round = device === 'cuda' ? (b: number) => Math.ceil(b / CUDA_BLOCK_BYTES) * CUDA_BLOCK_BYTES : (b: number) => b;
  const optimizerTemporaryBytes = device === 'cuda'
    ? PYTORCH_FOREACH_TEMPORARIES[opts.optimizer] * trainableBytes
    : PYTORCH_PER_TENSOR_TEMPORARIES[opts.optimizer] * largestTrainable * bytesPerElement;
  const ctx: WalkContext = {
    layers: walked, graph, costs, batch, bytesPerElement, parameterBytes, trainableBytes, optimizerStateBytes, optimizerTemporaryBytes,
    inputBytes: inputElements.map((e) => e * perSampleElement),
    // Class-index targets (int64), one per sample per output.
    targetBytes: round(8 * batch) * Math.max(1, modelOutputs),
    round,
    stridedGradient: stridedOutputGradients(walked, graph, batch, opts.semantics),
  };
  const walk = pytorchWalk(ctx);
  const usesBlas = walked.some((l) => (l.params ?? 0) > 0);
  const workspaces = device === 'cuda' && usesBlas;
  const rangeWhy = 'cuBLAS allocates a 32 MiB workspace per handle (Hopper) through the caching allocator the first time a process multiplies matrices on a stream: one for inference, two for training (the forward\'s stream and autograd\'s device thread); a process that already has them shows the low figure';
  const heldWhy = 'in a branched network PyTorch frees a tensor only when nothing references it: a Python local (a block\'s input kept for its residual) or a module call\'s argument holds it until that call returns, which the layers do not say; the low figure frees each output after its last consumer (as nn.Sequential does), the high one keeps every output until forward returns';
  const derivation: MemoryTerm[] = walk.terms;
  return {
    inferencePeakBytes: walk.inferencePeakBytes, trainingPeakBytes: walk.trainingPeakBytes, parameterBytes, optimizerStateBytes, device,
    inferencePeakLayer: walk.inferencePeakLayer, trainingPeakPhase: walk.trainingPeakPhase, derivation,
    assumptions: device === 'cuda'
      ? [
        'PyTorch 2.x eager on CUDA, cuDNN off (PyTorch\'s native kernels; with cuDNN on, its workspace depends on the algorithm it picks per shape and is not predicted)',
        'every allocation rounded up to 512 B (the caching allocator\'s small and large pools); memory reserved but not allocated (segments of 2 MiB and more) is not counted',
        'Adam and the others with foreach (the CUDA default); class-index targets; activations not in place unless the source says inplace=True',
      ]
      : [
        'PyTorch 2.x eager on the CPU with oneDNN convolutions (the default build); the per-tensor optimizer loop (the CPU default)',
        'bytes as PyTorch\'s CPU allocator is asked for them (no rounding); oneDNN\'s primitive cache and the Python heap are not counted',
      ],
    ...(workspaces ? { trainingPeakRange: { lowBytes: walk.trainingPeakBytes, highBytes: walk.trainingPeakBytes + 2 * CUBLAS_WORKSPACE_BYTES, why: rangeWhy } } : {}),
    ...(workspaces || walk.inferenceHeldPeakBytes !== undefined ? {
      inferencePeakRange: {
        lowBytes: walk.inferencePeakBytes,
        highBytes: (walk.inferenceHeldPeakBytes ?? walk.inferencePeakBytes) + (workspaces ? CUBLAS_WORKSPACE_BYTES : 0),
        why: [workspaces ? rangeWhy : '', walk.inferenceHeldPeakBytes !== undefined ? heldWhy : ''].filter((w) => w !== '').join('; '),
      },
    } : {}),
  };
}
