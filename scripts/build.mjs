// One esbuild script for every bundle (the hexeditor pattern): extension host, CLI, training process, webview,
// and (with --tests) the integration suite that runs inside VS Code's extension host.
//   node scripts/build.mjs [--watch] [--production] [--tests]
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const args = new Set(process.argv.slice(2));
const watch = args.has('--watch');
const production = args.has('--production');
const tests = args.has('--tests');

// TF.js itself (pure JS) is bundled so the VSIX needs no node_modules. Only the native backends stay external:
// tfjs-node carries a native addon and is an optional dependency loaded at run time when it is installed.
// The wasm backend's .wasm binaries are copied next to the bundles (dist/wasm/) and found via setWasmPaths.
const tfjsExternals = ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'];

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'info',
  target: 'es2022',
  // Prefer packages' ES module builds: jsonc-parser's default UMD build requires its own files dynamically, which a
  // bundler cannot follow.
  mainFields: ['module', 'main'],
};

/** Only entries that exist are built, so a bundle appears as soon as its entry file lands. */
const configs = [
  { entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', external: ['vscode', ...tfjsExternals] },
  // The editor's model analysis runs in this worker thread, off the extension host's thread (pure src/core, no TF.js).
  { entryPoints: ['src/extension/inspector/analysisWorker.ts'], outfile: 'dist/analysisWorker.js', platform: 'node', format: 'cjs' },
  { entryPoints: ['src/extension/pytorch/faces/pytorchAnalysisWorker.ts'], outfile: 'dist/pytorchAnalysisWorker.js', platform: 'node', format: 'cjs' },
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', external: tfjsExternals, banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['src/training/trainerProcess.ts'], outfile: 'dist/trainer.js', platform: 'node', format: 'cjs', external: tfjsExternals },
  // The Explore tab's TF.js wasm binary is inlined ('.wasm': 'binary'), so the page never fetches it (README Known gaps:
  // a fetch pending when a webview closes stalls the next dashboard).
  { entryPoints: ['webview-ui/main.ts'], outfile: 'dist/webview/main.js', platform: 'browser', format: 'iife', loader: { '.css': 'css', '.ttf': 'dataurl', '.wasm': 'binary' } },
].filter((c) => existsSync(c.entryPoints[0]));

function listTs(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? listTs(p) : p.endsWith('.ts') ? [p] : [];
  });
}

if (tests) {
  configs.push({
    entryPoints: listTs('test/integration'),
    outdir: 'dist-test/integration',
    outbase: 'test/integration',
    platform: 'node',
    format: 'cjs',
    bundle: true,
    // mocha and playwright stay as real modules: mocha must be the same instance the suite registers with.
    external: ['vscode', 'mocha', 'playwright-core', '@vscode/test-electron', ...tfjsExternals],
    // codeServerHost.js is spawned directly as a "VS Code executable"; Node ignores the line in required files.
    banner: { js: '#!/usr/bin/env node' },
  });
}

// A production build (the VSIX) starts from an empty dist/ so no stale bundle or source map is packaged.
if (production) rmSync('dist', { recursive: true, force: true });

function copyWasmBinaries() {
  const from = 'node_modules/@tensorflow/tfjs-backend-wasm/dist';
  mkdirSync('dist/wasm', { recursive: true });
  for (const f of readdirSync(from).filter((n) => n.endsWith('.wasm'))) copyFileSync(join(from, f), join('dist/wasm', f));
}
copyWasmBinaries();

const contexts = await Promise.all(configs.map((c) => esbuild.context({ ...common, ...c })));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[build] watching', configs.length, 'bundles');
} else {
  try {
    await Promise.all(contexts.map((c) => c.rebuild()));
  } finally {
    await Promise.all(contexts.map((c) => c.dispose()));
  }
}
