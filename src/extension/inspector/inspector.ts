// The layer-shape inspector in the editor: hover, inlay hints, a CodeLens with the totals, and diagnostics, for
// any JSON document whose content is a TF.js layers model or Keras model. All numbers come from src/core, through
// one cached analysis per document version, computed in a worker thread so the host stays responsive while a
// large model analyses (seconds for a few megabytes).
import { join } from 'node:path';
import * as vscode from 'vscode';
import { CommandIds, INSPECT_MODEL_TITLE } from '../commandIds';
import { problemMessage } from './layerText';
import { AnalysisWorkerClient, type AnalysedVersion, type DashboardAnswer } from './analysisWorkerClient';
import type { ModelSummary, ModelSummaryResult } from './modelFaces';
import { MAX_LIVE_ANALYSIS_CHARS, ModelDocumentCache } from './modelDocuments';
import { analyzeDocumentVersion } from './documentAnalysis';
import { affectsInspectorSettings, readInspectorSettings } from './settings';
import { inspectorMemoryOptions } from './inspectorSettingsReader';
import type { MemoryOptions } from '../../core/memory';

const selector: vscode.DocumentSelector = [{ language: 'json' }, { language: 'jsonc' }];
const DIAGNOSTIC_DEBOUNCE_MS = 300;

export class ModelInspector implements vscode.Disposable {
  private readonly cache: ModelDocumentCache<AnalysedVersion>;
  /**
   * Bundled next to dist/extension.js; started on the first model document, not at activation. When it dies, the
   * analyses it held are gone: each document is analysed again on its next request.
   */
  private readonly worker = new AnalysisWorkerClient(join(__dirname, 'analysisWorker.js'), () => this.workerDied());
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('cnn-explorer');
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [this.diagnostics];
  private readonly hintsChanged = new vscode.EventEmitter<void>();
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  private readonly analysed = new vscode.EventEmitter<vscode.TextDocument>();
  /**
   * A document's current version was analysed and its diagnostics published: after it opened, after an edit once
   * the user paused typing (the one debounce of edits), after a settings change. The dashboard of that file shows
   * this analysis instead of waiting on the edits itself.
   */
  readonly onDidAnalyseDocument: vscode.Event<vscode.TextDocument> = this.analysed.event;
  private disposed = false;

  constructor() {
    const settings = readInspectorSettings();
    // Files that cannot be models (no model key anywhere) or are over the live limit are answered here without a
    // parse; the worker analyses the rest.
    this.cache = new ModelDocumentCache(inspectorMemoryOptions(settings),
      (text, version, options, key) => analyzeDocumentVersion(this.worker, key, text, version, options));
    this.disposables.push(
      this.analysed,
      this.hintsChanged,
      this.lensesChanged,
      vscode.languages.registerHoverProvider(selector, { provideHover: (doc, pos) => this.provideHover(doc, pos) }),
      vscode.languages.registerInlayHintsProvider(selector, { onDidChangeInlayHints: this.hintsChanged.event, provideInlayHints: (doc, range) => this.provideInlayHints(doc, range) }),
      vscode.languages.registerCodeLensProvider(selector, { onDidChangeCodeLenses: this.lensesChanged.event, provideCodeLenses: (doc) => this.provideCodeLenses(doc) }),
      vscode.languages.registerCodeActionsProvider(selector, { provideCodeActions: (doc, range, context) => this.provideCodeActions(doc, range, context) }, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
      vscode.workspace.onDidOpenTextDocument((doc) => this.scheduleDiagnostics(doc, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.scheduleDiagnostics(e.document, DIAGNOSTIC_DEBOUNCE_MS)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!affectsInspectorSettings(e)) return;
        this.cache.setOptions(inspectorMemoryOptions(readInspectorSettings()));
        this.hintsChanged.fire();
        this.lensesChanged.fire();
        for (const doc of vscode.workspace.textDocuments) this.scheduleDiagnostics(doc, 0);
      }),
    );
    for (const doc of vscode.workspace.textDocuments) this.scheduleDiagnostics(doc, 0);
  }

