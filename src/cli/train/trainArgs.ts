// Arguments of `cnn-explorer train`, parsed with node's util.parseArgs into a preset plus overrides.
import { parseArgs } from 'node:util';
import {
  ACTIVATIONS, BACKEND_CHOICES, ConfigError, DATASETS, OPTIMIZERS, PRESET_NAMES, PRESETS, resolveTrainingConfig,
  type PresetName, type TrainingOverrides,
} from '../../training/trainer/presets';
import type { ExampleLimits } from '../../training/trainer/runTraining';
import type { TrainingConfig } from '../../protocol/training';

export interface TrainArgs {
  config: TrainingConfig;
  dataDir: string | null;
  cacheDir: string | null;
  /** Exact run folder; null = `.lenet/runs/<timestamp>` under the working directory. */
  out: string | null;
  json: boolean;
  /** Print `detail` log lines too (which backend was skipped and why, the kernels registered). */
  verbose: boolean;
  limits: ExampleLimits;
}

const n = PRESETS.notebook;
const t = PRESETS.tuned;

export const TRAIN_USAGE = `Usage: cnn-explorer train [options]

Trains the course notebook's LeNet-5 on Fashion-MNIST (or MNIST) with TensorFlow.js and saves the run
(model.json + weights.bin + metrics.json) in .lenet/runs/<timestamp>/.

Options:
  --preset NAME        notebook: the notebook's recipe (${n.optimizer} lr ${n.learningRate}, ${n.activation}, dropout ${n.dropout}, batch ${n.batchSize}, ${n.epochs} epochs)
                       tuned: our recipe for >= 90% test accuracy (${t.optimizer} lr ${t.learningRate}, ${t.activation}, dropout ${t.dropout}, batch ${t.batchSize}, ${t.epochs} epochs)
                       (default notebook); the options below override it
  --epochs N           number of epochs
  --batch-size N       mini-batch size
  --lr X               learning rate
  --optimizer NAME     ${OPTIMIZERS.join(' | ')}
  --activation NAME    ${ACTIVATIONS.join(' | ')}
  --dropout P          dropout rate in [0, 1)
  --seed N             seed of the 50,000/10,000 train/validation split, the batch order, the initial weights
                       and the dropout masks (default 3): the same seed repeats a run on the same backend (wasm, cpu)
  --log-every N        print the batch loss every N batches (default 100)
  --dataset NAME       ${DATASETS.join(' | ')} (default fashion-mnist)
  --data-dir DIR       a folder with the four IDX files (.gz or raw), used alone: an error if it does not work;
                       default: /usr/share/datasets/<dataset>, then the download cache, then a download, then
                       the small subset shipped with the tool
  --cache-dir DIR      dataset download cache (default $XDG_CACHE_HOME/cnn-explorer/datasets or ~/.cache/...)
  --backend NAME       ${BACKEND_CHOICES.join(' | ')} (default auto: tfjs-node when installed, else wasm, else cpu)
  --out DIR            the run folder (default .lenet/runs/<timestamp>); must not hold a saved model already
  --json               one JSON message per line on stdout (the extension's progress protocol, without the
                       weights after each epoch: the run folder has the last) instead of the log
  --verbose            also print details: why a backend was skipped, the wasm binaries and kernels used
  --limit-train N      train on the first N examples of the training split (quick runs); validation gets N/5
  --limit-test N       test on the first N test images
  -h, --help           this help

Ctrl+C stops after the current batch and saves what was learned so far; a second Ctrl+C quits at once.
Exit status: 0 trained, 1 training failed, 2 wrong arguments, 130 stopped by Ctrl+C (what was learned is saved).`;

export type ParsedTrainArgs = { ok: true; args: TrainArgs } | { ok: false; help: true } | { ok: false; help: false; error: string };

function number(name: string, text: string | undefined, integer: boolean): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || (integer && !Number.isInteger(v))) {
    throw new ConfigError(`--${name} needs ${integer ? 'an integer' : 'a number'}, got "${text}"`);
  }
  return v;
}

function oneOf<T extends string>(name: string, text: string | undefined, allowed: readonly T[]): T | undefined {
  if (text === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(text)) throw new ConfigError(`--${name} must be one of ${allowed.join(', ')}, got "${text}"`);
  return text as T;
}

export function parseTrainArgs(argv: readonly string[]): ParsedTrainArgs {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        preset: { type: 'string' },
        epochs: { type: 'string' },
        'batch-size': { type: 'string' },
        lr: { type: 'string' },
        optimizer: { type: 'string' },
        activation: { type: 'string' },
        dropout: { type: 'string' },
        seed: { type: 'string' },
        'log-every': { type: 'string' },
        dataset: { type: 'string' },
        'data-dir': { type: 'string' },
        'cache-dir': { type: 'string' },
        backend: { type: 'string' },
        out: { type: 'string' },
        json: { type: 'boolean' },
        verbose: { type: 'boolean' },
        'limit-train': { type: 'string' },
        'limit-test': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) return { ok: false, help: true };
    if (positionals.length > 0) return { ok: false, help: false, error: `unexpected argument "${positionals[0]}"` };
    const preset = oneOf<PresetName>('preset', values.preset, PRESET_NAMES) ?? 'notebook';
    const overrides: TrainingOverrides = {
      epochs: number('epochs', values.epochs, true),
      batchSize: number('batch-size', values['batch-size'], true),
      learningRate: number('lr', values.lr, false),
      optimizer: oneOf('optimizer', values.optimizer, OPTIMIZERS),
      activation: oneOf('activation', values.activation, ACTIVATIONS),
      dropout: number('dropout', values.dropout, false),
      seed: number('seed', values.seed, true),
      logEveryBatches: number('log-every', values['log-every'], true),
      dataset: oneOf('dataset', values.dataset, DATASETS),
      backend: oneOf('backend', values.backend, BACKEND_CHOICES),
    };
    const limits: ExampleLimits = {
      train: number('limit-train', values['limit-train'], true),
      test: number('limit-test', values['limit-test'], true),
    };
    for (const [name, v] of [['limit-train', limits.train], ['limit-test', limits.test]] as const) {
      if (v !== undefined && v <= 0) throw new ConfigError(`--${name} must be a positive integer, got ${v}`);
    }
    return {
      ok: true,
      args: {
        config: resolveTrainingConfig(preset, overrides),
        dataDir: values['data-dir'] ?? null,
        cacheDir: values['cache-dir'] ?? null,
        out: values.out ?? null,
        json: values.json ?? false,
        verbose: values.verbose ?? false,
        limits,
      },
    };
  } catch (e) {
    return { ok: false, help: false, error: (e as Error).message };
  }
}
