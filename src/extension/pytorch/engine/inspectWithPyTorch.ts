// The command "Inspect with PyTorch" (cnnExplorer.inspectWithPyTorch, `{ uri, entry }` from the CodeLens, or the
// active editor): runs the model with the user's own PyTorch on the meta device and hands the exact trace to the faces
// (PyTorchAnalyses.setExactTrace), which show it labelled with the PyTorch version until the document changes. It
// executes the user's code, so: only in a trusted workspace, only from this command (never on hover or edit), with a
// timeout and a cancel button. One result per document version, entry, input shape and interpreter is kept.
import * as vscode from 'vscode';
import type { TorchTrace } from '../../../core/formats/pytorch';
import { runPyTorchEngine, stopPyTorchEngines, TorchEngineError } from '../../../pytorchEngine';
import type { PyTorchAnalyses } from '../faces/pytorchAnalyses';
import { isModelCommandArgs, PyTorchCommandIds } from '../faces/pytorchCommandIds';
import { engineFailureMessage } from './engineMessages';
import { chooseInterpreter, type InterpreterChoice } from './interpreterChoice';
import { DEFAULT_TIMEOUT_SECONDS } from './engineSettings';

const PYTHON_EXTENSION_ID = 'ms-python.python';
const PYTHON_EXTENSION_WAIT_MS = 5000;

/** The last result per model document: reused while its version, entry, input shape and interpreter are the same. */
interface CachedTrace {
  readonly key: string;
  readonly version: number;
  readonly trace: TorchTrace;
}

export function registerInspectWithPyTorch(context: vscode.ExtensionContext, analyses: PyTorchAnalyses): void {
  const cache = new Map<string, CachedTrace>();
  context.subscriptions.push(
    vscode.commands.registerCommand(PyTorchCommandIds.inspectWithPyTorch, (args?: unknown) => inspectWithPyTorch(analyses, cache, args)),
    { dispose: stopPyTorchEngines },
  );
}

