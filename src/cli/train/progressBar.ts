// A one-line progress bar for a terminal (stderr), redrawn in place with \r and cleared before other output, so the
// log lines on stdout stay readable: `epoch 2/5 [#########.........] 41% 512 samples/s ETA 6 min 40 s`.
import type { BatchProgress } from '../../training/trainer/fit';
import { formatDuration } from '../../core/format';

export class ProgressBar {
  private shown = false;
  private lastDraw = 0;

  constructor(private readonly write: (text: string) => void, private readonly columns: number = 80, private readonly epochs: number = 1) {}

  /** Redraws at most ten times a second (and always on the last batch of an epoch). */
  update(p: BatchProgress): void {
    const now = Date.now();
    if (now - this.lastDraw < 100 && p.batchesDone !== p.batchesPerEpoch) return;
    this.lastDraw = now;
    const fraction = p.totalSamples > 0 ? p.samplesSeen / p.totalSamples : 0;
    const head = `epoch ${p.epoch}/${this.epochs} `;
    const tail = ` ${String(Math.floor(100 * fraction)).padStart(3)}% ${Math.round(p.samplesPerSecond)} samples/s ETA ${formatDuration(p.etaSeconds)}`;
    const width = Math.max(10, Math.min(40, this.columns - head.length - tail.length - 3));
    const filled = Math.round(width * fraction);
    const line = `${head}[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]${tail}`;
    this.write(`\r${line.slice(0, this.columns - 1)}\x1b[K`);
    this.shown = true;
  }

  /** Clears the bar's line so that other output starts at column 0. */
  clear(): void {
    if (!this.shown) return;
    this.write('\r\x1b[K');
    this.shown = false;
  }
}
