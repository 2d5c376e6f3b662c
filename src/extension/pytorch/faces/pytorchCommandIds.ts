// The PyTorch faces' commands (contributed in package.json) and the arguments the CodeLens and hover links pass them.
// The lead's CommandIds (src/extension/commandIds.ts) does not list them yet: they are named here once.
export const PyTorchCommandIds = {
  /** Helper E's: run the model with the user's PyTorch on the meta device. */
  inspectWithPyTorch: 'cnnExplorer.inspectWithPyTorch',
  setInputShape: 'cnnExplorer.setInputShape',
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
