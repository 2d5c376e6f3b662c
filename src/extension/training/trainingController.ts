// "LeNet: Train" and "LeNet: Stop Training": one run at a time, in a forked training process. Shows a cancellable
// progress notification, prints the notebook's log in the "LeNet Training" output channel, saves the run in
// `.lenet/runs/<timestamp>/` of the first workspace folder (else in the extension's global storage, and says so),
// measures the host's event-loop delay during the run, and re-broadcasts every message (`onMessage`) for the dashboard.
import { definedOnly } from '../../core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TrainingConfig, TrainingMessage } from '../../protocol/training';
import { formatDuration, NotebookLog } from '../../training/trainer/notebookLog';
import { runDirIn } from '../../training/trainer/paths';
import { describeConfig, resolveTrainingConfig, type PresetName, type TrainingOverrides } from '../../training/trainer/presets';
import type { ExampleLimits } from '../../training/trainer/runTraining';
import { describeDelay, EventLoopDelayMonitor, type EventLoopDelayReport } from './eventLoopDelay';
import { pickHyperParameters } from './hyperParameterPick';
import { describeStop } from './runOutcome';
import { readWorkspaceTrainingSettings } from './workspaceTrainingSettings';
import { TrainerClient } from './trainerClient';

/** Arguments of the `lenet.train` command (all optional; the palette passes none and gets the quick pick). */
export interface TrainCommandArgs {
  preset?: PresetName;
  overrides?: TrainingOverrides;
  limits?: ExampleLimits;
  /** Show the hyper-parameter quick pick (default: true when no preset/overrides are given). */
  pick?: boolean;
}

export interface TrainingRunResult {
  status: 'done' | 'stopped' | 'error' | 'cancelled' | 'busy';
  runId?: string;
  runDir?: string | null;
  config?: TrainingConfig;
  /** The run's last message (done, stopped or error). */
  final?: TrainingMessage;
  eventLoopDelay?: EventLoopDelayReport;
  /** The notification shown at the end of the run, if any. */
  notification?: string;
  /** Everything the run sent, in order. */
  messages: TrainingMessage[];
}

/** What the controller needs of the ExtensionContext (so tests can give a real one or a folder of their own). */
export type TrainingContext = Pick<vscode.ExtensionContext, 'extensionPath' | 'globalStorageUri'>;

const OPEN_RUN_FOLDER = 'Open Run Folder';

/** Shows a run folder: in the Explorer when it is in the workspace, else in the OS's file manager. */
async function revealRunFolder(runDir: string): Promise<void> {
  const uri = vscode.Uri.file(runDir);
  const inWorkspace = vscode.workspace.getWorkspaceFolder(uri) !== undefined;
  await vscode.commands.executeCommand(inWorkspace ? 'revealInExplorer' : 'revealFileInOS', uri);
}

/** Milliseconds between a stop request and killing a trainer that does not react. */
const STOP_GRACE_MS = 60_000;

