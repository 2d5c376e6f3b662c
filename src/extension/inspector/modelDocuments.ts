// One analysis per document version, shared by hover, inlay hints, CodeLens, diagnostics and the dashboard:
// every face reads it, none recomputes. Pure of vscode so it can be unit-tested and benchmarked without a host.
import type { Analysis, LayerAnalysis } from '../../core/analysis';
import type { Diagnostic, ModelIR } from '../../core/ir';
import { analyzeModel } from '../../core/analyze';
import { parseModelJson } from '../../core/parse';
import { parseJsonTree, type TextRange } from '../../core/locate/jsonTree';
import { LayerLocator } from '../../core/locate/layerLocator';
import { recognizeModelJson, type RecognizedModelKind } from '../../core/locate/modelRecognition';
import type { MemoryOptions } from '../../core/memory/memoryModel';

/**
 * Above this many characters a file is not analysed while typing: parsing tens of megabytes on every keystroke
 * would stall the extension host. The inspect command still analyses it on request.
 */
export const MAX_LIVE_ANALYSIS_CHARS = 5_000_000;

export interface ModelDocument {
  version: number;
  kind: RecognizedModelKind;
  /** Undefined when the text could not be read as a model (see diagnostics). */
  analysis?: Analysis;
  /** The parsed model the analysis was computed from (the dashboard shows its layer configs). */
  ir?: ModelIR;
  /** Every layer, nested models' layers included, in the order the locator indexes them. */
  layers: LayerAnalysis[];
  locator: LayerLocator;
  /** Parse and analysis diagnostics, each with its text range resolved. */
  diagnostics: { diagnostic: Diagnostic; range: TextRange }[];
}

export type ModelDocumentResult =
  | { status: 'model'; model: ModelDocument }
  | { status: 'not-a-model' }
  | { status: 'too-large'; chars: number };

export function flattenLayers(layers: readonly LayerAnalysis[]): LayerAnalysis[] {
  return layers.flatMap((layer) => [layer, ...flattenLayers(layer.nested ?? [])]);
}

/** Cheap look at the start of a file too large or too deep to parse: does it even look like a model, and which? */
function modelKindFromPrefix(text: string): RecognizedModelKind | undefined {
  const head = text.slice(0, 4096);
  if (/"(modelTopology|model_config)"\s*:/.test(head)) return 'tfjs-layers';
  if (/"class_name"\s*:\s*"(Sequential|Model|Functional)"/.test(head)) return 'keras';
  return undefined;
}

export function analyzeModelDocument(text: string, version: number, options: MemoryOptions, maxChars = MAX_LIVE_ANALYSIS_CHARS): ModelDocumentResult {
  if (text.length > maxChars) return modelKindFromPrefix(text) ? { status: 'too-large', chars: text.length } : { status: 'not-a-model' };
  const { root, tooDeepAt } = parseJsonTree(text);
  // Too deep for a tree: a model file by its start still gets the parser's diagnostic (at the bracket past the limit).
  const kind = tooDeepAt === undefined ? recognizeModelJson(root) : modelKindFromPrefix(text);
  if (!kind) return { status: 'not-a-model' };
  const parsed = parseModelJson(text);
  const analysis = parsed.model ? analyzeModel(parsed.model, options) : undefined;
  const diagnostics = analysis?.diagnostics ?? parsed.diagnostics;
  const layers = analysis ? flattenLayers(analysis.layers) : [];
  // A synthetic InputLayer (implied by a Sequential model's first layer) has no JSON object of its own: it must not
  // claim the first layer's text.
  const locator = LayerLocator.build(root, layers.map((l) => ({ path: l.synthetic ? [] : l.path })));
  const wholeFile: TextRange = { offset: 0, length: Math.min(text.length, 1) };
  const resolved = diagnostics.map((diagnostic) => ({
    diagnostic,
    range: diagnostic.offset !== undefined
      ? { offset: diagnostic.offset, length: diagnostic.length ?? 1 }
      : (locator.rangeOf(diagnostic.path) ?? wholeFile),
  }));
  return { status: 'model', model: { version, kind, analysis, ir: parsed.model, layers, locator, diagnostics: resolved } };
}

/** Caches the result per document (by key) and version; a new version or new options replace it. */
export class ModelDocumentCache {
  private readonly entries = new Map<string, { version: number; result: ModelDocumentResult }>();

  constructor(private options: MemoryOptions) {}

  get(key: string, version: number, getText: () => string): ModelDocumentResult {
    const cached = this.entries.get(key);
    if (cached && cached.version === version) return cached.result;
    const result = analyzeModelDocument(getText(), version, this.options);
    this.entries.set(key, { version, result });
    return result;
  }

  /** Settings changed: every analysis must be redone with the new batch size, dtype or optimizer. */
  setOptions(options: MemoryOptions): void {
    this.options = options;
    this.entries.clear();
  }

  get memoryOptions(): MemoryOptions {
    return this.options;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
