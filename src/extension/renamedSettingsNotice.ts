// Tells the user, once per session and per old key, that a `lenet.*` setting they use has a new name.
import * as vscode from 'vscode';
import { renamedSettingsMessage, type RenamedKey } from './renamedSettings';

// Per extension-host session: the old keys already reported (re-reading settings on every change must not repeat it).
const reported = new Set<string>();

export function reportRenamedSettings(renamed: readonly RenamedKey[]): void {
  const fresh = renamed.filter((r) => !reported.has(r.oldKey));
  if (fresh.length === 0) return;
  for (const r of fresh) reported.add(r.oldKey);
  void vscode.window.showWarningMessage(renamedSettingsMessage(fresh));
}
