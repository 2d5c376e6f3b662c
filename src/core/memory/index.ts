// Memory of a model in training and inference, pure enough for the dashboard's what-if to run it in the webview.
export { computeMemory, computeMemoryDetail, type MemoryDetail, type MemoryLayer, type MemoryOptions } from './memoryModel';
export { BYTES_PER_ELEMENT, DTYPES, isDType } from './dtype';
export { outputBytes, totalOutputBytes } from './outputMemory';
export { OPTIMIZER_STATE, OPTIMIZER_NAMES, SCALAR_BYTES, isOptimizerName, type OptimizerStateRule } from './optimizerState';
