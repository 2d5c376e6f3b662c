// The framework memory models: what TF.js 4.x and PyTorch 2.x eager really allocate for one training step (forward,
// loss, backward, optimizer update) and for inference, walked over the layers in execution order with each layer's
// FrameworkCost (frameworkCosts.ts). The ideal-autograd walk (memoryModel.ts) is the lower bound these add to.
//
// TF.js (tfjs-core 4.22's engine): everything the forward pass makes stays live until the forward scope ends, its
// saved clones until the backward scope ends, and every gradient backward makes stays live until then too; so the
// peak is at the end of backward: weights + optimizer state + inputs + targets + all clones + all gradients. Then the
// optimizer's update runs as one tidy over all variables. predict frees each layer's output after its last consumer
// (tfjs-layers' executor), keeps the batch it sliced from the inputs, and each layer's temporaries while it runs.
//
// PyTorch (eager autograd): a tensor lives while Python or autograd references it: outputs die after their last
// consumer unless a backward node saved them (then after that node ran), gradients die once consumed, weight
// gradients accumulate in .grad until the optimizer step; a view (flatten) or an in-place op shares its input's
// storage. On cuda every allocation is rounded up to 512 B (the caching allocator's block size).
import type { FrameworkCost } from '../layers/backward';
import type { MemoryTerm } from '../analysisResult';
import type { Graph } from './memoryModel';
import type { WalkedLayer } from './nestedModels';

export interface WalkContext {
  layers: readonly WalkedLayer[];
  graph: Graph;
  costs: readonly FrameworkCost[];
  /** Bytes of each layer's inputs over all its calls, for the batch. */
  inputBytes: readonly number[];
  batch: number;
  bytesPerElement: number;
  parameterBytes: number;
  trainableBytes: number;
  optimizerStateBytes: number;
  /** Bytes of the optimizer's update temporaries (its peak above the gradients). */
  optimizerTemporaryBytes: number;
  /** Bytes of the training targets. */
  targetBytes: number;
  /** Rounds one allocation as the device's allocator does (identity on the CPU and in TF.js). */
  round: (bytes: number) => number;
  /** PyTorch: 1 where a layer's output gradient is a strided view of a concatenation's (stridedGradients.ts). */
  stridedGradient?: Uint8Array;
}

export interface WalkResult {
  trainingPeakBytes: number;
  inferencePeakBytes: number;
  trainingPeakPhase: string;
  inferencePeakLayer: string | null;
  /**
   * PyTorch, a branched graph: the inference peak if every tensor stayed live until forward returns (a Python local or
   * a module call's argument holds it past its last use; the file does not say which).
   */
  inferenceHeldPeakBytes?: number;
  terms: MemoryTerm[];
}

const sumWhere = (n: number, f: (i: number) => number) => {
  let s = 0;
  for (let i = 0; i < n; i++) s += f(i);
  return s;
};

/** Which layers run backward: those with trainable weights and everything downstream of one. */
function gradientFlow(ctx: WalkContext): Uint8Array {
  const { layers, graph: g } = ctx;
  const flows = new Uint8Array(layers.length);
  for (let i = 0; i < layers.length; i++) {
    let f = (layers[i].trainableParams ?? 0) > 0;
    for (const p of g.inbound[i]) f ||= flows[p] === 1;
    flows[i] = f ? 1 : 0;
  }
  return flows;
}

function inputNeedsGradient(g: Graph, flows: Uint8Array, i: number): boolean {
  for (const p of g.inbound[i]) if (flows[p]) return true;
  return false;
}

/**
 * Bytes of an element count for the batch, in whole elements: a rule's fitted coefficients (TF.js GRU's 1.67·f per
 * step) can make a fraction of one, a tensor cannot (nearest, so float noise on a whole count changes nothing).
 */
function bytesOf(ctx: WalkContext, perSample: number, fixed: number, bytesPerElement = ctx.bytesPerElement): number {
  return Math.round(perSample * ctx.batch + fixed) * bytesPerElement;
}

/**
 * The running peak and where it happens, its text made once at the end (a text per layer per walk was most of the
 * walks' allocations). `what` is 'forward', 'backward', 'backward, gradient sum' with a layer index, else a phase.
 */
class PeakTracker {
  peak = 0;
  private what = '';
  private layer = -1;
  note(bytes: number, what: string, layer = -1): void {
    if (bytes > this.peak || this.what === '') {
      this.peak = Math.max(this.peak, bytes);
      this.what = what;
      this.layer = layer;
    }
  }
  phase(layers: readonly WalkedLayer[]): string {
    if (this.layer < 0) return this.what;
    const [kind, ...rest] = this.what.split(', ');
    return `${kind} (${[layers[this.layer].name, ...rest].join(', ')})`;
  }
}

