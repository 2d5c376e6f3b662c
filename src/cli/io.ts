// Where the CLI writes: injected so that tests can call the commands in-process and read what they printed.
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads a file as UTF-8 text (throws as fs does). */
  readFile: (path: string) => string;
}

/** Exit codes: 0 the model is sound, 1 it has errors (all that could be computed is still printed), 2 nothing to show. */
export const EXIT_OK = 0;
export const EXIT_MODEL_ERRORS = 1;
export const EXIT_UNUSABLE = 2;
