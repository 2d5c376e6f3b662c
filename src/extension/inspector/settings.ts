// The inspector's settings, read from VS Code in one place (the reading itself is in inspectorSettingsReader.ts).
import * as vscode from 'vscode';
import { reportRenamedSettings } from '../renamedSettingsNotice';
import { readInspectorSettingsFrom, type InspectorSettings } from './inspectorSettingsReader';

export type { InspectorSettings } from './inspectorSettingsReader';

export function readInspectorSettings(scope?: vscode.ConfigurationScope): InspectorSettings {
  const { settings, renamed } = readInspectorSettingsFrom(vscode.workspace.getConfiguration(undefined, scope));
  reportRenamedSettings(renamed);
  return settings;
}

/** Whether a configuration change touches the inspector's settings, under the new or the old names. */
export function affectsInspectorSettings(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration('cnnExplorer.inspector') || e.affectsConfiguration('lenet.inspector');
}