// ---------------------------------------------------------------- TF.js

/** The loss on the model's outputs: TF.js's losses run a handful of kernels on output-sized tensors (measured ≈ 8·O kept, 8·O of gradients). */
const TFJS_LOSS_TENSORS = 8;

export function tfjsWalk(ctx: WalkContext): WalkResult {
  const { layers, graph: g, costs } = ctx;
  const n = layers.length;
  const flows = gradientFlow(ctx);
  const fixed = ctx.parameterBytes + ctx.optimizerStateBytes + ctx.targetBytes;
  const tracker = new PeakTracker();
  const note = (bytes: number, what: string, layer?: number) => tracker.note(bytes, what, layer);

  // Forward: outputs and saved clones accumulate (the forward scope frees outputs only when it ends).
  let live = fixed;
  let outputs = 0;
  let inputs = 0;
  let saved = 0;
  for (let i = 0; i < n; i++) {
    const c = costs[i];
    const s = bytesOf(ctx, c.saved.perSample, c.saved.fixed);
    if (g.isModelInput[i]) inputs += g.outBytes[i];
    else outputs += g.outBytes[i];
    saved += s;
    live += g.outBytes[i] + s;
    note(live + bytesOf(ctx, c.forwardTemporaries ?? 0, c.temporariesFixed ?? 0), 'forward', i);
  }
  const modelOutputBytes = sumWhere(n, (i) => (g.isModelOutput[i] && !g.isModelInput[i] ? g.outBytes[i] : 0));
  const lossSaved = TFJS_LOSS_TENSORS * modelOutputBytes;
  live += lossSaved;
  note(live, 'loss');

  // Backward: the outputs are gone, every gradient made stays until the backward scope ends.
  live -= outputs;
  let gradients = TFJS_LOSS_TENSORS * modelOutputBytes;
  live += gradients;
  for (let i = n - 1; i >= 0; i--) {
    if (!flows[i]) continue;
    const c = costs[i];
    const weightGrad = (layers[i].trainableParams ?? 0) * ctx.bytesPerElement;
    const made = bytesOf(ctx, c.gradients.perSample, c.gradients.fixed) + (inputNeedsGradient(g, flows, i) ? Math.round(c.inputGradient * ctx.inputBytes[i] / ctx.bytesPerElement) * ctx.bytesPerElement : 0) + weightGrad;
    gradients += made;
    live += made;
    note(live + bytesOf(ctx, c.backwardTemporaries ?? 0, c.temporariesFixed ?? 0), 'backward', i);
  }
  // The scope ends: weights, state, inputs, targets and the weight gradients stay; the update runs.
  const afterBackward = fixed + inputs + ctx.trainableBytes;
  note(afterBackward + ctx.optimizerTemporaryBytes, 'optimizer step');

  const inference = tfjsPredict(ctx);
  const terms: MemoryTerm[] = [
    { phase: 'training', label: 'weights', bytes: ctx.parameterBytes, why: 'all parameters (BatchNorm statistics included)' },
    { phase: 'training', label: 'optimizer state', bytes: ctx.optimizerStateBytes, why: 'the optimizer\'s variables, made on its first step' },
    { phase: 'training', label: 'inputs and targets', bytes: inputs + ctx.targetBytes, why: 'the batch trainOnBatch receives (targets the size of the outputs)' },
    { phase: 'training', label: 'saved for gradients', bytes: saved + lossSaved, why: 'TF.js\'s engine clones every tensor a kernel\'s gradient saves (inputsToSave / outputsToSave); they live until engine.gradients returns' },
    { phase: 'training', label: 'gradients in the backward scope', bytes: gradients, why: 'every gradient backpropagateGradients makes stays in the backward scope until it ends (weight gradients included)' },
    { phase: 'training', label: 'optimizer update temporaries', bytes: ctx.optimizerTemporaryBytes, why: 'applyGradients is one tidy over all variables: its temporaries (measured per optimizer) live together' },
    { phase: 'training', label: 'layer outputs (forward)', bytes: outputs, why: 'live until the forward scope ends, not at the backward peak' },
    ...inference.terms,
  ];
  return { trainingPeakBytes: tracker.peak, inferencePeakBytes: inference.peak, trainingPeakPhase: tracker.phase(layers), inferencePeakLayer: inference.at, terms };
}

