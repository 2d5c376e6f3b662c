// The dashboard commands. Training's two commands are registered by ./training (registerTrainingCommands).
import * as vscode from 'vscode';
import { CommandIds } from './commandIds';
import { DashboardPanel } from './dashboard';
import type { ModelInspector } from './inspector/inspector';
import { resolveModelTarget } from './inspector/modelTarget';

export function registerDashboardCommands(context: vscode.ExtensionContext, inspector: ModelInspector): vscode.Disposable[] {
  return [
    // "Open Dashboard": the built-in LeNet (architecture, memory, theory, training).
    vscode.commands.registerCommand(CommandIds.openDashboard, () => DashboardPanel.createOrShow(context, { kind: 'builtin' })),
    // "Inspect Model Architecture": the active model file, or the one a hover link (with a layer) or CodeLens names.
    vscode.commands.registerCommand(CommandIds.inspectModel, async (uri?: string | vscode.Uri, layer?: string) => {
      const target = await resolveModelTarget(inspector, uri);
      if ('error' in target) {
        // Not awaited: the promise settles only when the user dismisses the notification.
        void vscode.window.showErrorMessage(target.error);
        return undefined;
      }
      return DashboardPanel.createOrShow(context, { kind: 'file', uri: target.uri }, typeof layer === 'string' ? layer : undefined);
    }),
  ];
}
