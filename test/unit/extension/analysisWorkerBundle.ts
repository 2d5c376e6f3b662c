// Builds the analysis worker the way scripts/build.mjs does (one esbuild bundle, CommonJS for Node) into a temporary
// folder, so unit tests and the benchmark run the real worker thread without building the whole extension.
import { buildSync } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function buildAnalysisWorker(): string {
  const outfile = join(mkdtempSync(join(tmpdir(), 'cnn-analysis-worker-')), 'analysisWorker.js');
  buildSync({
    entryPoints: [join(__dirname, '..', '..', '..', 'src', 'extension', 'inspector', 'analysisWorker.ts')],
    outfile, bundle: true, platform: 'node', format: 'cjs', target: 'es2022', mainFields: ['module', 'main'], logLevel: 'warning',
  });
  return outfile;
}