function tfjsPredict(ctx: WalkContext): { peak: number; at: string | null; terms: MemoryTerm[] } {
  const { layers, graph: g, costs } = ctx;
  const n = layers.length;
  const root = aliasRoots(ctx, (c) => c.inferenceReturnsInput === true);
  const death = forwardDeaths(ctx, root, null);
  // A nested model's call is one tidy (tfjs-layers Container.call): its layers' outputs live until it returns.
  const lastOfCall = new Map<string, number>();
  for (let i = 0; i < n; i++) lastOfCall.set(callPrefix(layers[i].name), i);
  for (let t = 0; t < n; t++) {
    const prefix = callPrefix(layers[t].name);
    if (prefix !== '' && death[t] >= 0) death[t] = Math.max(death[t], lastOfCall.get(prefix)!);
  }
  let inputs = 0;
  for (let i = 0; i < n; i++) if (g.isModelInput[i]) inputs += g.outBytes[i];
  // predict's loop slices each input for the batch: a copy of the inputs.
  let live = ctx.parameterBytes + inputs;
  let leftLive = 0;
  let peak = 0;
  let at: string | null = null;
  const frees = bucket(n, death);
  for (let i = 0; i < n; i++) {
    const c = costs[i];
    const out = root[i] === i ? g.outBytes[i] : 0;
    const running = live + out + bytesOf(ctx, c.inferenceTemporaries ?? 0, (c.temporariesFixed ?? 0) + (c.inferenceTemporariesFixed ?? 0));
    if (running > peak || at === null) {
      peak = Math.max(peak, running);
      at = layers[i].name;
    }
    const left = bytesOf(ctx, c.inferenceLeftLive ?? 0, 0);
    leftLive += left;
    live += out + left;
    for (const t of frees[i]) live -= g.outBytes[t];
  }
  return {
    peak, at,
    terms: [
      { phase: 'inference', label: 'batch copy', bytes: inputs, why: 'predict slices each input for the batch (a new tensor)' },
      { phase: 'inference', label: 'tensors left until the batch ends', bytes: leftLive, why: 'intermediates a layer does not tidy (relu6\'s relu result)' },
    ],
  };
}

// ---------------------------------------------------------------- PyTorch

/** cross_entropy saves log_softmax's output (the size of the logits) and makes its gradient. */
const PYTORCH_LOSS_TENSORS = 1;

