// The TF.js module a run uses. selectBackend returns it: the bundled @tensorflow/tfjs for wasm and cpu, but the module
// tfjs-node brings when the native backend is used (its own engine and registry), so every trainer module takes `tf`
// as a parameter instead of importing TF.js itself.
import type * as tfjs from '@tensorflow/tfjs';

export type Tf = typeof tfjs;
export type { LayersModel, Tensor, Optimizer } from '@tensorflow/tfjs';
