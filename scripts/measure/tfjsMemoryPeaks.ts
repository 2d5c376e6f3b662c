// Measures what TF.js really allocates for the memory corpus (test/fixtures/memory-corpus/index.json): for each model
// and batch size, on the cpu backend of the installed @tensorflow/tfjs, the absolute peak of tf.memory().numBytes
// during one `trainOnBatch` (Adam, after a warm-up step that creates Adam's moments) and during `predict`, with the
// bytes live before each call split into weights, optimizer state, inputs and targets.
//   npx tsx scripts/measure/tfjsMemoryPeaks.ts [--only name,name] [--include-slow] [--out FILE]
// Without --only it writes test/fixtures/memory-truth/tfjs-peaks.json; with --only it prints (or writes --out).
// A model whose tfjs.slow says why (the full-size seed_ram_cnn) is measured only with --include-slow.
//
// How the peak is taken (tfjs-core 4.22 dist/engine.js):
// - `numBytes` is `engine.state.numBytes`: +size·bytesPerElement in trackTensor for every tensor made (views such as
//   reshape share a data buffer but count again), − the same in disposeTensor.
// - `tf.profile(f).peakBytes` is `max(kernel.totalBytesSnapshot)`, each snapshot being `state.numBytes` right after a
//   kernel ran (runKernelFunc): an ABSOLUTE figure (everything live, weights included), not relative to the start
//   (that is `newBytes`), but sampled only after kernels, so a tensor made and disposed between kernels (tf.tensor from
//   values, a clone, a variable write) is missed. So we also watch every write of state.numBytes (a setter on the
//   engine's state) and take the maximum: the continuous absolute peak, `peakBytes` below. Both are recorded.
// - Bytes in distinct data buffers (what RAM really holds; a view counts once) are watched too, as the existing
//   test/unit/core/memoryTfjs.test.ts does (trackTensor / removeDataId), relative to the start of the call.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, totalmem, release, platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { lenetTopology } from '../../src/core/lenet';
import { mulberry32 } from '../../src/training/data/split';

const ROOT = resolve(__dirname, '..', '..');
const INDEX = join(ROOT, 'test', 'fixtures', 'memory-corpus', 'index.json');
const DEFAULT_OUT = join(ROOT, 'test', 'fixtures', 'memory-truth', 'tfjs-peaks.json');
const SEED = 13;

interface CorpusEntry {
  name: string;
  file?: string;
  builtin?: 'lenet';
  batchSizes: number[];
  tfjs: { losses: string[]; slow?: string };
}

// ---- seeding: every TF.js random op without a seed draws its seed from Math.random (tfjs-core rand_util), so a
// seeded Math.random makes the initial weights and dropout masks repeatable; inputs use explicit seeds.

// ---- the engine's internals we watch (tfjs-core 4.22 dist/engine.js)
interface EngineInternals {
  state: { numBytes: number; tensorInfo: WeakMap<object, { bytes: number; backend: unknown }> };
  trackTensor(a: tf.Tensor, backend: unknown): void;
  removeDataId(dataId: object, backend: unknown): void;
}

interface Watch {
  peak: number;
  peakPhase: string;
  phase: string;
  phasePeaks: Record<string, number>;
  /** state.numBytes when a phase ended (forward: the loss is computed, backward: the gradients are returned, …). */
  marks: Record<string, number>;
  distinctLive: number;
  distinctPeak: number;
}

/** Watches state.numBytes (every write) and distinct data buffers while `f` runs. */
async function watched<T>(f: (w: Watch) => Promise<T>): Promise<{ result: T; watch: Watch; profile: tf.TensorContainer & { peakBytes: number; newBytes: number; kernels: { name: string; totalBytesSnapshot: number }[] } }> {
  const engine = tf.engine() as unknown as EngineInternals;
  const state = engine.state;
  let current = state.numBytes;
  const w: Watch = { peak: current, peakPhase: 'start', phase: 'start', phasePeaks: { start: current }, marks: {}, distinctLive: 0, distinctPeak: 0 };
  Object.defineProperty(state, 'numBytes', {
    configurable: true,
    enumerable: true,
    get: () => current,
    set: (v: number) => {
      current = v;
      if (v > w.peak) { w.peak = v; w.peakPhase = w.phase; }
      if (v > (w.phasePeaks[w.phase] ?? -Infinity)) w.phasePeaks[w.phase] = v;
    },
  });
  const { trackTensor, removeDataId } = engine;
  engine.trackTensor = function (this: EngineInternals, a, backend) {
    const isNewBuffer = !this.state.tensorInfo.has(a.dataId);
    trackTensor.call(this, a, backend);
    if (isNewBuffer) {
      w.distinctLive += this.state.tensorInfo.get(a.dataId)?.bytes ?? 0;
      w.distinctPeak = Math.max(w.distinctPeak, w.distinctLive);
    }
  };
  engine.removeDataId = function (this: EngineInternals, dataId, backend) {
    const info = this.state.tensorInfo.get(dataId);
    if (info && info.backend === backend) w.distinctLive -= info.bytes;
    removeDataId.call(this, dataId, backend);
  };
  try {
    let result: T | undefined;
    const profile = await tf.profile(async () => { result = await f(w); });
    return { result: result as T, watch: w, profile: profile as never };
  } finally {
    delete (state as Partial<EngineInternals['state']>).numBytes;
    state.numBytes = current;
    engine.trackTensor = trackTensor;
    engine.removeDataId = removeDataId;
  }
}

