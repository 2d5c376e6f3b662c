// Extension entry point: builds the extension's one object graph (inspector, training, dashboards and what they
// share) and hands each part what it needs. Activation stays cheap: it registers commands, providers and the
// dashboard serializer and loads no TensorFlow.js (training runs in its own process), so opening a JSON file never
// pays for a tensor library.
import * as vscode from 'vscode';
import { registerDashboardCommands } from './commands';
import { Dashboards, RunsRepository, TrainingBuffer } from './dashboard';
import { ModelInspector } from './inspector/inspector';
import { resolveModelTarget } from './inspector/modelTarget';
import { registerInspectWithPyTorch } from './pytorch/engine/inspectWithPyTorch';
import { registerInputShapeCommand } from './pytorch/faces/inputShapeCommand';
import { PyTorchAnalyses } from './pytorch/faces/pytorchAnalyses';
import { PyTorchFaces } from './pytorch/faces/pytorchFaces';
import { createTestApi, DashboardTrafficRecorder, type CnnExplorerTestApi } from './testApi';
import { registerTrainingCommands, TrainingController } from './training';

export type { CnnExplorerTestApi } from './testApi';

export function activate(context: vscode.ExtensionContext): CnnExplorerTestApi | undefined {
  const started = performance.now();
  // The test API exists only when VS Code runs the extension under tests (see testApi.ts).
  const traffic = context.extensionMode === vscode.ExtensionMode.Test ? new DashboardTrafficRecorder() : undefined;
  const inspector = new ModelInspector();
  // PyTorch code in .py files and notebook cells: one analysis per version, read by the editor faces and the dashboard.
  const pytorch = new PyTorchAnalyses(context.workspaceState);
  // "Inspect with PyTorch": the user's own PyTorch runs the model (trusted workspaces only); its trace replaces the static one.
  registerInspectWithPyTorch(context, pytorch);
  const output = vscode.window.createOutputChannel('LeNet Training');
  const training = new TrainingController(context, output);
  const runs = new RunsRepository(output);
  const dashboards = new Dashboards({
    extensionUri: context.extensionUri,
    // A file's model is the inspector's analysis of the same document version.
    fileModel: (uri) => resolveModelTarget(inspector, uri),
    // A PyTorch model's dashboard reads the editor faces' analysis (static, or the PyTorch engine's exact one).
    pytorch,
    training: new TrainingBuffer(),
    runs,
    log: output,
    traffic,
    // Where the trainer keeps downloaded datasets (trainingController): Explore reads a run's test set from there.
    datasetCacheDir: vscode.Uri.joinPath(context.globalStorageUri, 'datasets').fsPath,
  });
  context.subscriptions.push(
    inspector,
    pytorch,
    new PyTorchFaces(pytorch),
    registerInputShapeCommand(pytorch),
    output,
    training,
    runs,
    dashboards.registerSerializer(),
    ...registerDashboardCommands(dashboards, inspector),
    ...registerTrainingCommands(training),
    // An edit is analysed once, after the inspector's pause; the file's dashboard shows that analysis.
    inspector.onDidAnalyseDocument((document) => dashboards.documentAnalysed(document)),
    // The dashboard opens as a run starts; its model is analysed before the trainer takes a core (one-time host work).
    training.onWillStart(() => dashboards.builtinModel()),
    training.onMessage((message) => {
      // The dashboard opens when a run starts, and every message reaches it (buffered for replay when hidden).
      if (message.type === 'started') dashboards.createOrShow({ kind: 'builtin' });
      dashboards.postTraining(message);
    }),
  );
  const activationMs = performance.now() - started;
  return traffic ? createTestApi({ activationMs, dashboards, traffic, inspector, training }) : undefined;
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
