// The layer-shape inspector in the editor: hover, inlay hints, a CodeLens with the totals, and diagnostics, for
// any JSON document whose content is a TF.js layers model or Keras model. All numbers come from src/core, through
// one cached analysis per document version.
import * as vscode from 'vscode';
import type { LayerAnalysis } from '../../core/analysis';
import { CommandIds } from '../commandIds';
import { hoverMarkdown, inlayHintText, problemMessage, totalsLensTitle } from './layerText';
import { classFixes } from './classFixes';
import { commandLink } from './markdownEscape';
import { modelUnknownReason, unknownReason } from './unknownReason';
import { MAX_LIVE_ANALYSIS_CHARS, ModelDocumentCache, type ModelDocument, type ModelDocumentResult } from './modelDocuments';
import { readInspectorSettings } from './settings';
import type { MemoryOptions } from '../../core/memory/memoryModel';

const selector: vscode.DocumentSelector = [{ language: 'json' }, { language: 'jsonc' }];
const DIAGNOSTIC_DEBOUNCE_MS = 300;

export class ModelInspector implements vscode.Disposable {
  private readonly cache: ModelDocumentCache;
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('cnn-explorer');
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [this.diagnostics];
  private readonly hintsChanged = new vscode.EventEmitter<void>();
  private readonly lensesChanged = new vscode.EventEmitter<void>();