export function pytorchWalk(ctx: WalkContext): WalkResult {
  const { layers, graph: g, costs, round } = ctx;
  const n = layers.length;
  const flows = gradientFlow(ctx);
  const root = aliasRoots(ctx, (c) => c.outputSharesInput === true);
  // A tensor a backward node saves lives until the earliest (forward order) such node ran backward.
  const keptUntil = new Int32Array(n).fill(-1);
  const keep = (t: number, by: number) => {
    const r = root[t];
    if (keptUntil[r] === -1 || by < keptUntil[r]) keptUntil[r] = by;
  };
  for (let i = 0; i < n; i++) {
    if (!flows[i]) continue;
    if (costs[i].keepsOutput) keep(i, i);
    if (costs[i].keepsInput) for (const p of g.inbound[i]) keep(p, i);
  }
  const death = forwardDeaths(ctx, root, keptUntil);
  const frees = bucket(2 * n + 1, death);
  const savedBytes = (i: number) => {
    const c = costs[i];
    if (!flows[i] || (c.saved.perSample === 0 && c.saved.fixed === 0)) return 0;
    return round(bytesOf(ctx, c.saved.perSample, c.saved.fixed, c.savedBytesPerElement ?? ctx.bytesPerElement));
  };
  const outBytes = (i: number) => (root[i] === i ? round(g.outBytes[i]) : 0);

  const fixed = ctx.parameterBytes + ctx.optimizerStateBytes + ctx.targetBytes;
  let live = fixed;
  const tracker = new PeakTracker();
  const note = (bytes: number, what: string, layer?: number) => tracker.note(bytes, what, layer);
  for (let i = 0; i < n; i++) {
    const c = costs[i];
    live += outBytes(i) + savedBytes(i);
    note(live + round(bytesOf(ctx, c.forwardTemporaries ?? 0, 0)) + round(bytesOf(ctx, 0, c.temporariesFixed ?? 0)), 'forward', i);
    for (const t of frees[i]) live -= outBytes(t);
  }
  const modelOutputBytes = sumWhere(n, (i) => (g.isModelOutput[i] && !g.isModelInput[i] ? g.outBytes[i] : 0));
  const lossBytes = round(PYTORCH_LOSS_TENSORS * modelOutputBytes);
  live += lossBytes;
  let retained = live - fixed;
  note(live, 'loss');

  // Backward: the loss's gradient reaches each model output.
  const hasGrad = new Uint8Array(n);
  let gradLive = lossBytes;
  for (let i = 0; i < n; i++) {
    if (g.isModelOutput[i] && flows[i]) {
      hasGrad[i] = 1;
      gradLive += round(g.outBytes[i]);
    }
  }
  live -= lossBytes;
  let weightGrads = 0;
  let contiguousCopies = 0;
  for (let i = n - 1; i >= 0; i--) {
    if (!hasGrad[i]) continue;
    const c = costs[i];
    const weightGrad = round((layers[i].trainableParams ?? 0) * ctx.bytesPerElement);
    // An input that already has a gradient (a tensor several layers read) gets a second one, then autograd sums the
    // two into a new tensor: both count while this layer's backward runs, and the sum beside them once it has.
    let inputGrad = 0;
    let accumulated = 0;
    for (const p of g.inbound[i]) {
      if (!flows[p]) continue;
      inputGrad += round(g.outBytes[p]);
      if (hasGrad[p]) accumulated += round(g.outBytes[p]);
    }
    // A convolution handed a strided view of a concatenation's gradient copies it first; the copy lives until its
    // backward returns.
    const gradientCopy = ctx.stridedGradient?.[i] && c.copiesStridedOutputGradient ? round(g.outBytes[i]) : 0;
    contiguousCopies = Math.max(contiguousCopies, gradientCopy);
    const transient = round(bytesOf(ctx, c.gradients.perSample + (c.backwardTemporaries ?? 0), c.gradients.fixed)) + round(bytesOf(ctx, 0, c.backwardTemporariesFixed ?? 2 * (c.temporariesFixed ?? 0)));
    note(live + gradLive + gradientCopy + weightGrads + weightGrad + inputGrad + transient, 'backward', i);
    if (inputGrad > 0 && c.inputGradientTemporaries) {
      note(live + gradLive + gradientCopy + weightGrads + round(bytesOf(ctx, c.inputGradientTemporaries, 0)) + round(bytesOf(ctx, 0, c.temporariesFixed ?? 0)), 'backward', i);
    }
    if (!layers[i].gradientSummedIntoAnother) weightGrads += weightGrad;
    if (accumulated > 0) note(live + gradLive + weightGrads + inputGrad + accumulated, 'backward, gradient sum', i);
    for (const p of g.inbound[i]) {
      if (flows[p] && !hasGrad[p]) {
        hasGrad[p] = 1;
        gradLive += round(g.outBytes[p]);
      }
    }
    hasGrad[i] = 0;
    gradLive -= round(g.outBytes[i]);
    live -= savedBytes(i);
    for (const t of frees[2 * n - i]) live -= outBytes(t);
  }
  note(live + weightGrads + ctx.optimizerTemporaryBytes, 'optimizer step');
  retained = Math.max(0, retained);

  const inference = pytorchInference(ctx, root);
  const inputs = sumWhere(n, (i) => (g.isModelInput[i] ? g.outBytes[i] : 0));
  const terms: MemoryTerm[] = [
    { phase: 'training', label: 'weights and buffers', bytes: ctx.parameterBytes, why: 'parameters and buffers (BatchNorm running statistics)' },
    { phase: 'training', label: 'optimizer state', bytes: ctx.optimizerStateBytes, why: 'the optimizer\'s per-parameter state (Adam: exp_avg, exp_avg_sq, a step tensor each)' },
    { phase: 'training', label: 'inputs and targets', bytes: inputs + ctx.targetBytes, why: 'the batch (class-index targets, int64)' },
    { phase: 'training', label: 'kept for backward after the loss', bytes: retained - inputs, why: 'outputs autograd saved by reference, new tensors it saved (indices, masks), the loss' },
    { phase: 'training', label: 'weight gradients', bytes: ctx.trainableBytes, why: '.grad of every trainable parameter, accumulated in backward, live through the step' },
    { phase: 'training', label: 'optimizer update temporaries', bytes: ctx.optimizerTemporaryBytes, why: 'the update\'s intermediates (foreach on cuda: one per parameter at once; per tensor on the cpu)' },
    ...(contiguousCopies > 0 ? [{
      phase: 'training' as const, label: 'contiguous copy of a concatenation\'s gradient slice', bytes: contiguousCopies,
      why: 'torch.cat\'s backward hands each input a slice of its gradient (a strided view when the batch or an axis before the concatenated one exceeds 1); a convolution copies it to a contiguous tensor before its backward (the largest copy; one lives at a time)',
    }] : []),
    ...inference.terms,
  ];
  return {
    trainingPeakBytes: tracker.peak, inferencePeakBytes: inference.peak, trainingPeakPhase: tracker.phase(layers), inferencePeakLayer: inference.at, terms,
    ...(inference.heldPeak !== null ? { inferenceHeldPeakBytes: inference.heldPeak } : {}),
  };
}

