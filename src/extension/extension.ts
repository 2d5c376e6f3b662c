// Extension entry point. Activation stays cheap: it registers commands and providers and loads no TensorFlow.js
// (training runs in its own process), so opening a JSON file never pays for a tensor library.
import * as vscode from 'vscode';
import { registerCommands } from './commands';

/** What activate() returns: used by the integration tests and by other extensions that want the numbers. */
export interface CnnExplorerApi {
  /** Wall time spent inside activate(), in milliseconds. */
  activationMs: number;
}

export function activate(context: vscode.ExtensionContext): CnnExplorerApi {
  const started = performance.now();
  registerCommands(context);
  return { activationMs: performance.now() - started };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
