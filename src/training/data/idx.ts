// Reader for the IDX format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/, "FILE FORMATS"):
//   bytes 0-1  zero           bytes 2  dtype code (0x08 = unsigned byte, ...)     byte 3  number of dimensions n
//   then n big-endian uint32 sizes, then the values, row-major, big-endian.
// Files may be gzip-compressed (detected by the gzip magic 1f 8b, not by the file name); inflating stops at the size
// the header declares. Every check produces an error that names the file and what is wrong, because a truncated
// download or a wrong file is the usual cause.
import { readFileSync } from 'node:fs';
import { constants as zlibConstants, gunzipSync } from 'node:zlib';

/** IDX dtype codes and their element sizes. Only unsigned bytes occur in (Fashion-)MNIST, but the header may say otherwise. */
const IDX_DTYPES: Record<number, { name: IdxDtype; bytes: number }> = {
  0x08: { name: 'uint8', bytes: 1 },
  0x09: { name: 'int8', bytes: 1 },
  0x0b: { name: 'int16', bytes: 2 },
  0x0c: { name: 'int32', bytes: 4 },
  0x0d: { name: 'float32', bytes: 4 },
  0x0e: { name: 'float64', bytes: 8 },
};

export type IdxDtype = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

export interface IdxArray {
  dtype: IdxDtype;
  /** Sizes of each dimension, e.g. [60000, 28, 28] for an images file, [60000] for labels. */
  shape: number[];
  /** The values, for uint8 files a view of the (decompressed) bytes. */
  data: Uint8Array;
}

export class IdxFormatError extends Error {
  constructor(readonly source: string, detail: string) {
    super(`${source}: not a valid IDX file: ${detail}`);
    this.name = 'IdxFormatError';
  }
}

/** What the caller requires of the file; mismatches are reported as errors. */
export interface IdxExpectation {
  dtype?: IdxDtype;
  /** Exact shape; `null` entries accept any size (e.g. [null, 28, 28]). */
  shape?: (number | null)[];
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * The most an IDX file is inflated to when nothing else bounds it: 1 GiB, twenty times the full (Fashion-)MNIST
 * training images (47 MB) that this trainer holds in memory.
 */
export const MAX_IDX_BYTES = 2 ** 30;

/**
 * Decompresses an IDX file when the bytes are gzip (by magic number), else returns them unchanged. Inflating stops at
 * the size the IDX header declares (read from the first inflated bytes), so a gzip bomb costs that much and no more;
 * a header declaring more than `maxBytes` (default MAX_IDX_BYTES) is refused before the body is inflated.
 */
export function maybeGunzip(bytes: Uint8Array, source: string, maxBytes = MAX_IDX_BYTES): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  const header = inflatedHeader(bytes, source);
  if (header === undefined) return gunzipAtMost(bytes, source, maxBytes); // shorter than a header: parseIdx says so
  const declared = idxHeader(header, source);
  if (declared.totalBytes > maxBytes) {
    throw new IdxFormatError(source, `header declares ${declared.totalBytes} bytes (shape [${declared.shape.join(', ')}]), more than the ${maxBytes} expected`);
  }
  try {
    return gunzipSync(bytes, { maxOutputLength: Math.max(1, declared.totalBytes) });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new IdxFormatError(source, `gzip data decompresses to more than the ${declared.totalBytes} bytes its header declares (shape [${declared.shape.join(', ')}])`);
    }
    throw new IdxFormatError(source, `gzip data is corrupt or truncated (${(e as Error).message})`);
  }
}

/** Decompresses gzip bytes (others are returned unchanged), stopping past `maxBytes` of output. */
export function gunzipAtMost(bytes: Uint8Array, source: string, maxBytes: number): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes, { maxOutputLength: Math.max(1, maxBytes) });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new IdxFormatError(source, `gzip data decompresses to more than the ${maxBytes} bytes expected`);
    }
    throw new IdxFormatError(source, `gzip data is corrupt or truncated (${(e as Error).message})`);
  }
}

