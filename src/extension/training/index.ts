// What the extension wires for training: the controller and its two commands.
//   const training = new TrainingController(context);
//   context.subscriptions.push(training, ...registerTrainingCommands(training));
import * as vscode from 'vscode';
import { CommandIds } from '../commandIds';
import { TrainingController, type TrainCommandArgs, type TrainingRunResult } from './trainingController';

export { TrainingController, type TrainCommandArgs, type TrainingRunResult } from './trainingController';
export type { EventLoopDelayReport } from './eventLoopDelay';

/**
 * `lenet.train` (optional TrainCommandArgs; from the palette it shows the hyper-parameter quick pick; resolves with
 * the run's result when it ends) and `lenet.stopTraining` (resolves true when a run was asked to stop).
 */
export function registerTrainingCommands(controller: TrainingController): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(CommandIds.train, (args?: TrainCommandArgs): Promise<TrainingRunResult> => controller.train(isArgs(args) ? args : {})),
    vscode.commands.registerCommand(CommandIds.stopTraining, (): boolean => controller.stop()),
  ];
}

/** Commands invoked from menus receive a Uri or other values; only a plain object is taken as arguments. */
function isArgs(v: unknown): v is TrainCommandArgs {
  return typeof v === 'object' && v !== null && !(v instanceof vscode.Uri) && !Array.isArray(v);
}
