// Dataset source resolution (data dir → system folder → cache → download → shipped subset) on real data: the Debian
// package's full Fashion-MNIST in /usr/share/datasets/fashion-mnist (tests needing it are skipped where it is absent)
// and the subset in media/datasets.
import { strict as assert } from 'node:assert';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DATASETS, IDX_FILE_ROLES } from '../../../src/training/data/datasets';
import { DataDirError, DatasetUnavailableError, describeSource, loadDataset } from '../../../src/training/data/sources';
import { balancedSubsetIndices, idxImagesOf, idxLabelsOf, SHIPPED_SUBSET, type SubsetManifest } from '../../../src/training/data/subset';

const DEBIAN_DIR = '/usr/share/datasets/fashion-mnist';
const SUBSET_ROOT = resolve(__dirname, '../../../media/datasets');
const spec = DATASETS['fashion-mnist'];
const haveDebianData = existsSync(join(DEBIAN_DIR, 'train-images-idx3-ubyte.gz'));

/** A small well-formed dataset folder (not the real data: for the data-dir source, which checks format only). */
function writeTinyDataset(dir: string, trainCount = 12, testCount = 4): void {
  mkdirSync(dir, { recursive: true });
  const write = (base: string, count: number, images: boolean) => {
    const indices = Array.from({ length: count }, (_, i) => i);
    const bytes = images
      ? idxImagesOf(Uint8Array.from({ length: count * 784 }, (_, i) => i % 251), 28, 28, indices)
      : idxLabelsOf(Uint8Array.from(indices, (i) => i % 10), indices);
    writeFileSync(join(dir, `${base}.gz`), gzipSync(bytes));
  };
  write(spec.files.trainImages.baseName, trainCount, true);
  write(spec.files.trainLabels.baseName, trainCount, false);
  write(spec.files.testImages.baseName, testCount, true);
  write(spec.files.testLabels.baseName, testCount, false);
}

