// "LeNet: Train" and "LeNet: Stop Training": one run at a time, in a forked training process. Shows a cancellable
// progress notification, prints the notebook's log in the "LeNet Training" output channel, saves the run in
// `.lenet/runs/<timestamp>/` of the first workspace folder (else in the extension's global storage, and says so),
// measures the host's event-loop delay during the run, and re-broadcasts every message (`onMessage`) for the dashboard.
import { definedOnly } from '../../core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { StartTraining } from '../../protocol/trainer';
import type { TrainingConfig, TrainingMessage } from '../../protocol/training';
import { NotebookLog } from '../../training/trainer/notebookLog';
import { runDirIn } from '../../training/trainer/paths';
import { describeConfig, resolveTrainingConfig, type PresetName, type TrainingOverrides } from '../../training/trainer/presets';
import type { ExampleLimits } from '../../training/trainer/runTraining';
import { describeDelay, EventLoopDelayMonitor, type EventLoopDelayReport } from './eventLoopDelay';
import { pickHyperParameters } from './hyperParameterPick';
import { describeStop } from './runOutcome';
import { readWorkspaceTrainingSettings } from './workspaceTrainingSettings';
import { TrainerClient } from './trainerClient';
import { TrainingProgress } from './trainingProgress';

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

/** Where a run is saved and its datasets cached. */
interface RunPlace {
  runId: string;
  runDir: string;
  cacheDir: string;
}

/** A run's messages as they arrive, the last one that ends it, and the log that prints them. */
interface RunRecord {
  messages: TrainingMessage[];
  final: TrainingMessage | undefined;
  log: NotebookLog;
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
    const place = this.placeRun();
    const record = this.beginRecord(place, config);
    this.willStartEmitter.fire();
    const client = this.startTrainer(place, record);
    if (!client) return { status: 'error', runId: place.runId, runDir: null, config, messages: record.messages };
    const delay = await this.followRun(client, { type: 'start', runId: place.runId, config, dataDir, outDir: place.runDir, cacheDir: place.cacheDir, limits }, record);
    return this.finishRun(place.runId, config, record, delay);
  }

  /** Where the run is saved: the first workspace folder's `.lenet/runs/`, else the extension's storage (and says so). */
  private placeRun(): RunPlace {
    const started = new Date();
    const folder = vscode.workspace.workspaceFolders?.[0];
    const inWorkspace = folder !== undefined && folder.uri.scheme === 'file';
    const runDir = inWorkspace ? runDirIn(folder.uri.fsPath, started) : runDirIn(this.context.globalStorageUri.fsPath, started);
    const cacheDir = join(this.context.globalStorageUri.fsPath, 'datasets');
    mkdirSync(cacheDir, { recursive: true });
    if (!inWorkspace) {
      const why = folder ? 'The workspace folder is not on the local file system' : 'No folder is open';
      void vscode.window.showInformationMessage(`${why}, so this LeNet run is saved in the extension's storage: ${runDir}`);
    }
    return { runId: started.toISOString(), runDir, cacheDir };
  }

  /** The run's record (it becomes `messages`) and its header in the output channel. */
  private beginRecord(place: RunPlace, config: TrainingConfig): RunRecord {
    // Details (why a backend was skipped, kernel lists) on demand: with VS Code's log level at Debug or Trace.
    const record: RunRecord = { messages: [], log: new NotebookLog(vscode.env.logLevel <= vscode.LogLevel.Debug), final: undefined };
    this.current = record.messages;
    this.output.appendLine('');
    this.output.appendLine(`LeNet training run ${place.runId}: ${describeConfig(config)}`);
    this.output.appendLine(`Run folder: ${place.runDir}`);
    this.output.show(true);
    return record;
  }

  /** Forks the training process; every message it sends is recorded, printed and re-broadcast. Undefined if it cannot start. */
  private startTrainer(place: RunPlace, record: RunRecord): TrainerClient | undefined {
    const receive = (m: TrainingMessage): void => {
      record.messages.push(m);
      for (const line of record.log.format(m)) this.output.appendLine(line);
      if (m.type === 'done' || m.type === 'stopped' || m.type === 'error') record.final ??= m;
      this.emitter.fire(m);
    };
    try {
      return new TrainerClient(join(this.context.extensionPath, 'dist', 'trainer.js'), place.runId, receive);
    } catch (e) {
      const message = (e as Error).message;
      this.output.appendLine(message);
      void vscode.window.showErrorMessage(`LeNet: ${message}`);
      return undefined;
    }
  }

  /** Starts the run and follows it to its end in a cancellable notification; returns the host's event-loop delay meanwhile. */
  private async followRun(client: TrainerClient, start: StartTraining, record: RunRecord): Promise<EventLoopDelayReport> {
    this.client = client;
    const monitor = new EventLoopDelayMonitor();
    client.start(start);
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'LeNet', cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => this.stop());
        progress.report({ message: `starting the training process (${start.config.requestedBackend} backend)…` });
        const shown = new TrainingProgress(progress);
        // The messages that came before the notification, then each as it comes.
        for (const m of record.messages) shown.report(m);
        const following = this.onMessage((m) => shown.report(m));
        try {
          await client.exited;
        } finally {
          following.dispose();
        }
      },
    );
    if (this.killTimer) clearTimeout(this.killTimer);
    this.killTimer = undefined;
    this.client = undefined;
    return monitor.finish();
  }

  /** The run's result, and the notification that ends it. */
  private finishRun(runId: string, config: TrainingConfig, record: RunRecord, delay: EventLoopDelayReport): TrainingRunResult {
    // A developer metric (the bench reads result.eventLoopDelay): in the user's output only when asked for.
    if (process.env.LENET_LOG_HOST_DELAY === '1') this.output.appendLine(describeDelay(delay));
    const { final, messages } = record;
    return {
      status: final?.type === 'done' ? 'done' : final?.type === 'stopped' ? 'stopped' : 'error',
      runId, runDir: final?.type === 'done' || final?.type === 'stopped' ? final.runDir : null, config, final, eventLoopDelay: delay, messages,
      notification: this.notify(final),
    };
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
