// What the user reads when "Inspect with PyTorch" gives no answer: the runner's message plus what to do about it in
// VS Code (which setting, which command). Pure, so the wording is tested without VS Code.
import type { TorchEngineErrorKind } from '../../../pytorchEngine';
import type { InterpreterChoice } from './interpreterChoice';

export interface EngineFailureMessage {
  readonly text: string;
  /** The setting the button opens, when one helps. */
  readonly setting?: string;
}

export function engineFailureMessage(kind: TorchEngineErrorKind, message: string, interpreter: InterpreterChoice): EngineFailureMessage {
  const which = `(Python from ${interpreter.from})`;
  switch (kind) {
    case 'python-missing':
      return { text: `Inspect with PyTorch: ${message} ${which} Set cnnExplorer.pytorch.pythonPath, or select an interpreter with the Python extension.`, setting: 'cnnExplorer.pytorch.pythonPath' };
    case 'torch-missing':
    case 'torch-import':
      return { text: `Inspect with PyTorch: ${message} ${which}`, setting: 'cnnExplorer.pytorch.pythonPath' };
    case 'timeout':
      return { text: `Inspect with PyTorch: ${message} The limit is the setting cnnExplorer.pytorch.timeoutSeconds.`, setting: 'cnnExplorer.pytorch.timeoutSeconds' };
    default:
      return { text: `Inspect with PyTorch: ${message}` };
  }
}
