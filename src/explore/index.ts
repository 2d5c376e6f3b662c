// The Explore engine (issue #14): a TF.js layers model with its weights → every layer's activations for one image,
// the prediction, saliency, Grad-CAM, kernels and receptive fields. It runs on the backend the caller set (the
// webview: wasm, else cpu; gradients a backend lacks a kernel for fall back to cpu, said in `note`).
export { loadExploreModel } from './loadModel';
export { runExplore } from './runExplore';
export { saliency, type SaliencyResult } from './saliency';
export { gradCam, type GradCamResult } from './gradCam';
export { kernelOf } from './kernels';
export { receptiveField } from './receptiveField';
export * from './types';
