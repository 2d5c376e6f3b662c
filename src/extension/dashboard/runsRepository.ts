// The saved training runs of the workspace (`.lenet/runs/<run>/metrics.json`) for the charts' overlay: read on
// request, and one file watcher for every dashboard that says when a run was written.
import * as vscode from 'vscode';
import { METRICS_FILE, RUNS_FOLDER, type RunSummary } from '../../protocol';
import { runSummaryFromMetrics } from './runs';

/** Where problems reading runs are reported (the extension's output channel). */
export interface RunsLog {
  appendLine(line: string): void;
}

export class RunsRepository implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private watcher: vscode.FileSystemWatcher | undefined;
  private disposed = false;

  constructor(private readonly log?: RunsLog) {}

  /**
   * A run's metrics were written (a run ended, here or in the CLI). The watcher starts with the first listener (the
   * first dashboard), not at activation, and is shared by every dashboard until the extension is disposed.
   */
  readonly onDidChange: vscode.Event<void> = (listener, thisArg, disposables) => {
    this.watch();
    return this.changed.event(listener, thisArg, disposables);
  };

  /** Every run of the workspace's folders, newest first; unreadable ones are logged and skipped. */
  async read(): Promise<RunSummary[]> {
    const runs: RunSummary[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) runs.push(...(await readRunsIn(vscode.Uri.joinPath(folder.uri, ...RUNS_FOLDER), this.log)));
    return runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  private watch(): void {
    if (this.watcher || this.disposed) return;
    this.watcher = vscode.workspace.createFileSystemWatcher(`**/${RUNS_FOLDER.join('/')}/*/${METRICS_FILE}`);
    this.watcher.onDidCreate(() => this.changed.fire());
    this.watcher.onDidChange(() => this.changed.fire());
  }

  dispose(): void {
    this.disposed = true;
    this.watcher?.dispose();
    this.changed.dispose();
  }
}

/**
 * The runs in one runs folder. A folder that does not exist is the normal case (no run yet): it is stat'ed first
 * and never listed, because VS Code's disk provider logs a stack trace for every readdir that fails.
 */
export async function readRunsIn(runsDir: vscode.Uri, log?: RunsLog): Promise<RunSummary[]> {
  const runs: RunSummary[] = [];
  let entries: [string, vscode.FileType][];
  try {
    if (((await vscode.workspace.fs.stat(runsDir)).type & vscode.FileType.Directory) === 0) return runs;
    entries = await vscode.workspace.fs.readDirectory(runsDir);
  } catch (e) {
    if (!(e instanceof vscode.FileSystemError && e.code === 'FileNotFound')) log?.appendLine(`[dashboard] cannot read the runs in ${runsDir.fsPath}: ${(e as Error).message}`);
    return runs;
  }
  for (const [name, type] of entries) {
    if (type !== vscode.FileType.Directory) continue;
    const dir = vscode.Uri.joinPath(runsDir, name);
    try {
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(dir, METRICS_FILE));
      const r = runSummaryFromMetrics(JSON.parse(new TextDecoder().decode(bytes)), dir.fsPath);
      if (r.ok) runs.push(r.run);
      else log?.appendLine(`[dashboard] skipped run: ${r.error}`);
    } catch (e) {
      log?.appendLine(`[dashboard] skipped run ${dir.fsPath}: ${(e as Error).message}`);
    }
  }
  return runs;
}