function setPhase(w: Watch, phase: string): void {
  w.phase = phase;
  const now = tf.memory().numBytes;
  if (now > (w.phasePeaks[phase] ?? -Infinity)) w.phasePeaks[phase] = now;
}

/** The kernel after which tf.profile saw its peak (the first, if several tie). */
function peakKernel(kernels: { name: string; totalBytesSnapshot: number }[]): { name: string; index: number; of: number } {
  let index = 0;
  for (let i = 1; i < kernels.length; i++) if (kernels[i].totalBytesSnapshot > kernels[index].totalBytesSnapshot) index = i;
  return { name: kernels[index]?.name ?? '', index, of: kernels.length };
}

// ---- models, data, losses
function topologyOf(entry: CorpusEntry): { modelTopology: object } {
  if (entry.builtin === 'lenet') return { modelTopology: lenetTopology() };
  if (!entry.file) throw new Error(`${entry.name}: neither file nor builtin`);
  const json = JSON.parse(readFileSync(join(ROOT, entry.file), 'utf8')) as { modelTopology?: object };
  // A TF.js model.json wraps the topology (possibly Keras's {model_config}, which modelFromJSON unwraps); a Keras
  // `model.to_json()` file is the topology itself.
  return { modelTopology: json.modelTopology ?? json };
}

const bytesOf = (ts: readonly tf.Tensor[]) => ts.reduce((a, t) => a + t.size * 4, 0);
const perSample = (shape: readonly (number | null)[]) => shape.slice(1) as number[];

type LossFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;
const LOSS_FUNCTIONS: Record<string, LossFn> = {
  // Logits models: Keras's categorical cross-entropy on probabilities would need a softmax the model lacks.
  softmaxCrossEntropyFromLogits: (yTrue, yPred) => tf.losses.softmaxCrossEntropy(yTrue, yPred),
  // The CUDA truth file's loss: cross_entropy(out.flatten(1)[:, :10], y).
  softmaxCrossEntropyFirst10: (yTrue, yPred) => {
    const first10 = (t: tf.Tensor) => t.reshape([t.shape[0], -1]).slice([0, 0], [t.shape[0], 10]);
    return tf.losses.softmaxCrossEntropy(first10(yTrue), first10(yPred));
  },
};
const lossFor = (name: string): string | LossFn => LOSS_FUNCTIONS[name] ?? name;

function makeInputs(model: tf.LayersModel, batch: number, seed: number): tf.Tensor[] {
  return model.inputs.map((input, i) => tf.randomNormal([batch, ...perSample(input.shape)], 0, 1, 'float32', seed + i));
}

function makeTargets(model: tf.LayersModel, losses: string[], batch: number, seed: number): tf.Tensor[] {
  const random = mulberry32(seed);
  return model.outputs.map((output, i) => tf.tidy(() => {
    const shape = [batch, ...perSample(output.shape)];
    const classes = shape[shape.length - 1];
    const labels = (n: number) => Array.from({ length: batch }, () => Math.floor(random() * n));
    switch (losses[i]) {
      case 'categoricalCrossentropy':
      case 'softmaxCrossEntropyFromLogits':
        return tf.oneHot(tf.tensor1d(labels(classes), 'int32'), classes).toFloat();
      case 'sparseCategoricalCrossentropy':
        return tf.tensor2d(labels(classes), [batch, 1], 'float32');
      case 'meanSquaredError':
        return tf.randomNormal(shape, 0, 1, 'float32', seed + 100 + i);
      case 'softmaxCrossEntropyFirst10': {
        const size = shape.slice(1).reduce((a, d) => a * d, 1);
        const head = tf.oneHot(tf.tensor1d(labels(10), 'int32'), 10).toFloat();
        return tf.concat([head, tf.zeros([batch, size - 10])], 1).reshape(shape);
      }
      default:
        throw new Error(`no targets for loss ${losses[i]}`);
    }
  }));
}

