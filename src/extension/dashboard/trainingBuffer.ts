// The host's record of the current training run's messages: forwarded live to every open dashboard and replayed
// to a dashboard whose page is created or reloaded later (a new panel, a window reload). The newest `weights` message
// (issue #14: the Explore tab of a running LeNet) is kept on its own, outside the replay: each is ~330 KB of base64,
// and only the newest matters. Pure of vscode (unit-tested).
import type { TrainingMessage, TrainingWeights } from '../../protocol';

/** Far above a real run's message count (5 epochs × 5 logged batches + epochs + logs); bounds a runaway logger. */
export const MAX_BUFFERED = 20_000;

export class TrainingBuffer {
  private messages: TrainingMessage[] = [];
  private weights: TrainingWeights | undefined;
  private readonly listeners = new Set<(m: TrainingMessage) => void>();

  /**
   * Records a message and forwards it. A message of another run begins a new run and drops the previous one (the
   * trainer's first messages are log lines about its backend and dataset, before `started`).
   */
  post(m: TrainingMessage): void {
    const runId = this.messages[0]?.runId ?? this.weights?.runId;
    if (runId !== undefined && runId !== m.runId) {
      this.messages = [];
      this.weights = undefined;
    }
    if (m.type === 'weights') {
      this.weights = m;
      for (const l of this.listeners) l(m);
      return;
    }
    this.messages.push(m);
    if (this.messages.length > MAX_BUFFERED) {
      // Keep `started` (the run's identity) and drop the oldest of the rest; logs go first.
      const logIndex = this.messages.findIndex((x) => x.type === 'log');
      const drop = logIndex >= 0 ? logIndex : this.messages.findIndex((x) => x.type !== 'started');
      this.messages.splice(drop, 1);
    }
    for (const l of this.listeners) l(m);
  }

  /** The current run's newest weights (after its latest epoch); undefined before its first epoch ended. */
  latestWeights(): TrainingWeights | undefined {
    return this.weights;
  }

  /** The current run's messages, oldest first; never its weights (latestWeights). */
  snapshot(): TrainingMessage[] {
    return [...this.messages];
  }

  subscribe(listener: (m: TrainingMessage) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
}
