// A stand-in "VS Code executable" for @vscode/test-electron on machines where desktop VS Code cannot be downloaded.
// It accepts the arguments runTests() passes (--extensionDevelopmentPath=, --extensionTestsPath=, a folder, and
// flags it ignores), starts code-server (VS Code 1.100.3 in a browser) on 127.0.0.1, opens the workbench in headless
// Debian Chromium through playwright-core with VS Code's own test payload, and so runs the mocha suite INSIDE the
// real Node extension host. Its exit code is the suite's.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

const repoRoot = resolve(__dirname, '..', '..');

/** The Chromium flags this machine needs: no sandbox as root, and no background traffic to a closed network. */
export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const codeServerBin = process.env.CODE_SERVER_BIN ?? join(repoRoot, '.vscode-test', 'code-server', 'node_modules', '.bin', 'code-server');
export const chromiumBin = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';

interface HostArgs {
  extensionDevelopmentPaths: string[];
  extensionTestsPath: string;
  workspace: string;
}

function parseHostArgs(argv: string[]): HostArgs {
  const values = (name: string) => argv.filter((a) => a.startsWith(`--${name}=`)).map((a) => resolve(a.slice(name.length + 3)));
  // Flags that take a separate value (e.g. `--user-data-dir X` from getProfileArguments) must not be read as the folder.
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      if (!a.includes('=') && (a === '--user-data-dir' || a === '--extensions-dir')) i++;
      continue;
    }
    positional.push(a);
  }
  const devPaths = values('extensionDevelopmentPath');
  const testsPath = values('extensionTestsPath')[0];
  if (devPaths.length === 0 || !testsPath) throw new Error('usage: codeServerHost --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [workspace]');
  return { extensionDevelopmentPaths: devPaths, extensionTestsPath: testsPath, workspace: resolve(positional[0] ?? join(repoRoot, 'test', 'fixtures', 'workspace')) };
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => ok(port));
    });
  });
}

