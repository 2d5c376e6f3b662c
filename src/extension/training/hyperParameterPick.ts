// The quick pick shown by "LeNet: Train": the run's hyper-parameters (from the preset and the `cnnExplorer.training.*` settings),
// each changeable for this run, and "Start training" on top. Esc cancels the run.
import * as vscode from 'vscode';
import {
  ACTIVATIONS, BACKEND_CHOICES, checkOverrides, DATASETS, describeConfig, OPTIMIZERS, PRESET_NAMES, PRESETS,
  resolveTrainingConfig, type PresetName, type TrainingOverrides,
} from '../../training/trainer/presets';

export interface RunChoice {
  preset: PresetName;
  overrides: TrainingOverrides;
}

type Key = 'preset' | 'epochs' | 'batchSize' | 'learningRate' | 'optimizer' | 'activation' | 'dropout' | 'dataset' | 'backend';

interface ParamItem extends vscode.QuickPickItem {
  key?: Key;
  start?: boolean;
}

const LABELS: Record<Key, string> = {
  preset: 'Preset', epochs: 'Epochs', batchSize: 'Batch size', learningRate: 'Learning rate', optimizer: 'Optimizer',
  activation: 'Activation', dropout: 'Dropout', dataset: 'Dataset', backend: 'Backend',
};

const ENUMS: Partial<Record<Key, readonly string[]>> = {
  preset: PRESET_NAMES, optimizer: OPTIMIZERS, activation: ACTIVATIONS, dataset: DATASETS, backend: BACKEND_CHOICES,
};

const NUMBERS: Partial<Record<Key, { integer: boolean; hint: string }>> = {
  epochs: { integer: true, hint: 'a positive integer' },
  batchSize: { integer: true, hint: 'a positive integer (the notebook uses 100)' },
  learningRate: { integer: false, hint: 'a positive number, e.g. 0.001 (the notebook uses 0.1)' },
  dropout: { integer: false, hint: 'a rate in [0, 1) (the notebook uses 0.001)' },
};

/** Shows the pick until the user starts (returns the choice) or cancels (undefined). */
export async function pickHyperParameters(initial: RunChoice): Promise<RunChoice | undefined> {
  let choice: RunChoice = { preset: initial.preset, overrides: { ...initial.overrides } };
  for (;;) {
    const config = resolveTrainingConfig(choice.preset, choice.overrides);
    const value = (key: Key): string => {
      switch (key) {
        case 'preset': return choice.preset;
        case 'dataset': return config.dataset;
        case 'backend': return config.requestedBackend;
        default: return String(config[key]);
      }
    };
    const items: ParamItem[] = [
      { label: '$(play) Start training', description: describeConfig(config), start: true },
      { label: 'Hyper-parameters for this run (the cnnExplorer.training.* settings are the defaults)', kind: vscode.QuickPickItemKind.Separator },
      ...(Object.keys(LABELS) as Key[]).map((key): ParamItem => ({
        label: LABELS[key],
        description: value(key),
        detail: key === 'preset' ? 'notebook = the course notebook exactly; tuned = our recipe for ≥ 90 % test accuracy. Changing it resets the other hyper-parameters.' : undefined,
        key,
      })),
    ];
    const picked = await vscode.window.showQuickPick(items, { title: 'LeNet: Train', placeHolder: 'Start, or pick a hyper-parameter to change it', ignoreFocusOut: true });
    if (picked === undefined) return undefined;
    if (picked.start) return choice;
    if (picked.key === undefined) continue;
    const next = await editValue(picked.key, value(picked.key));
    if (next === undefined) continue;
    if (picked.key === 'preset') {
      choice = { preset: next as PresetName, overrides: { dataset: choice.overrides.dataset, backend: choice.overrides.backend } };
    } else if (NUMBERS[picked.key]) {
      choice.overrides = { ...choice.overrides, [picked.key]: Number(next) };
    } else {
      choice.overrides = { ...choice.overrides, [picked.key]: next };
    }
  }
}

async function editValue(key: Key, current: string): Promise<string | undefined> {
  const allowed = ENUMS[key];
  if (allowed) {
    const items = allowed.map((v) => ({
      label: v,
      description: v === current ? 'current' : key === 'preset' ? describePreset(v as PresetName) : undefined,
    }));
    return (await vscode.window.showQuickPick(items, { title: `LeNet: ${LABELS[key]}` }))?.label;
  }
  const spec = NUMBERS[key];
  if (!spec) return undefined;
  return vscode.window.showInputBox({
    title: `LeNet: ${LABELS[key]}`,
    value: current,
    prompt: spec.hint,
    validateInput: (text) => {
      const n = Number(text);
      if (text.trim() === '' || !Number.isFinite(n)) return `Enter ${spec.hint}.`;
      try {
        checkOverrides({ [key]: n });
        return undefined;
      } catch (e) {
        return (e as Error).message;
      }
    },
  });
}

function describePreset(p: PresetName): string {
  const h = PRESETS[p];
  return `${h.optimizer} lr ${h.learningRate}, ${h.activation}, dropout ${h.dropout}, batch ${h.batchSize}, ${h.epochs} epochs`;
}
