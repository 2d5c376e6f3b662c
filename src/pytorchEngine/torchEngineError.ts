// Why the PyTorch engine gave no answer (as opposed to PyTorch's answer that the model is wrong, which is a trace
// with an error diagnostic). `kind` lets a face add its own hint (the extension names its setting, the CLI its flag).
export type TorchEngineErrorKind =
  | 'python-missing' // the interpreter cannot be started
  | 'torch-missing' // it runs but has no torch
  | 'torch-import' // torch is there but its import fails
  | 'timeout'
  | 'cancelled'
  | 'crashed' // the process exited before answering
  | 'stopped' // disposed
  | 'script-missing'; // python/cnn_explorer_torch_engine.py is not where the bundle expects it

export class TorchEngineError extends Error {
  constructor(readonly kind: TorchEngineErrorKind, message: string) {
    super(message);
    this.name = 'TorchEngineError';
  }
}
