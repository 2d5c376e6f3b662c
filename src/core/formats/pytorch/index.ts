// The PyTorch source front end: `.py` files and notebook code cells → the same Analysis as the JSON formats, with
// source spans for the editor's faces. The static engine lives here; the PyTorch engine runs the user's Python in a
// child process outside core and hands its trace to traceToAnalysis.
export type * from './trace';
export { analyzePyTorchSource, readInputShapeComment, type PyTorchAnalysisOptions, type PyTorchSourceAnalysis } from './analyzeSource';
export { traceToAnalysis, torchMemoryLayers, torchElementsPerSample } from './traceToAnalysis';
export { engineReplyToTrace, type EngineReply, type EngineLayer, type EngineCall, type EngineError } from './engineReply';
export { joinNotebookCells, type JoinedNotebook, type NotebookCellText } from './notebookCells';
