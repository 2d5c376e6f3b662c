// One dashboard's Explore tab on the host side: which model it gets for its page's request (a file's own model.json;
// for the built-in LeNet the live run, a run the user chose, else the newest saved run), and the live run's weights
// after each epoch while the tab follows it. Only the newest request's answer is posted. Pure of vscode at run time
// (the panel hands in what it needs; unit-tested).
import type { ExploreHostMessage, RunSummary, TrainingMessage } from '../../protocol';
import type { DashboardTarget } from '../dashboard/dashboardTarget';
import type { TrainingBuffer } from '../dashboard/trainingBuffer';
import type { ExploreAnswer, ExploreModels } from './exploreModels';
import { chooseRun } from './runChoice';

export interface PanelExploreDeps {
  models: ExploreModels;
  training: TrainingBuffer;
  /** The workspace's saved runs, newest first (RunsRepository.read). */
  runs(): Promise<RunSummary[]>;
  post(message: ExploreHostMessage): Promise<boolean>;
  /** The workspace folders' URIs (runs are read only from local ones). */
  workspaceFolders(): readonly { scheme: string; toString(skipEncoding?: boolean): string }[];
}

const unavailable = (reason: string, hint: string | null): ExploreAnswer => ({ type: 'exploreUnavailable', reason, hint });

export class PanelExplore {
  /**
   * A page asked for a model: only then are live epochs posted (each carries the test set). Not reset when a page
   * loads: a page restored on the Explore tab asks before it says `ready`.
   */
  private requested = false;
  /** The tab shows the live run (or would: no run yet, the newest saved run until one starts). */
  private followsLive = false;
  private generation = 0;
  /** The run the page asked for last (null: the panel's own model). */
  private runDir: string | null = null;
  /** What the page was last handed: a model's id, or why there is none. */
  private shown: string | undefined;
  /**
   * The live run's test set the page holds (run id, with or without predictions): a later epoch leaves it out (the
   * page keeps it for the same run: webview-ui/state.ts reduceExploreModel) instead of posting ~8 MB per epoch.
   */
  private liveDataset: string | undefined;

  constructor(private readonly target: DashboardTarget, private readonly deps: PanelExploreDeps) {}

  /** The page's `requestExploreModel`. */
  async requestModel(runDir: string | null): Promise<void> {
    this.requested = true;
    this.runDir = runDir;
    await this.send(true);
  }

  /**
   * The model may have changed (the file was analysed after an edit or a save, a run was saved): a page that asked
   * gets the answer again if it differs from what it shows (another model id, another reason).
   */
  async refresh(): Promise<void> {
    if (this.requested) await this.send(false);
  }

  private async send(always: boolean): Promise<void> {
    const generation = ++this.generation;
    const answer = await this.answer(this.runDir).catch((e: unknown) => unavailable(`Explore could not read the model: ${(e as Error).message}`, null));
    if (generation !== this.generation || (!always && keyOf(answer) === this.shown)) return;
    this.shown = keyOf(answer);
    this.liveDataset = liveDatasetKey(answer);
    await this.deps.post(answer);
  }

  /** Every training message of the current run: a new epoch's weights (and the run's predictions when done). */
  onTraining(m: TrainingMessage): void {
    if (!this.requested || !this.followsLive) return;
    if (m.type !== 'weights' && !(m.type === 'done' && m.predictions !== undefined)) return;
    void this.sendLive();
  }

  private async sendLive(): Promise<void> {
    const generation = ++this.generation;
    const live = await this.liveAnswer().catch(() => undefined);
    // A newer epoch, request or page came meanwhile: its answer is the one to show.
    if (!live || generation !== this.generation) return;
    this.shown = keyOf(live);
    const datasetKey = liveDatasetKey(live);
    const held = datasetKey !== undefined && datasetKey === this.liveDataset;
    this.liveDataset = datasetKey;
    await this.deps.post(held && live.type === 'exploreModel' ? { ...live, dataset: null } : live);
  }

  private async answer(runDir: string | null): Promise<ExploreAnswer> {
    this.followsLive = false;
    const target = this.target;
    if (target.kind === 'pytorch') {
      return unavailable('Explore runs TF.js layers models with their weights; a PyTorch model\'s weights are not read.', 'Save the model as TF.js (tensorflowjs) and open its model.json, or train the built-in LeNet with "LeNet: Train".');
    }
    if (target.kind === 'file') {
      if (target.uri.scheme !== 'file') return needsLocalFolder(target.uri.toString(true));
      return this.deps.models.fromModelFile(target.uri.fsPath, target.uri.toString());
    }
    if (runDir === null) {
      this.followsLive = true;
      const live = await this.liveAnswer();
      if (live) return live;
    }
    const folders = this.deps.workspaceFolders();
    if (folders.length > 0 && folders.every((f) => f.scheme !== 'file')) return needsLocalFolder(folders[0].toString(true));
    const choice = chooseRun(runDir, await this.deps.runs());
    if (choice.kind === 'refused') return unavailable(choice.reason, null);
    if (choice.kind === 'none') return unavailable('No trained LeNet yet: Explore shows a trained network.', 'Run "LeNet: Train": the tab follows the run epoch by epoch, then shows the saved run.');
    return this.deps.models.fromRun(choice.run.runDir);
  }

  /** The current (or last) run's newest weights, as an Explore model; undefined before its first epoch ended. */
  private async liveAnswer(): Promise<ExploreAnswer | undefined> {
    const weights = this.deps.training.latestWeights();
    if (!weights) return undefined;
    const messages = this.deps.training.snapshot();
    const started = messages.find((m) => m.type === 'started' && m.runId === weights.runId);
    const done = messages.find((m) => m.type === 'done' && m.runId === weights.runId);
    return this.deps.models.fromLive(weights, started?.type === 'started' ? started : undefined, done?.type === 'done' ? done : undefined);
  }
}

/** Which live run's test set an answer carries (and whether with the run's predictions); undefined: none. */
function liveDatasetKey(answer: ExploreAnswer): string | undefined {
  if (answer.type !== 'exploreModel' || answer.origin.kind !== 'live' || !answer.dataset) return undefined;
  return `${answer.origin.runId} ${answer.dataset.predictions ? 'with predictions' : ''}`;
}

function keyOf(answer: ExploreAnswer): string {
  return answer.type === 'exploreModel' ? `model ${answer.modelId} ${answer.dataset?.predictions ? 'predictions' : ''}` : `unavailable ${answer.reason}`;
}

function needsLocalFolder(where: string): ExploreAnswer {
  return unavailable(`Explore needs a local folder: ${where} is not on this machine's file system.`, 'Open the model from a local folder (File › Open Folder…).');
}
