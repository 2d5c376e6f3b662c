// The contract between the analysis engine and the layer catalogue: each layer family module implements LayerRule
// for its class names; the engine hands it one call's input shapes and gets back the outputs, weights and MACs.
import type { JsonPath, LayerIR, ModelIR, Severity, Shape } from '../ir';
import type { LayerAnalysis, TensorOf } from '../analysisResult';
import type { LayerConfig } from './config';
import type { Count } from './shape';

export interface InferResult {
  /** One entry per output tensor; null for an output whose shape is unknown. */
  outputs: (Shape | null)[];
  trainable: Count;
  nonTrainable: Count;
  /** Multiply-accumulates of this call for one sample. */
  macs: Count;
  /** Analyses of the layers inside a nested model, when the layer is one. */
  nested?: LayerAnalysis[];
  /** A nested model's outputs in order (LayerAnalysis.nestedOutputs). */
  nestedOutputs?: TensorOf[];
  /** Elements (one sample) of a tensor computed inside the call between input and output (see LayerAnalysis). */
  intermediateElements?: Count;
}

export interface InferContext {
  readonly layer: LayerIR;
  readonly config: LayerConfig;
  /** Input shapes of this call; null for a wholly unknown one. */
  readonly inputs: readonly (Shape | null)[];
  /** Report a problem; `at` is a config key or a path relative to the layer's config object. */
  report(severity: Severity, message: string, at?: string | JsonPath): void;
  /** Add a line to the layer's derivation. */
  derive(line: string): void;
  /** Infer a layer held inside this one (the layer of a TimeDistributed or Bidirectional wrapper). */
  inferInner(inner: LayerIR, inputs: (Shape | null)[], derivationPrefix: string): InferResult;
  /** Analyse a nested model called on the given input shapes. */
  analyzeNested(model: ModelIR, inputs: (Shape | null)[]): InferResult;
}

export interface LayerRule {
  /** What the layer does, in a few words, for hover text. */
  readonly description: string;
  /**
   * Whether the rule copes with unknown (null) input shapes itself. When false the engine marks the outputs, weights
   * and MACs unknown without calling it, because they all depend on the input.
   */
  readonly acceptsUnknownInputs?: boolean;
  infer(ctx: InferContext): InferResult;
}

/** Result for a call whose outputs and counts cannot be known. */
export function unknownResult(outputCount = 1): InferResult {
  return { outputs: Array.from({ length: outputCount }, () => null), trainable: null, nonTrainable: null, macs: null };
}