function pytorchInference(ctx: WalkContext, root: Int32Array): { peak: number; at: string | null; heldPeak: number | null; terms: MemoryTerm[] } {
  const { layers, graph: g, costs, round } = ctx;
  const n = layers.length;
  const death = forwardDeaths(ctx, root, null);
  const frees = bucket(n, death);
  let live = ctx.parameterBytes;
  let peak = 0;
  let at: string | null = null;
  let temporaries = 0;
  // A chain frees each output as its consumer returns whatever the code; a branched graph's tensors may be held.
  let branched = false;
  let held = ctx.parameterBytes;
  let heldPeak = 0;
  for (let i = 0; i < n; i++) {
    const c = costs[i];
    const out = root[i] === i ? round(g.outBytes[i]) : 0;
    const temp = round(bytesOf(ctx, c.inferenceTemporaries ?? 0, 0)) + round(bytesOf(ctx, 0, c.temporariesFixed ?? 0));
    temporaries = Math.max(temporaries, temp);
    if (g.inbound[i].length > 1) branched = true;
    heldPeak = Math.max(heldPeak, held + out + temp);
    held += out;
    if (live + out + temp > peak || at === null) {
      peak = Math.max(peak, live + out + temp);
      at = layers[i].name;
    }
    live += out;
    for (const t of frees[i]) live -= root[t] === t ? round(g.outBytes[t]) : 0;
  }
  return { peak, at, heldPeak: branched && heldPeak > peak ? heldPeak : null, terms: [{ phase: 'inference', label: 'largest layer temporary', bytes: temporaries, why: 'a convolution\'s column buffer (cuda, cuDNN off) or oneDNN\'s blocked output (cpu), an RNN\'s stacked steps' }] };
}

// ---------------------------------------------------------------- liveness shared by the walks

/** The nested call a walked layer belongs to (`outer#2/` of `outer#2/inner`; '' for the outermost model). */
function callPrefix(name: string): string {
  return name.slice(0, name.lastIndexOf('/') + 1);
}

/** Each layer's storage: its own, or (a view, an in-place op, a layer returning its input) its single producer's. */
function aliasRoots(ctx: WalkContext, shares: (c: FrameworkCost) => boolean): Int32Array {
  const { graph: g, costs } = ctx;
  const root = new Int32Array(costs.length);
  for (let i = 0; i < costs.length; i++) {
    root[i] = i;
    if (shares(costs[i]) && g.inbound[i].length === 1) root[i] = root[g.inbound[i][0]];
  }
  return root;
}

/**
 * When each storage is freed, as an index into the walk: t < n after forward step t; 2n − j after layer j's backward
 * (keptUntil); −1 never (model inputs and outputs, held by the caller). Only roots get one; the latest over a root's
 * aliases wins (a later forward step, or a backward that runs later, i.e. an earlier layer).
 */
function forwardDeaths(ctx: WalkContext, root: Int32Array, keptUntil: Int32Array | null): Int32Array {
  const { graph: g } = ctx;
  const n = root.length;
  const death = new Int32Array(n).fill(-2);
  const never = new Uint8Array(n);
  for (let t = 0; t < n; t++) {
    const r = root[t];
    if (g.isModelInput[t] || g.isModelOutput[t]) never[r] = 1;
    const forwardEnd = Math.max(t, g.lastConsumer[t]);
    const key = keptUntil && keptUntil[r] !== -1 ? 2 * n - keptUntil[r] : forwardEnd;
    death[r] = Math.max(death[r], key);
  }
  for (let t = 0; t < n; t++) if (never[t] || root[t] !== t) death[t] = -1;
  return death;
}

/** Storages grouped by the walk index at which they are freed (an empty list shared by the indices freeing none). */
function bucket(size: number, death: Int32Array): (readonly number[])[] {
  const none: readonly number[] = [];
  const out: (readonly number[])[] = new Array<readonly number[]>(size + 1).fill(none);
  for (let t = 0; t < death.length; t++) {
    const at = death[t];
    if (at < 0 || at > size) continue;
    if (out[at] === none) out[at] = [t];
    else (out[at] as number[]).push(t);
  }
  return out;
}
