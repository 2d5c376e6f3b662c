// The one integration entry: calls @vscode/test-electron's runTests() for the suite in ./suite.
//   VSCODE_TEST_HOST=code-server  -> the "VS Code executable" is our code-server host (VS Code 1.100.3 in Chromium)
//   VSCODE_TEST_HOST=desktop      -> download desktop VS Code 1.100.3 (fails where it cannot be downloaded)
//   unset                         -> try the download; where VS Code cannot be downloaded, use code-server
import { chmodSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';

const VSCODE_VERSION = '1.100.3';
const repoRoot = resolve(__dirname, '..', '..');

async function pickExecutable(): Promise<string> {
  const codeServerHost = join(__dirname, 'codeServerHost.js');
  chmodSync(codeServerHost, 0o755); // spawned directly by runTests, through its shebang
  const host = process.env.VSCODE_TEST_HOST;
  if (host === 'code-server') return codeServerHost;
  try {
    return await downloadAndUnzipVSCode({ version: VSCODE_VERSION, timeout: 15_000, cachePath: join(repoRoot, '.vscode-test') });
  } catch (e) {
    if (host === 'desktop') throw e;
    console.log(`[runTest] desktop VS Code ${VSCODE_VERSION} cannot be downloaded here (${(e as Error).message.split('\n')[0]}); using code-server.`);
    return codeServerHost;
  }
}

async function main(): Promise<void> {
  const artifacts = join(repoRoot, 'test-artifacts');
  mkdirSync(artifacts, { recursive: true });
  process.env.SCREENSHOT ??= join(artifacts, 'vscode-integration.png');
  await runTests({
    vscodeExecutablePath: await pickExecutable(),
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: join(__dirname, 'suite', 'index.js'),
    launchArgs: [join(repoRoot, 'test', 'fixtures', 'workspace'), '--disable-extensions'],
  });
}

main().catch((e) => {
  console.error('[runTest] integration tests failed:', e instanceof Error ? e.message : e);
  process.exit(1);
});
