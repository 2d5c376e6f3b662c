// PLACEHOLDER until its owner (the static engine) writes it: the signatures are the contract.
import type { Analysis } from '../../analysisResult';
import type { MemoryOptions } from '../../memory/memoryModel';
import type { ModelCandidate, Span, TorchTrace } from './trace';

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
export function analyzePyTorchSource(_text: string, _options: PyTorchAnalysisOptions = {}): PyTorchSourceAnalysis {
  throw new Error('not yet written');
}

/** `# input: 1x28x28` / `# input: (1, 28, 28)` comments: the shape per sample and where it is. */
export function readInputShapeComment(_text: string): { shape: number[]; span: Span } | null {
  throw new Error('not yet written');
}
