// Saved runs in a workspace: a workspace without a runs folder (no training yet) is the normal case — no runs, and
// nothing logged. VS Code's own disk provider prints a stack trace to the host log for every failed readdir
// ("[node.js fs] readdir with filetypes failed with error: ENOENT"), and the extension host's console cannot be
// intercepted from a test; so the runs are read through a file-system provider (backed by the real disk) that
// records what was asked of it: a missing folder must never be listed.
import * as assert from 'node:assert';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { readRunsIn } from '../../../src/extension/dashboard';

const SCHEME = 'cnn-explorer-test-disk';

/** A read-only view of the disk under `scheme:` that records failed directory listings. */
class RecordingDisk implements vscode.FileSystemProvider {
  readonly failedListings: string[] = [];
  private readonly changes = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changes.event;
  watch(): vscode.Disposable { return new vscode.Disposable(() => undefined); }
  stat(uri: vscode.Uri): vscode.FileStat {
    const s = this.call(uri, () => statSync(uri.path));
    return { type: s.isDirectory() ? vscode.FileType.Directory : vscode.FileType.File, ctime: s.ctimeMs, mtime: s.mtimeMs, size: s.size };
  }
  readDirectory(uri: vscode.Uri): [string, vscode.FileType][] {
    try {
      return readdirSync(uri.path, { withFileTypes: true }).map((d) => [d.name, d.isDirectory() ? vscode.FileType.Directory : vscode.FileType.File]);
    } catch {
      this.failedListings.push(uri.path);
      throw vscode.FileSystemError.FileNotFound(uri);
    }
  }
  readFile(uri: vscode.Uri): Uint8Array { return this.call(uri, () => readFileSync(uri.path)); }
  createDirectory(uri: vscode.Uri): void { throw vscode.FileSystemError.NoPermissions(uri); }
  writeFile(uri: vscode.Uri): void { throw vscode.FileSystemError.NoPermissions(uri); }
  delete(uri: vscode.Uri): void { throw vscode.FileSystemError.NoPermissions(uri); }
  rename(uri: vscode.Uri): void { throw vscode.FileSystemError.NoPermissions(uri); }
  private call<T>(uri: vscode.Uri, f: () => T): T {
    try {
      return f();
    } catch {
      throw vscode.FileSystemError.FileNotFound(uri);
    }
  }
}

describe('saved runs folder', () => {
  let root: string;
  let disk: RecordingDisk;
  let registration: vscode.Disposable;
  const runsUri = () => vscode.Uri.from({ scheme: SCHEME, path: join(root, '.lenet', 'runs') });

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'cnn-explorer-runs-'));
    disk = new RecordingDisk();
    registration = vscode.workspace.registerFileSystemProvider(SCHEME, disk, { isReadonly: true });
  });
  after(() => {
    registration.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('a missing runs folder gives no runs, without listing the folder (VS Code would log ENOENT)', async () => {
    assert.deepStrictEqual(await readRunsIn(runsUri()), []);
    assert.deepStrictEqual(disk.failedListings, []);
  });

  it('a runs folder with one run reads it', async () => {
    disk.failedListings.length = 0;
    const dir = join(root, '.lenet', 'runs', '2026-01-01T00-00-00Z');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'metrics.json'), JSON.stringify({
      runId: 'r1', startedAt: '2026-01-01T00:00:00Z', backend: 'wasm', datasetName: 'mnist', isSubset: true,
      config: {
        preset: 'tuned', dataset: 'mnist', epochs: 1, batchSize: 50, learningRate: 0.001, optimizer: 'adam',
        activation: 'relu', dropout: 0, seed: 1, logEveryBatches: 1, requestedBackend: 'wasm',
      },
      losses: [], epochs: [], testAccuracy: null, samplesPerSecond: null,
    }));
    const runs = await readRunsIn(runsUri());
    assert.deepStrictEqual(runs.map((r) => r.runId), ['r1']);
    assert.deepStrictEqual(disk.failedListings, []);
  });
});
