// The public API of the core for the extension, the CLI, the protocol and the webview: read a model file, analyse a
// model, the IR and result types. Consumers outside src/core import core only through its entry points (ESLint
// enforces it): this file, formats/<format>/ (reading and locating one source format), memory/ (the what-if),
// theory/ (the course's calculators), format.ts (number and shape formatting) and lenet.ts (the built-in model).
export type * from './ir';
export type * from './analysisResult';
export { parseModelJson, parseModelValue, GRAPH_MODEL_MESSAGE, type ParseResult } from './formats/tfjs/parseModel';
export { analyzeModel, analyzeModelText, ANALYSIS_DEFAULTS } from './analyzeModel';
export { knownLayerClasses } from './layers/registry';
export { isKnownLayerClass, suggestLayerClass } from './layers/classSuggestion';
export { definedOnly } from './definedOnly';
export type { MemoryOptions } from './memory/memoryModel';
