// The `lenet.*` training settings: a preset plus optional overrides. An override left at null means "the preset's
// value", so switching the preset switches every hyper-parameter the user has not pinned.
import type * as vscode from 'vscode';
import type { DatasetName } from '../../protocol/training';
import {
  ACTIVATIONS, BACKEND_CHOICES, DATASETS, OPTIMIZERS, PRESET_NAMES, type PresetName, type TrainingOverrides,
} from '../../training/trainer/presets';

export interface TrainingSettings {
  preset: PresetName;
  overrides: TrainingOverrides;
  /** `lenet.dataDir`; null when empty. */
  dataDir: string | null;
  /** Settings that were ignored, with why (shown in the output channel). */
  problems: string[];
}

type Section = Pick<vscode.WorkspaceConfiguration, 'get'>;

export function readTrainingSettings(section: Section): TrainingSettings {
  const problems: string[] = [];
  const choice = <T extends string>(key: string, allowed: readonly T[]): T | undefined => {
    const v = section.get<unknown>(key);
    // 'preset' (the settings UI's default for optimizer and activation), null or '' all mean "the preset's value".
    if (v === undefined || v === null || v === '' || (v === 'preset' && key !== 'preset')) return undefined;
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
    problems.push(`lenet.${key} = ${JSON.stringify(v)} is not one of ${allowed.join(', ')}; using the preset's value.`);
    return undefined;
  };
  const numberSetting = (key: string, check: (n: number) => boolean, what: string): number | undefined => {
    const v = section.get<unknown>(key);
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'number' && check(v)) return v;
    problems.push(`lenet.${key} = ${JSON.stringify(v)} must be ${what}; using the preset's value.`);
    return undefined;
  };
  const positiveInt = (n: number): boolean => Number.isInteger(n) && n > 0;
  const dataDir = section.get<unknown>('dataDir');
  return {
    preset: choice('preset', PRESET_NAMES) ?? 'notebook',
    overrides: {
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
    },
    dataDir: typeof dataDir === 'string' && dataDir.trim() !== '' ? dataDir.trim() : null,
    problems,
  };
}
