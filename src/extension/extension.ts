// Extension entry point. Activation stays cheap: it registers commands and providers and loads no TensorFlow.js
// (training runs in its own process), so opening a JSON file never pays for a tensor library.
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { ModelInspector } from './inspector/inspector';

/** What activate() returns: used by the integration tests and by other extensions that want the numbers. */
export interface CnnExplorerApi {
  /** Wall time spent inside activate(), in milliseconds. */
  activationMs: number;
  /** The editor inspector (one cached analysis per model document version). */
  inspector: ModelInspector;
}

export function activate(context: vscode.ExtensionContext): CnnExplorerApi {
  const started = performance.now();
  const inspector = new ModelInspector();
  context.subscriptions.push(inspector);
  registerCommands(context, inspector);
  return { activationMs: performance.now() - started, inspector };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