/** The largest IDX header: 4 bytes, then 255 sizes of 4 bytes. */
const MAX_HEADER_BYTES = 4 + 4 * 255;

/**
 * The first inflated bytes of a gzip stream, enough for the IDX header, from a growing compressed prefix (a prefix
 * of k bytes inflates to at most ~1032·k, so this stays small even for a bomb). Undefined when the whole stream
 * inflates to less than a header.
 */
function inflatedHeader(bytes: Uint8Array, source: string): Uint8Array | undefined {
  for (let prefix = 256; ; prefix *= 8) {
    const whole = prefix >= bytes.length;
    let out: Uint8Array;
    try {
      out = gunzipSync(bytes.subarray(0, prefix), { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    } catch (e) {
      throw new IdxFormatError(source, `gzip data is corrupt or truncated (${(e as Error).message})`);
    }
    if (out.length >= 4 && out.length >= 4 + 4 * out[3]) return out.subarray(0, Math.min(out.length, MAX_HEADER_BYTES));
    if (whole) return undefined;
  }
}

/** Dtype, shape and total size (header + data) from the start of an IDX file; errors name the file. */
function idxHeader(bytes: Uint8Array, source: string): { dtype: { name: IdxDtype; bytes: number }; shape: number[]; headerBytes: number; totalBytes: number } {
  if (bytes.length < 4) throw new IdxFormatError(source, `only ${bytes.length} bytes, shorter than the 4-byte header`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new IdxFormatError(source, `bad magic number 0x${hex(bytes, 0, 4)} (expected 0x0000 then a dtype and a rank)`);
  }
  const dtype = IDX_DTYPES[bytes[2]];
  if (dtype === undefined) throw new IdxFormatError(source, `unknown dtype code 0x${bytes[2].toString(16).padStart(2, '0')}`);
  const rank = bytes[3];
  if (rank === 0) throw new IdxFormatError(source, 'zero dimensions');
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    throw new IdxFormatError(source, `truncated header: ${rank} dimensions need ${headerBytes} bytes, file has ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) shape.push(view.getUint32(4 + 4 * i, false));
  const count = shape.reduce((a, b) => a * b, 1);
  return { dtype, shape, headerBytes, totalBytes: headerBytes + count * dtype.bytes };
}

/** Parses an uncompressed IDX buffer. */
export function parseIdx(bytes: Uint8Array, source = 'IDX data', expect: IdxExpectation = {}): IdxArray {
  const { dtype, shape, headerBytes, totalBytes: expectedBytes } = idxHeader(bytes, source);
  if (bytes.length < expectedBytes) {
    throw new IdxFormatError(source, `truncated: header declares shape [${shape.join(', ')}] (${expectedBytes} bytes), file has ${bytes.length}`);
  }
  if (bytes.length > expectedBytes) {
    throw new IdxFormatError(source, `${bytes.length - expectedBytes} unexpected bytes after the data of shape [${shape.join(', ')}]`);
  }
  if (expect.dtype !== undefined && expect.dtype !== dtype.name) {
    throw new IdxFormatError(source, `dtype is ${dtype.name}, expected ${expect.dtype}`);
  }
  if (expect.shape !== undefined) {
    const ok = expect.shape.length === shape.length && expect.shape.every((s, i) => s === null || s === shape[i]);
    if (!ok) {
      const want = expect.shape.map((s) => (s === null ? '*' : String(s))).join(', ');
      throw new IdxFormatError(source, `shape is [${shape.join(', ')}], expected [${want}]`);
    }
  }
  return { dtype: dtype.name, shape, data: bytes.subarray(headerBytes) };
}

/** Reads an IDX file, gzip-compressed or raw. */
export function readIdxFile(path: string, expect: IdxExpectation = {}): IdxArray {
  return parseIdx(maybeGunzip(readFileSync(path), path), path, expect);
}

function hex(bytes: Uint8Array, from: number, to: number): string {
  return Array.from(bytes.subarray(from, to), (b) => b.toString(16).padStart(2, '0')).join('');
}
