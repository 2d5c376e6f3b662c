// What every view receives: the host's data, the user's persisted choices, and the actions they may take.
import type { DashboardState, WebviewToHost } from '../src/protocol';
import type { HostData } from './state';

/**
 * Views keep the context in event handlers built once (a field's `input`, a checkbox's `change`), so `data` and
 * `state` must read what is current when the handler runs, never what it was when the view was built: a handler
 * that spreads a stale `state.memory` would undo the user's previous choice.
 */
export interface ViewContext {
  /** The host's data as it is now. */
  readonly data: HostData;
  /** The user's choices as they are now. */
  readonly state: DashboardState;
  /** Merges a change into the persisted state (saved with setState) and re-renders what depends on it. */
  update(patch: Partial<DashboardState>): void;
  /** Selects a layer everywhere; `reveal` also asks the host to show its JSON in the editor. */
  selectLayer(name: string | null, reveal: boolean): void;
  post(message: WebviewToHost): void;
}

export interface View {
  readonly element: HTMLElement;
  /** Redraws from the context. Called when the view is visible and something it shows changed. */
  render(ctx: ViewContext): void;
}

/** A context whose `data` and `state` are read at each access (see ViewContext). */
export function liveContext(
  read: { data(): HostData; state(): DashboardState },
  actions: Pick<ViewContext, 'update' | 'selectLayer' | 'post'>,
): ViewContext {
  return {
    get data() { return read.data(); },
    get state() { return read.state(); },
    update: actions.update,
    selectLayer: actions.selectLayer,
    post: actions.post,
  };
}
