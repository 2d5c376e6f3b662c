// One PyTorch analysis per model document version (a .py file, or a notebook's code cells joined), shared by hover,
// inlay hints, CodeLens, diagnostics, the dashboard and the PyTorch engine's command. The static engine runs in a
// worker thread (pytorchAnalysisWorker.ts): it takes tens of milliseconds of CPU on a ResNet-size file (measured for
// issue #12), which the extension host must not spend on every edit. The PyTorch engine's exact trace, when the user
// asked for it, replaces the static result for the version it was computed for.
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Analysis } from '../../../core';
import {
  analyzePyTorchSource, readInputShapeComment, traceToAnalysis,
  type ModelCandidate, type PyTorchAnalysisOptions, type PyTorchSourceAnalysis, type Span, type TorchTrace,
} from '../../../core/formats/pytorch';
import type { MemoryOptions } from '../../../core/memory';
import { affectsInspectorSettings, readInspectorSettings } from '../../inspector/settings';
import { inspectorMemoryOptions } from '../../inspector/inspectorSettingsReader';
import { PyTorchModelView } from './pytorchModelView';
import { modelDocumentOf, sourceTextOf, type SourceText } from './pytorchSources';
import { engineLabel } from './torchLayerText';
import { spanInCell } from './cellSpans';
import { PyTorchWorkerClient } from './pytorchWorkerClient';

const INPUT_SHAPES_KEY = 'cnnExplorer.pytorch.inputShapes';
const EDIT_DEBOUNCE_MS = 300;

type ModelDocument = vscode.TextDocument | vscode.NotebookDocument;

/** What the PyTorch engine runs (helper E's command) and how its spans map back: see /tmp/brief/D-E.md. */
export interface PyTorchSourceInfo extends SourceText {
  /** For the engine's compile() file name and messages. */
  readonly fileName: string;
  /** Opaque: hand it back to setExactTrace unchanged. */
  readonly version: number;
  /** The model the user picked; undefined: the default rule of issue #12. */
  readonly entry: string | undefined;
  /** Per sample: the `# input:` comment's, else the one the user set (Set Input Shape), else null. */
  readonly inputShape: readonly number[] | null;
  readonly inputDtype: string;
}

/** A model's analysis at one version, static or exact. */
export interface PyTorchModelAnalysis extends PyTorchSourceAnalysis {
  readonly view: PyTorchModelView;
  readonly engineLabel: string;
  readonly version: number;
  readonly uri: vscode.Uri;
}

interface Entry {
  version: number;
  source: SourceText;
  /** Static analyses by entry name ('' = the default). */
  byEntry: Map<string, PyTorchModelAnalysis | Error>;
  /** Static analyses under way in the worker, by entry name. */
  running: Map<string, Promise<PyTorchModelAnalysis | Error>>;
  /** The PyTorch engine's trace for this version, and its analysis with the current memory settings. */
  exact?: { trace: TorchTrace; analysis?: PyTorchModelAnalysis };
}

