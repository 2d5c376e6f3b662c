// The Explore engine (issue #14): a TF.js layers model with its weights → every layer's activations for one image,
// the prediction, saliency, Grad-CAM, kernels and receptive fields. It runs on the backend the caller set (the
// webview: wasm, else cpu). Gradients on wasm use the engine's own kernel for the input gradient of depthwise
// convolutions, which the wasm backend lacks; a gradient needing another kernel a backend lacks runs on cpu, said in
// `note`.
export { loadExploreModel } from './loadModel';
export { runExplore } from './runExplore';
export { saliency } from './saliency';
export { gradCam } from './gradCam';
export { kernelOf } from './kernels';
export { receptiveField } from './receptiveField';
export * from './types';
