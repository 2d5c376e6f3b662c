// One analysis per document version, shared by hover, inlay hints, CodeLens, diagnostics and the dashboard:
// every face reads it, none recomputes. Pure of vscode so it can be unit-tested and benchmarked without a host.
// The editor computes and keeps it in a worker thread (analysisWorker.ts) and asks it questions (modelFaces.ts);
// the cache below runs those analyses one at a time, newest version first.
import type { Analysis, LayerAnalysis, Diagnostic, ModelIR } from '../../core';
import { analyzeModel } from '../../core';
import {
  parseModelJson, parseJsonTree, nodeAtPath, type TextRange, LayerLocator, recognizeModelJson, type RecognizedModelKind,
} from '../../core/formats/tfjs';
import type { MemoryOptions } from '../../core/memory';
import { classFixes, type ClassFix } from './classFixes';
import { LayerIndex } from './layerLookup';

/**
 * Above this many characters a file is not analysed while typing: parsing tens of megabytes on every keystroke
 * would keep the analysis busy for seconds. The inspect command still analyses it on request.
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
  /** Offset → the layer whose JSON object is there (the layers that have one). */
  locator: LayerIndex;
  /** Where the totals CodeLens goes: the modelTopology value, else the file's start. */
  topologyRange: TextRange;
  /** A TF.js layers model.json whose weightsManifest lists weights: the inspector offers Explore (issue #14). */
  explorable: boolean;
  /** "Did you mean Conv2D?" fixes for misspelt layer classes. */
  classFixes: ClassFix[];
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

/**
 * The result when it needs no parse (a scan of the text, milliseconds for 5 MB), else undefined: too large, or no
 * key a model is recognised by (modelTopology, model_config, class_name, format graph-model) anywhere in the text,
 * not even \u-escaped. The editor answers these on its own thread and starts no worker for package.json.
 */
export function resultWithoutParsing(text: string, maxChars = MAX_LIVE_ANALYSIS_CHARS): ModelDocumentResult | undefined {
  if (text.length > maxChars) return modelKindFromPrefix(text) ? { status: 'too-large', chars: text.length } : { status: 'not-a-model' };
  if (!/modelTopology|model_config|class_name|graph-model|\\u/.test(text)) return { status: 'not-a-model' };
  return undefined;
}

export function analyzeModelDocument(text: string, version: number, options: MemoryOptions, maxChars = MAX_LIVE_ANALYSIS_CHARS): ModelDocumentResult {
  if (text.length > maxChars) return resultWithoutParsing(text, maxChars)!;
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
  return {
    status: 'model',
    model: {
      version, kind, analysis, ir: parsed.model, layers,
      locator: LayerIndex.fromSorted(locator.layers),
      topologyRange: locator.rangeOf(['modelTopology']) ?? wholeFile,
      explorable: kind === 'tfjs-layers' && root !== undefined && listsWeights(nodeAtPath(root, ['weightsManifest'])),
      classFixes: classFixes(layers, (path) => locator.rangeOf(path)),
      diagnostics: resolved,
    },
  };
}

/** Whether a weightsManifest node has a group with at least one weight (whether the files exist is Explore's to say). */
function listsWeights(manifest: ReturnType<typeof nodeAtPath>): boolean {
  if (manifest?.type !== 'array') return false;
  return (manifest.children ?? []).some((group) => (nodeAtPath(group, ['weights'])?.children?.length ?? 0) > 0);
}

/** Computes a document version's result (R: what the caller keeps of it), in a worker thread in the editor. */
export type AnalyzeText<R = ModelDocumentResult> = (text: string, version: number, options: MemoryOptions, key: string) => Promise<R>;

interface Entry<R> {
  version: number;
  generation: number;
  /** Undefined: superseded by a newer version (or new options) before its result was used. */
  promise: Promise<R | undefined>;
  /** Set while the analysis waits its turn; cleared when it starts. */
  queued?: { text: string; settle: (result: R | undefined) => void; fail: (error: unknown) => void };
  /** The analysis ran and gave a result (the worker holds it); a failed one stays failed until the version changes. */
  state?: 'done' | 'failed';
}

/**
 * One analysis per document (by key) and version, run one at a time in request order. A newer version supersedes
 * an older one: a queued analysis is dropped before it starts, and an older version's result, when it arrives, is
 * given to no one (its awaiters get undefined). New options supersede every version.
 */
export class ModelDocumentCache<R = ModelDocumentResult> {
  private readonly entries = new Map<string, Entry<R>>();
  private readonly queue: string[] = [];
  private running = false;
  private generation = 0;
  private disposed = false;

  constructor(private options: MemoryOptions, private readonly analyze: AnalyzeText<R>) {}

  /** The result for this version: shared by every caller of the same version; undefined once superseded. */
  get(key: string, version: number, getText: () => string): Promise<R | undefined> {
    const cached = this.entries.get(key);
    if (cached && cached.version === version && cached.generation === this.generation) return cached.promise;
    if (this.disposed) return Promise.resolve(undefined);
    this.supersede(key);
    let queued!: Entry<R>['queued'];
    const promise = new Promise<R | undefined>((settle, fail) => {
      queued = { text: getText(), settle, fail };
    });
    this.entries.set(key, { version, generation: this.generation, promise, queued });
    this.queue.push(key);
    this.pump();
    return promise;
  }

  /** Settings changed: every analysis must be redone with the new batch size, dtype or optimizer. */
  setOptions(options: MemoryOptions): void {
    this.options = options;
    this.generation++;
    for (const key of [...this.entries.keys()]) this.supersede(key);
  }

  /**
   * Every analysis the worker held is gone (it died): each is redone on its next request. A failed version stays
   * failed (it may be what killed the worker: redoing it would kill the next one), and queued ones still run.
   * True when an analysis was running: the crash is that analysis's, remembered as failed.
   */
  clear(): boolean {
    for (const [key, entry] of [...this.entries]) if (entry.state === 'done') this.supersede(key);
    return this.running;
  }

  /** No analysis starts any more; queued ones are answered undefined. */
  dispose(): void {
    this.disposed = true;
    for (const key of [...this.entries.keys()]) this.supersede(key);
    this.queue.length = 0;
  }

  get memoryOptions(): MemoryOptions {
    return this.options;
  }

  delete(key: string): void {
    this.supersede(key);
  }

  /** Drops the key's entry; its queued analysis (if it has not started) never runs. */
  private supersede(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    entry.queued?.settle(undefined);
    entry.queued = undefined;
  }

  private pump(): void {
    if (this.running || this.disposed) return;
    let key: string | undefined;
    let entry: Entry<R> | undefined;
    while ((key = this.queue.shift()) !== undefined) {
      entry = this.entries.get(key);
      if (entry?.queued) break;
    }
    if (key === undefined || !entry?.queued) return;
    const job = entry.queued;
    const jobKey = key;
    entry.queued = undefined;
    this.running = true;
    const current = () => this.entries.get(jobKey) === entry;
    const { version } = entry;
    Promise.resolve().then(() => this.analyze(job.text, version, this.options, jobKey)).then(
      (result) => {
        entry!.state = 'done';
        job.settle(current() ? result : undefined);
      },
      (error) => {
        // Kept (the promise rejects for every later request of this version): an analysis that kills the worker,
        // out of memory say, would otherwise start a new worker on every hover, hint and lens, and kill it again.
        entry!.state = 'failed';
        job.fail(error);
      },
    ).finally(() => {
      this.running = false;
      this.pump();
    });
  }
}
