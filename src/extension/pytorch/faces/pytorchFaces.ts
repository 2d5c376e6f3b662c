// The editor faces of a PyTorch model in .py files and notebook cells: hover, inlay hints, CodeLens, diagnostics and
// their quick fixes. All of them read PyTorchAnalyses' one analysis per version (static, or the PyTorch engine's
// when the user ran it); a notebook cell is a window on the notebook's joined code cells.
import * as vscode from 'vscode';
import type { Span } from '../../../core/formats/pytorch';
import { CommandIds } from '../../commandIds';
import { readInspectorSettings } from '../../inspector/settings';
import { commandLink } from '../../inspector/markdownEscape';
import type { PyTorchAnalyses, PyTorchModelAnalysis } from './pytorchAnalyses';
import { NOTEBOOK_CELL_SCHEME } from './pytorchSources';
import { lensTitle } from './torchLayerText';
import { PyTorchCommandIds, type ModelCommandArgs } from './pytorchCommandIds';

const selector: vscode.DocumentSelector = [{ language: 'python' }];
const SEVERITY = { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, info: vscode.DiagnosticSeverity.Information } as const;
export const PYTORCH_DIAGNOSTIC_SOURCE = 'CNN Explorer';

/** A document (a .py, or one notebook cell) seen as a window [start, end] on its model's analysed text. */
interface Window {
  analysed: PyTorchModelAnalysis;
  modelUri: vscode.Uri;
  start: number;
  end: number;
}

