// A run's failures are reported by the phase they happened in (output, backend, dataset, model, training, test, save):
// each phase wraps the calls that belong to it, and runTraining turns the PhaseError into the `error` message.

export class PhaseError extends Error {
  constructor(readonly phase: string, cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/** Runs `f`, labelling what it throws with `phase` (an error already labelled keeps its phase). */
export async function inPhase<T>(phase: string, f: () => Promise<T> | T): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw e instanceof PhaseError ? e : new PhaseError(phase, e);
  }
}

export type RunLog = (text: string, level?: 'info' | 'warning' | 'detail') => void;
