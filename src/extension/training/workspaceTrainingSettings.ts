// The training settings as VS Code holds them now; reports old `lenet.*` keys still in use.
import * as vscode from 'vscode';
import { reportRenamedSettings } from '../renamedSettingsNotice';
import { readTrainingSettings, type TrainingSettings } from './settings';

export function readWorkspaceTrainingSettings(): TrainingSettings {
  const settings = readTrainingSettings(vscode.workspace.getConfiguration());
  reportRenamedSettings(settings.renamed);
  return settings;
}
