import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { IdxFormatError, maybeGunzip, parseIdx, readIdxFile } from '../../../src/training/data/idx';
import { idxImagesOf, idxLabelsOf } from '../../../src/training/data/subset';

/** A valid 3-image 2×2 IDX images file: header 0x00000803, [3, 2, 2], then 12 bytes 0..11. */
function tinyImages(): Uint8Array {
  return idxImagesOf(Uint8Array.from({ length: 12 }, (_, i) => i), 2, 2, [0, 1, 2]);
}

describe('IDX reader', () => {
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'idx-test-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a raw file: dtype, shape and data from the header', () => {
    const idx = parseIdx(tinyImages(), 'tiny');
    assert.equal(idx.dtype, 'uint8');
    assert.deepEqual(idx.shape, [3, 2, 2]);
    assert.deepEqual(Array.from(idx.data), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('reads gzip-compressed and raw files alike, detecting gzip by its magic bytes, not the name', () => {
    const raw = join(dir, 'a.gz'); // a raw file with a misleading name
    const gz = join(dir, 'b-idx3-ubyte'); // a gzip file without .gz
    writeFileSync(raw, tinyImages());
    writeFileSync(gz, gzipSync(tinyImages()));
    assert.deepEqual(readIdxFile(raw).shape, [3, 2, 2]);
    assert.deepEqual(Array.from(readIdxFile(gz).data), Array.from(readIdxFile(raw).data));
  });

  it('reads labels (rank 1)', () => {
    const idx = parseIdx(idxLabelsOf(Uint8Array.from([7, 2, 9]), [0, 1, 2]), 'labels', { dtype: 'uint8', shape: [null] });
    assert.deepEqual(idx.shape, [3]);
    assert.deepEqual(Array.from(idx.data), [7, 2, 9]);
  });

  const bad: [string, () => Uint8Array, RegExp][] = [
    ['a wrong magic number', () => { const b = tinyImages(); b[0] = 0x12; return b; }, /bad magic number 0x12000803/],
    ['an unknown dtype code', () => { const b = tinyImages(); b[2] = 0x42; return b; }, /unknown dtype code 0x42/],
    ['fewer than 4 bytes', () => Uint8Array.from([0, 0, 8]), /only 3 bytes/],
    ['a truncated header', () => tinyImages().subarray(0, 10), /truncated header: 3 dimensions need 16 bytes, file has 10/],
    ['truncated data', () => tinyImages().subarray(0, 20), /truncated: header declares shape \[3, 2, 2\] \(28 bytes\), file has 20/],
    ['a count larger than the data', () => { const b = tinyImages(); b[7] = 4; return b; }, /truncated: header declares shape \[4, 2, 2\] \(32 bytes\), file has 28/],
    ['bytes after the data', () => Uint8Array.from([...tinyImages(), 1, 2]), /2 unexpected bytes after the data/],
  ];
  for (const [what, make, message] of bad) {
    it(`rejects ${what} with a clear error naming the file`, () => {
      const path = join(dir, 'bad-idx3-ubyte');
      writeFileSync(path, make());
      assert.throws(() => readIdxFile(path), (e: Error) => e instanceof IdxFormatError && e.message.startsWith(path) && message.test(e.message));
    });
  }

  it('rejects corrupt gzip data and truncated gzip files', () => {
    const gz = gzipSync(tinyImages());
    const corrupt = Uint8Array.from(gz);
    corrupt[12] ^= 0xff; // inside the deflate stream
    corrupt[gz.length - 6] ^= 0xff; // and the CRC
    const path = join(dir, 'corrupt.gz');
    writeFileSync(path, corrupt);
    assert.throws(() => readIdxFile(path), /gzip data is corrupt or truncated/);
    writeFileSync(path, gz.subarray(0, gz.length - 10));
    assert.throws(() => readIdxFile(path), /gzip data is corrupt or truncated/);
  });

  it('checks the expected dtype and shape', () => {
    assert.throws(() => parseIdx(tinyImages(), 'x', { shape: [null, 28, 28] }), /shape is \[3, 2, 2\], expected \[\*, 28, 28\]/);
    const ints = tinyImages();
    ints[2] = 0x0c; // int32: 12 values would need 48 bytes
    assert.throws(() => parseIdx(ints, 'x'), /truncated/);
    const labels = idxLabelsOf(Uint8Array.from([1, 2, 3, 4]), [0, 1, 2, 3]);
    labels[2] = 0x09;
    assert.throws(() => parseIdx(labels, 'x', { dtype: 'uint8' }), /dtype is int8, expected uint8/);
  });

  // Issue #10 D14: a gzip bomb is not inflated past what the IDX header declares (a 1 MB bomb took 41 s and 2.2 GB).
  describe('bounded decompression', () => {
    // The header declares 3 images of 2×2 (12 bytes of data); the gzip then inflates to 64 MiB.
    const bomb = () => gzipSync(Buffer.concat([Buffer.from(tinyImages().subarray(0, 16)), Buffer.alloc(64 * 2 ** 20)]));

    it('stops inflating at the size the header declares', () => {
      assert.throws(() => maybeGunzip(bomb(), 'bomb.gz'), (e: Error) =>
        e instanceof IdxFormatError && /^bomb\.gz: .*decompresses to more than the 28 bytes its header declares \(shape \[3, 2, 2\]\)/.test(e.message));
    });

    it('stops at a caller\'s limit when the header declares more', () => {
      const big = gzipSync(tinyImages());
      assert.throws(() => maybeGunzip(big, 'small.gz', 20), /small\.gz: .*header declares 28 bytes \(shape \[3, 2, 2\]\), more than the 20 expected/);
    });

    it('refuses gzip data without an IDX header before inflating it', () => {
      assert.throws(() => maybeGunzip(gzipSync(Buffer.alloc(64 * 2 ** 20)), 'zeros.gz'), /zeros\.gz: not a valid IDX file: unknown dtype code 0x00/);
    });

    it('still inflates a valid file exactly', () => {
      assert.deepEqual(Buffer.from(maybeGunzip(gzipSync(tinyImages()), 'ok.gz')), Buffer.from(tinyImages()));
    });
  });
});
