// What the end-of-run notification says, from the run's own messages: the position the dashboard shows (the epoch
// being trained, "Epoch 3 / 5"), the complete epochs, and the batch when the trainer reports where it stopped.
import type { TrainingMessage, TrainingStopped } from '../../protocol/training';

export function describeStop(messages: readonly TrainingMessage[], stopped: TrainingStopped): string {
  if (!stopped.runDir) return 'LeNet training stopped before the first batch; nothing was saved.';
  const started = messages.find((m) => m.type === 'started' && m.runId === stopped.runId);
  const planned = started?.type === 'started' ? started.config.epochs : undefined;
  const of = planned === undefined ? '' : ` of ${planned}`;
  const complete = stopped.completedEpochs;
  // The epoch it was in: the trainer's own report, else the last batch reported (a batch of an epoch after the
  // complete ones means that epoch had begun).
  const lastBatch = messages.filter((m) => m.type === 'batch' && m.runId === stopped.runId).at(-1);
  const inEpoch = stopped.at?.epoch ?? (lastBatch?.type === 'batch' && lastBatch.epoch > complete ? lastBatch.epoch : undefined);
  let where: string;
  if (inEpoch !== undefined && inEpoch > complete && (stopped.at === undefined || stopped.at.batchesDone > 0)) {
    const perEpoch = started?.type === 'started' ? ` of ${started.batchesPerEpoch}` : '';
    where = `in epoch ${inEpoch}${of}${stopped.at ? ` after batch ${stopped.at.batchesDone}${perEpoch}` : ''}`;
  } else {
    where = `after epoch ${complete}${of}`;
  }
  return `LeNet training stopped ${where}; ${complete}${of} epochs complete. What it learned is saved in ${stopped.runDir}`;
}
