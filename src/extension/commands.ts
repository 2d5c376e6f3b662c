// Command registration. Each command is wired to its feature as that feature lands; until then it tells the user
// plainly that it is not available yet instead of pretending to work.
import * as vscode from 'vscode';
import { CommandIds, type CommandId } from './commandIds';

/** Commands whose feature has not landed yet, with what the user should know. */
const notYetAvailable: Partial<Record<CommandId, string>> = {
  [CommandIds.train]: 'LeNet training is not available in this version of CNN Explorer yet.',
  [CommandIds.stopTraining]: 'LeNet training is not available in this version of CNN Explorer yet, so there is nothing to stop.',
  [CommandIds.openDashboard]: 'The CNN Explorer dashboard is not available in this version yet. Use `cnn-explorer inspect --builtin lenet` for the architecture summary.',
  [CommandIds.inspectModel]: 'Model inspection in the editor is not available in this version yet. Use `cnn-explorer inspect <model.json>` for the architecture summary.',
};

export function registerCommands(context: vscode.ExtensionContext): void {
  for (const [id, message] of Object.entries(notYetAvailable)) {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, () => {
        // Not awaited: the promise settles only when the user dismisses the notification.
        void vscode.window.showInformationMessage(message);
        return { available: false, message };
      }),
    );
  }
}
