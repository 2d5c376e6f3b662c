// Shared by the browser tests and the benchmark: builds the webview bundle, serves the real dashboard page
// (dashboardHtml, with its CSP) on 127.0.0.1 with a stub of acquireVsCodeApi that records what the page posts,
// and launches Debian's Chromium headless through playwright-core.
import * as assert from 'node:assert';
import * as esbuild from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { dashboardHtml } from '../../src/extension/dashboard/html';

const ROOT = resolve(__dirname, '../..');
const WEBVIEW_DIST = join(ROOT, 'dist/webview');

/** The webview entry of scripts/build.mjs (same options), built alone so the test does not wait for TF.js bundles. */
export async function buildWebview(production = false): Promise<void> {
  await esbuild.build({
    entryPoints: [join(ROOT, 'webview-ui/main.ts')], outfile: join(WEBVIEW_DIST, 'main.js'), bundle: true, platform: 'browser',
    format: 'iife', target: 'es2022', loader: { '.css': 'css', '.ttf': 'dataurl', '.wasm': 'binary' }, sourcemap: production ? false : 'linked',
    minify: production, logLevel: 'warning',
  });
}

/** VS Code's default theme colours for the variables the dashboard uses (Light+ / Dark+ / High Contrast). */
const THEMES: Record<'light' | 'dark' | 'hc', Record<string, string>> = {
  light: {
    'foreground': '#616161', 'editor-background': '#ffffff', 'editor-foreground': '#3b3b3b', 'descriptionForeground': '#717171',
    'panel-border': '#e5e5e5', 'widget-border': '#e5e5e5', 'editorWidget-background': '#f8f8f8', 'editorWidget-border': '#c8c8c8',
    'focusBorder': '#005fb8', 'textLink-foreground': '#005fb8', 'charts-blue': '#1a85ff', 'charts-red': '#e51400',
    'charts-green': '#388a34', 'charts-orange': '#d18616', 'charts-purple': '#652d90', 'charts-yellow': '#bf8803',
    'errorForeground': '#f85149', 'editorWarning-foreground': '#bf8803', 'textCodeBlock-background': '#dcdcdc66',
    'list-hoverBackground': '#f2f2f2', 'list-activeSelectionBackground': '#e8e8e8', 'list-activeSelectionForeground': '#000000',
    'badge-background': '#cccccc', 'badge-foreground': '#3b3b3b', 'button-background': '#005fb8', 'button-foreground': '#ffffff',
    'button-secondaryBackground': '#e5e5e5', 'button-secondaryForeground': '#3b3b3b', 'input-background': '#ffffff',
    'input-foreground': '#3b3b3b', 'input-border': '#cecece', 'progressBar-background': '#005fb8', 'testing-iconPassed': '#388a34',
    'font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif', 'font-size': '13px', 'editor-font-family': '"Droid Sans Mono", monospace',
    'settings-headerBorder': '#e5e5e5', 'panel-background': '#f8f8f8', 'tab-activeForeground': '#3b3b3b', 'panelTitle-activeBorder': '#005fb8',
    'panelTitle-activeForeground': '#3b3b3b', 'panelTitle-inactiveForeground': '#3b3b3b',
    'settings-textInputBackground': '#ffffff', 'settings-textInputBorder': '#cecece', 'settings-textInputForeground': '#3b3b3b',
    'settings-dropdownBackground': '#ffffff', 'settings-dropdownBorder': '#cecece', 'settings-dropdownForeground': '#3b3b3b',
    'settings-dropdownListBorder': '#c8c8c8', 'checkbox-background': '#f8f8f8', 'checkbox-border': '#cecece',
    'checkbox-foreground': '#3b3b3b', 'button-hoverBackground': '#0258a8', 'button-secondaryHoverBackground': '#cccccc',
    'input-placeholderForeground': '#767676', 'widget-shadow': '#00000029',
  },
  dark: {
    'foreground': '#cccccc', 'editor-background': '#1f1f1f', 'editor-foreground': '#cccccc', 'descriptionForeground': '#9d9d9d',
    'panel-border': '#2b2b2b', 'widget-border': '#313131', 'editorWidget-background': '#202020', 'editorWidget-border': '#454545',
    'focusBorder': '#0078d4', 'textLink-foreground': '#4daafc', 'charts-blue': '#3794ff', 'charts-red': '#f14c4c',
    'charts-green': '#89d185', 'charts-orange': '#d18616', 'charts-purple': '#b180d7', 'charts-yellow': '#cca700',
    'errorForeground': '#f85149', 'editorWarning-foreground': '#cca700', 'textCodeBlock-background': '#2b2b2b',
    'list-hoverBackground': '#2a2d2e', 'list-activeSelectionBackground': '#04395e', 'list-activeSelectionForeground': '#ffffff',
    'badge-background': '#616161', 'badge-foreground': '#f8f8f8', 'button-background': '#0078d4', 'button-foreground': '#ffffff',
    'button-secondaryBackground': '#313131', 'button-secondaryForeground': '#cccccc', 'input-background': '#313131',
    'input-foreground': '#cccccc', 'input-border': '#3c3c3c', 'progressBar-background': '#0078d4', 'testing-iconPassed': '#73c991',
    'font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif', 'font-size': '13px', 'editor-font-family': '"Droid Sans Mono", monospace',
    'settings-headerBorder': '#2b2b2b', 'panel-background': '#181818', 'tab-activeForeground': '#ffffff', 'panelTitle-activeBorder': '#0078d4',
    'panelTitle-activeForeground': '#e7e7e7', 'panelTitle-inactiveForeground': '#9d9d9d',
    'settings-textInputBackground': '#313131', 'settings-textInputBorder': '#3c3c3c', 'settings-textInputForeground': '#cccccc',
    'settings-dropdownBackground': '#313131', 'settings-dropdownBorder': '#3c3c3c', 'settings-dropdownForeground': '#cccccc',
    'settings-dropdownListBorder': '#454545', 'checkbox-background': '#313131', 'checkbox-border': '#3c3c3c',
    'checkbox-foreground': '#cccccc', 'button-hoverBackground': '#026ec1', 'button-secondaryHoverBackground': '#3c3c3c',
    'input-placeholderForeground': '#989898', 'widget-shadow': '#0000005c',
  },
  hc: {
    'foreground': '#ffffff', 'editor-background': '#000000', 'editor-foreground': '#ffffff', 'descriptionForeground': '#ffffff',
    'panel-border': '#6fc3df', 'widget-border': '#6fc3df', 'editorWidget-background': '#0c141f', 'editorWidget-border': '#6fc3df',
    'contrastBorder': '#6fc3df', 'focusBorder': '#f38518', 'textLink-foreground': '#21a6ff', 'charts-blue': '#3794ff',
    'charts-red': '#f14c4c', 'charts-green': '#89d185', 'charts-orange': '#d18616', 'charts-purple': '#b180d7', 'charts-yellow': '#cca700',
    'errorForeground': '#f48771', 'editorWarning-foreground': '#ffd700', 'textCodeBlock-background': '#000000',
    'list-activeSelectionBackground': '#000000', 'list-activeSelectionForeground': '#ffffff', 'badge-background': '#000000', 'badge-foreground': '#ffffff',
    'button-background': '#000000', 'button-foreground': '#ffffff', 'button-border': '#6fc3df', 'input-background': '#000000', 'input-foreground': '#ffffff',
    'input-border': '#6fc3df', 'progressBar-background': '#6fc3df', 'testing-iconPassed': '#73c991',
    'font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif', 'font-size': '13px', 'editor-font-family': '"Droid Sans Mono", monospace',
    'panel-background': '#000000', 'panelTitle-activeBorder': '#6fc3df', 'panelTitle-activeForeground': '#ffffff',
  },
};
export type ThemeName = keyof typeof THEMES;