  /**
   * The analysis of a document at its current version (computed at most once per version, held by the worker).
   * Undefined for a document that is not JSON, or when the document changed before the analysis finished.
   */
  async analysedVersion(document: vscode.TextDocument): Promise<AnalysedVersion | undefined> {
    if (document.languageId !== 'json' && document.languageId !== 'jsonc') return undefined;
    const version = document.version;
    const analysed = await this.cache.get(document.uri.toString(), version, () => document.getText());
    // Never an older version's result for a newer text.
    return document.version === version ? analysed : undefined;
  }

  /** The dashboard's model for an open document, from the same analysis hover and diagnostics use. */
  async dashboardModel(document: vscode.TextDocument): Promise<DashboardAnswer | undefined> {
    const analysed = await this.analysedVersion(document);
    if (!analysed) return undefined;
    if (analysed.summary.status !== 'model') return analysed.summary;
    return this.worker.dashboard(document.uri.toString(), analysed.stamp);
  }

  /** A model the live limit skipped, or a file not open: analysed in the worker with no size limit. */
  analyzeForDashboard(text: string): Promise<DashboardAnswer> {
    return this.worker.analyzeForDashboard(text, this.cache.memoryOptions);
  }

  get memoryOptions(): MemoryOptions {
    return this.cache.memoryOptions;
  }

  /** The model at the document's current version; undefined when not a model, superseded, or the analysis failed. */
  private async modelFor(document: vscode.TextDocument): Promise<{ stamp: number; model: ModelSummary } | undefined> {
    try {
      const analysed = await this.analysedVersion(document);
      return analysed?.summary.status === 'model' ? { stamp: analysed.stamp, model: analysed.summary.model } : undefined;
    } catch {
      // The diagnostics say why (publishDiagnostics); hover, hints and lenses just show nothing.
      return undefined;
    }
  }

