// A stand-in for vscode.workspace.getConfiguration() (root section) in unit tests: defaults come from package.json,
// as VS Code takes them; user values per scope, with VS Code's precedence (folder > workspace > user > default).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigurationReader } from '../../../src/extension/renamedSettings';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const properties = manifest.contributes.configuration.properties as Record<string, { default?: unknown }>;

export interface ScopedValues {
  global?: Record<string, unknown>;
  workspace?: Record<string, unknown>;
  workspaceFolder?: Record<string, unknown>;
}

export function fakeConfiguration(values: ScopedValues): ConfigurationReader {
  const inspect = (key: string) => ({
    key,
    defaultValue: properties[key]?.default,
    globalValue: values.global?.[key],
    workspaceValue: values.workspace?.[key],
    workspaceFolderValue: values.workspaceFolder?.[key],
  });
  const get = (key: string, fallback?: unknown): unknown => {
    const i = inspect(key);
    for (const v of [i.workspaceFolderValue, i.workspaceValue, i.globalValue, i.defaultValue]) if (v !== undefined) return v;
    return fallback;
  };
  return { get, inspect } as ConfigurationReader;
}