function themeCss(): string {
  const cls = { light: 'vscode-light', dark: 'vscode-dark', hc: 'vscode-high-contrast' } as const;
  return (Object.keys(THEMES) as ThemeName[]).map((t) =>
    `body.${cls[t]} {\n${Object.entries(THEMES[t]).map(([k, v]) => `  --vscode-${k}: ${v};`).join('\n')}\n}`).join('\n');
}

/** What the test page injects before the dashboard script: VS Code's webview API, recording instead of sending. */
const STUB = `
window.__posted = [];
window.__state = window.__initialState === undefined ? undefined : window.__initialState;
window.acquireVsCodeApi = function () {
  return {
    postMessage: function (m) { window.__posted.push(JSON.parse(JSON.stringify(m))); },
    getState: function () { return window.__state; },
    setState: function (s) { window.__state = JSON.parse(JSON.stringify(s)); },
  };
};
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (e) { window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI); });
`;

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.map': 'application/json', '.html': 'text/html' };

/** Serves /?theme=dark the dashboard page; /dist/webview/* the bundle; /stub.js and /theme.css the test's additions. */
export async function serveDashboard(): Promise<TestServer> {
  let origin = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const theme = (url.searchParams.get('theme') ?? 'light') as ThemeName;
    if (url.pathname === '/') {
      const nonce = 'test' + Math.random().toString(36).slice(2);
      let html = dashboardHtml({ cspSource: origin, nonce, scriptUri: `${origin}/dist/webview/main.js`, styleUri: `${origin}/dist/webview/main.css`, title: 'CNN Explorer test' });
      // As VS Code does: a theme class on body and the --vscode-* variables; the API stub runs first (same nonce).
      const bodyClass = { light: 'vscode-light', dark: 'vscode-dark', hc: 'vscode-high-contrast' }[theme];
      html = html.replace('<body>', `<body class="${bodyClass}">`)
        .replace('</head>', `<link rel="stylesheet" href="${origin}/theme.css">\n</head>`)
        .replace(`<script nonce="${nonce}" src=`, `<script nonce="${nonce}" src="${origin}/stub.js"></script>\n<script nonce="${nonce}" src=`);
      res.writeHead(200, { 'content-type': 'text/html' }).end(html);
      return;
    }
    // Chromium asks for a favicon on its own; a VS Code webview has none to ask for, so no 404 in the page's console.
    if (url.pathname === '/favicon.ico') return void res.writeHead(204).end();
    if (url.pathname === '/stub.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(STUB);
    if (url.pathname === '/theme.css') return void res.writeHead(200, { 'content-type': 'text/css' }).end(themeCss());
    if (url.pathname.startsWith('/dist/webview/')) {
      const file = join(WEBVIEW_DIST, url.pathname.slice('/dist/webview/'.length));
      if (!file.startsWith(WEBVIEW_DIST)) return void res.writeHead(403).end();
      try {
        return void res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
      } catch {
        return void res.writeHead(404).end();
      }
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no server address');
  origin = `http://127.0.0.1:${address.port}`;
  return { url: origin, close: () => new Promise((ok) => server.close(() => ok())) };
}

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, with a fresh profile (never `npx playwright install`). */
export async function launchChromium(): Promise<BrowserSession> {
  const profile = mkdtempSync(join(tmpdir(), 'cnn-explorer-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 860 },
  });
  const browser = context.browser() as Browser;
  return {
    browser, context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Opens the dashboard page in a theme and waits for the script to say `ready`. */
/** Closes a dashboard page, then fails when it raised a script error or broke its content security policy. */
export async function closeCheckedPage(page: Page): Promise<void> {
  const errors = (page as Page & { errors?: string[] }).errors ?? [];
  const csp = await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
  await page.close();
  assert.deepEqual(csp, [], 'no CSP violations');
  assert.deepEqual(errors, [], 'no script errors');
}

export async function openDashboard(session: BrowserSession, server: TestServer, theme: ThemeName, initialState?: unknown): Promise<Page> {
  const page = await session.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  (page as Page & { errors?: string[] }).errors = errors;
  if (initialState !== undefined) await page.addInitScript((s) => { (window as unknown as { __initialState: unknown }).__initialState = s; }, initialState);
  await page.goto(`${server.url}/?theme=${theme}`);
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted?.some((m) => m.type === 'ready'));
  return page;
}

/** Delivers a host message the way VS Code does (a window message event). */
export async function send(page: Page, message: unknown): Promise<void> {
  await page.evaluate((m) => window.postMessage(m, '*'), message);
}

export async function posted(page: Page): Promise<{ type: string; [k: string]: unknown }[]> {
  return page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted);
}
