// What the training notification says as a run's messages arrive: the backend once it started, then the epoch, loss,
// validation accuracy and ETA, with the bar advanced by the share of the run's samples seen. Pure of vscode (it is
// handed the notification's `progress`).
import type { TrainingMessage } from '../../protocol/training';
import { formatDuration } from '../../core/format';

export interface ProgressSink {
  report(value: { message?: string; increment?: number }): void;
}

export class TrainingProgress {
  /** Samples the whole run trains on (known from `started`). */
  private total = 0;
  /** Percent of the bar already advanced. */
  private reported = 0;

  constructor(private readonly progress: ProgressSink) {}

  report(m: TrainingMessage): void {
    if (m.type === 'started') {
      this.total = m.dataset.trainSize * m.config.epochs;
      this.progress.report({ message: `training on ${m.backend}${m.dataset.isSubset ? ' (shipped subset)' : ''}…` });
    } else if (m.type === 'batch' || m.type === 'epoch') {
      const pct = this.total > 0 ? (100 * m.samplesSeen) / this.total : 0;
      const increment = Math.max(0, pct - this.reported);
      this.reported += increment;
      const text = m.type === 'batch'
        ? `epoch ${m.epoch} · loss ${m.loss.toFixed(3)}`
        : `epoch ${m.epoch}/${m.epochs} · validation ${(100 * m.valAccuracy).toFixed(1)}% · ${Math.round(m.samplesPerSecond)} samples/s · ETA ${formatDuration(m.etaSeconds)}`;
      this.progress.report({ increment, message: text });
    }
  }
}