  private async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const found = await this.modelFor(document);
    if (!found) return undefined;
    const version = document.version;
    const answer = await this.worker.hover(document.uri.toString(), found.stamp, document.offsetAt(position), document.uri.toString()).catch(() => undefined);
    if (!answer || document.version !== version) return undefined;
    // Theme icons and HTML off, and only our own command enabled: the markdown carries names from the file (escaped
    // by hoverMarkdown), and the inspector runs in untrusted workspaces too.
    const markdown = new vscode.MarkdownString(answer.markdown, false);
    markdown.supportThemeIcons = false;
    markdown.supportHtml = false;
    // openDashboard only when the hover carries our Explore link (a model.json with weights).
    const explores = answer.markdown.includes(`command:${CommandIds.openDashboard}`);
    markdown.isTrusted = { enabledCommands: explores ? [CommandIds.inspectModel, CommandIds.openDashboard] : [CommandIds.inspectModel] };
    const range = new vscode.Range(document.positionAt(answer.range.offset), document.positionAt(answer.range.offset + answer.range.length));
    return new vscode.Hover(markdown, range);
  }

  private async provideInlayHints(document: vscode.TextDocument, range: vscode.Range): Promise<vscode.InlayHint[]> {
    if (!readInspectorSettings(document.uri).inlayHints) return [];
    const found = await this.modelFor(document);
    if (!found) return [];
    const version = document.version;
    const hints = await this.worker.inlays(document.uri.toString(), found.stamp, document.offsetAt(range.start), document.offsetAt(range.end)).catch(() => undefined);
    if (!hints || document.version !== version) return [];
    return hints.map(({ offset, label }) => {
      const hint = new vscode.InlayHint(document.positionAt(offset), label);
      hint.paddingLeft = true;
      return hint;
    });
  }

  private async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!readInspectorSettings(document.uri).codeLens) return [];
    const model = (await this.modelFor(document))?.model;
    const lens = model?.lens;
    if (!lens) return [];
    const position = document.positionAt(lens.offset);
    const range = new vscode.Range(position, position);
    const lenses = [new vscode.CodeLens(range, {
      title: lens.title,
      command: CommandIds.inspectModel,
      arguments: [document.uri.toString()],
      tooltip: 'Open the architecture, layer table and memory breakdown in the CNN Explorer dashboard',
    })];
    // A model.json with weights: its trained network's activations, filters and saliency (the dashboard's Explore tab).
    if (model.explorable) {
      lenses.push(new vscode.CodeLens(range, {
        title: 'Explore',
        command: CommandIds.openDashboard,
        arguments: [{ uri: document.uri.toString(), tab: 'explore' }],
        tooltip: 'Open the CNN Explorer dashboard on its Explore tab: every layer\'s activations, the filters and saliency for an image',
      }));
    }
    return lenses;
  }

  /** "Did you mean Conv2D?" for a misspelt layer class under the cursor or selection. */
  private async provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const model = await this.modelFor(document);
    if (!model) return [];
    const actions: vscode.CodeAction[] = [];
    for (const fix of model.model.classFixes) {
      const fixRange = new vscode.Range(document.positionAt(fix.range.offset), document.positionAt(fix.range.offset + fix.range.length));
      if (!fixRange.intersection(range)) continue;
      const action = new vscode.CodeAction(`Did you mean ${fix.suggestion}? Change the class of ${fix.layer} to ${fix.suggestion}`, vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(document.uri, fixRange, fix.replacement);
      action.diagnostics = context.diagnostics.filter((d) => d.source === 'CNN Explorer' && d.range.intersection(fixRange));
      action.isPreferred = true;
      actions.push(action);
    }
    return actions;
  }

  private scheduleDiagnostics(document: vscode.TextDocument, delayMs: number): void {
    const key = document.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.set(key, setTimeout(() => {
      this.pending.delete(key);
      void this.publishDiagnostics(document).then((published) => {
        if (published && !this.disposed) this.analysed.fire(document);
      });
    }, delayMs));
  }

  /** Resolves false when there was nothing to publish for this version (closed, disposed, superseded by an edit). */
  private async publishDiagnostics(document: vscode.TextDocument): Promise<boolean> {
    if (document.isClosed || this.disposed) return false;
    let result: ModelSummaryResult | undefined;
    try {
      result = (await this.analysedVersion(document))?.summary;
    } catch (e) {
      if (document.isClosed || this.disposed) return false;
      // The worker crashed or the analysis threw: say so on the file rather than leave stale or no diagnostics.
      console.error('CNN Explorer: model analysis failed', e);
      const d = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 1), `CNN Explorer could not analyse this file: ${(e as Error).message}.`, vscode.DiagnosticSeverity.Error);
      d.source = 'CNN Explorer';
      this.diagnostics.set(document.uri, [d]);
      return true;
    }
    // Superseded by an edit (whose own publish is scheduled) or closed meanwhile: nothing to show for this version.
    // The collection is disposed with the inspector: setting it then throws.
    if (document.isClosed || this.disposed || (result === undefined && (document.languageId === 'json' || document.languageId === 'jsonc'))) return false;
    if (!result || result.status === 'not-a-model') {
      this.diagnostics.delete(document.uri);
      return true;
    }
    if (result.status === 'too-large') {
      const d = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 1),
        `CNN Explorer: this model file has ${(result.chars / 1e6).toFixed(1)} million characters; shapes are analysed while typing only up to ${MAX_LIVE_ANALYSIS_CHARS / 1e6} million. Run "${INSPECT_MODEL_TITLE}" to analyse it.`,
        vscode.DiagnosticSeverity.Information);
      d.source = 'CNN Explorer';
      this.diagnostics.set(document.uri, [d]);
      return true;
    }
    const severity = { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, info: vscode.DiagnosticSeverity.Information } as const;
    this.diagnostics.set(document.uri, result.model.diagnostics.map(({ diagnostic, range }) => {
      const d = new vscode.Diagnostic(new vscode.Range(document.positionAt(range.offset), document.positionAt(range.offset + range.length)), problemMessage(diagnostic), severity[diagnostic.severity]);
      d.source = 'CNN Explorer';
      return d;
    }));
    return true;
  }

  /**
   * The worker died: hints and lenses ask again (each document is analysed again on the new worker). Only when the
   * crash was an analysis's: that version is remembered failed, so asking again cannot crash the next worker too.
   */
  private workerDied(): void {
    if (!this.cache.clear() || this.disposed) return;
    this.hintsChanged.fire();
    this.lensesChanged.fire();
  }

  private forget(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.delete(key);
    this.cache.delete(key);
    this.worker.forget(key);
    this.diagnostics.delete(document.uri);
  }

  dispose(): void {
    // The queue first: an analysis started after the worker's dispose would start a worker no one stops.
    this.disposed = true;
    this.cache.dispose();
    for (const timer of this.pending.values()) clearTimeout(timer);
    for (const d of this.disposables) d.dispose();
    this.worker.dispose();
  }
}