/** Returns the trace (for tests and callers), or undefined when there is none (refused, cancelled, failed: said why). */
async function inspectWithPyTorch(analyses: PyTorchAnalyses, cache: Map<string, CachedTrace>, args: unknown): Promise<TorchTrace | undefined> {
  if (!vscode.workspace.isTrusted) {
    // Not awaited: the command answers at once, the message waits for the user.
    const manage = 'Manage Workspace Trust';
    void vscode.window.showWarningMessage(
      'Inspect with PyTorch runs the Python code of this file to build the model. It is available in a trusted workspace only.',
      manage,
    ).then((picked) => (picked === manage ? vscode.commands.executeCommand('workbench.trust.manage') : undefined));
    return undefined;
  }
  const target = targetOf(args);
  const entry = isModelCommandArgs(args) ? args.entry : undefined;
  const source = target ? analyses.sourceOf(target, entry) : undefined;
  if (!source) {
    void vscode.window.showErrorMessage('Inspect with PyTorch: open a Python file or a notebook with a PyTorch model first.');
    return undefined;
  }
  const interpreter = await resolveInterpreter(source.uri);
  const key = JSON.stringify([source.entry ?? null, source.inputShape, source.inputDtype, interpreter.python]);
  const cached = cache.get(source.uri.toString());
  if (cached && cached.version === source.version && cached.key === key) {
    analyses.setExactTrace(source.uri, source.version, cached.trace);
    return cached.trace;
  }
  const timeoutSeconds = vscode.workspace.getConfiguration('cnnExplorer.pytorch').get<number>('timeoutSeconds', DEFAULT_TIMEOUT_SECONDS);
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Inspect with PyTorch (${interpreter.python})`, cancellable: true },
      async (progress, token) => {
        progress.report({ message: 'building the model on the meta device…' });
        const abort = new AbortController();
        const subscription = token.onCancellationRequested(() => abort.abort());
        try {
          return await runPyTorchEngine({
            python: interpreter.python,
            text: source.text,
            fileName: source.fileName,
            entry: source.entry ?? null,
            inputShape: source.inputShape,
            inputDtype: source.inputDtype,
            inputSource: !source.inputShape ? 'none' : analyses.hasInputComment(source.uri) ? 'comment' : 'option',
            timeoutMs: Math.max(1, timeoutSeconds) * 1000,
            signal: abort.signal,
          });
        } finally {
          subscription.dispose();
        }
      },
    );
    cache.set(source.uri.toString(), { key, version: source.version, trace: result.trace });
    analyses.setExactTrace(source.uri, source.version, result.trace);
    const error = result.trace.diagnostics.find((d) => d.severity === 'error');
    if (error) void vscode.window.showWarningMessage(`PyTorch ${result.trace.torchVersion}: ${error.message}`);
    else vscode.window.setStatusBarMessage(`PyTorch ${result.trace.torchVersion}: ${result.trace.layers.length} layers of ${result.trace.entry?.name ?? 'the model'} inspected on the meta device`, 8000);
    return result.trace;
  } catch (err) {
    if (err instanceof TorchEngineError) {
      if (err.kind === 'cancelled') return undefined;
      const message = engineFailureMessage(err.kind, err.message, interpreter);
      const open = 'Open Settings';
      const setting = message.setting;
      if (setting) {
        void vscode.window.showErrorMessage(message.text, open)
          .then((picked) => (picked === open ? vscode.commands.executeCommand('workbench.action.openSettings', setting) : undefined));
      } else void vscode.window.showErrorMessage(message.text);
      return undefined;
    }
    void vscode.window.showErrorMessage(`Inspect with PyTorch failed: ${(err as Error).message}`);
    return undefined;
  }
}

/** `{ uri }` from the CodeLens, else the active notebook (a cell's editor) or text editor. */
function targetOf(args: unknown): vscode.Uri | vscode.TextDocument | vscode.NotebookDocument | undefined {
  if (isModelCommandArgs(args)) return vscode.Uri.parse(args.uri);
  if (args instanceof vscode.Uri) return args;
  const notebook = vscode.window.activeNotebookEditor?.notebook;
  const editor = vscode.window.activeTextEditor?.document;
  if (editor && editor.uri.scheme !== 'vscode-notebook-cell') return editor;
  return notebook ?? editor;
}

/** The interpreter by issue #12's order (interpreterChoice.ts); the Python extension is asked only when installed. */
async function resolveInterpreter(resource: vscode.Uri): Promise<InterpreterChoice> {
  const setting = vscode.workspace.getConfiguration('cnnExplorer.pytorch', resource).get<string>('pythonPath');
  const defaultInterpreterPath = vscode.workspace.getConfiguration('python', resource).get<string>('defaultInterpreterPath');
  const pythonExtension = setting?.trim() ? undefined : await pythonExtensionInterpreter(resource);
  return chooseInterpreter({ setting, pythonExtension, defaultInterpreterPath, platform: process.platform });
}

/** The subset of ms-python.python's API used here (its `environments` API, stable since 2023). */
interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { path: string } | undefined;
    resolveEnvironment(env: { path: string } | string): Promise<{ executable?: { uri?: vscode.Uri } } | undefined>;
  };
}

async function pythonExtensionInterpreter(resource: vscode.Uri): Promise<string | undefined> {
  const extension = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION_ID);
  if (!extension) return undefined;
  try {
    const api = extension.isActive ? extension.exports : await withTimeout(extension.activate(), PYTHON_EXTENSION_WAIT_MS);
    const environments = api?.environments;
    const active = environments?.getActiveEnvironmentPath(resource);
    if (!environments || !active) return undefined;
    const resolved = await withTimeout(environments.resolveEnvironment(active), PYTHON_EXTENSION_WAIT_MS);
    return resolved?.executable?.uri?.fsPath ?? active.path;
  } catch {
    return undefined; // the extension failed or is slow: the next candidates still apply
  }
}

function withTimeout<T>(promise: Thenable<T>, ms: number): Promise<T | undefined> {
  return new Promise<T | undefined>((resolve, reject) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    promise.then((v) => { clearTimeout(timer); resolve(v); }, (e) => { clearTimeout(timer); reject(e); });
  });
}
