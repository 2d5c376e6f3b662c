// Which Python runs "Inspect with PyTorch", in the order issue #12 gives: the setting cnnExplorer.pytorch.pythonPath,
// else the Python extension's selected interpreter, else python.defaultInterpreterPath, else `python3` (`python` on
// Windows, where python3 is often the Store's stub). Pure: the vscode side reads the three values.

export interface InterpreterCandidates {
  /** cnnExplorer.pytorch.pythonPath ('' when unset). */
  readonly setting: string | undefined;
  /** The ms-python.python extension's active environment's executable, when that extension is installed. */
  readonly pythonExtension: string | undefined;
  /** python.defaultInterpreterPath ('python' is its default and says nothing). */
  readonly defaultInterpreterPath: string | undefined;
  readonly platform: NodeJS.Platform;
}

export interface InterpreterChoice {
  readonly python: string;
  /** Where it came from, for messages ("the Python extension's selected interpreter"). */
  readonly from: string;
}

export function chooseInterpreter(c: InterpreterCandidates): InterpreterChoice {
  const setting = c.setting?.trim();
  if (setting) return { python: setting, from: 'the setting cnnExplorer.pytorch.pythonPath' };
  const selected = c.pythonExtension?.trim();
  if (selected) return { python: selected, from: "the Python extension's selected interpreter" };
  const fallback = c.defaultInterpreterPath?.trim();
  if (fallback && fallback !== 'python') return { python: fallback, from: 'the setting python.defaultInterpreterPath' };
  return { python: c.platform === 'win32' ? 'python' : 'python3', from: 'the default (no interpreter is configured)' };
}
