// Lists the files of the VSIX that `npm run package` built and checks that it carries what the extension loads at
// run time, and none of the sources, tests, maps or dependencies it must leave out.
import * as assert from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as yauzl from 'yauzl';

const repoRoot = join(__dirname, '..', '..');
const vsixPath = join(repoRoot, 'cnn-explorer.vsix');

function listZip(path: string): Promise<{ name: string; size: number }[]> {
  return new Promise((ok, fail) => {
    yauzl.open(path, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return fail(err ?? new Error('cannot open ' + path));
      const entries: { name: string; size: number }[] = [];
      zip.on('entry', (e: yauzl.Entry) => {
        entries.push({ name: e.fileName, size: e.uncompressedSize });
        zip.readEntry();
      });
      zip.on('end', () => ok(entries));
      zip.on('error', fail);
      zip.readEntry();
    });
  });
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('the packaged VSIX', () => {
  let names: Set<string>;
  let totalBytes = 0;

  before(async function () {
    if (!existsSync(vsixPath)) assert.fail(`${vsixPath} is missing: run \`npm run package\` first`);
    const entries = await listZip(vsixPath);
    names = new Set(entries.map((e) => e.name));
    totalBytes = entries.reduce((n, e) => n + e.size, 0);
    console.log(`      ${entries.length} files, ${(totalBytes / 1e6).toFixed(2)} MB uncompressed, ${(statSync(vsixPath).size / 1e6).toFixed(2)} MB on disk`);
  });

  it('contains the manifest entry point and every bundle the extension loads', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { main: string };
    // The analysis worker is started by path (new Worker), not required: named here so a build that drops it fails.
    const required = ['extension/package.json', 'extension/readme.md', 'extension/changelog.md', 'extension/LICENSE.txt',
      'extension/' + manifest.main.replace(/^\.\//, ''), 'extension/dist/analysisWorker.js'];
    // Everything the build put in dist/ (except source maps) is loaded at run time: bundles, webview assets, wasm.
    for (const f of filesUnder(join(repoRoot, 'dist')).filter((f) => !f.endsWith('.map'))) required.push('extension/' + relative(repoRoot, f));
    for (const f of filesUnder(join(repoRoot, 'media'))) required.push('extension/' + relative(repoRoot, f));
    const lower = new Set([...names].map((n) => n.toLowerCase()));
    const missing = required.filter((r) => !names.has(r) && !lower.has(r.toLowerCase()));
    assert.deepStrictEqual(missing, [], 'files the extension needs are missing from the VSIX');
  });

  it('leaves out sources, tests, source maps and node_modules', () => {
    const forbidden = [...names].filter((n) =>
      /^extension\/(src|test|dist-test|webview-ui|scripts|bench|node_modules|\.vscode-test|\.ci)\//.test(n) ||
      n.endsWith('.map') || (n.endsWith('.ts') && !n.endsWith('.d.ts')) || /tsconfig|eslint\.config|\.mocharc/.test(n));
    assert.deepStrictEqual(forbidden, []);
  });

  it('stays lean', () => {
    // TF.js bundled for training plus three wasm binaries and the shipped dataset subset are the bulk.
    assert.ok(totalBytes < 40e6, `VSIX content is ${(totalBytes / 1e6).toFixed(1)} MB`);
  });
});
