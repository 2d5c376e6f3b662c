// Which model a dashboard shows, and the names derived from it: the registry key, the descriptor the webview gets,
// the tab title, and the target a saved webview state names (to revive a panel after a reload).
import * as vscode from 'vscode';
import { restoreDashboardState, type ModelDescriptor } from '../../protocol';

/** Which model a dashboard shows. */
export type DashboardTarget = { kind: 'builtin' } | { kind: 'file'; uri: vscode.Uri };

/** One dashboard per key: the built-in LeNet, or a file by its URI. */
export function dashboardKeyOf(target: DashboardTarget): string {
  return target.kind === 'builtin' ? 'builtin:lenet' : fileDashboardKey(target.uri);
}

export function fileDashboardKey(uri: vscode.Uri): string {
  return `file:${uri.toString()}`;
}

export function descriptorOf(target: DashboardTarget): ModelDescriptor {
  if (target.kind === 'builtin') return { key: dashboardKeyOf(target), title: 'LeNet-5 (built-in)', source: 'builtin', uri: null };
  const name = target.uri.path.split('/').pop() || target.uri.toString(true);
  return { key: dashboardKeyOf(target), title: name, source: 'file', uri: target.uri.toString() };
}

/** The tab title: the product and the model, with its folder so two `model.json` tabs differ. */
export function panelTitleOf(target: DashboardTarget): string {
  if (target.kind === 'builtin') return 'CNN Explorer: LeNet-5 (built-in)';
  const parts = target.uri.path.split('/').filter(Boolean);
  return `CNN Explorer: ${parts.slice(-2).join('/') || target.uri.toString(true)}`;
}

/**
 * The model a dashboard's saved webview state names (`modelRef`, read through the protocol's validator, so a state
 * saved by an older build or edited by hand is never trusted as is); null when it names none, or a URI that does not parse.
 */
export function targetFromSavedState(state: unknown): DashboardTarget | null {
  const ref = restoreDashboardState(state).modelRef;
  if (ref?.source === 'builtin') return { kind: 'builtin' };
  if (ref?.source === 'file' && ref.uri !== null) {
    try {
      return { kind: 'file', uri: vscode.Uri.parse(ref.uri, true) };
    } catch {
      return null;
    }
  }
  return null;
}
