// The Explore engine, loaded on first use: TF.js (≈1 MB of script) is evaluated and its backend started only when
// the Explore tab first needs a model, never at dashboard start-up (esbuild defers the evaluation of a module that
// only a dynamic import reaches, inside the one iife bundle). The '.js' names are the Node16 rule for import();
// esbuild and tsc map them to the .ts files.
import type { ExploreEngine } from './panelTypes';

export interface LoadedEngine {
  engine: ExploreEngine;
  backend: string;
  backendNote: string | null;
}

let loading: Promise<LoadedEngine> | null = null;

export function loadEngine(): Promise<LoadedEngine> {
  loading ??= (async () => {
    const { startExploreBackend } = await import('./backend.js');
    const backend = await startExploreBackend();
    const engine: ExploreEngine = await import('../../src/explore/index.js');
    return { engine, backend: backend.name, backendNote: backend.note };
  })();
  return loading;
}
