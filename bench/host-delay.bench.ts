// The extension host's event-loop delay while "LeNet: Train" runs (issue 5's goal: < 50 ms), in the real VS Code host
// (code-server 4.100.3 = VS Code 1.100.3, as the integration tests use it): builds the extension and the integration
// bundle, then runs only test/integration/suite/hostDelay.bench.ts inside the host — a 10 s idle baseline, then the
// notebook recipe on the full dataset — and prints the figures with the machine, load and backend.
//   npx tsx bench/host-delay.bench.ts [--epochs N] [--no-port-scan]      (npm run bench:host-delay)
// --no-port-scan sets "remote.autoForwardPorts": false: code-server's extension host otherwise runs `ps` (exec) every
// few seconds while it has child processes, to find ports to forward — 30–100 ms stalls that are VS Code's, not ours.
import { spawn, spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';

const repoRoot = resolve(__dirname, '..');

function main(): void {
  const args = process.argv.slice(2);
  const epochsArg = args.indexOf('--epochs');
  const epochs = epochsArg >= 0 ? Number(args[epochsArg + 1]) : 1;
  if (!(Number.isInteger(epochs) && epochs > 0)) throw new Error('--epochs takes a positive integer');
  const noPortScan = args.includes('--no-port-scan');
  const build = spawnSync(process.execPath, ['scripts/build.mjs', '--tests'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the build failed');
  const load = () => loadavg().map((l) => l.toFixed(1)).join(' / ');
  const loadBefore = load();
  const child = spawn(process.execPath, ['dist-test/integration/runTest.js'], {
    cwd: repoRoot,
    env: {
      ...process.env, VSCODE_TEST_HOST: 'code-server', LENET_INTEGRATION_ONLY: 'hostDelay.bench.js', LENET_HOST_DELAY_EPOCHS: String(epochs),
      ...(noPortScan ? { CODE_SERVER_EXTRA_SETTINGS: JSON.stringify({ 'remote.autoForwardPorts': false, 'remote.autoForwardPortsSource': 'output' }) } : {}),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
  child.on('exit', (code) => {
    const results = out.split('\n').filter((l) => l.includes('BENCH {')).map((l) => JSON.parse(l.slice(l.indexOf('BENCH ') + 6)) as Record<string, number | string | null>);
    if (code !== 0 || results.length < 2) {
      process.stdout.write(out);
      console.error(`host-delay bench failed (exit ${code}, ${results.length} results)`);
      process.exit(1);
    }
    console.log(`Extension host event-loop delay, VS Code 1.100.3 (code-server), ${noPortScan ? 'port auto-forwarding off' : 'default settings'}, ${new Date().toISOString()}`);
    console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}; load average ${loadBefore} → ${load()}`);
    console.log('| what | seconds | mean ms | p99 ms | max ms | backend | samples/s | test accuracy |');
    console.log('|---|---:|---:|---:|---:|---|---:|---:|');
    for (const r of results) {
      const f = (v: unknown, d = 1) => (typeof v === 'number' ? v.toFixed(d) : '—');
      const what = r.what === 'idle' ? 'idle host (baseline)' : `LeNet: Train, notebook recipe, ${epochs} epoch(s), ${(r.dataset as unknown as { source?: string; trainSize?: number } | null)?.source ?? '?'} data (${(r.dataset as unknown as { trainSize?: number } | null)?.trainSize ?? '?'} training images)`;
      console.log(`| ${what} | ${f(r.seconds, 0)} | ${f(r.meanMs)} | ${f(r.p99Ms)} | ${f(r.maxMs)} | ${r.backend ?? '—'} | ${f(r.samplesPerSecond, 0)} | ${typeof r.testAccuracy === 'number' ? `${(r.testAccuracy * 100).toFixed(2)}%` : '—'} |`);
    }
    for (const r of results) {
      const stalls = (r.stalls ?? []) as unknown as { atS: number; lagMs: number; after: string }[];
      console.log(`worst stalls of a 5 ms timer, ${r.what} (s in, lag, last training message): ${stalls.map((s) => `${s.atS} s +${s.lagMs} ms (after ${s.after})`).join('; ') || 'none over 25 ms'}`);
    }
  });
}

main();
