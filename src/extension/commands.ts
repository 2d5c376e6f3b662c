// The inspector's and dashboard's commands (category CNN Explorer). Training's two commands are registered by
// ./training (registerTrainingCommands).
import * as vscode from 'vscode';
import { CommandIds, RenamedCommandIds } from './commandIds';
import type { Dashboards } from './dashboard';
import type { ModelInspector } from './inspector/inspector';
import { resolveModelTarget } from './inspector/modelTarget';
import { modelDocumentOf } from './pytorch/faces/pytorchSources';

export function registerDashboardCommands(dashboards: Dashboards, inspector: ModelInspector): vscode.Disposable[] {
  return [
    // "Open Dashboard": the built-in LeNet (architecture, memory, theory, training).
    vscode.commands.registerCommand(CommandIds.openDashboard, (args?: unknown) => dashboards.openFromCommand(args)),
    // "Inspect Model Architecture": the active model file, or the one a hover link (with a layer) or CodeLens names.
    vscode.commands.registerCommand(CommandIds.inspectModel, async (uri?: string | vscode.Uri, layer?: string) => {
      // PyTorch code (a .py file, a notebook or one of its cells): its model's dashboard, as the CodeLens opens it.
      const python = pythonModelAt(uri);
      if (python) return dashboards.openFromCommand({ uri: python.uri.toString(), ...(typeof layer === 'string' ? { layer } : {}) });
      const target = await resolveModelTarget(inspector, uri);
      if ('error' in target) {
        // Not awaited: the promise settles only when the user dismisses the notification.
        void vscode.window.showErrorMessage(target.error);
        return undefined;
      }
      return dashboards.createOrShow({ kind: 'file', uri: target.uri }, typeof layer === 'string' ? layer : undefined);
    }),
    // The old ids run the same commands (keybindings made with them).
    ...Object.entries(RenamedCommandIds).map(([oldId, id]) => vscode.commands.registerCommand(oldId, (...args: unknown[]) => vscode.commands.executeCommand(id, ...args))),
  ];
}

/** The open PyTorch file or notebook a command argument names, else the active editor's; undefined when neither is one. */
function pythonModelAt(uri?: string | vscode.Uri): vscode.TextDocument | vscode.NotebookDocument | undefined {
  if (uri !== undefined) return modelDocumentOf(typeof uri === 'string' ? vscode.Uri.parse(uri) : uri);
  const notebook = vscode.window.activeNotebookEditor?.notebook;
  const document = vscode.window.activeTextEditor?.document;
  return (document && modelDocumentOf(document)) ?? (notebook && modelDocumentOf(notebook));
}
