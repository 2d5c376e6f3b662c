// The notebook's fit loop (train_loop + val_loop per epoch) over TF.js: shuffled mini-batches each epoch, the batch
// loss every `logEveryBatches` batches, validation loss and accuracy after each epoch. Between batches it yields to
// the event loop, so a stop request (an IPC message, a Ctrl+C) is seen within one batch; a stop keeps the weights
// learned so far.
import type { TrainingBatch, TrainingConfig, TrainingEpoch, TrainingMessage } from '../../protocol/training';
import { gatherImages, gatherLabels, type LabelledImages } from '../data/images';
import { seededPermutation } from '../data/split';
import { evaluate } from './evaluate';
import type { LayersModel, Tf } from './tf';

export interface FitData {
  /** The training file's examples; `train` and `validation` index into it. */
  data: LabelledImages;
  train: Uint32Array;
  validation: Uint32Array;
}

/** Fine-grained progress (every batch), for a terminal progress bar; the protocol messages stay at the notebook's rate. */
export interface BatchProgress {
  epoch: number;
  /** Batches done in this epoch (1-based count). */
  batchesDone: number;
  batchesPerEpoch: number;
  samplesSeen: number;
  totalSamples: number;
  samplesPerSecond: number;
  etaSeconds: number;
}

export interface FitHooks {
  runId: string;
  emit: (m: TrainingMessage) => void;
  onBatch?: (p: BatchProgress) => void;
  shouldStop: () => boolean;
  /** After each completed epoch (its `epoch` message sent), before the next: e.g. the weights for the Explore tab. */
  afterEpoch?: (epoch: number) => Promise<void>;
}

export interface FitResult {
  completedEpochs: number;
  stopped: boolean;
  batches: TrainingBatch[];
  epochs: TrainingEpoch[];
  /** Wall time spent in training steps only (not validation), seconds. */
  trainSeconds: number;
  /** Wall time of the whole loop including validation, seconds. */
  seconds: number;
  samplesSeen: number;
  samplesPerSecond: number;
}

export function batchesPerEpoch(trainCount: number, batchSize: number): number {
  return Math.ceil(trainCount / batchSize);
}

/** Lets pending I/O callbacks (IPC messages, signals) run; a macrotask, unlike `await` on a resolved promise. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function fit(tf: Tf, model: LayersModel, config: TrainingConfig, d: FitData, hooks: FitHooks, logits: boolean): Promise<FitResult> {
  const { data, train, validation } = d;
  const { batchSize, epochs } = config;
  const pixels = data.height * data.width;
  const perEpoch = batchesPerEpoch(train.length, batchSize);
  const totalSamples = train.length * epochs;
  const buffer = new Float32Array(batchSize * pixels);
  const order = new Uint32Array(train.length);
  const result: FitResult = {
    completedEpochs: 0, stopped: false, batches: [], epochs: [], trainSeconds: 0, seconds: 0, samplesSeen: 0, samplesPerSecond: 0,
  };
  const loopStart = performance.now();
  let validationSeconds = 0;
  const rate = (): number => (result.trainSeconds > 0 ? result.samplesSeen / result.trainSeconds : 0);
  const eta = (): number => {
    const r = rate();
    if (r === 0) return 0;
    const epochsLeftToValidate = epochs - result.completedEpochs;
    const perValidation = result.completedEpochs > 0 ? validationSeconds / result.completedEpochs : validation.length / (3 * r);
    return (totalSamples - result.samplesSeen) / r + epochsLeftToValidate * perValidation;
  };

  for (let epoch = 1; epoch <= epochs; epoch++) {
    // DataLoader(shuffle=True) draws a new order every epoch; ours is seeded (split seed and epoch) so runs repeat.
    const permutation = seededPermutation(train.length, config.seed * 1000 + epoch);
    for (let i = 0; i < order.length; i++) order[i] = train[permutation[i]];
    let lossSum = 0;
    let lossCount = 0;
    for (let b = 0; b < perEpoch; b++) {
      const batch = order.subarray(b * batchSize, Math.min(order.length, (b + 1) * batchSize));
      gatherImages(data, batch, buffer);
      const labels = gatherLabels(data, batch);
      const stepStart = performance.now();
      const x = tf.tensor4d(buffer.subarray(0, batch.length * pixels), [batch.length, data.height, data.width, 1]);
      const y = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 10));
      const loss = (await model.trainOnBatch(x, y)) as number;
      tf.dispose([x, y]);
      result.trainSeconds += (performance.now() - stepStart) / 1000;
      if (!Number.isFinite(loss)) {
        throw new Error(`The training loss became ${loss} at epoch ${epoch}, batch ${b}: training diverged. Try a smaller learning rate (now ${config.learningRate}).`);
      }
      result.samplesSeen += batch.length;
      lossSum += loss;
      lossCount++;
      if (b % config.logEveryBatches === 0) {
        const m: TrainingBatch = { type: 'batch', runId: hooks.runId, epoch, batch: b, samplesSeen: result.samplesSeen, loss };
        result.batches.push(m);
        hooks.emit(m);
      }
      hooks.onBatch?.({
        epoch, batchesDone: b + 1, batchesPerEpoch: perEpoch, samplesSeen: result.samplesSeen, totalSamples,
        samplesPerSecond: rate(), etaSeconds: eta(),
      });
      await yieldToEventLoop();
      if (hooks.shouldStop()) {
        result.stopped = true;
        break;
      }
    }
    if (result.stopped) break;
    const validationStart = performance.now();
    const v = await evaluate(tf, model, data, validation, logits, yieldToEventLoop);
    validationSeconds += (performance.now() - validationStart) / 1000;
    result.completedEpochs = epoch;
    const m: TrainingEpoch = {
      type: 'epoch', runId: hooks.runId, epoch, epochs, samplesSeen: result.samplesSeen,
      trainLoss: lossCount > 0 ? lossSum / lossCount : null, valLoss: v.loss, valAccuracy: v.accuracy,
      samplesPerSecond: rate(), etaSeconds: eta(),
    };
    result.epochs.push(m);
    hooks.emit(m);
    if (hooks.afterEpoch) await hooks.afterEpoch(epoch);
    if (hooks.shouldStop()) {
      result.stopped = epoch < epochs;
      break;
    }
  }
  result.seconds = (performance.now() - loopStart) / 1000;
  result.samplesPerSecond = rate();
  return result;
}