describe('dataset sources', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'sources-test-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('uses the explicit data dir first, checking format and counts', async () => {
    writeTinyDataset(join(dir, 'mine'));
    const data = await loadDataset({ dataDir: join(dir, 'mine'), systemDirs: [DEBIAN_DIR], subsetDir: SUBSET_ROOT });
    assert.equal(data.source.kind, 'data-dir');
    assert.equal(data.source.checksumsVerified, false);
    assert.equal(data.train.count, 12);
    assert.equal(data.test.count, 4);
    assert.deepEqual(data.classNames, spec.classNames);
  });

  // A folder the user named is never silently replaced by other data: its problem is the error (issue #10 D10).
  it('refuses a data dir whose images and labels disagree, naming both files, instead of using other data', async () => {
    writeTinyDataset(join(dir, 'mine'));
    const labels = idxLabelsOf(Uint8Array.from([1, 2, 3]), [0, 1, 2]);
    writeFileSync(join(dir, 'mine', `${spec.files.trainLabels.baseName}.gz`), gzipSync(labels));
    await assert.rejects(loadDataset({ dataDir: join(dir, 'mine'), systemDirs: [], subsetDir: SUBSET_ROOT }), (e: Error) => {
      assert.ok(e instanceof DataDirError, e.message);
      assert.match(e.message, /data folder .*mine/);
      assert.match(e.message, /12 images in train-images-idx3-ubyte but 3 labels in train-labels-idx1-ubyte/);
      return true;
    });
  });

  it('refuses a missing data dir, naming it', async () => {
    await assert.rejects(loadDataset({ dataDir: join(dir, 'nowhere'), systemDirs: [], subsetDir: SUBSET_ROOT }), (e: Error) =>
      e instanceof DataDirError && e.message.includes(join(dir, 'nowhere')) && /does not exist/.test(e.message));
  });

  it('refuses a data dir with a missing file or a corrupt gzip, naming the file', async () => {
    writeTinyDataset(join(dir, 'mine'));
    rmSync(join(dir, 'mine', `${spec.files.testLabels.baseName}.gz`));
    await assert.rejects(loadDataset({ dataDir: join(dir, 'mine'), systemDirs: [], subsetDir: SUBSET_ROOT }), (e: Error) =>
      e instanceof DataDirError && e.message.includes(join(dir, 'mine', spec.files.testLabels.baseName)) && /not found/.test(e.message));
    writeTinyDataset(join(dir, 'mine'));
    const images = join(dir, 'mine', `${spec.files.trainImages.baseName}.gz`);
    writeFileSync(images, readFileSync(images).subarray(0, 100));
    await assert.rejects(loadDataset({ dataDir: join(dir, 'mine'), systemDirs: [], subsetDir: SUBSET_ROOT }), (e: Error) =>
      e instanceof DataDirError && e.message.includes(images) && /gzip data is corrupt or truncated/.test(e.message));
  });

  it('reads the Debian folder with verified checksums when there is no data dir', async function () {
    if (!haveDebianData) this.skip();
    const data = await loadDataset({ systemDirs: [DEBIAN_DIR], subsetDir: SUBSET_ROOT });
    assert.equal(data.source.kind, 'system');
    assert.equal(data.source.checksumsVerified, true);
    assert.equal(data.train.count, 60000);
    assert.equal(data.test.count, 10000);
    assert.deepEqual(data.skipped, []);
  });

  it('rejects a system folder whose content does not match the checksums, then uses the cache', async function () {
    if (!haveDebianData) this.skip();
    writeTinyDataset(join(dir, 'fake-system'));
    const cache = join(dir, 'cache');
    mkdirSync(join(cache, 'fashion-mnist'), { recursive: true });
    for (const role of IDX_FILE_ROLES) {
      const name = `${spec.files[role].baseName}.gz`;
      symlinkSync(join(DEBIAN_DIR, name), join(cache, 'fashion-mnist', name));
    }
    const data = await loadDataset({ systemDirs: [join(dir, 'fake-system')], cacheDir: cache, download: false });
    assert.equal(data.source.kind, 'cache');
    assert.match(data.skipped[0].reason, /bytes after decompression, expected 47040016/);
  });

  it('downloads into the cache from a mirror (local server), verifying checksums, then reads from the cache', async function () {
    if (!haveDebianData) this.skip();
    const requests: string[] = [];
    const server = http.createServer((req, res) => {
      requests.push(req.url ?? '');
      const path = join(DEBIAN_DIR, (req.url ?? '').replace(/^\/mirror\//, ''));
      if (!req.url?.startsWith('/mirror/') || !existsSync(path)) {
        res.writeHead(404);
        res.end();
        return;
      }
      createReadStream(path).pipe(res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mirror/`;
      const cache = join(dir, 'cache');
      const progress: number[] = [];
      const first = await loadDataset({
        systemDirs: [], cacheDir: cache, download: { mirrors: [mirror], retryDelayMs: 1 },
        onProgress: (e) => { if (e.phase === 'downloading') progress.push(e.fileIndex); },
      });
      assert.equal(first.source.kind, 'download');
      assert.equal(first.source.url, mirror);
      assert.equal(first.train.count, 60000);
      assert.deepEqual([...new Set(progress)], [0, 1, 2, 3]);
      assert.deepEqual(readdirSync(join(cache, 'fashion-mnist')).sort(), Object.values(spec.files).map((f) => `${f.baseName}.gz`).sort());
      const second = await loadDataset({ systemDirs: [], cacheDir: cache, download: { mirrors: [mirror] } });
      assert.equal(second.source.kind, 'cache');
      assert.equal(requests.length, 4, 'no second download');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('falls back to the shipped subset when the download fails, and says so', async () => {
    const server = http.createServer((_req, res) => { res.writeHead(404); res.end(); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const data = await loadDataset({ systemDirs: [], cacheDir: join(dir, 'cache'), download: { mirrors: [mirror] }, subsetDir: SUBSET_ROOT });
      assert.equal(data.source.kind, 'subset');
      assert.equal(data.source.isSubset, true);
      assert.deepEqual(data.skipped.map((s) => s.kind), ['cache', 'download']);
      assert.match(data.skipped[1].reason, /HTTP 404/);
      assert.match(describeSource(data), /subset shipped with the extension \(6,000 training \/ 1,000 test images\).*not comparable/);
      assert.deepEqual(readdirSync(join(dir, 'cache', 'fashion-mnist')), [], 'no partial files in the cache');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('throws a DatasetUnavailableError listing every source tried when nothing works', async () => {
    await assert.rejects(loadDataset({ systemDirs: [join(dir, 'x'), join(dir, 'y')] }), (e: Error) =>
      e instanceof DatasetUnavailableError && /system .*x: folder does not exist/.test(e.message) && /system .*y/.test(e.message));
  });

  for (const name of ['fashion-mnist', 'mnist'] as const) {
    it(`ships a balanced ${name} subset (600 / 100 per class) with its licence notice`, async () => {
      const data = await loadDataset({ dataset: name, systemDirs: [], subsetDir: SUBSET_ROOT });
      assert.equal(data.source.kind, 'subset');
      const perClass = (labels: Uint8Array) => Array.from({ length: 10 }, (_, c) => labels.filter((l) => l === c).length);
      assert.deepEqual(perClass(data.train.labels), new Array(10).fill(SHIPPED_SUBSET.trainPerClass));
      assert.deepEqual(perClass(data.test.labels), new Array(10).fill(SHIPPED_SUBSET.testPerClass));
      assert.match(readFileSync(join(SUBSET_ROOT, name, 'LICENSE'), 'utf8'), name === 'fashion-mnist' ? /MIT License[\s\S]*Zalando SE/ : /Attribution-Share Alike 3\.0/);
    });
  }

  it('draws the subset from the real data: images byte-identical, selection reproducible', async function () {
    if (!haveDebianData) this.skip();
    const full = await loadDataset({ systemDirs: [DEBIAN_DIR] });
    const subset = await loadDataset({ systemDirs: [], subsetDir: SUBSET_ROOT });
    const manifest = JSON.parse(readFileSync(join(SUBSET_ROOT, 'fashion-mnist', 'subset.json'), 'utf8')) as SubsetManifest;
    assert.deepEqual(manifest.trainIndices, Array.from(balancedSubsetIndices(full.train.labels, 10, 600, SHIPPED_SUBSET.seed)));
    assert.deepEqual(manifest.testIndices, Array.from(balancedSubsetIndices(full.test.labels, 10, 100, SHIPPED_SUBSET.seed + 1)));
    for (const [part, indices] of [['train', manifest.trainIndices], ['test', manifest.testIndices]] as const) {
      indices.forEach((source, i) => {
        const a = subset[part].images.subarray(i * 784, (i + 1) * 784);
        const b = full[part].images.subarray(source * 784, (source + 1) * 784);
        if (!Buffer.from(a).equals(Buffer.from(b))) assert.fail(`${part} image ${i} differs from original ${source}`);
        assert.equal(subset[part].labels[i], full[part].labels[source]);
      });
    }
  });
});