// ---- measurements
interface InferenceFigures {
  baselineBytes: number;
  terms: { weightsBytes: number; inputBytes: number; otherBytes: number };
  peakBytes: number;
  profilePeakBytes: number;
  peakKernel: { name: string; index: number; of: number };
  distinctBuffersPeakAboveBaseline: number;
  bytesAfter: number;
  seconds: number;
}

interface TrainingFigures {
  baselineBytes: number;
  terms: { weightsBytes: number; optimizerStateBytes: number; inputBytes: number; targetBytes: number; otherBytes: number };
  peakBytes: number;
  peakPhase: string;
  profilePeakBytes: number;
  peakKernel: { name: string; index: number; of: number };
  /** Absolute peak of numBytes within each phase: prepare (trainOnBatch's checks), forward (to the loss), backward
   * (gradients, ends when engine.gradients' scope is gone), optimizer (applyGradients), finish (loss read, disposals). */
  phasePeakBytes: Record<string, number>;
  /** numBytes when the loss is computed (everything the forward pass keeps) and when the gradients are returned. */
  forwardEndBytes: number;
  gradientsReadyBytes: number;
  distinctBuffersPeakAboveBaseline: number;
  bytesAfter: number;
  seconds: number;
}

async function measurePredict(model: tf.LayersModel, xs: tf.Tensor[], batch: number, weightsBytes: number): Promise<InferenceFigures> {
  const baseline = tf.memory().numBytes;
  const start = process.hrtime.bigint();
  const { watch, profile } = await watched(async () => {
    const out = model.predict(xs.length === 1 ? xs[0] : xs, { batchSize: batch });
    tf.dispose(out);
  });
  const inputBytes = bytesOf(xs);
  return {
    baselineBytes: absolute(baseline),
    terms: { weightsBytes, inputBytes, otherBytes: absolute(baseline) - weightsBytes - inputBytes },
    peakBytes: absolute(watch.peak),
    profilePeakBytes: absolute(profile.peakBytes),
    peakKernel: peakKernel(profile.kernels),
    distinctBuffersPeakAboveBaseline: watch.distinctPeak,
    bytesAfter: absolute(tf.memory().numBytes),
    seconds: Number(process.hrtime.bigint() - start) / 1e9,
  };
}

/** Marks the phases of a training step by wrapping the model's optimizer (minimize calls computeGradients, whose
 * function is the forward pass and loss, then applyGradients). */
function instrumentOptimizer(optimizer: tf.Optimizer, current: () => Watch | null): void {
  const o = optimizer as unknown as {
    computeGradients: (f: () => tf.Scalar, varList?: tf.Variable[]) => { value: tf.Scalar; grads: tf.NamedTensorMap };
    applyGradients: (g: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[]) => void;
  };
  const compute = o.computeGradients.bind(optimizer);
  const apply = o.applyGradients.bind(optimizer);
  o.computeGradients = (f, varList) => {
    const w = current();
    if (w) setPhase(w, 'forward');
    const r = compute(() => {
      const loss = f();
      if (w) { w.marks.forwardEnd = tf.memory().numBytes; setPhase(w, 'backward'); }
      return loss;
    }, varList);
    if (w) { w.marks.gradientsReady = tf.memory().numBytes; setPhase(w, 'optimizer'); }
    return r;
  };
  o.applyGradients = (g) => {
    apply(g);
    const w = current();
    if (w) setPhase(w, 'finish');
  };
}