export class PyTorchFaces implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('cnnExplorer.pytorch');
  private readonly hintsChanged = new vscode.EventEmitter<void>();
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  /** The documents each model's diagnostics were published on (a notebook's cells), to clear them next time. */
  private readonly published = new Map<string, vscode.Uri[]>();
  /** Totals lenses of non-default candidates, analysed when VS Code resolves them (visible ones only). */
  private readonly pendingTotals = new WeakMap<vscode.CodeLens, { modelUri: vscode.Uri; entry: string }>();
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly analyses: PyTorchAnalyses) {
    this.disposables = [
      this.diagnostics, this.hintsChanged, this.lensesChanged,
      vscode.languages.registerHoverProvider(selector, { provideHover: (doc, pos) => this.provideHover(doc, pos) }),
      vscode.languages.registerInlayHintsProvider(selector, { onDidChangeInlayHints: this.hintsChanged.event, provideInlayHints: (doc, range) => this.provideInlayHints(doc, range) }),
      vscode.languages.registerCodeLensProvider(selector, { onDidChangeCodeLenses: this.lensesChanged.event, provideCodeLenses: (doc) => this.provideCodeLenses(doc), resolveCodeLens: (lens) => this.resolveCodeLens(lens) }),
      vscode.languages.registerCodeActionsProvider(selector, { provideCodeActions: (doc, range, context) => this.provideCodeActions(doc, range, context) }, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
      analyses.onDidChange((uri) => {
        void this.publishDiagnostics(uri);
        this.hintsChanged.fire();
        this.lensesChanged.fire();
      }),
      vscode.workspace.onDidCloseTextDocument((d) => { if (d.uri.scheme !== NOTEBOOK_CELL_SCHEME) this.clear(d.uri); }),
      vscode.workspace.onDidCloseNotebookDocument((nb) => this.clear(nb.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('cnnExplorer.inspector') || e.affectsConfiguration('lenet.inspector')) {
          this.hintsChanged.fire();
          this.lensesChanged.fire();
        }
      }),
    ];
  }

  /** The document's window on its model's analysis at the current text; undefined if an edit came meanwhile. */
  private async windowOf(document: vscode.TextDocument): Promise<Window | undefined> {
    const analysed = await this.analyses.analysisReady(document);
    if (!analysed || !this.analyses.isCurrent(document, analysed)) return undefined;
    const source = this.analyses.sourceTextOf(document);
    if (!source) return undefined;
    if (source.cells.length === 0) return { analysed, modelUri: source.uri, start: 0, end: source.text.length };
    const key = document.uri.toString();
    const cell = source.cells.find((c) => c.document.uri.toString() === key);
    return cell && { analysed, modelUri: source.uri, start: cell.start, end: cell.start + cell.length };
  }

  private range(document: vscode.TextDocument, window: Window, span: Span): vscode.Range | undefined {
    if (span.from < window.start || span.from > window.end) return undefined;
    const to = Math.min(span.to, window.end);
    return new vscode.Range(document.positionAt(span.from - window.start), document.positionAt(to - window.start));
  }

  private async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const window = await this.windowOf(document);
    if (!window) return undefined;
    const settings = readInspectorSettings(document.uri);
    const uri = window.modelUri.toString();
    const entry = window.analysed.trace.entry?.name;
    const answer = window.analysed.view.hoverAt(window.start + document.offsetAt(position), {
      batchSize: settings.batchSize,
      dtype: settings.dtype,
      dashboardLink: (layer) => commandLink(CommandIds.openDashboard, [{ uri, entry, layer } satisfies ModelCommandArgs & { layer: string }]),
    });
    if (!answer) return undefined;
    // Theme icons and HTML off, only our own command enabled: the markdown carries names from the file (escaped).
    const markdown = new vscode.MarkdownString(answer.markdown, false);
    markdown.supportThemeIcons = false;
    markdown.supportHtml = false;
    markdown.isTrusted = { enabledCommands: [CommandIds.openDashboard] };
    return new vscode.Hover(markdown, this.range(document, window, answer.span));
  }

  private async provideInlayHints(document: vscode.TextDocument, range: vscode.Range): Promise<vscode.InlayHint[]> {
    if (!readInspectorSettings(document.uri).inlayHints) return [];
    const window = await this.windowOf(document);
    if (!window) return [];
    const from = window.start + document.offsetAt(range.start);
    const to = window.start + document.offsetAt(range.end);
    return window.analysed.view.inlaysIn(from, to).flatMap(({ offset, label }) => {
      if (offset < window.start || offset > window.end) return [];
      const hint = new vscode.InlayHint(document.positionAt(offset - window.start), label);
      hint.paddingLeft = true;
      return [hint];
    });
  }

  private async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!readInspectorSettings(document.uri).codeLens) return [];
    const window = await this.windowOf(document);
    if (!window) return [];
    const uri = window.modelUri.toString();
    const lenses: vscode.CodeLens[] = [];
    for (const candidate of window.analysed.candidates) {
      const range = this.range(document, window, candidate.span);
      if (!range) continue;
      const at = new vscode.Range(range.start, range.start);
      const args: ModelCommandArgs = { uri, entry: candidate.name };
      // The default model is the one every other face shows (exact when the PyTorch engine ran it); another
      // candidate is analysed only when its lens scrolls into view (resolveCodeLens).
      const totals = new vscode.CodeLens(at);
      if (candidate.isDefault) totals.command = this.totalsCommand(window.analysed, true);
      else this.pendingTotals.set(totals, { modelUri: window.modelUri, entry: candidate.name });
      lenses.push(totals);
      lenses.push(new vscode.CodeLens(at, { title: 'Inspect', command: CommandIds.openDashboard, arguments: [args], tooltip: 'Open the architecture, layer table and memory what-if in the CNN Explorer dashboard' }));
      lenses.push(new vscode.CodeLens(at, { title: 'Inspect with PyTorch', command: PyTorchCommandIds.inspectWithPyTorch, arguments: [args], tooltip: 'Run this model on PyTorch\'s meta device with your Python (executes the file\'s code)' }));
      if (candidate.isDefault && window.analysed.trace.input.shape === null) {
        lenses.push(new vscode.CodeLens(at, { title: 'Set input shape…', command: PyTorchCommandIds.setInputShape, arguments: [{ uri } satisfies ModelCommandArgs], tooltip: 'The input shape per sample (C×H×W), e.g. 1x28x28; or write "# input: 1x28x28" in the file' }));
      }
    }
    return lenses;
  }

  private async resolveCodeLens(lens: vscode.CodeLens): Promise<vscode.CodeLens> {
    const pending = this.pendingTotals.get(lens);
    if (pending) {
      const analysed = await this.analyses.analysisReady(pending.modelUri, pending.entry);
      lens.command = analysed ? this.totalsCommand(analysed, false) : { title: 'CNN Explorer: not analysed', command: '' };
    }
    return lens;
  }

  /** The totals lens (not clickable: "Inspect" is); when the model cannot be built, why instead of numbers. */
  private totalsCommand(analysed: PyTorchModelAnalysis, isDefault: boolean): vscode.Command {
    const error = analysed.trace.diagnostics.find((d) => d.severity === 'error');
    const built = analysed.trace.entry !== null && analysed.trace.layers.length > 0;
    const totals = lensTitle({ ...analysed.analysis.totals, ...analysed.analysis.memory }, analysed.trace.engine, analysed.trace.torchVersion);
    const title = !built && error ? `CNN Explorer: ${shorten(error.message)}`
      : `CNN Explorer: ${totals}${error && analysed.analysis.totals.params === null ? ` — ${shorten(error.message)}` : ''}`;
    return { title, command: '', tooltip: isDefault ? 'The model hover, inlay hints and diagnostics show' : 'Another model of this file: hover, hints and diagnostics show the default one' };
  }

  private async provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const window = await this.windowOf(document);
    if (!window) return [];
    const span = { from: window.start + document.offsetAt(range.start), to: window.start + document.offsetAt(range.end) };
    const preferredFor = new Set<object>();
    return window.analysed.view.fixesAt(span).map((fix) => {
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      for (const edit of fix.edits) {
        const location = this.analyses.locationOf(window.modelUri, edit.span);
        if (location) action.edit.replace(location.uri, location.range, edit.newText);
      }
      const diagnosticRange = this.range(document, window, fix.diagnostic.span);
      action.diagnostics = context.diagnostics.filter((d) => d.source === PYTORCH_DIAGNOSTIC_SOURCE && d.message === fix.diagnostic.message
        && (!diagnosticRange || d.range.isEqual(diagnosticRange)));
      // The first fix of each diagnostic is the one "Auto Fix" applies.
      action.isPreferred = !preferredFor.has(fix.diagnostic);
      preferredFor.add(fix.diagnostic);
      return action;
    });
  }

  private async publishDiagnostics(modelUri: vscode.Uri): Promise<void> {
    const key = modelUri.toString();
    const analysed = await this.analyses.analysisReady(modelUri);
    if (analysed && !this.analyses.isCurrent(modelUri, analysed)) return; // the next change publishes
    const source = this.analyses.sourceTextOf(modelUri);
    const byDocument = new Map<string, { uri: vscode.Uri; list: vscode.Diagnostic[] }>();
    const targets = source?.cells.length ? source.cells.map((c) => c.document.uri) : [modelUri];
    for (const uri of targets) byDocument.set(uri.toString(), { uri, list: [] });
    for (const d of analysed?.trace.diagnostics ?? []) {
      const location = this.analyses.locationOf(modelUri, d.span);
      if (!location) continue;
      const diagnostic = new vscode.Diagnostic(location.range, d.message, SEVERITY[d.severity]);
      diagnostic.source = PYTORCH_DIAGNOSTIC_SOURCE;
      if (d.layer) diagnostic.code = d.layer;
      byDocument.get(location.uri.toString())?.list.push(diagnostic);
    }
    for (const old of this.published.get(key) ?? []) if (!byDocument.has(old.toString())) this.diagnostics.delete(old);
    for (const { uri, list } of byDocument.values()) this.diagnostics.set(uri, list);
    this.published.set(key, [...byDocument.values()].map((d) => d.uri));
  }

  private clear(modelUri: vscode.Uri): void {
    const key = modelUri.toString();
    for (const uri of this.published.get(key) ?? [modelUri]) this.diagnostics.delete(uri);
    this.published.delete(key);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function shorten(message: string): string {
  return message.length > 90 ? `${message.slice(0, 87)}…` : message;
}
