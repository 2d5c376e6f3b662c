// The command ids the manifest contributes. package.json is the source of truth for titles; a unit test keeps
// this list and the manifest in step.
export const CommandIds = {
  train: 'lenet.train',
  stopTraining: 'lenet.stopTraining',
  openDashboard: 'lenet.openDashboard',
  inspectModel: 'lenet.inspectModel',
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];
