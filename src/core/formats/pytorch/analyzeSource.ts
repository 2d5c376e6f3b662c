// The PyTorch front end's static engine (issue #12, "Two engines: 1. Static"): the source text → the TorchTrace
// (static/analyzeStatic.ts) → the Analysis every face reads (traceToAnalysis.ts). Never executes the user's code.
import type { Analysis } from '../../analysisResult';
import type { MemoryOptions } from '../../memory/memoryModel';
import { analyzeStatic } from './static/analyzeStatic';
import { readInputShapeComment as readComment } from './static/inputComment';
import type { ModelCandidate, Span, TorchTrace } from './trace';
import { traceToAnalysis } from './traceToAnalysis';

export interface PyTorchAnalysisOptions extends Partial<MemoryOptions> {
  /** The model to analyse: a module-level variable or a class name (default: the rule of issue #12). */
  entry?: string;
  /** Input shape per sample (C×H×W); overrides the `# input:` comment. null: do not use the comment either. */
  inputShape?: readonly number[] | null;
}

export interface PyTorchSourceAnalysis {
  /** The Analysis every face reads (layers in execution order; format 'pytorch'). */
  readonly analysis: Analysis;
  /** What the engine learnt, with source spans for the editor's faces. */
  readonly trace: TorchTrace;
  /** Every model the user may pick, the default one marked. */
  readonly candidates: readonly ModelCandidate[];
}

/** The static engine: parse, interpret the model's construction, follow `forward`. Never throws, never runs code. */
export function analyzePyTorchSource(text: string, options: PyTorchAnalysisOptions = {}): PyTorchSourceAnalysis {
  const { trace, candidates } = analyzeStatic(text, options);
  return { analysis: traceToAnalysis(trace, options), trace, candidates };
}

/** `# input: 1x28x28` / `# input: (1, 28, 28)` comments: the shape per sample and where it is (and a dtype such as `int64`). */
export function readInputShapeComment(text: string): { shape: number[]; span: Span; dtype: string } | null {
  return readComment(text);
}
