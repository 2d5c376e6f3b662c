// The PyTorch engine's runner (node-only; no vscode): shared by the extension's "Inspect with PyTorch" and the CLI.
export { runPyTorchEngine, stopPyTorchEngines, torchVersionLabel, type PyTorchEngineResult, type PyTorchEngineRun } from './runPyTorchEngine';
export { TorchEngineError, type TorchEngineErrorKind } from './torchEngineError';
export type { EngineVersions } from './torchEngineProcess';