async function waitForHttp(url: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer on ${url} within ${ms} ms`);
}

/** A throwaway profile so no run sees another's settings, extensions or state. */
function makeProfile(tmp: string): { config: string; userData: string; extensions: string; env: NodeJS.ProcessEnv } {
  const config = join(tmp, 'config.yaml');
  writeFileSync(config, 'auth: none\n');
  const userData = join(tmp, 'user-data');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'git.openRepositoryInParentFolders': 'never',
    // With workspace trust on (CODE_SERVER_WORKSPACE_TRUST=1) the folder stays untrusted: nobody answers a prompt.
    'security.workspace.trust.startupPrompt': 'never',
    // Extra user settings for a measurement (bench:host-delay turns VS Code's port auto-forwarding scan off to
    // separate its cost from the extension's).
    ...(JSON.parse(process.env.CODE_SERVER_EXTRA_SETTINGS ?? '{}') as Record<string, unknown>),
  }));
  const env = { ...process.env, XDG_CONFIG_HOME: join(tmp, 'xdg-config'), XDG_DATA_HOME: join(tmp, 'xdg-data'), XDG_CACHE_HOME: join(tmp, 'xdg-cache') };
  return { config, userData, extensions: join(tmp, 'extensions'), env };
}

export interface CodeServer {
  port: number;
  process: ChildProcess;
  tmp: string;
  env: NodeJS.ProcessEnv;
  stop(): void;
}

/**
 * Starts code-server with a fresh profile on a free loopback port and waits until it answers.
 * `installVsix` installs a packaged extension into that profile first, the way a user would.
 */
export async function startCodeServer(workspace: string, options: { installVsix?: string } = {}): Promise<CodeServer> {
  const tmp = mkdtempSync(join(tmpdir(), 'cnn-explorer-cs-'));
  const profile = makeProfile(tmp);
  if (options.installVsix) {
    const install = spawnSync(codeServerBin, ['--extensions-dir', profile.extensions, '--user-data-dir', profile.userData, '--install-extension', options.installVsix], { env: profile.env, encoding: 'utf8' });
    if (install.status !== 0) throw new Error(`code-server --install-extension failed (${install.status}): ${install.stdout}${install.stderr}`);
  }
  const port = await freePort();
  // Workspace trust is off (everything trusted) except for the tests of what an untrusted workspace refuses.
  const trust = process.env.CODE_SERVER_WORKSPACE_TRUST === '1' ? [] : ['--disable-workspace-trust'];
  const args = ['--config', profile.config, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    ...trust, '--disable-getting-started-override', '--ignore-last-opened',
    '--user-data-dir', profile.userData, '--extensions-dir', profile.extensions, workspace];
  const child = spawn(codeServerBin, args, { env: profile.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const log = createWriteStream(join(tmp, 'code-server.log'));
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const stop = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGTERM'); // the whole process group: code-server forks its extension host
    } catch {
      // already gone
    }
  };
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
  } catch (e) {
    stop();
    throw new Error(`${(e as Error).message}; log: ${join(tmp, 'code-server.log')}`);
  }
  return { port, process: child, tmp, env: profile.env, stop };
}

export async function launchChromium(tmp: string, env: NodeJS.ProcessEnv): Promise<BrowserContext> {
  return chromium.launchPersistentContext(join(tmp, 'chromium-profile'), {
    executablePath: chromiumBin, headless: true, env, viewport: { width: 1400, height: 850 }, args: chromiumArgs,
  });
}

async function main(): Promise<number> {
  const started = Date.now();
  const args = parseHostArgs(process.argv.slice(2));
  const timeoutMs = Number(process.env.TEST_TIMEOUT_MS ?? 300_000);
  const server = await startCodeServer(args.workspace);
  console.log(`[code-server host] code-server up on 127.0.0.1:${server.port} after ${Date.now() - started} ms (logs in ${server.tmp})`);
  let context: BrowserContext | undefined;
  let exitCode = 1;
  const timer = setTimeout(() => {
    console.error(`[code-server host] TIMEOUT after ${timeoutMs} ms; logs in ${server.tmp}`);
    server.stop();
    process.exit(124);
  }, timeoutMs);
  try {
    context = await launchChromium(server.tmp, server.env);
    const page = context.pages()[0] ?? (await context.newPage());
    // VS Code's test mode in the browser reports through these two window functions.
    const finished = new Promise<number>((done) => {
      void page.exposeFunction('codeAutomationLog', (_type: string, logArgs: unknown) => console.log(...(Array.isArray(logArgs) ? logArgs : [logArgs])));
      void page.exposeFunction('codeAutomationExit', (code: number) => done(code));
    });
    if (process.env.DEBUG_PAGE) page.on('console', (m) => console.log('[page]', m.type(), m.text()));
    const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = [...args.extensionDevelopmentPaths.map((d) => ['extensionDevelopmentPath', remote(d)]), ['extensionTestsPath', remote(args.extensionTestsPath)]];
    await page.goto(`http://127.0.0.1:${server.port}/?folder=${encodeURIComponent(args.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    exitCode = await finished;
    console.log(`[code-server host] extension tests finished with exit code ${exitCode} after ${Date.now() - started} ms`);
    const shot = process.env.SCREENSHOT;
    if (shot) {
      await page.screenshot({ path: shot });
      console.log(`[code-server host] screenshot: ${shot}`);
    }
  } catch (e) {
    console.error('[code-server host] error:', e, `\n[code-server host] code-server log: ${join(server.tmp, 'code-server.log')}`);
  } finally {
    clearTimeout(timer);
    try {
      await context?.close();
    } catch {
      // browser already gone
    }
    server.stop();
    if (exitCode === 0 && !process.env.KEEP_TMP) setTimeout(() => rmSync(server.tmp, { recursive: true, force: true }), 500);
  }
  return exitCode;
}

if (require.main === module) {
  main().then(
    (code) => setTimeout(() => process.exit(code), 700),
    (e) => {
      console.error('[code-server host]', e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
