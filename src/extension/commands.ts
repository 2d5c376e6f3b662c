// Command registration. Each command is wired to its feature as that feature lands; until then it tells the user
// plainly that it is not available yet instead of pretending to work.
import * as vscode from 'vscode';
import { CommandIds, type CommandId } from './commandIds';
import type { ModelInspector } from './inspector/inspector';
import { resolveModelTarget } from './inspector/modelTarget';

/** Commands whose feature has not landed yet, with what the user should know. */
const notYetAvailable: Partial<Record<CommandId, string>> = {
  [CommandIds.train]: 'LeNet training is not available in this version of CNN Explorer yet.',
  [CommandIds.stopTraining]: 'LeNet training is not available in this version of CNN Explorer yet, so there is nothing to stop.',
  [CommandIds.openDashboard]: 'The CNN Explorer dashboard is not available in this version yet. Use `cnn-explorer inspect --builtin lenet` for the architecture summary.',
};

export interface CommandResult {
  available: boolean;
  message: string;
}

function tell(message: string, severity: 'info' | 'error' = 'info'): void {
  // Not awaited: the promise settles only when the user dismisses the notification.
  void (severity === 'error' ? vscode.window.showErrorMessage(message) : vscode.window.showInformationMessage(message));
}

export function registerCommands(context: vscode.ExtensionContext, inspector: ModelInspector): void {
  for (const [id, message] of Object.entries(notYetAvailable)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, (): CommandResult => {
      tell(message);
      return { available: false, message };
    }));
  }
  // "Inspect Model Architecture": the active model file, or the one a hover link / CodeLens names.
  context.subscriptions.push(vscode.commands.registerCommand(CommandIds.inspectModel, async (uri?: string | vscode.Uri, layer?: string): Promise<CommandResult> => {
    const target = await resolveModelTarget(inspector, uri);
    if ('error' in target) {
      tell(target.error, 'error');
      return { available: false, message: target.error };
    }
    const { analysis } = target;
    const message = `${analysis.model.name}: ${analysis.layers.length} layers, ${analysis.totals.params ?? '?'} parameters${layer ? ` (layer ${layer})` : ''}. ` +
      'The dashboard that draws it is not available in this version yet; hover a layer or run `cnn-explorer inspect` for the full table.';
    tell(message);
    return { available: false, message };
  }));
}
