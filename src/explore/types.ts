// The Explore engine's contract (issue #14): a TF.js layers model with its weights and one input image → every
// layer's activations, the prediction, saliency, Grad-CAM, kernels and receptive fields. The engine imports
// @tensorflow/tfjs-core and -layers itself and runs on whatever backend the caller registered and set (the webview:
// README "Explore"; the tests: cpu and wasm). No vscode, no Node built-ins: it runs in the webview and in Node tests.
import type { ExploreWeightSpec } from '../protocol/explore';

/** What `loadExploreModel` needs: model.json's topology and the weights (the host read and checked them). */
export interface ExploreArtifacts {
  modelTopology: Record<string, unknown>;
  weightSpecs: ExploreWeightSpec[];
  weightData: Uint8Array;
}

/** A model Explore cannot run, said so that the user knows what to change (`hint`). */
export class ExploreError extends Error {
  constructor(message: string, readonly hint: string | null = null) {
    super(message);
    this.name = 'ExploreError';
  }
}

/** How a layer's output is drawn: the input image, a grid of feature maps (H×W×C), a bar of units, or not at all. */
export type ExploreLayerKind = 'image' | 'maps' | 'units' | 'other';

export interface ExploreLayerInfo {
  /** The layer's name in model.json (the architecture drawing's and the analysis's name). */
  name: string;
  className: string;
  /** Output shape for one image (no batch axis): [H, W, C] for maps, [units] for units. */
  shape: number[];
  kind: ExploreLayerKind;
  /** float32 bytes of the output for one image. */
  bytes: number;
  /** A Conv2D / DepthwiseConv2D / SeparableConv2D (depthwise kernel) with a kernel to draw in Filters. */
  hasKernel: boolean;
}

export interface ExploreModel {
  /** Every layer but nested models' insides, in model.json's order (the architecture drawing's order). */
  readonly layers: readonly ExploreLayerInfo[];
  /** The image input, channels_last. */
  readonly input: { name: string; height: number; width: number; channels: number };
  readonly classCount: number;
  /** What the last layer emits: softmax probabilities, or scores that Explore turns into probabilities with a softmax. */
  readonly output: 'probabilities' | 'logits';
  /** The last layer whose output is feature maps (H×W×C, H and W > 1): Grad-CAM's default layer; null when none. */
  readonly lastConvLayer: string | null;
  /** The backend the engine ran on when it was loaded (`tf.getBackend()`). */
  readonly backend: string;
  dispose(): void;
}

/** One layer's output for the input image. */
export interface LayerActivations {
  layer: string;
  shape: number[];
  /** Row-major values (channels last); null when the layer was skipped. */
  values: Float32Array | null;
  /** Why the values are missing (the activation budget), e.g. `block_3_expand: 4.8 MB would pass the 64 MB budget`. */
  skipped: string | null;
  min: number;
  max: number;
}

export interface ExploreRun {
  /** One entry per `ExploreModel.layers` entry, same order. */
  layers: LayerActivations[];
  /** Softmax probabilities of the classes (the model's own output when it ends in a softmax). */
  probabilities: Float32Array;
  predicted: number;
}

export interface ExploreRunOptions {
  /** Float32 bytes of activations kept for one image before later layers are skipped (default 64 MiB). */
  budgetBytes?: number;
}

export const DEFAULT_ACTIVATION_BUDGET_BYTES = 64 * 2 ** 20;

/**
 * The gradient of the class score w.r.t. the input image. The class score is the pre-softmax logit (a model ending in
 * a softmax is scored by its last layer's output before the softmax), as in Simonyan et al. 2014 and Grad-CAM.
 */
export interface Saliency {
  classIndex: number;
  score: number;
  /** H×W×C gradient. */
  gradient: Float32Array;
  /** H×W: max over channels of |gradient| (what is drawn). */
  map: Float32Array;
  /**
   * Set when the gradient ran on another backend than the current one, and why, e.g. `gradients run on cpu: the wasm
   * backend has no UnsortedSegmentSum kernel`; null otherwise.
   */
  note: string | null;
}

/** Grad-CAM (Selvaraju et al. 2017) of a class on a feature-map layer. */
export interface GradCam {
  classIndex: number;
  layer: string;
  /** The layer's map size. */
  height: number;
  width: number;
  /** Per channel: the mean over the map of d score / d A_k. */
  alphas: Float32Array;
  /** h×w: ReLU(Σ_k alpha_k A_k). */
  cam: Float32Array;
  /** The input's H×W: `cam` resized bilinearly (align corners false) and divided by its maximum (all zeros stay zeros). */
  heatmap: Float32Array;
  /**
   * Set when the gradient ran on another backend than the current one, and why, e.g. `gradients run on cpu: the wasm
   * backend has no UnsortedSegmentSum kernel`; null otherwise.
   */
  note: string | null;
}

/** A conv layer's kernel: [kh, kw, inChannels, outChannels] (TF.js's layout), row-major values. */
export interface LayerKernel {
  layer: string;
  shape: [number, number, number, number];
  values: Float32Array;
}

/** The input pixels that can influence one output pixel: an inclusive rectangle, clipped to the image. */
export interface InputRegion {
  top: number;
  left: number;
  bottom: number;
  right: number;
}