  constructor() {
    const settings = readInspectorSettings();
    this.cache = new ModelDocumentCache({ batchSize: settings.batchSize, dtype: settings.dtype, optimizer: settings.optimizer });
    this.disposables.push(
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
        if (!e.affectsConfiguration('lenet.inspector')) return;
        const s = readInspectorSettings();
        this.cache.setOptions({ batchSize: s.batchSize, dtype: s.dtype, optimizer: s.optimizer });
        this.hintsChanged.fire();
        this.lensesChanged.fire();
        for (const doc of vscode.workspace.textDocuments) this.scheduleDiagnostics(doc, 0);
      }),
    );
    for (const doc of vscode.workspace.textDocuments) this.scheduleDiagnostics(doc, 0);
  }

  /** The analysis of a document at its current version (computed at most once per version). */
  resultFor(document: vscode.TextDocument): ModelDocumentResult | undefined {
    if (document.languageId !== 'json' && document.languageId !== 'jsonc') return undefined;
    return this.cache.get(document.uri.toString(), document.version, () => document.getText());
  }

  get memoryOptions(): MemoryOptions {
    return this.cache.memoryOptions;
  }

  modelFor(document: vscode.TextDocument): ModelDocument | undefined {
    const result = this.resultFor(document);
    return result?.status === 'model' ? result.model : undefined;
  }

  /** The layer whose JSON object contains `position`, if any. */
  layerAt(document: vscode.TextDocument, position: vscode.Position): LayerAnalysis | undefined {
    const model = this.modelFor(document);
    const located = model?.locator.layerAt(document.offsetAt(position));
    return located && model ? model.layers[located.index] : undefined;
  }

  private provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const model = this.modelFor(document);
    if (!model) return undefined;
    const located = model.locator.layerAt(document.offsetAt(position));
    if (!located) return undefined;
    const layer = model.layers[located.index];
    const { batchSize, dtype } = this.cache.memoryOptions;
    // VS Code's own hover already lists the problems whose range is under the pointer: ours lists the layer's others.
    const offset = document.offsetAt(position);
    const underPointer = (r: { offset: number; length: number }) => offset >= r.offset && offset <= r.offset + r.length;
    const allDiagnostics = model.diagnostics.map((d) => d.diagnostic);
    // Theme icons and HTML off, and only our own command enabled: the markdown carries names from the file (escaped
    // by hoverMarkdown), and the inspector runs in untrusted workspaces too.
    const markdown = new vscode.MarkdownString(hoverMarkdown(layer, {
      batchSize,
      dtype,
      diagnostics: model.diagnostics.filter((d) => d.diagnostic.layer === layer.name && !underPointer(d.range)).map((d) => d.diagnostic),
      unknownReason: unknownReason(layer, model.layers, allDiagnostics),
      dashboardLink: commandLink(CommandIds.inspectModel, [document.uri.toString(), layer.name]),
    }), false);
    markdown.supportThemeIcons = false;
    markdown.supportHtml = false;
    markdown.isTrusted = { enabledCommands: [CommandIds.inspectModel] };
    const range = new vscode.Range(document.positionAt(located.offset), document.positionAt(located.offset + located.length));
    return new vscode.Hover(markdown, range);
  }

  private provideInlayHints(document: vscode.TextDocument, range: vscode.Range): vscode.InlayHint[] {
    if (!readInspectorSettings(document.uri).inlayHints) return [];
    const model = this.modelFor(document);
    if (!model) return [];
    const start = document.offsetAt(range.start);
    const end = document.offsetAt(range.end);
    const hints: vscode.InlayHint[] = [];
    const diagnostics = model.diagnostics.map((d) => d.diagnostic);
    for (const located of model.locator.layers) {
      if (located.anchorOffset < start || located.anchorOffset > end) continue;
      const layer = model.layers[located.index];
      const hint = new vscode.InlayHint(document.positionAt(located.anchorOffset), inlayHintText(layer, unknownReason(layer, model.layers, diagnostics)));
      hint.paddingLeft = true;
      hints.push(hint);
    }
    return hints;
  }

  private provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!readInspectorSettings(document.uri).codeLens) return [];
    const model = this.modelFor(document);
    if (!model?.analysis) return [];
    const topology = model.locator.rangeOf(['modelTopology']) ?? { offset: 0, length: 1 };
    const position = document.positionAt(topology.offset);
    return [new vscode.CodeLens(new vscode.Range(position, position), {
      title: totalsLensTitle(model.analysis.totals, model.analysis.memory, modelUnknownReason(model.layers, model.analysis.diagnostics)),
      command: CommandIds.inspectModel,
      arguments: [document.uri.toString()],
      tooltip: 'Open the architecture, layer table and memory breakdown in the CNN Explorer dashboard',
    })];
  }

  /** "Did you mean Conv2D?" for a misspelt layer class under the cursor or selection. */
  private provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const model = this.modelFor(document);
    if (!model) return [];
    const actions: vscode.CodeAction[] = [];
    for (const fix of classFixes(model)) {
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
      this.publishDiagnostics(document);
    }, delayMs));
  }

  private publishDiagnostics(document: vscode.TextDocument): void {
    if (document.isClosed) return;
    const result = this.resultFor(document);
    if (!result || result.status === 'not-a-model') {
      this.diagnostics.delete(document.uri);
      return;
    }
    if (result.status === 'too-large') {
      const d = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 1),
        `CNN Explorer: this model file has ${(result.chars / 1e6).toFixed(1)} million characters; shapes are analysed while typing only up to ${MAX_LIVE_ANALYSIS_CHARS / 1e6} million. Run "LeNet: Inspect Model Architecture" to analyse it.`,
        vscode.DiagnosticSeverity.Information);
      d.source = 'CNN Explorer';
      this.diagnostics.set(document.uri, [d]);
      return;
    }
    const severity = { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, info: vscode.DiagnosticSeverity.Information } as const;
    this.diagnostics.set(document.uri, result.model.diagnostics.map(({ diagnostic, range }) => {
      const d = new vscode.Diagnostic(new vscode.Range(document.positionAt(range.offset), document.positionAt(range.offset + range.length)), problemMessage(diagnostic), severity[diagnostic.severity]);
      d.source = 'CNN Explorer';
      return d;
    }));
  }

  private forget(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.delete(key);
    this.cache.delete(key);
    this.diagnostics.delete(document.uri);
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    for (const d of this.disposables) d.dispose();
  }
}
