// `npm test`: everything CI checks, in one command that works on a fresh machine of this kind (Debian, root,
// npm registry and Debian packages only). Stages run in order; a failed check does not hide the later ones.
// The last line is the plain count "N passed, N failed" over every mocha test of every stage.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const isRoot = process.getuid?.() === 0;
const results = [];
let passed = 0;
let failed = 0;
let skipped = 0;

function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let output = '';
    const tee = (stream, sink) => stream.on('data', (chunk) => { output += chunk; sink.write(chunk); });
    tee(child.stdout, process.stdout);
    tee(child.stderr, process.stderr);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** Counts mocha's "N passing / N failing / N pending" lines (a stage may run several mocha instances). */
function countMocha(output) {
  const sum = (re) => [...output.matchAll(re)].reduce((n, m) => n + Number(m[1]), 0);
  return { passing: sum(/^\s*(\d+) passing/gm), failing: sum(/^\s*(\d+) failing/gm), pending: sum(/^\s*(\d+) pending/gm) };
}

async function stage(name, command, args, { mocha = false, env = {} } = {}) {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const { code, output } = await run(command, args, env);
  let ok = code === 0;
  if (mocha) {
    const c = countMocha(output);
    passed += c.passing;
    failed += c.failing;
    skipped += c.pending;
    if (c.passing + c.failing === 0) {
      ok = false;
      failed += 1; // a test stage that ran no test is a failure, not a pass
      console.log(`[test] ${name} ran no test`);
    } else if (!ok && c.failing === 0) {
      failed += 1; // the runner itself failed (crash, timeout) after its tests passed
    }
  } else if (!ok) {
    failed += 1;
  }
  results.push({ name, ok, why: ok ? '' : whyFailed(output) });
  return ok;
}

/**
 * What to repeat under the summary for a failed stage, since CI shows only the end of the log: mocha's "failing"
 * section when there is one (each failed test with its error), else the stage's last lines (a crash or a timeout).
 */
function whyFailed(output) {
  const lines = output.split('\n');
  const start = lines.findIndex((l) => /^\s*\d+ failing/.test(l));
  const picked = start >= 0 ? lines.slice(start, start + 80) : lines.slice(-40);
  return picked.map((l) => `    ${l}`).join('\n');
}

function have(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** Debian packages the browser, VS Code, dataset and PyTorch tests need. */
function ensureSystemPackages() {
  const missing = [];
  if (!existsSync(process.env.CHROMIUM_BIN ?? '/usr/bin/chromium')) missing.push('chromium');
  if (!have('rg')) missing.push('ripgrep');
  if (!have('krb5-config')) missing.push('libkrb5-dev');
  // The full, real Fashion-MNIST: the dataset tests check the Debian copy and its checksums (they skip without it).
  if (!existsSync('/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz')) missing.push('dataset-fashion-mnist');
  // PyTorch is the oracle of the PyTorch front end's tests and the engine the PyTorch-engine tests run (the user's
  // own in the product; never bundled). Debian's python3-torch (1.13).
  if (spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' }).status !== 0) missing.push('python3-torch');
  if (missing.length === 0) return true;
  if (!isRoot) {
    console.error(`[test] missing Debian packages; install them and re-run: sudo apt-get install -y ${missing.join(' ')}`);
    return false;
  }
  console.log(`[test] installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install = update.status === 0 && spawnSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
  return Boolean(install && install.status === 0);
}

const setupOk = ensureSystemPackages() && (await stage('install code-server (VS Code 1.100.3)', 'sh', ['scripts/install-code-server.sh']));
if (!setupOk) {
  console.log('\n0 passed, 1 failed');
  process.exit(1);
}

await stage('type-check', 'npx', ['tsc', '-p', '.', '--noEmit']);
await stage('lint', 'npx', ['eslint', '.']);
// Unit tests read .mocharc.json; the other mocha stages name their own files (--no-config, or mocha would add
// the unit specs to theirs).
const mochaTs = (spec, ...extra) => ['mocha', '--no-config', '--require', 'tsx/cjs', '--extension', 'ts', '--reporter', 'spec', '--no-color', ...extra, spec];
await stage('unit tests', 'npx', ['mocha', '--reporter', 'spec'], { mocha: true });
await stage('build', 'node', ['scripts/build.mjs', '--tests']);
await stage('integration tests in VS Code (code-server)', 'node', ['dist-test/integration/runTest.js'], { mocha: true, env: { VSCODE_TEST_HOST: process.env.VSCODE_TEST_HOST ?? 'code-server' } });
// The same host with workspace trust on and the folder untrusted: what Restricted Mode refuses (the *.untrusted.js files).
await stage('integration tests in an untrusted workspace (code-server)', 'node', ['dist-test/integration/runTest.js'], {
  mocha: true,
  env: { VSCODE_TEST_HOST: process.env.VSCODE_TEST_HOST ?? 'code-server', CODE_SERVER_WORKSPACE_TRUST: '1', LENET_INTEGRATION_ONLY: 'pytorchEngineUntrusted.untrusted.js' },
});
await stage('browser tests (dashboard in Chromium)', 'npx', [...mochaTs('test/browser/dashboard.browser.ts', '--timeout', '180000'), 'test/browser/pytorch.browser.ts', 'test/browser/explore.browser.ts'], { mocha: true });
await stage('package the VSIX', 'npm', ['run', 'package', '--silent']);
await stage('VSIX contents', 'npx', mochaTs('test/package/**/*.test.ts'), { mocha: true });

console.log('\n=== summary');
for (const r of results.filter((x) => !x.ok)) console.log(`--- why "${r.name}" failed:\n${r.why}`);
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}`);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
