// Memory of a model in training and inference, pure enough for the dashboard's what-if to run it in the webview.
export { computeMemory, computeMemoryDetail, type MemoryDetail, type MemoryLayer, type MemoryOptions } from './memoryModel';
export { BYTES_PER_ELEMENT, DTYPES, isDType } from './dtype';
export { outputBytes, totalOutputBytes } from './outputMemory';
export { OPTIMIZER_STATE, OPTIMIZER_NAMES, SCALAR_BYTES, isOptimizerName, type OptimizerStateRule } from './optimizerState';
export { maxBatchThatFits, MAX_BATCH_SEARCHED, type MaxBatch } from './maxBatch';
export { MEMORY_FRAMEWORKS, MEMORY_DEVICES, isMemoryFramework, isMemoryDevice } from './frameworkNames';
export { CUDA_BLOCK_BYTES, CUBLAS_WORKSPACE_BYTES } from './frameworkFigures';
export type { MemoryFramework, MemoryDevice, MemoryTerm } from '../analysisResult';
