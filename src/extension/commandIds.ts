// The command ids the manifest contributes. package.json is the source of truth for titles; a unit test keeps
// these ids, the palette titles below and the manifest in step.
export const CommandIds = {
  train: 'lenet.train',
  stopTraining: 'lenet.stopTraining',
  openDashboard: 'cnnExplorer.openDashboard',
  inspectModel: 'cnnExplorer.inspectModel',
  inspectWithPyTorch: 'cnnExplorer.inspectWithPyTorch',
  setInputShape: 'cnnExplorer.setInputShape',
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];

/**
 * The ids the inspector and dashboard commands had before they moved to the CNN Explorer category (they are not
 * about LeNet). Still registered, and contributed hidden from the palette (so they activate the extension), so
 * keybindings and links made with them keep working.
 */
export const RenamedCommandIds = {
  'lenet.openDashboard': CommandIds.openDashboard,
  'lenet.inspectModel': CommandIds.inspectModel,
} as const;

/** The palette title (category: title) of the inspect command, as messages that tell the user to run it name it. */
export const INSPECT_MODEL_TITLE = 'CNN Explorer: Inspect Model Architecture';
