// What every view receives: the host's data, the user's persisted choices, and the actions they may take.
import type { WebviewToHost } from '../src/protocol';
import type { HostData, PersistedState } from './state';

export interface ViewContext {
  readonly data: HostData;
  readonly state: PersistedState;
  /** Merges a change into the persisted state (saved with setState) and re-renders what depends on it. */
  update(patch: Partial<PersistedState>): void;
  /** Selects a layer everywhere; `reveal` also asks the host to show its JSON in the editor. */
  selectLayer(name: string | null, reveal: boolean): void;
  post(message: WebviewToHost): void;
}

export interface View {
  readonly element: HTMLElement;
  /** Redraws from the context. Called when the view is visible and something it shows changed. */
  render(ctx: ViewContext): void;
}
