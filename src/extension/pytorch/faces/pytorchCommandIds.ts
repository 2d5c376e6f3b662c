// The PyTorch faces' commands (named once, in CommandIds) and the arguments the CodeLens and hover links pass them.
import { CommandIds } from '../../commandIds';

export const PyTorchCommandIds = {
  /** Run this model with the user's PyTorch on the meta device (src/extension/pytorch/engine). */
  inspectWithPyTorch: CommandIds.inspectWithPyTorch,
  setInputShape: CommandIds.setInputShape,
} as const;

/**
 * `{ uri, entry }`: the .py file's or the NOTEBOOK's uri (as a string) and the model's name (a candidate's: a
 * module-level variable or a class); no entry = the default model. cnnExplorer.openDashboard takes the same object
 * (plus `layer` from a hover link).
 */
export interface ModelCommandArgs {
  readonly uri: string;
  readonly entry?: string;
}

export function isModelCommandArgs(value: unknown): value is ModelCommandArgs {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.uri === 'string' && (v.entry === undefined || typeof v.entry === 'string');
}
