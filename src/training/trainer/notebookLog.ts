// Renders training messages as the notebook prints them (train_loop / val_loop / test), so the output channel and
// the CLI read like the course's log:
//   Epoch 1
//   -------------------------------
//   loss: 2.398207  [    0/50000]
//   Test Error:
//    Accuracy: 83.8%, Avg loss: 0.446889
// plus, where the notebook has nothing, a line of our own (speed and ETA, the data source, the saved run).
// Pure string formatting (no TF.js), so the extension host can use it.
import type { TrainingMessage } from '../../protocol/training';
import { formatDuration } from '../../core/format';

/** Python's `f"{x:>7f}"`: six decimals, right-aligned to at least `width`. */
export const pyFloat = (x: number, width: number): string => x.toFixed(6).padStart(width);

/** A matrix printed like numpy's array repr (right-aligned columns), as the notebook prints sklearn's confusion matrix. */
export function numpyMatrix(m: number[][]): string {
  const width = Math.max(1, ...m.flat().map((v) => String(v).length));
  return m.map((row, i) => `${i === 0 ? '[[' : ' ['}${row.map((v) => String(v).padStart(width)).join(' ')}]${i === m.length - 1 ? ']' : ''}`).join('\n');
}

const RULE = '-'.repeat(60);

export class NotebookLog {
  /** `showDetails`: print `detail` log lines too (the CLI's --verbose, VS Code's log level Debug or Trace). */
  constructor(private readonly showDetails = false) {}

  private trainSize = 0;
  private batchSize = 0;
  private classNames: string[] = [];
  private epochHeader = 0;

  /** The lines one message adds to the log (possibly none). */
  format(m: TrainingMessage): string[] {
    switch (m.type) {
      case 'weights':
        return []; // for the Explore tab, not the log
      case 'log':
        if (m.level === 'detail') return this.showDetails ? [m.text] : [];
        return [m.level === 'info' ? m.text : `${m.level === 'warning' ? 'Warning' : 'Error'}: ${m.text}`];
      case 'started': {
        this.trainSize = m.dataset.trainSize;
        this.batchSize = m.config.batchSize;
        this.classNames = m.dataset.classNames;
        this.epochHeader = 0;
        const c = m.config;
        return [
          RULE, 'Started to train model', RULE,
          `Run ${m.runId}: preset ${c.preset}, ${c.optimizer} lr ${c.learningRate}, ${c.activation}, dropout ${c.dropout}, batch ${c.batchSize}, ${c.epochs} epoch${c.epochs === 1 ? '' : 's'} on ${m.backend}; ` +
            `${m.dataset.trainSize} train / ${m.dataset.validationSize} validation / ${m.dataset.testSize} test images${m.dataset.isSubset ? ' (SHIPPED SUBSET, not the full dataset)' : ''}`,
        ];
      }
      case 'batch': {
        const lines = this.header(m.epoch);
        lines.push(`loss: ${pyFloat(m.loss, 7)}  [${String(m.batch * this.batchSize).padStart(5)}/${String(this.trainSize).padStart(5)}]`);
        return lines;
      }
      case 'epoch': {
        const lines = this.header(m.epoch);
        lines.push('Test Error: ', ` Accuracy: ${(100 * m.valAccuracy).toFixed(1)}%, Avg loss: ${pyFloat(m.valLoss, 8)} `);
        const eta = m.epoch < m.epochs ? `, ETA ${formatDuration(m.etaSeconds)}` : '';
        lines.push(`(validation of epoch ${m.epoch}/${m.epochs}; train loss ${m.trainLoss === null ? '–' : m.trainLoss.toFixed(4)}, ${Math.round(m.samplesPerSecond)} samples/s${eta})`, '');
        return lines;
      }
      case 'done': {
        const perClass = m.perClassAccuracy.map((a, i) => `  ${(this.classNames[i] ?? String(i)).padEnd(12)} ${(100 * a).toFixed(1).padStart(5)}%`);
        return [
          'Done!', RULE, 'Model trained successfully', RULE,
          'Accuracy score for test data', RULE, `Acc: ${(100 * m.testAccuracy).toFixed(2)} %`, '',
          'Confusion matrix for test data', RULE, numpyMatrix(m.confusionMatrix), '',
          'Per-class accuracy', ...perClass, '',
          `Trained at ${Math.round(m.samplesPerSecond)} samples/s; ${formatDuration(m.seconds)} in all. Saved in ${m.runDir}`,
        ];
      }
      case 'stopped':
        return [m.runDir === null
          ? 'Stopped before any training step; nothing was saved.'
          : `Stopped after ${m.completedEpochs} complete epoch${m.completedEpochs === 1 ? '' : 's'}; the weights learned so far are saved in ${m.runDir}`];
      case 'error':
        return [`Training failed${m.phase ? ` (${m.phase})` : ''}: ${m.message}`];
    }
  }

  private header(epoch: number): string[] {
    if (epoch === this.epochHeader) return [];
    this.epochHeader = epoch;
    return [`Epoch ${epoch}`, '-------------------------------'];
  }
}
