// The PyTorch engine's settings (cnnExplorer.pytorch.*), vscode-free so the manifest test can read the defaults.

/** The manifest's default of cnnExplorer.pytorch.timeoutSeconds (a unit test keeps them equal). */
export const DEFAULT_TIMEOUT_SECONDS = 60;
