// `cnn-explorer train`: the same run as the extension's "LeNet: Train" (runTraining, same run folder and metrics),
// in-process, printing the notebook's log (or JSON lines with --json) and a progress bar on a terminal.
import { resolve } from 'node:path';
import type { TrainingMessage } from '../../protocol/training';
import { NotebookLog } from '../../training/trainer/notebookLog';
import { defaultCliCacheDir, runDirIn, shippedSubsetDir } from '../../training/trainer/paths';
import { runTraining } from '../../training/trainer/runTraining';
import { ProgressBar } from './progressBar';
import { parseTrainArgs, TRAIN_USAGE } from './trainArgs';

export interface TrainIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Draw a progress bar on stderr (a terminal). Default: process.stderr.isTTY. */
  isTTY?: boolean;
  columns?: number;
  /** Working directory for the default run folder. Default: process.cwd(). */
  cwd?: string;
  /**
   * Subscribes to interrupts (Ctrl+C); returns the unsubscribe function. Default: SIGINT and SIGTERM of this process.
   */
  onInterrupt?: (handler: () => void) => () => void;
}

export const EXIT_TRAINED = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

function processInterrupts(handler: () => void): () => void {
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

export async function runTrainCommand(argv: readonly string[], io: TrainIO): Promise<number> {
  const parsed = parseTrainArgs(argv);
  if (!parsed.ok) {
    if (parsed.help) {
      io.stdout(TRAIN_USAGE + '\n');
      return EXIT_TRAINED;
    }
    io.stderr(`cnn-explorer train: ${parsed.error}\n\n${TRAIN_USAGE}\n`);
    return EXIT_USAGE;
  }
  const { config, json, verbose, limits } = parsed.args;
  const started = new Date();
  const outDir = parsed.args.out !== null ? resolve(io.cwd ?? process.cwd(), parsed.args.out) : runDirIn(io.cwd ?? process.cwd(), started);
  // An --out that holds a saved run, or that another run holds, is refused by runTraining's claim of the folder
  // (before any data is read): a failed run, exit 1.

  const bar = !json && (io.isTTY ?? process.stderr.isTTY === true)
    ? new ProgressBar(io.stderr, io.columns || process.stderr.columns || 80, config.epochs)
    : undefined;
  const log = new NotebookLog(verbose);
  const print = (m: TrainingMessage): void => {
    // The weights after each epoch (~340 KB of JSON for LeNet) are for the Explore tab; the run folder has the last.
    if (m.type === 'weights') return;
    if (json) {
      io.stdout(JSON.stringify(m) + '\n');
      return;
    }
    bar?.clear();
    const lines = log.format(m);
    const toStderr = m.type === 'error' || (m.type === 'log' && m.level !== 'info');
    if (lines.length > 0) (toStderr ? io.stderr : io.stdout)(lines.join('\n') + '\n');
  };

  let interrupts = 0;
  // The first Ctrl+C also ends loading the data (a download): before training there is nothing to save.
  const interrupted = new AbortController();
  const unsubscribe = (io.onInterrupt ?? processInterrupts)(() => {
    interrupts++;
    if (interrupts === 1) {
      interrupted.abort();
      bar?.clear();
      if (!json) io.stderr('Stopping after the current batch; the weights learned so far will be saved. Press Ctrl+C again to quit at once.\n');
      return;
    }
    process.exit(EXIT_INTERRUPTED);
  });
  try {
    const outcome = await runTraining({
      runId: started.toISOString(),
      config,
      outDir,
      dataDir: parsed.args.dataDir,
      cacheDir: parsed.args.cacheDir ?? defaultCliCacheDir(),
      subsetDir: shippedSubsetDir(),
      limits,
      emit: print,
      onBatch: bar ? (p) => bar.update(p) : undefined,
      shouldStop: () => interrupts > 0,
      signal: interrupted.signal,
    });
    bar?.clear();
    if (outcome.status === 'error') return EXIT_FAILED;
    if (outcome.status === 'stopped') return interrupts > 0 ? EXIT_INTERRUPTED : EXIT_TRAINED;
    return EXIT_TRAINED;
  } finally {
    unsubscribe();
  }
}
