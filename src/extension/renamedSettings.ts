// Settings renamed from `lenet.*` to `cnnExplorer.*` (issue #11): VS Code titles a setting by its key's prefix, so
// `lenet.epochs` read "Lenet: Epochs". The old keys are still read when the new one is not set, and each use is
// reported so the user can move it. Pure: takes the two methods of vscode.WorkspaceConfiguration it needs.
import type * as vscode from 'vscode';

/** The root configuration (`vscode.workspace.getConfiguration()`), read with full dotted keys. */
export type ConfigurationReader = Pick<vscode.WorkspaceConfiguration, 'get' | 'inspect'>;

export interface RenamedKey {
  key: string;
  oldKey: string;
}

export interface SettingValue {
  value: unknown;
  /** The key the value was read from (the old one only when the new one is not set anywhere). */
  from: string;
  /** Set when the value came from the old key. */
  renamed?: RenamedKey;
}

/** True when the user (not the manifest's default) gave the key a value in some scope. */
export function isSetByUser(config: ConfigurationReader, key: string): boolean {
  const i = config.inspect(key);
  if (i === undefined) return false;
  return [i.globalValue, i.workspaceValue, i.workspaceFolderValue, i.globalLanguageValue, i.workspaceLanguageValue,
    i.workspaceFolderLanguageValue].some((v) => v !== undefined);
}

/** Precedence: the new key when set, else the old key when set, else the new key's default. */
export function readRenamedSetting(config: ConfigurationReader, { key, oldKey }: RenamedKey): SettingValue {
  if (!isSetByUser(config, key) && isSetByUser(config, oldKey)) {
    return { value: config.get<unknown>(oldKey), from: oldKey, renamed: { key, oldKey } };
  }
  return { value: config.get<unknown>(key), from: key };
}

/** The one message shown for the old keys in use. */
export function renamedSettingsMessage(renamed: readonly RenamedKey[]): string {
  const pairs = renamed.map((r) => `${r.oldKey} → ${r.key}`).join(', ');
  const one = renamed.length === 1;
  return `CNN Explorer: the setting${one ? '' : 's'} ${pairs} ${one ? 'has' : 'have'} a new name. The old name is still read for now; ` +
    'please move the value to the new name in your settings.';
}
