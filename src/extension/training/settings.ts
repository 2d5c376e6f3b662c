// The `cnnExplorer.training.*` settings (formerly `lenet.*`, still read): a preset plus optional overrides. An
// override left at null means "the preset's value", so switching the preset switches every hyper-parameter the user
// has not pinned. Pure: the caller passes the root configuration.
import type { DatasetName } from '../../protocol/training';
import {
  ACTIVATIONS, BACKEND_CHOICES, DATASETS, OPTIMIZERS, PRESET_NAMES, type PresetName, type TrainingOverrides,
} from '../../training/trainer/presets';
import { readRenamedSetting, type ConfigurationReader, type RenamedKey } from '../renamedSettings';

const NAMES = ['preset', 'epochs', 'batchSize', 'learningRate', 'optimizer', 'activation', 'dropout', 'seed',
  'logEveryBatches', 'dataset', 'dataDir', 'backend'] as const;
type TrainingSettingName = typeof NAMES[number];

/** Each training setting's key and the key it had before (`lenet.<name>`). */
export const TRAINING_SETTING_KEYS: readonly RenamedKey[] =
  NAMES.map((name) => ({ key: `cnnExplorer.training.${name}`, oldKey: `lenet.${name}` }));

export interface TrainingSettings {
  preset: PresetName;
  overrides: TrainingOverrides;
  /** `cnnExplorer.training.dataDir`; null when empty. */
  dataDir: string | null;
  /** Settings that were ignored, with why (shown in the output channel). */
  problems: string[];
  /** Old keys that were read because their new key is not set. */
  renamed: RenamedKey[];
}

export function readTrainingSettings(config: ConfigurationReader): TrainingSettings {
  const problems: string[] = [];
  const renamed: RenamedKey[] = [];
  const read = (name: TrainingSettingName): { value: unknown; from: string } => {
    const s = readRenamedSetting(config, { key: `cnnExplorer.training.${name}`, oldKey: `lenet.${name}` });
    if (s.renamed) renamed.push(s.renamed);
    return s;
  };
  const choice = <T extends string>(name: TrainingSettingName, allowed: readonly T[]): T | undefined => {
    const { value: v, from } = read(name);
    // 'preset' (the settings UI's default for optimizer and activation), null or '' all mean "the preset's value".
    if (v === undefined || v === null || v === '' || (v === 'preset' && name !== 'preset')) return undefined;
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
    problems.push(`${from} = ${JSON.stringify(v)} is not one of ${allowed.join(', ')}; using the preset's value.`);
    return undefined;
  };
  const numberSetting = (name: TrainingSettingName, check: (n: number) => boolean, what: string): number | undefined => {
    const { value: v, from } = read(name);
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'number' && check(v)) return v;
    problems.push(`${from} = ${JSON.stringify(v)} must be ${what}; using the preset's value.`);
    return undefined;
  };
  const positiveInt = (n: number): boolean => Number.isInteger(n) && n > 0;
  const preset = choice('preset', PRESET_NAMES) ?? 'notebook';
  const overrides: TrainingOverrides = {
    epochs: numberSetting('epochs', positiveInt, 'a positive integer'),
    batchSize: numberSetting('batchSize', positiveInt, 'a positive integer'),
    learningRate: numberSetting('learningRate', (n) => Number.isFinite(n) && n > 0, 'a positive number'),
    optimizer: choice('optimizer', OPTIMIZERS),
    activation: choice('activation', ACTIVATIONS),
    dropout: numberSetting('dropout', (n) => n >= 0 && n < 1, 'in [0, 1)'),
    seed: numberSetting('seed', Number.isInteger, 'an integer'),
    logEveryBatches: numberSetting('logEveryBatches', positiveInt, 'a positive integer'),
    dataset: choice<DatasetName>('dataset', DATASETS),
    backend: choice('backend', BACKEND_CHOICES),
  };
  const dataDir = read('dataDir').value;
  return {
    preset,
    overrides,
    dataDir: typeof dataDir === 'string' && dataDir.trim() !== '' ? dataDir.trim() : null,
    problems,
    renamed,
  };
}
