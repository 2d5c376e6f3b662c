// Which model a dashboard shows, and the names derived from it: the registry key, the descriptor the webview gets,
// the tab title, and the target a saved webview state names (to revive a panel after a reload).
import * as vscode from 'vscode';
import { DASHBOARD_TABS, restoreDashboardState, type DashboardTab, type ModelDescriptor } from '../../protocol';

/**
 * Which model a dashboard shows: the built-in LeNet, a model JSON file, or a PyTorch model of a .py file or notebook
 * (`entry`: a module-level variable or class of the file; null: the file's default model, issue #12's rule).
 */
export type DashboardTarget =
  | { kind: 'builtin' }
  | { kind: 'file'; uri: vscode.Uri }
  | { kind: 'pytorch'; uri: vscode.Uri; entry: string | null };

/** One dashboard per key: the built-in LeNet, a file by its URI, a PyTorch model by its file and entry. */
export function dashboardKeyOf(target: DashboardTarget): string {
  if (target.kind === 'builtin') return 'builtin:lenet';
  return target.kind === 'file' ? fileDashboardKey(target.uri) : `pytorch:${target.uri.toString()}#${target.entry ?? ''}`;
}

export function fileDashboardKey(uri: vscode.Uri): string {
  return `file:${uri.toString()}`;
}

/** `lenet.py · Net`; the file alone for its default model. */
function modelTitle(target: Exclude<DashboardTarget, { kind: 'builtin' }>, name: string): string {
  return target.kind === 'pytorch' && target.entry !== null ? `${name} · ${target.entry}` : name;
}

export function descriptorOf(target: DashboardTarget): ModelDescriptor {
  if (target.kind === 'builtin') return { key: dashboardKeyOf(target), title: 'LeNet-5 (built-in)', source: 'builtin', uri: null };
  const name = target.uri.path.split('/').pop() || target.uri.toString(true);
  const descriptor: ModelDescriptor = { key: dashboardKeyOf(target), title: modelTitle(target, name), source: target.kind, uri: target.uri.toString() };
  if (target.kind === 'pytorch' && target.entry !== null) descriptor.entry = target.entry;
  return descriptor;
}

/** The tab title: the product and the model, with its folder so two `model.json` tabs differ. */
export function panelTitleOf(target: DashboardTarget): string {
  if (target.kind === 'builtin') return 'CNN Explorer: LeNet-5 (built-in)';
  const parts = target.uri.path.split('/').filter(Boolean);
  return `CNN Explorer: ${modelTitle(target, parts.slice(-2).join('/') || target.uri.toString(true))}`;
}

/** A .py file or a notebook: its models are PyTorch code (issue #12), not model JSON. */
export function isPyTorchSourceUri(uri: vscode.Uri): boolean {
  return /\.(py|ipynb)$/i.test(uri.path);
}

/**
 * The dashboard "Open Dashboard" opens for its argument (agreed with the CodeLens and hover links, /tmp/brief/D-F.md):
 * none → the built-in LeNet; `{ uri, entry?, layer?, tab? }` (uri a string or a Uri) → that file's model, a PyTorch one
 * for a .py file or notebook; `{ tab }` → the built-in LeNet on that tab; anything else → why not.
 */
export function targetFromCommandArgs(args: unknown): { target: DashboardTarget; layer?: string; tab?: DashboardTab } | { error: string } {
  if (args === undefined || args === null) return { target: { kind: 'builtin' } };
  const a = typeof args === 'object' ? args as Record<string, unknown> : {};
  let tab: DashboardTab | undefined;
  if (a.tab !== undefined) {
    if (typeof a.tab !== 'string' || !(DASHBOARD_TABS as readonly string[]).includes(a.tab)) {
      return { error: `Open Dashboard: tab must be one of ${DASHBOARD_TABS.join(', ')}, got ${describeArg(a.tab)}.` };
    }
    tab = a.tab as DashboardTab;
  }
  const withTab = <T extends object>(v: T): T & { tab?: DashboardTab } => (tab === undefined ? v : { ...v, tab });
  if (a.uri === undefined && tab !== undefined && Object.keys(a).every((k) => k === 'tab')) return withTab({ target: { kind: 'builtin' } as DashboardTarget });
  const uriArg = a.uri;
  let uri: vscode.Uri | undefined;
  try {
    uri = uriArg instanceof vscode.Uri ? uriArg : typeof uriArg === 'string' ? vscode.Uri.parse(uriArg, true) : undefined;
  } catch {
    uri = undefined;
  }
  if (!uri) return { error: `Open Dashboard: expected { uri, entry?, layer?, tab? }, { tab } or nothing, got ${describeArg(args)}.` };
  if (a.entry !== undefined && a.entry !== null && typeof a.entry !== 'string') return { error: `Open Dashboard: entry must be a name, got ${describeArg(a.entry)}.` };
  const layer = typeof a.layer === 'string' ? a.layer : undefined;
  const target: DashboardTarget = isPyTorchSourceUri(uri)
    ? { kind: 'pytorch', uri, entry: typeof a.entry === 'string' && a.entry !== '' ? a.entry : null }
    : { kind: 'file', uri };
  return withTab(layer === undefined ? { target } : { target, layer });
}

function describeArg(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : Array.isArray(v) ? 'a list' : v === null ? 'null' : typeof v;
}

/**
 * The model a dashboard's saved webview state names (`modelRef`, read through the protocol's validator, so a state
 * saved by an older build or edited by hand is never trusted as is); null when it names none, or a URI that does not parse.
 */
export function targetFromSavedState(state: unknown): DashboardTarget | null {
  const ref = restoreDashboardState(state).modelRef;
  if (!ref) return null;
  if (ref.source === 'builtin') return { kind: 'builtin' };
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(ref.uri, true);
  } catch {
    return null;
  }
  return ref.source === 'file' ? { kind: 'file', uri } : { kind: 'pytorch', uri, entry: ref.entry };
}
