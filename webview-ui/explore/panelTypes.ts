// What the Explore tab hands to its Filters and Saliency panels (webview-ui/explore/filtersPanel.ts, saliencyPanel.ts).
// The engine arrives as a loaded module, not a static import: TF.js is evaluated only when Explore is first shown
// (esbuild defers a dynamically imported module's evaluation inside the one iife bundle).
import type { ExploreModel, ExploreRun } from '../../src/explore/types';
import type { ViewContext } from '../context';

/** The engine's entry (src/explore/index.ts), loaded by ./engine.ts once its backend is set. */
export type ExploreEngine = typeof import('../../src/explore/index');

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
