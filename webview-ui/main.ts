// Webview entry (bundled by scripts/build.mjs to dist/webview/main.js as an iife). Registers only the
// @vscode-elements widgets the dashboard uses (each import defines one custom element), loads the styles
// (esbuild emits dist/webview/main.css), and connects the app to the host.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import './explore.css';
import { DashboardApp } from './app';
import { prewarmLayout } from './graph/layout';
import { hostChannel } from './vscodeApi';

const host = hostChannel();
const root = document.getElementById('app');
if (!root) throw new Error('dashboard: #app element missing from the page');

/**
 * The app, from the state saved by the last page; if that state cannot be restored, from a fresh state (the saved
 * one is dropped), so a bad saved state never leaves a blank dashboard that never says `ready`.
 */
function startApp(appRoot: HTMLElement): DashboardApp {
  try {
    return new DashboardApp(appRoot, host);
  } catch (e) {
    console.error('[cnn-explorer] the saved dashboard state could not be restored; starting fresh:', e);
    host.setState(undefined);
    return new DashboardApp(appRoot, host);
  }
}

const app = startApp(root);
window.addEventListener('message', (e: MessageEvent) => app.receive(e.data));
new MutationObserver(() => app.retheme()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
// Exposed for the browser tests and the benchmark (read-only use: they await drawings, never change state).
(window as unknown as { cnnExplorer: { app: DashboardApp } }).cnnExplorer = { app };
host.post({ type: 'ready' });
// Start the layout worker while the host analyses the model.
prewarmLayout();
