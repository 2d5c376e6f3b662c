// Extension entry point. Activation stays cheap: it registers commands, providers and the dashboard serializer and
// loads no TensorFlow.js (training runs in its own process), so opening a JSON file never pays for a tensor library.
import * as vscode from 'vscode';
import { registerDashboardCommands } from './commands';
import { DashboardPanel, postTrainingMessage, registerDashboardSerializer, setDashboardLog, setDashboardModelSource } from './dashboard';
import { ModelInspector } from './inspector/inspector';
import { resolveModelTarget } from './inspector/modelTarget';
import { registerTrainingCommands, TrainingController } from './training';

/** What activate() returns: used by the integration tests and by other extensions that want the numbers. */
export interface CnnExplorerApi {
  /** Wall time spent inside activate(), in milliseconds. */
  activationMs: number;
  /** The editor inspector (one cached analysis per model document version). */
  inspector: ModelInspector;
  /** LeNet training (the forked trainer process, progress, run folders). */
  training: TrainingController;
  /** The open dashboard panels. */
  dashboards(): readonly DashboardPanel[];
}

export function activate(context: vscode.ExtensionContext): CnnExplorerApi {
  const started = performance.now();
  const inspector = new ModelInspector();
  const output = vscode.window.createOutputChannel('LeNet Training');
  const training = new TrainingController(context, output);
  setDashboardLog(output);
  // The dashboard shows a file's model from the inspector's analysis of the same document version.
  setDashboardModelSource(async (uri) => resolveModelTarget(inspector, uri));
  registerDashboardSerializer(context);
  context.subscriptions.push(
    inspector,
    output,
    training,
    ...registerDashboardCommands(context, inspector),
    ...registerTrainingCommands(training),
    // The dashboard opens as a run starts; its model is analysed before the trainer takes a core (one-time host work).
    training.onWillStart(() => DashboardPanel.prepareBuiltin()),
    training.onMessage((message) => {
      // The dashboard opens when a run starts, and every message reaches it (buffered for replay when hidden).
      if (message.type === 'started') DashboardPanel.createOrShow(context, { kind: 'builtin' });
      postTrainingMessage(message);
    }),
  );
  return { activationMs: performance.now() - started, inspector, training, dashboards: () => DashboardPanel.openPanels };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
