// The only way the webview talks to the host: acquireVsCodeApi()'s postMessage, typed by the protocol.
import type { WebviewToHost } from '../src/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface HostChannel {
  post(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}

/** acquireVsCodeApi may be called once per page load; the result is kept here. */
let api: VsCodeApi | null = null;

export function hostChannel(): HostChannel {
  api ??= acquireVsCodeApi();
  const a = api;
  return {
    post: (m) => a.postMessage(m),
    getState: () => a.getState(),
    setState: (s) => a.setState(s),
  };
}
