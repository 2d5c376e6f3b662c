// What each editor face shows, computed from one document version's analysis where that analysis lives (the worker
// thread): the extension host receives only these small answers, never the whole analysis — structured-cloning the
// analysis of a 4.83-million-character model costs the host ~1 s, more than the analysis itself saved.
// Pure of vscode: the inspector turns the answers into Hover, InlayHint, CodeLens and Diagnostic objects.
import type { Analysis, Diagnostic, ModelIR } from '../../core';
import type { RecognizedModelKind, TextRange } from '../../core/formats/tfjs';
import type { MemoryOptions } from '../../core/memory';
import { CommandIds } from '../commandIds';
import type { ClassFix } from './classFixes';
import { hoverMarkdown, inlayHintText, totalsLensTitle } from './layerText';
import { commandLink } from './markdownEscape';
import type { ModelDocument, ModelDocumentResult } from './modelDocuments';
import { hasUnknownFigures, modelUnknownReason, UnknownReasons, type UnknownReason } from './unknownReason';

/** Built once per analysed document, on the first layer with an unknown figure. */
const reasonsByModel = new WeakMap<ModelDocument, UnknownReasons>();

/** Why the layer's figures are unknown; undefined when they are all known (no "?" to explain). */
function reasonFor(model: ModelDocument, layer: ModelDocument['layers'][number]): UnknownReason | undefined {
  if (!hasUnknownFigures(layer)) return undefined;
  let reasons = reasonsByModel.get(model);
  if (!reasons) {
    reasons = new UnknownReasons(model.layers, model.diagnostics.map((d) => d.diagnostic));
    reasonsByModel.set(model, reasons);
  }
  return reasons.of(layer);
}

/** Per version, what the host keeps: diagnostics, quick fixes and the CodeLens. */
export interface ModelSummary {
  version: number;
  kind: RecognizedModelKind;
  diagnostics: { diagnostic: Diagnostic; range: TextRange }[];
  classFixes: ClassFix[];
  /** Undefined when the model could not be analysed (no totals to show). */
  lens?: { offset: number; title: string };
  /** A TF.js layers model.json with weights: the CodeLens and hover offer Explore. */
  explorable: boolean;
}

export type ModelSummaryResult =
  | { status: 'model'; model: ModelSummary }
  | { status: 'not-a-model' }
  | { status: 'too-large'; chars: number };

export function summaryOf(result: ModelDocumentResult): ModelSummaryResult {
  if (result.status !== 'model') return result;
  const { version, kind, analysis, layers, diagnostics, classFixes, topologyRange, explorable } = result.model;
  return {
    status: 'model',
    model: {
      version, kind, diagnostics, classFixes, explorable,
      lens: analysis && { offset: topologyRange.offset, title: totalsLensTitle(analysis.totals, analysis.memory, modelUnknownReason(layers, analysis.diagnostics)) },
    },
  };
}

export interface HoverAnswer {
  markdown: string;
  /** The layer's JSON object. */
  range: TextRange;
}

/** The hover at `offset`: the layer whose object is there, its figures, and its problems but those under the pointer. */
export function hoverAt(model: ModelDocument, offset: number, documentUri: string, options: Pick<MemoryOptions, 'batchSize' | 'dtype'>): HoverAnswer | undefined {
  const located = model.locator.layerAt(offset);
  if (!located) return undefined;
  const layer = model.layers[located.index];
  // VS Code's own hover already lists the problems whose range is under the pointer: ours lists the layer's others.
  const underPointer = (r: TextRange) => offset >= r.offset && offset <= r.offset + r.length;
  const markdown = hoverMarkdown(layer, {
    batchSize: options.batchSize,
    dtype: options.dtype,
    diagnostics: model.diagnostics.filter((d) => d.diagnostic.layer === layer.name && !underPointer(d.range)).map((d) => d.diagnostic),
    unknownReason: reasonFor(model, layer),
    dashboardLink: commandLink(CommandIds.inspectModel, [documentUri, layer.name]),
    exploreLink: model.explorable ? exploreCommandLink(documentUri) : undefined,
    memory: model.analysis?.memory,
  });
  return { markdown, range: { offset: located.offset, length: located.length } };
}

/** The dashboard of the model at `documentUri`, on its Explore tab (openDashboard's `{ uri, tab }`). */
export function exploreCommandLink(documentUri: string): string {
  return commandLink(CommandIds.openDashboard, [{ uri: documentUri, tab: 'explore' }]);
}

/** One hint per layer whose anchor (after its class name) lies in [start, end]. */
export function inlayHintsIn(model: ModelDocument, start: number, end: number): { offset: number; label: string }[] {
  const hints: { offset: number; label: string }[] = [];
  for (const located of model.locator.layers) {
    if (located.anchorOffset < start || located.anchorOffset > end) continue;
    const layer = model.layers[located.index];
    hints.push({ offset: located.anchorOffset, label: inlayHintText(layer, reasonFor(model, layer)) });
  }
  return hints;
}

/** What the dashboard shows: the whole analysis and the parsed model (sent once per dashboard request). */
export function dashboardModelOf(model: ModelDocument): { analysis?: Analysis; ir?: ModelIR; diagnostics: Diagnostic[] } {
  return { analysis: model.analysis, ir: model.ir, diagnostics: model.diagnostics.map((d) => d.diagnostic) };
}
