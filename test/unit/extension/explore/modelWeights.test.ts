// Explore reads a model's weights only from its own folder, in real temp folders: paths that escape (../, absolute,
// a symlink out) are refused before anything is read — a FIFO outside the folder, which would block a read forever,
// is never opened — and missing, truncated or too long files say which file and both byte counts.
import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readModelWeights } from '../../../../src/extension/explore/modelWeights';

const topology = { class_name: 'Sequential', config: { name: 'm', layers: [] } };
const f32 = (...values: number[]) => new Uint8Array(new Float32Array(values).buffer);

describe('readModelWeights', () => {
  let root: string;
  let modelDir: string;
  let outside: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'explore-weights-'));
    modelDir = join(root, 'model');
    outside = join(root, 'outside');
    mkdirSync(modelDir);
    mkdirSync(outside);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const writeModel = (weightsManifest: unknown, extra: Record<string, unknown> = {}) => {
    const file = join(modelDir, 'model.json');
    writeFileSync(file, JSON.stringify({ modelTopology: topology, format: 'layers-model', ...extra, ...(weightsManifest === undefined ? {} : { weightsManifest }) }));
    return file;
  };
  const oneWeight = (path: string) => [{ paths: [path], weights: [{ name: 'd/kernel', shape: [2], dtype: 'float32' }] }];
  /** A FIFO outside the model's folder: opening it for reading blocks until a writer comes, so a read would hang the test. */
  const fifoOutside = () => {
    const fifo = join(outside, 'trap.bin');
    execFileSync('mkfifo', [fifo]);
    return fifo;
  };

  it('concatenates two groups in manifest order, exactly the bytes the specs need', async () => {
    writeFileSync(join(modelDir, 'g1-shard1.bin'), f32(1, 2));
    mkdirSync(join(modelDir, 'sub'));
    writeFileSync(join(modelDir, 'sub', 'g1-shard2.bin'), f32(3));
    writeFileSync(join(modelDir, 'g2.bin'), new Uint8Array([7, 0, 0, 0, 1]));
    const file = writeModel([
      { paths: ['g1-shard1.bin', './sub/g1-shard2.bin'], weights: [{ name: 'a', shape: [3], dtype: 'float32' }] },
      { paths: ['sub/../g2.bin'], weights: [{ name: 'n', shape: [], dtype: 'int32' }, { name: 'm', shape: [1], dtype: 'bool' }] },
    ]);
    const r = await readModelWeights(file);
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepStrictEqual(r.modelTopology, topology);
    assert.deepStrictEqual(r.weightSpecs, [
      { name: 'a', shape: [3], dtype: 'float32' }, { name: 'n', shape: [], dtype: 'int32' }, { name: 'm', shape: [1], dtype: 'bool' },
    ]);
    // 3 floats (12 bytes) then the int32 7 (4 bytes) then one bool (1 byte): 17 bytes.
    assert.deepStrictEqual([...r.weightData], [...f32(1, 2, 3), 7, 0, 0, 0, 1]);
    assert.strictEqual(r.files.length, 4);
  });

  it('reads a weight file whose name starts with two dots (inside the folder: not a way out)', async () => {
    writeFileSync(join(modelDir, '..w.bin'), f32(4, 5));
    const r = await readModelWeights(writeModel(oneWeight('..w.bin')));
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepStrictEqual([...r.weightData], [...f32(4, 5)]);
  });

  it('refuses a symlink out of the folder without opening its target (a FIFO outside)', async function () {
    this.timeout(5000);
    const fifo = fifoOutside();
    symlinkSync(fifo, join(modelDir, 'weights.bin'));
    const r = await readModelWeights(writeModel(oneWeight('weights.bin')));
    assert.ok(!r.ok);
    assert.match(r.reason, /weights file 'weights\.bin' \(listed in model\.json\) resolves to .*outside[/\\]trap\.bin, outside the model's folder/);
    // A regular file outside, of exactly the size the specs need, is refused the same way.
    writeFileSync(join(outside, 'secret.bin'), f32(1, 2));
    symlinkSync(join(outside, 'secret.bin'), join(modelDir, 'secret.bin'));
    const regular = await readModelWeights(writeModel(oneWeight('secret.bin')));
    assert.ok(!regular.ok);
    assert.match(regular.reason, /'secret\.bin' .*resolves to .*secret\.bin, outside the model's folder/);
  });

  it('refuses a symlinked folder that leads out, and a FIFO inside the folder, without opening either', async function () {
    this.timeout(5000);
    fifoOutside();
    symlinkSync(outside, join(modelDir, 'linked'));
    const r = await readModelWeights(writeModel(oneWeight('linked/trap.bin')));
    assert.ok(!r.ok);
    assert.match(r.reason, /'linked\/trap\.bin'.*outside the model's folder/);
    execFileSync('mkfifo', [join(modelDir, 'fifo.bin')]);
    const inside = await readModelWeights(writeModel(oneWeight('fifo.bin')));
    assert.ok(!inside.ok);
    assert.match(inside.reason, /'fifo\.bin' \(listed in model\.json\) is not a regular file/);
  });

  it('refuses ../, absolute and URL paths, naming the path, before reading any file (a FIFO outside stays unopened)', async function () {
    this.timeout(5000);
    const fifo = fifoOutside();
    writeFileSync(join(modelDir, 'ok.bin'), f32(1, 2));
    for (const path of ['../outside/trap.bin', 'a/../../outside/trap.bin', fifo, `file://${fifo}`, 'C:\\outside\\trap.bin', '\\\\server\\share\\w.bin']) {
      // The good group comes first: nothing of it may be read either (the refusal comes before any read).
      const r = await readModelWeights(writeModel([
        ...oneWeight('ok.bin'),
        { paths: [path], weights: [{ name: 'x', shape: [2], dtype: 'float32' }] },
      ]));
      assert.ok(!r.ok, path);
      assert.ok(r.reason.includes(`'${path}'`), r.reason);
      assert.match(r.reason, /leaves model\.json's folder|is absolute|is a URL|absolute Windows path|network path/);
    }
  });

  it('says which listed file is missing', async () => {
    const r = await readModelWeights(writeModel(oneWeight('x.bin')));
    assert.ok(!r.ok);
    assert.match(r.reason, /^weights file 'x\.bin' \(listed in model\.json\) is missing/);
  });

  it('gives both byte counts for a truncated and a too long file', async () => {
    writeFileSync(join(modelDir, 'w.bin'), f32(1)); // 4 of the 8 bytes
    const short = await readModelWeights(writeModel(oneWeight('w.bin')));
    assert.ok(!short.ok);
    assert.match(short.reason, /its 1 weights need 8 bytes, but its weight files hold 4 bytes \(truncated\): 'w\.bin' \(4 bytes\)/);
    writeFileSync(join(modelDir, 'w.bin'), f32(1, 2, 3)); // 12 bytes
    const long = await readModelWeights(writeModel(oneWeight('w.bin')));
    assert.ok(!long.ok);
    assert.match(long.reason, /need 8 bytes, but its weight files hold 12 bytes \(longer than its weights\)/);
  });

  it('says Explore needs weights, and how to get them, for a model.json without any', async () => {
    for (const manifest of [undefined, [], [{ paths: [], weights: [] }]]) {
      const r = await readModelWeights(writeModel(manifest));
      assert.ok(!r.ok);
      assert.match(r.reason, /^model\.json lists no weights: Explore needs the trained weights\.$/);
      assert.match(r.hint ?? '', /LeNet: Train.*model\.save\('file:\/\/<folder>'\).*tf\.io\.withSaveHandler.*tensorflowjs_converter/);
    }
  });

  it('refuses quantized weights and a Keras architecture JSON', async () => {
    writeFileSync(join(modelDir, 'w.bin'), new Uint8Array(2));
    const q = await readModelWeights(writeModel([{ paths: ['w.bin'], weights: [{ name: 'k', shape: [2], dtype: 'float32', quantization: { dtype: 'uint8', scale: 1, min: 0 } }] }]));
    assert.ok(!q.ok);
    assert.match(q.reason, /weight 'k' is quantized/);
    const keras = join(modelDir, 'keras.json');
    writeFileSync(keras, JSON.stringify({ class_name: 'Sequential', config: { layers: [] } }));
    const k = await readModelWeights(keras);
    assert.ok(!k.ok);
    assert.match(k.reason, /Keras model's JSON .*Explore needs the trained weights/);
  });

  it('refuses weights over the size cap before reading them', async () => {
    writeFileSync(join(modelDir, 'w.bin'), f32(1, 2));
    const r = await readModelWeights(writeModel(oneWeight('w.bin')), { maxWeightBytes: 7 });
    assert.ok(!r.ok);
    assert.match(r.reason, /weights need 8 B, more than the 7 B Explore loads/);
  });
});
