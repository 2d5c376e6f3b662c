// The two named recipes and the rules for overriding them. Pure TypeScript (no TF.js), because the extension host
// and the CLI resolve a TrainingConfig before any training process exists.
import type { ActivationChoice, DatasetName, OptimizerChoice, TrainingConfig } from '../../protocol/training';

export type PresetName = 'notebook' | 'tuned';
export const PRESET_NAMES: readonly PresetName[] = ['notebook', 'tuned'];
export const OPTIMIZERS: readonly OptimizerChoice[] = ['adam', 'sgd', 'rmsprop'];
export const ACTIVATIONS: readonly ActivationChoice[] = ['sigmoid', 'relu', 'tanh'];
export const DATASETS: readonly DatasetName[] = ['fashion-mnist', 'mnist'];
export const BACKEND_CHOICES = ['auto', 'tfjs-node', 'tfjs-node-gpu', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** The hyper-parameters a preset fixes (dataset and backend are not hyper-parameters: they never make a run "custom"). */
export type HyperParameters = Pick<TrainingConfig, 'epochs' | 'batchSize' | 'learningRate' | 'optimizer' | 'activation' | 'dropout' | 'seed' | 'logEveryBatches'>;

export const PRESETS: Record<PresetName, HyperParameters> = {
  // The notebook's INPUT dict exactly: Adam, lr 1e-1, nn.Sigmoid, dpr 1e-3, batch 100, 5 epochs; split seed 3;
  // `if batch % 100 == 0: print(loss)`.
  notebook: { epochs: 5, batchSize: 100, learningRate: 0.1, optimizer: 'adam', activation: 'sigmoid', dropout: 0.001, seed: 3, logEveryBatches: 100 },
  // Our recipe for the same architecture (see bench/RESULTS-train-vs-pytorch.md for its measured test accuracy):
  // ReLU trains the BatchNorm'd LeNet much faster than sigmoid, and Adam's default step (1e-3) is stable where 0.1
  // makes the loss jump around; light dropout regularises the dense layers.
  tuned: { epochs: 10, batchSize: 100, learningRate: 0.001, optimizer: 'adam', activation: 'relu', dropout: 0.1, seed: 3, logEveryBatches: 100 },
};

/** Everything a user may change on top of a preset (CLI flags, `cnnExplorer.training.*` settings, the quick pick). */
export interface TrainingOverrides extends Partial<HyperParameters> {
  dataset?: DatasetName;
  backend?: string;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const HYPER_KEYS: readonly (keyof HyperParameters)[] = ['epochs', 'batchSize', 'learningRate', 'optimizer', 'activation', 'dropout', 'seed', 'logEveryBatches'];

/** Checks one override and says exactly what is wrong with it. */
export function checkOverrides(o: TrainingOverrides): void {
  const positiveInt = (name: string, v: number | undefined): void => {
    if (v !== undefined && !(Number.isInteger(v) && v > 0)) throw new ConfigError(`${name} must be a positive integer, got ${v}`);
  };
  positiveInt('epochs', o.epochs);
  positiveInt('batch size', o.batchSize);
  positiveInt('log interval (batches)', o.logEveryBatches);
  if (o.learningRate !== undefined && !(Number.isFinite(o.learningRate) && o.learningRate > 0)) {
    throw new ConfigError(`learning rate must be a positive number, got ${o.learningRate}`);
  }
  if (o.dropout !== undefined && !(Number.isFinite(o.dropout) && o.dropout >= 0 && o.dropout < 1)) {
    throw new ConfigError(`dropout must be in [0, 1), got ${o.dropout}`);
  }
  if (o.seed !== undefined && !Number.isInteger(o.seed)) throw new ConfigError(`seed must be an integer, got ${o.seed}`);
  if (o.optimizer !== undefined && !OPTIMIZERS.includes(o.optimizer)) {
    throw new ConfigError(`optimizer must be one of ${OPTIMIZERS.join(', ')}, got ${o.optimizer}`);
  }
  if (o.activation !== undefined && !ACTIVATIONS.includes(o.activation)) {
    throw new ConfigError(`activation must be one of ${ACTIVATIONS.join(', ')}, got ${o.activation}`);
  }
  if (o.dataset !== undefined && !DATASETS.includes(o.dataset)) {
    throw new ConfigError(`dataset must be one of ${DATASETS.join(', ')}, got ${o.dataset}`);
  }
  if (o.backend !== undefined && !(BACKEND_CHOICES as readonly string[]).includes(o.backend)) {
    throw new ConfigError(`backend must be one of ${BACKEND_CHOICES.join(', ')}, got ${o.backend}`);
  }
}

/**
 * The config of a run: the preset's hyper-parameters with the overrides applied. A run whose hyper-parameters differ
 * from its preset's is labelled `custom`, so "notebook" always means exactly the notebook's recipe.
 */
export function resolveTrainingConfig(preset: PresetName, overrides: TrainingOverrides = {}): TrainingConfig {
  if (!PRESET_NAMES.includes(preset)) throw new ConfigError(`preset must be one of ${PRESET_NAMES.join(', ')}, got ${preset}`);
  checkOverrides(overrides);
  const base = PRESETS[preset];
  const hyper: HyperParameters = { ...base };
  for (const key of HYPER_KEYS) {
    const v = overrides[key];
    if (v !== undefined) (hyper as unknown as Record<string, unknown>)[key] = v;
  }
  const custom = HYPER_KEYS.some((k) => hyper[k] !== base[k]);
  return {
    preset: custom ? 'custom' : preset,
    dataset: overrides.dataset ?? 'fashion-mnist',
    ...hyper,
    requestedBackend: overrides.backend ?? 'auto',
  };
}

/** One line naming every hyper-parameter of a run, for logs and notifications. */
export function describeConfig(c: TrainingConfig): string {
  return `${c.preset} · ${c.optimizer} lr ${c.learningRate} · ${c.activation} · dropout ${c.dropout} · batch ${c.batchSize} · ${c.epochs} epoch${c.epochs === 1 ? '' : 's'}`;
}