export class PyTorchAnalyses implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  /** Notebooks have no version that covers their cells' text: one counter per notebook (see versionOf). */
  private readonly notebookVersions = new Map<string, { signature: string; version: number }>();
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  /** The version each model document's last edit-driven change event was for. */
  private readonly announced = new Map<string, number>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  /** Bundled next to dist/extension.js; started on the first analysis. */
  private readonly worker = new PyTorchWorkerClient(join(__dirname, 'pytorchAnalysisWorker.js'));
  private memory: MemoryOptions;
  private disposed = false;
  /**
   * A model document's current version has been analysed (after it opened, after an edit once the user paused, after
   * a settings change, a new input shape, or an exact trace): faces and the dashboard show it.
   */
  readonly onDidChange: vscode.Event<vscode.Uri> = this.changed.event;

  constructor(private readonly workspaceState: vscode.Memento) {
    this.memory = this.readMemorySettings();
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidOpenNotebookDocument((nb) => this.schedule(nb, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.schedule(e.document, EDIT_DEBOUNCE_MS);
      }),
      // Cells added, removed, or changed language (their text edits arrive as text document changes).
      vscode.workspace.onDidChangeNotebookDocument((e) => this.schedule(e.notebook, EDIT_DEBOUNCE_MS)),
      vscode.workspace.onDidCloseTextDocument((d) => { if (d.uri.scheme !== 'vscode-notebook-cell') this.forget(d.uri); }),
      vscode.workspace.onDidCloseNotebookDocument((nb) => this.forget(nb.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!affectsInspectorSettings(e)) return;
        this.memory = this.readMemorySettings();
        for (const [key, entry] of [...this.entries]) {
          this.resetEntry(key, true);
          this.changed.fire(entry.source.uri);
        }
      }),
    );
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
    for (const nb of vscode.workspace.notebookDocuments) this.schedule(nb, 0);
  }

  get memoryOptions(): MemoryOptions {
    return this.memory;
  }

  /** The model document's source, version, entry and input shape; undefined when it is no .py file or notebook. */
  sourceOf(target: ModelDocument | vscode.Uri, entry?: string): PyTorchSourceInfo | undefined {
    const model = modelDocumentOf(target);
    if (!model) return undefined;
    const current = this.entryFor(model);
    const comment = safeInputComment(current.source.text);
    return {
      ...current.source,
      fileName: model.uri.scheme === 'file' ? model.uri.fsPath : model.uri.toString(true),
      version: current.version,
      entry,
      inputShape: comment?.shape ?? this.storedInputShape(model.uri),
      inputDtype: comment && /\bint64\b/.test(current.source.text.slice(comment.span.from, comment.span.to)) ? 'int64' : 'float32',
    };
  }

  /**
   * The analysis every face reads at the document's current version: the PyTorch engine's when it was set for this
   * version (and this entry), else the static engine's. undefined when the document is no PyTorch source or the
   * analysis failed (logged). Synchronous: when the worker has not answered for this version yet, the analysis runs
   * in this thread (after onDidChange it is always ready: the faces and the dashboard read it then).
   */
  analysisOf(target: ModelDocument | vscode.Uri, entry?: string): PyTorchModelAnalysis | undefined {
    const model = modelDocumentOf(target);
    if (!model) return undefined;
    const current = this.entryFor(model);
    const exact = this.exactOf(current, model.uri);
    if (exact && (entry === undefined || entry === exact.trace.entry?.name)) return exact;
    return this.staticAnalysisOf(current, model.uri, entry);
  }

  /** The static engine's analysis of this version (computed here once, cached per entry). */
  private staticAnalysisOf(current: Entry, uri: vscode.Uri, entry?: string): PyTorchModelAnalysis | undefined {
    const key = entry ?? '';
    let analysed = current.byEntry.get(key);
    if (!analysed) {
      const request = this.request(current, uri, entry);
      analysed = request instanceof Error ? request : this.settle(current, uri, () => analyzePyTorchSource(request.text, request.options));
      current.byEntry.set(key, analysed);
    }
    return analysed instanceof Error ? undefined : analysed;
  }

  /** As analysisOf, computed in the worker thread: what the editor's providers await. */
  async analysisReady(target: ModelDocument | vscode.Uri, entry?: string): Promise<PyTorchModelAnalysis | undefined> {
    const model = modelDocumentOf(target);
    if (!model) return undefined;
    const current = this.entryFor(model);
    const exact = this.exactOf(current, model.uri);
    if (exact && (entry === undefined || entry === exact.trace.entry?.name)) return exact;
    const key = entry ?? '';
    const done = current.byEntry.get(key);
    if (done) return done instanceof Error ? undefined : done;
    let running = current.running.get(key);
    if (!running) {
      const request = this.request(current, model.uri, entry);
      running = request instanceof Error ? Promise.resolve(request) : this.worker.analyze(request.text, request.options).then(
        (result) => this.settle(current, model.uri, () => result),
        (e: unknown) => this.settle(current, model.uri, () => { throw e; }),
      );
      current.running.set(key, running);
      void running.then((analysed) => {
        current.running.delete(key);
        // analysisOf may have answered in this thread meanwhile: keep the first answer.
        if (!current.byEntry.has(key)) current.byEntry.set(key, analysed);
      });
    }
    const analysed = await running;
    return analysed instanceof Error ? undefined : analysed;
  }

  /** Whether `analysed` is of the document's current text (a provider's await may have outlived an edit). */
  isCurrent(target: ModelDocument | vscode.Uri, analysed: PyTorchModelAnalysis): boolean {
    const model = modelDocumentOf(target);
    return model !== undefined && this.entries.get(model.uri.toString())?.version === analysed.version && this.versionOf(model) === analysed.version;
  }

  /** The candidates of the model document (every class and module-level instance), the default one marked. */
  candidatesOf(target: ModelDocument | vscode.Uri): readonly ModelCandidate[] {
    return this.analysisOf(target)?.candidates ?? [];
  }

  /**
   * The PyTorch engine's trace for `version` (from sourceOf): shown by every face until the document changes.
   * Ignored when the document changed meanwhile.
   */
  setExactTrace(target: ModelDocument | vscode.Uri, version: number, trace: TorchTrace): void {
    const model = modelDocumentOf(target);
    if (!model) return;
    const entry = this.entryFor(model);
    if (entry.version !== version) return;
    entry.exact = { trace };
    this.changed.fire(model.uri);
  }

  /** The input shape the user set for a file (used when the file has no `# input:` comment). */
  async setInputShape(target: ModelDocument | vscode.Uri, shape: readonly number[] | null): Promise<void> {
    const model = modelDocumentOf(target);
    const uri = model?.uri ?? (target instanceof vscode.Uri ? target : target.uri);
    const stored = { ...this.workspaceState.get<Record<string, number[]>>(INPUT_SHAPES_KEY, {}) };
    if (shape) stored[uri.toString()] = [...shape];
    else delete stored[uri.toString()];
    await this.workspaceState.update(INPUT_SHAPES_KEY, stored);
    this.resetEntry(uri.toString(), false);
    this.changed.fire(uri);
  }

  /** Whether the file's `# input:` comment gives the input shape (then a stored one is not used). */
  hasInputComment(target: ModelDocument | vscode.Uri): boolean {
    const source = this.sourceOf(target);
    return source !== undefined && safeInputComment(source.text) !== null;
  }

  /** A span of the analysed text → where it is in the editor (the .py file, or the notebook cell). */
  locationOf(target: ModelDocument | vscode.Uri, span: Span): vscode.Location | undefined {
    const model = modelDocumentOf(target);
    if (!model) return undefined;
    const { source } = this.entryFor(model);
    if (source.cells.length === 0) {
      const document = model as vscode.TextDocument;
      return new vscode.Location(document.uri, new vscode.Range(document.positionAt(span.from), document.positionAt(span.to)));
    }
    const inCell = spanInCell(source.cells, span);
    if (!inCell) return undefined;
    const document = source.cells[inCell.cell].document;
    return new vscode.Location(document.uri, new vscode.Range(document.positionAt(inCell.span.from), document.positionAt(inCell.span.to)));
  }

  /** The cell placements of a notebook (empty for a .py file): for mapping a cell document's offsets. */
  sourceTextOf(target: ModelDocument | vscode.Uri): SourceText | undefined {
    const model = modelDocumentOf(target);
    return model ? this.entryFor(model).source : undefined;
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.pending.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
    this.worker.dispose();
    this.entries.clear();
  }

  private readMemorySettings(): MemoryOptions {
    return inspectorMemoryOptions(readInspectorSettings());
  }

  private storedInputShape(uri: vscode.Uri): number[] | null {
    const stored = this.workspaceState.get<Record<string, unknown>>(INPUT_SHAPES_KEY, {})[uri.toString()];
    return Array.isArray(stored) && stored.length > 0 && stored.every((d) => Number.isInteger(d) && (d as number) > 0) ? stored as number[] : null;
  }

  /**
   * A .py document's version; for a notebook, a counter that moves whenever a cell's text version, language or kind,
   * or the list of cells, differs from the last time it was asked (a notebook's own version does not follow its
   * cells' text).
   */
  private versionOf(model: ModelDocument): number {
    if (!('getCells' in model)) return model.version;
    const key = model.uri.toString();
    const signature = model.getCells().map((c) => `${c.kind}:${c.document.languageId}:${c.document.uri.toString()}:${c.document.version}`).join('|');
    const known = this.notebookVersions.get(key);
    if (known?.signature === signature) return known.version;
    const version = (known?.version ?? 0) + 1;
    this.notebookVersions.set(key, { signature, version });
    return version;
  }

  /**
   * New analyses for the same text (new settings or input shape): a new entry object, so an analysis still running
   * for the old one lands there, not here. The exact trace is kept when only the memory settings changed.
   */
  private resetEntry(key: string, keepExact: boolean): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.set(key, {
      version: old.version, source: old.source, byEntry: new Map(), running: new Map(),
      ...(keepExact && old.exact ? { exact: { trace: old.exact.trace } } : {}),
    });
  }

  /** The entry for the model's current version (a new one when the text changed). */
  private entryFor(model: ModelDocument): Entry {
    const key = model.uri.toString();
    const version = this.versionOf(model);
    let entry = this.entries.get(key);
    if (!entry || entry.version !== version) {
      entry = { version, source: sourceTextOf(model), byEntry: new Map(), running: new Map() };
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** What the static engine is asked for this entry, or why nothing is analysed. */
  private request(entry: Entry, uri: vscode.Uri, name: string | undefined): { text: string; options: PyTorchAnalysisOptions } | Error {
    const { text } = entry.source;
    // A Python file that never mentions torch has no PyTorch model: no parse, no faces.
    if (!/\btorch\b/.test(text)) return new NotAPyTorchSource();
    const stored = this.storedInputShape(uri);
    return {
      text,
      options: {
        ...this.memory,
        ...(name !== undefined ? { entry: name } : {}),
        // The file's own `# input:` comment wins over what the user set from the CodeLens.
        ...(stored && !safeInputComment(text) ? { inputShape: stored } : {}),
      },
    };
  }

  private settle(entry: Entry, uri: vscode.Uri, compute: () => PyTorchSourceAnalysis): PyTorchModelAnalysis | Error {
    try {
      return this.wrap(compute(), entry, uri);
    } catch (e) {
      // analyzePyTorchSource never throws by contract: this is a bug (or the worker died), logged once per version.
      console.error(`CNN Explorer: the PyTorch analysis of ${uri.toString(true)} failed`, e);
      return e instanceof Error ? e : new Error(String(e));
    }
  }

  private exactOf(entry: Entry, uri: vscode.Uri): PyTorchModelAnalysis | undefined {
    const exact = entry.exact;
    if (!exact) return undefined;
    if (!exact.analysis) {
      // The candidates are the static engine's (the PyTorch engine builds one model); never analysisOf here, which
      // would come back to this exact trace before it has an analysis (an endless recursion, seen in code-server).
      const candidates = this.staticAnalysisOf(entry, uri)?.candidates ?? [];
      const analysis: Analysis = traceToAnalysis(exact.trace, this.memory);
      exact.analysis = this.wrap({ analysis, trace: exact.trace, candidates }, entry, uri);
    }
    return exact.analysis;
  }

  private wrap(result: PyTorchSourceAnalysis, entry: Entry, uri: vscode.Uri): PyTorchModelAnalysis {
    return { ...result, view: new PyTorchModelView(result, entry.source.text), engineLabel: engineLabel(result.trace), version: entry.version, uri };
  }

  /** Analyse after the user paused typing, then tell the faces (diagnostics, lenses, dashboard). */
  private schedule(target: ModelDocument, delayMs: number): void {
    const model = modelDocumentOf(target);
    if (!model || this.disposed) return;
    const key = model.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.set(key, setTimeout(() => {
      this.pending.delete(key);
      if (this.disposed || ('isClosed' in model && model.isClosed)) return;
      const version = this.versionOf(model);
      void this.analysisReady(model).then(() => {
        // Superseded by an edit (whose own schedule tells), closed, or already told (a notebook's outputs and
        // metadata change on every run of a cell, its code did not).
        if (this.disposed || this.versionOf(model) !== version || this.announced.get(key) === version) return;
        if ('isClosed' in model && model.isClosed) return;
        this.announced.set(key, version);
        this.changed.fire(model.uri);
      });
    }, delayMs));
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.delete(key);
    this.entries.delete(key);
    this.notebookVersions.delete(key);
    this.announced.delete(key);
  }
}

class NotAPyTorchSource extends Error {}

function safeInputComment(text: string): ReturnType<typeof readInputShapeComment> {
  try {
    return readInputShapeComment(text);
  } catch {
    return null;
  }
}
