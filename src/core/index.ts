// The public API of the core: parse a model file, analyse a model. Everything here is pure TypeScript.
export type * from './ir';
export type * from './analysis';
export { parseModelJson, parseModelValue, GRAPH_MODEL_MESSAGE, type ParseResult } from './parse';
export { analyzeModel, analyzeModelText, ANALYSIS_DEFAULTS } from './analyze';
export { knownLayerClasses } from './layers/registry';
export type { MemoryOptions } from './memory/memoryModel';