async function measureTrain(model: tf.LayersModel, xs: tf.Tensor[], ys: tf.Tensor[], weightsBytes: number, optimizerStateBytes: number, active: { watch: Watch | null }): Promise<TrainingFigures> {
  const baseline = tf.memory().numBytes;
  const start = process.hrtime.bigint();
  const { watch, profile } = await watched(async (w) => {
    active.watch = w;
    setPhase(w, 'prepare');
    try {
      await model.trainOnBatch(xs.length === 1 ? xs[0] : xs, ys.length === 1 ? ys[0] : ys);
    } finally {
      active.watch = null;
    }
  });
  const inputBytes = bytesOf(xs);
  const targetBytes = bytesOf(ys);
  return {
    baselineBytes: absolute(baseline),
    terms: { weightsBytes, optimizerStateBytes, inputBytes, targetBytes, otherBytes: absolute(baseline) - weightsBytes - optimizerStateBytes - inputBytes - targetBytes },
    peakBytes: absolute(watch.peak),
    peakPhase: watch.peakPhase,
    profilePeakBytes: absolute(profile.peakBytes),
    peakKernel: peakKernel(profile.kernels),
    phasePeakBytes: Object.fromEntries(Object.entries(watch.phasePeaks).filter(([k]) => k !== 'start').map(([k, v]) => [k, absolute(v)])),
    forwardEndBytes: absolute(watch.marks.forwardEnd),
    gradientsReadyBytes: absolute(watch.marks.gradientsReady),
    distinctBuffersPeakAboveBaseline: watch.distinctPeak,
    bytesAfter: absolute(tf.memory().numBytes),
    seconds: Number(process.hrtime.bigint() - start) / 1e9,
  };
}

interface ModelFigures {
  file: string | null;
  builtin: string | null;
  params: number;
  trainableParams: number;
  losses: string[];
  /** trainOnBatch's error when TF.js cannot train the model (its training figures are then null). */
  trainingError: string | null;
  batches: Record<string, { inference: InferenceFigures; training: TrainingFigures | null }>;
}

/** Bytes live before the current model was built (0 unless an earlier model's failed step left some): subtracted
 * from every figure, as the CUDA truth file subtracts what was allocated before its model was built. */
let liveBeforeModel = 0;
const absolute = (numBytes: number) => numBytes - liveBeforeModel;

