// The dashboard page. Pure (no vscode import) so the browser tests serve exactly this page, CSP included.
// CSP: nothing by default; scripts only with this load's nonce; styles, fonts and images only from the webview's
// own resource origin (cspSource); workers only from blob: (the layout worker); no inline script or style attributes
// (the webview sets styles through CSSOM). Explore's TF.js wasm backend: 'wasm-unsafe-eval' lets the page compile
// WebAssembly (no JS eval), and connect-src blob: lets it read its .wasm from the blob: URL made of the bundled bytes.

export interface DashboardHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh random nonce per page load. */
  nonce: string;
  /** `asWebviewUri` of dist/webview/main.js and main.css. */
  scriptUri: string;
  styleUri: string;
  title: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}' 'wasm-unsafe-eval'`,
    `style-src ${cspSource}`,
    // The codicon font is inlined in main.css as a data: URL, so that once the page says ready it fetches nothing
    // more: a fetch still pending when a webview closes stalls VS Code's webview service worker for its 30 s timeout,
    // and the next dashboard opened meanwhile stays blank (README, Known gaps).
    'font-src data:',
    // The misclassified-image gallery draws on canvas (no image URLs); data: is not needed.
    `img-src ${cspSource}`,
    // The graph layout (elkjs) runs in a worker started from a blob: URL of the bundled worker source.
    'worker-src blob:',
    // Explore's wasm binary: bundled bytes behind a blob: URL (webview-ui/explore/backend.ts), never a network fetch.
    'connect-src blob:',
  ].join('; ');
}

export function dashboardHtml(o: DashboardHtmlOptions): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(o.styleUri)}">
<title>${escapeHtml(o.title)}</title>
</head>
<body>
<main id="app"><p class="placeholder">Loading the dashboard…</p></main>
<script nonce="${escapeHtml(o.nonce)}" src="${escapeHtml(o.scriptUri)}"></script>
</body>
</html>`;
}

/** 32 random alphanumerics from the platform's CSPRNG. */
export function makeNonce(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = new Uint8Array(32);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}
