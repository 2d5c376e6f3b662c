// What the Explore tab hands to its Filters and Saliency panels (webview-ui/explore/filtersPanel.ts, saliencyPanel.ts).
// The engine arrives as a loaded module, not a static import: TF.js is evaluated only when Explore is first shown
// (esbuild defers a dynamically imported module's evaluation inside the one iife bundle).
import type {
  ExploreArtifacts, ExploreModel, ExploreRun, ExploreRunOptions, GradCam, InputRegion, LayerKernel, Saliency,
} from '../../src/explore/types';
import type { ViewContext } from '../context';

/** The engine's API (src/explore/index.ts, common.md's contract), loaded by ./engine.ts once its backend is set. */
export interface ExploreEngine {
  loadExploreModel(artifacts: ExploreArtifacts): Promise<ExploreModel>;
  runExplore(model: ExploreModel, image: Float32Array, opts?: ExploreRunOptions): Promise<ExploreRun>;
  saliency(model: ExploreModel, image: Float32Array, classIndex: number): Promise<Saliency>;
  gradCam(model: ExploreModel, image: Float32Array, classIndex: number, layer?: string): Promise<GradCam>;
  kernelOf(model: ExploreModel, layer: string): LayerKernel | null;
  receptiveField(model: ExploreModel, layer: string, y: number, x: number): InputRegion | null;
}

export interface ExplorePanelInput {
  ctx: ViewContext;
  engine: ExploreEngine;
  /** The model now shown; it is disposed when a later model replaces it (then a newer call has come: drop stale work). */
  model: ExploreModel;
  /** `exploreModel.modelId`: changes with the model and with each live epoch's weights. */
  modelId: string;
  /** The input as the model takes it: H×W×C, scaled ([0, 1] for the built-in runs); null while none is chosen. */
  image: Float32Array | null;
  /** The engine's run of `model` on `image`; null when there is no image yet or it is still computing. */
  run: ExploreRun | null;
  /** One name per class: the dataset's, else `class i`. */
  classNames: readonly string[];
}
