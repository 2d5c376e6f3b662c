// The contract between the analysis engine and the layer catalogue: each layer family module implements LayerRule
// for its class names, once per class: shapes, weights, MACs and derivation (infer), what its backward keeps
// (backward) and how the dashboard draws it (drawing). The engine hands infer one call's input shapes and gets back
// the outputs, weights and MACs; the memory walks read backward; the analysis carries drawing to the dashboard.
import type { JsonPath, LayerIR, ModelIR, Severity, Shape } from '../ir';
import type { LayerAnalysis, LayerDrawing, TensorOf } from '../analysisResult';
import type { BackwardByMemoryModel } from './backward';
import type { LayerConfig } from './config';
import type { Count } from './shape';

/**
 * Whose semantics a family of rules implements: how it reads a layer's config and what the config's values mean.
 * `keras`: Keras as TF.js layers and Keras serialise and run it (snake_case config keys; `padding: 'valid' | 'same'`
 * with TF's asymmetric "same"; `data_format` defaulting to channels_last; Keras's defaults for absent keys). Every
 * rule today follows it (TF.js layers, Keras 2/3 JSON and the built-in LeNet are all Keras); a second source language
 * (PyTorch: integer padding, channels first) has its own catalogue beside this one, in layers/torch/, not branches
 * inside these rules: `pytorch` names it where a consumer (the memory walks) must pick a catalogue by class name.
 */
export type LayerSemantics = 'keras' | 'pytorch';

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
  /**
   * The activation an activation-layer class applies, when its config says it another way than `activation` (a
   * ReLU layer with max_value 6 is relu6): the framework memory models read what its kernels save from it.
   */
  activation?: string;
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
  /** What the layer's backward keeps from its forward, per memory model (backward.ts). */
  readonly backward: BackwardByMemoryModel;
  /** How the dashboard draws the layer (LayerAnalysis.drawing). */
  readonly drawing: LayerDrawing;
}

/** The rules of one family module, with the semantics they follow and the other names of their classes. */
export interface LayerFamily {
  readonly semantics: LayerSemantics;
  readonly rules: Readonly<Record<string, LayerRule>>;
  /** Other names the framework registers for some of these classes (Keras 2's `Convolution2D`): alias → class. */
  readonly aliases?: Readonly<Record<string, string>>;
}

/** Result for a call whose outputs and counts cannot be known. */
export function unknownResult(outputCount = 1): InferResult {
  return { outputs: Array.from({ length: outputCount }, () => null), trainable: null, nonTrainable: null, macs: null };
}