export class TrainingController implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TrainingMessage>();
  /** Every message of the current (or last) run, as the trainer sent it. */
  readonly onMessage: vscode.Event<TrainingMessage> = this.emitter.event;
  private readonly willStartEmitter = new vscode.EventEmitter<void>();
  /** Fired just before the trainer process is forked: the last moment the host has both cores to itself. */
  readonly onWillStart: vscode.Event<void> = this.willStartEmitter.event;
  private readonly output: vscode.OutputChannel;
  private client: TrainerClient | undefined;
  private current: TrainingMessage[] = [];
  private killTimer: NodeJS.Timeout | undefined;

  constructor(private readonly context: TrainingContext, output?: vscode.OutputChannel) {
    this.output = output ?? vscode.window.createOutputChannel('LeNet Training');
  }

  get isRunning(): boolean {
    return this.client !== undefined;
  }

  /** Messages of the current or last run (the dashboard replays them when it opens). */
  get messages(): readonly TrainingMessage[] {
    return this.current;
  }

  /** The `lenet.train` command: settings → (quick pick) → run. Resolves when the run has ended. */
  async train(args: TrainCommandArgs = {}): Promise<TrainingRunResult> {
    if (this.client) {
      void vscode.window.showInformationMessage('LeNet is already training. Use "LeNet: Stop Training" to stop it first.');
      return { status: 'busy', messages: [] };
    }
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage('Training runs TensorFlow.js in a separate process and writes run folders, so it needs a trusted workspace.');
      return { status: 'cancelled', messages: [] };
    }
    const settings = readWorkspaceTrainingSettings();
    for (const p of settings.problems) this.output.appendLine(`Setting ignored: ${p}`);
    let preset = args.preset ?? settings.preset;
    let overrides: TrainingOverrides = { ...settings.overrides, ...definedOnly(args.overrides ?? {}) };
    const pick = args.pick ?? (args.preset === undefined && args.overrides === undefined);
    let config: TrainingConfig;
    try {
      if (pick) {
        const chosen = await pickHyperParameters({ preset, overrides });
        if (chosen === undefined) return { status: 'cancelled', messages: [] };
        ({ preset, overrides } = chosen);
      }
      config = resolveTrainingConfig(preset, overrides);
    } catch (e) {
      void vscode.window.showErrorMessage(`LeNet: ${(e as Error).message}`);
      return { status: 'cancelled', messages: [] };
    }
    return this.run(config, settings.dataDir, args.limits);
  }

  /** The `lenet.stopTraining` command. Returns false when nothing is running. */
  stop(): boolean {
    const client = this.client;
    if (!client) {
      void vscode.window.showInformationMessage('LeNet is not training.');
      return false;
    }
    client.stop();
    this.output.appendLine('Stop requested: the run ends after the current batch and keeps what it has learned.');
    this.killTimer ??= setTimeout(() => {
      this.output.appendLine(`The training process did not stop within ${STOP_GRACE_MS / 1000} s; killing it.`);
      client.kill();
    }, STOP_GRACE_MS);
    return true;
  }

  /** Starts a run with a resolved config (the API the dashboard and the tests use). */
  async run(config: TrainingConfig, dataDir: string | null = null, limits?: ExampleLimits): Promise<TrainingRunResult> {
    if (this.client) return { status: 'busy', messages: [] };
    const started = new Date();
    const runId = started.toISOString();
    const folder = vscode.workspace.workspaceFolders?.[0];
    const inWorkspace = folder !== undefined && folder.uri.scheme === 'file';
    const runDir = inWorkspace ? runDirIn(folder.uri.fsPath, started) : runDirIn(this.context.globalStorageUri.fsPath, started);
    const cacheDir = join(this.context.globalStorageUri.fsPath, 'datasets');
    mkdirSync(cacheDir, { recursive: true });
    if (!inWorkspace) {
      const why = folder ? 'The workspace folder is not on the local file system' : 'No folder is open';
      void vscode.window.showInformationMessage(`${why}, so this LeNet run is saved in the extension's storage: ${runDir}`);
    }

    const messages: TrainingMessage[] = [];
    this.current = messages;
    // Details (why a backend was skipped, kernel lists) on demand: with VS Code's log level at Debug or Trace.
    const log = new NotebookLog(vscode.env.logLevel <= vscode.LogLevel.Debug);
    this.output.appendLine('');
    this.output.appendLine(`LeNet training run ${runId}: ${describeConfig(config)}`);
    this.output.appendLine(`Run folder: ${runDir}`);
    this.output.show(true);

    let final: TrainingMessage | undefined;
    let client: TrainerClient;
    let report: (m: TrainingMessage) => void = () => undefined;
    const onMessage = (m: TrainingMessage): void => {
      messages.push(m);
      for (const line of log.format(m)) this.output.appendLine(line);
      if (m.type === 'done' || m.type === 'stopped' || m.type === 'error') final ??= m;
      report(m);
      this.emitter.fire(m);
    };
    this.willStartEmitter.fire();
    try {
      client = new TrainerClient(join(this.context.extensionPath, 'dist', 'trainer.js'), runId, onMessage);
    } catch (e) {
      const message = (e as Error).message;
      this.output.appendLine(message);
      void vscode.window.showErrorMessage(`LeNet: ${message}`);
      return { status: 'error', runId, runDir: null, config, messages };
    }
    this.client = client;
    const monitor = new EventLoopDelayMonitor();
    client.start({ type: 'start', runId, config, dataDir, outDir: runDir, cacheDir, limits });

    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'LeNet', cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => this.stop());
        progress.report({ message: `starting the training process (${config.requestedBackend} backend)…` });
        let total = 0;
        let reported = 0;
        report = (m) => {
          if (m.type === 'started') {
            total = m.dataset.trainSize * m.config.epochs;
            progress.report({ message: `training on ${m.backend}${m.dataset.isSubset ? ' (shipped subset)' : ''}…` });
          } else if (m.type === 'batch' || m.type === 'epoch') {
            const pct = total > 0 ? (100 * m.samplesSeen) / total : 0;
            const increment = Math.max(0, pct - reported);
            reported += increment;
            const text = m.type === 'batch'
              ? `epoch ${m.epoch} · loss ${m.loss.toFixed(3)}`
              : `epoch ${m.epoch}/${m.epochs} · validation ${(100 * m.valAccuracy).toFixed(1)}% · ${Math.round(m.samplesPerSecond)} samples/s · ETA ${formatDuration(m.etaSeconds)}`;
            progress.report({ increment, message: text });
          }
        };
        await client.exited;
      },
    );

    if (this.killTimer) clearTimeout(this.killTimer);
    this.killTimer = undefined;
    this.client = undefined;
    const delay = monitor.finish();
    // A developer metric (the bench reads result.eventLoopDelay): in the user's output only when asked for.
    if (process.env.LENET_LOG_HOST_DELAY === '1') this.output.appendLine(describeDelay(delay));
    const result: TrainingRunResult = {
      status: final?.type === 'done' ? 'done' : final?.type === 'stopped' ? 'stopped' : 'error',
      runId, runDir: final?.type === 'done' || final?.type === 'stopped' ? final.runDir : null, config, final, eventLoopDelay: delay, messages,
    };
    result.notification = this.notify(final);
    return result;
  }

  /** Shows the end-of-run notification (with "Open Run Folder" when a run was saved); returns its text. */
  private notify(final: TrainingMessage | undefined): string | undefined {
    if (final?.type === 'done' || final?.type === 'stopped') {
      const subset = this.current.some((m) => m.type === 'started' && m.dataset.isSubset) ? ' (on the shipped subset)' : '';
      const text = final.type === 'done'
        ? `LeNet trained: test accuracy ${(100 * final.testAccuracy).toFixed(2)}%${subset}. Saved in ${final.runDir}`
        : describeStop(this.current, final);
      const runDir = final.runDir;
      if (!runDir) {
        void vscode.window.showInformationMessage(text);
        return text;
      }
      void vscode.window.showInformationMessage(text, OPEN_RUN_FOLDER).then((choice) => {
        if (choice === OPEN_RUN_FOLDER) void revealRunFolder(runDir);
      });
      return text;
    }
    if (final?.type === 'error') {
      const text = `LeNet training failed${final.phase ? ` (${final.phase})` : ''}: ${final.message.split('\n')[0]} — see the "LeNet Training" output.`;
      void vscode.window.showErrorMessage(text);
      return text;
    }
    return undefined;
  }

  dispose(): void {
    if (this.client) {
      this.client.stop();
      const client = this.client;
      // The host is going away: give the trainer a moment to save, then make sure no process is left behind.
      setTimeout(() => client.kill(), 5000).unref();
    }
    if (this.killTimer) clearTimeout(this.killTimer);
    this.emitter.dispose();
    this.willStartEmitter.dispose();
    this.output.dispose();
  }
}
