// The inspector's and dashboard's commands (category CNN Explorer). Training's two commands are registered by
// ./training (registerTrainingCommands).
import * as vscode from 'vscode';
import { CommandIds, RenamedCommandIds } from './commandIds';
import type { Dashboards } from './dashboard';
import type { ModelInspector } from './inspector/inspector';
import { resolveModelTarget } from './inspector/modelTarget';

export function registerDashboardCommands(dashboards: Dashboards, inspector: ModelInspector): vscode.Disposable[] {
  return [
    // "Open Dashboard": the built-in LeNet (architecture, memory, theory, training).
    vscode.commands.registerCommand(CommandIds.openDashboard, (args?: unknown) => dashboards.openFromCommand(args)),
    // "Inspect Model Architecture": the active model file, or the one a hover link (with a layer) or CodeLens names.
    vscode.commands.registerCommand(CommandIds.inspectModel, async (uri?: string | vscode.Uri, layer?: string) => {
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