async function measureModel(entry: CorpusEntry): Promise<ModelFigures> {
  Math.random = mulberry32(SEED);
  const before = tf.memory().numBytes;
  liveBeforeModel = before;
  const model = await tf.models.modelFromJSON(topologyOf(entry) as never);
  const weightsBytes = bytesOf(model.weights.map((w) => w.read()));
  if (tf.memory().numBytes - before !== weightsBytes) {
    throw new Error(`${entry.name}: building the model left ${tf.memory().numBytes - before} B, its weights are ${weightsBytes} B`);
  }
  const batches = [...entry.batchSizes].sort((a, b) => a - b);
  const inference: Record<number, InferenceFigures> = {};
  for (const [i, batch] of batches.entries()) {
    const xs = makeInputs(model, batch, SEED);
    // A first predict as warm-up, at batch 1 (cheaper; it creates no lasting tensors: bytesAfter = baselineBytes).
    if (i === 0) {
      const one = makeInputs(model, 1, SEED);
      tf.dispose(model.predict(one.length === 1 ? one[0] : one, { batchSize: 1 }));
      tf.dispose(one);
    }
    inference[batch] = await measurePredict(model, xs, batch, weightsBytes);
    tf.dispose(xs);
  }

  const beforeOptimizer = tf.memory().numBytes;
  const optimizer = tf.train.adam(0.001);
  const active: { watch: Watch | null } = { watch: null };
  model.compile({ optimizer, loss: entry.tfjs.losses.map(lossFor) as never });
  instrumentOptimizer(model.optimizer, () => active.watch);
  const training: Record<number, TrainingFigures> = {};
  let optimizerStateBytes = NaN;
  let trainingError: string | null = null;
  try {
  for (const [i, batch] of batches.entries()) {
    const xs = makeInputs(model, batch, SEED);
    const ys = makeTargets(model, entry.tfjs.losses, batch, SEED);
    if (i === 0) {
      // The warm-up step, at batch 1 (cheaper; Adam's state does not depend on the batch), creates Adam's moments
      // (its beta powers exist since tf.train.adam); what it leaves is optimizer state.
      const [x1, y1] = [makeInputs(model, 1, SEED), makeTargets(model, entry.tfjs.losses, 1, SEED)];
      await model.trainOnBatch(x1.length === 1 ? x1[0] : x1, y1.length === 1 ? y1[0] : y1);
      tf.dispose([...x1, ...y1]);
      optimizerStateBytes = tf.memory().numBytes - beforeOptimizer - bytesOf(xs) - bytesOf(ys);
    }
    training[batch] = await measureTrain(model, xs, ys, weightsBytes, optimizerStateBytes, active);
    tf.dispose([...xs, ...ys]);
  }
  } catch (e) {
    // A model TF.js can analyse and run but not train (channels_first BatchNorm): say so, keep its inference figures.
    trainingError = e instanceof Error ? e.message : String(e);
  }
  const params = model.countParams();
  const trainableParams = model.trainableWeights.reduce((a, w) => a + w.shape.reduce<number>((x, d) => x * (d ?? NaN), 1), 0);
  model.dispose();
  optimizer.dispose();
  // A layer called twice (nested-shared's encoder) is counted twice in its reference count, so model.dispose() leaves
  // its weights; dispose every variable before checking that nothing else was left.
  tf.disposeVariables();
  const left = tf.memory().numBytes - before;
  // A failed step leaves tensors we cannot reach; the next models' figures are relative to what was live before them.
  if (left !== 0 && !trainingError) throw new Error(`${entry.name}: ${left} B left after disposing`);
  return {
    file: entry.file ?? null,
    builtin: entry.builtin ?? null,
    params,
    trainableParams,
    losses: entry.tfjs.losses,
    trainingError,
    batches: Object.fromEntries(batches.map((b) => [String(b), { inference: inference[b], training: training[b] ?? null }])),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string' }, out: { type: 'string' }, 'include-slow': { type: 'boolean' } } });
  const index = JSON.parse(readFileSync(INDEX, 'utf8')) as { models: CorpusEntry[] };
  const only = values.only?.split(',');
  const named = only ? index.models.filter((m) => only.includes(m.name)) : index.models;
  if (only && named.length !== only.length) throw new Error(`unknown model in --only: ${only.filter((n) => !index.models.some((m) => m.name === n)).join(', ')}`);
  const entries = named.filter((m) => !m.tfjs.slow || values['include-slow']);
  const skipped = Object.fromEntries(named.filter((m) => !entries.includes(m)).map((m) => [m.name, m.tfjs.slow]));
  await tf.setBackend('cpu');
  if (tf.getBackend() !== 'cpu') throw new Error(`backend is ${tf.getBackend()}, not cpu`);

  const started = Date.now();
  const models: Record<string, ModelFigures> = {};
  for (const entry of entries) {
    const t0 = Date.now();
    models[entry.name] = await measureModel(entry);
    const rows = Object.entries(models[entry.name].batches)
      .map(([b, f]) => `b${b}: train ${f.training ? `${f.training.peakBytes} (${f.training.peakPhase})` : 'failed'}, predict ${f.inference.peakBytes}`);
    process.stderr.write(`${entry.name} (${((Date.now() - t0) / 1000).toFixed(1)} s): ${rows.join('; ')}\n`);
  }
  const doc = {
    what: 'Measured absolute peaks of tf.memory().numBytes (bytes) for one trainOnBatch (Adam) and one predict, TF.js cpu backend; see README.md next to this file.',
    tfjsVersion: tf.version.tfjs,
    backend: tf.getBackend(),
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model ?? 'unknown', logicalCores: cpus().length, totalMemoryBytes: totalmem(), os: `${platform()} ${release()}`, node: process.version },
    seed: SEED,
    totalSeconds: (Date.now() - started) / 1000,
    procedure: [
      'model from its JSON with tf.models.modelFromJSON (seeded Math.random for the initial weights and dropout masks); inputs tf.randomNormal with seed 13 (+ input index)',
      'predict: model.predict(inputs, {batchSize: batch}) after a warm-up predict at batch 1; result disposed inside the measured call',
      'training: model.compile({optimizer: tf.train.adam(0.001), loss}); a warm-up trainOnBatch at batch 1 (creates Adam\'s moments), then one measured trainOnBatch per batch size',
      'every figure is numBytes less what was live before the model was built (0, except after a model whose training step failed)',
      'peakBytes: the maximum of engine.state.numBytes over every write during the call (absolute: weights, optimizer state, inputs and targets included); profilePeakBytes: tf.profile\'s peakBytes for the same call (absolute too, but sampled after each kernel only)',
      'baselineBytes: numBytes just before the call, split into terms; optimizerStateBytes: what the warm-up step and tf.train.adam left (Adam\'s first and second moments + its two beta-power scalars)',
      'distinctBuffersPeakAboveBaseline: the peak of bytes in distinct data buffers created during the call (a view shares its buffer and counts once), relative to the start',
    ],
    models,
    notMeasured: skipped,
  };
  const json = JSON.stringify(doc, null, 1) + '\n';
  const out = values.out ?? (only ? undefined : DEFAULT_OUT);
  if (out) {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, json);
    process.stderr.write(`wrote ${out} (${doc.totalSeconds.toFixed(1)} s)\n`);
  } else {
    process.stdout.write(json);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
