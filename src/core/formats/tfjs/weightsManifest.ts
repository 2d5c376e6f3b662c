// A TF.js model.json's `weightsManifest` (TF.js io's WeightsManifestConfig): which files hold the weights and what
// each weight is. Read here without I/O: the caller reads the files, and only after every path passed the rules below,
// because a model.json is untrusted content and its paths must not reach outside the model's own folder.
import { isObject } from './jsonShape';

/** The weight dtypes whose bytes are fixed per element (TF.js io's DTYPE_VALUE_SIZE_MAP). */
export const WEIGHT_DTYPE_BYTES = { float32: 4, int32: 4, bool: 1 } as const;

export type WeightDtype = keyof typeof WEIGHT_DTYPE_BYTES;

export interface WeightEntry {
  name: string;
  shape: number[];
  dtype: WeightDtype;
}

export interface WeightsGroup {
  /** The manifest's paths, as written (for messages). */
  paths: string[];
  /**
   * The same paths made relative to the model's folder and normalised (`./a/../w.bin` → `w.bin`), `/`-separated;
   * each stays inside the folder.
   */
  relativePaths: string[];
  weights: WeightEntry[];
  /** Bytes the group's weights need: its files, concatenated in order, must hold exactly this many. */
  bytes: number;
}

export interface WeightsManifest {
  groups: WeightsGroup[];
  /** Bytes of every group. */
  bytes: number;
}

export type WeightsManifestResult =
  | { ok: true; manifest: WeightsManifest }
  /** `absent`: the model.json has no weightsManifest (or lists no weights); `invalid`: it has one that is refused. */
  | { ok: false; kind: 'absent' | 'invalid'; message: string };


/**
 * Reads `weightsManifest` from a parsed model.json value. Refused with a message that names the weight or path and
 * the rule: quantized weights, dtypes of no fixed size (string, complex64), shapes that are not lists of whole
 * numbers, and paths that leave the model's folder (see weightPathProblem).
 */
export function readWeightsManifest(modelJson: unknown): WeightsManifestResult {
  if (!isObject(modelJson)) return invalid('model.json is not a JSON object');
  const raw = modelJson.weightsManifest;
  if (raw === undefined || raw === null) return { ok: false, kind: 'absent', message: 'model.json has no weightsManifest' };
  if (!Array.isArray(raw)) return invalid('weightsManifest is not a list of groups');
  const groups: WeightsGroup[] = [];
  let total = 0;
  for (const [g, group] of raw.entries()) {
    const where = `weightsManifest[${g}]`;
    if (!isObject(group)) return invalid(`${where} is not an object with paths and weights`);
    if (!Array.isArray(group.paths) || !group.paths.every((p) => typeof p === 'string')) return invalid(`${where}.paths is not a list of file paths`);
    if (!Array.isArray(group.weights)) return invalid(`${where}.weights is not a list of weights`);
    const paths = group.paths as string[];
    const relativePaths: string[] = [];
    for (const path of paths) {
      const checked = checkWeightPath(path);
      if ('problem' in checked) return invalid(`weights path '${path}' in ${where}.paths ${checked.problem}`);
      relativePaths.push(checked.relative);
    }
    const weights: WeightEntry[] = [];
    let bytes = 0;
    for (const [w, entry] of group.weights.entries()) {
      const read = readEntry(entry, `${where}.weights[${w}]`);
      if ('problem' in read) return invalid(read.problem);
      weights.push(read.entry);
      bytes += read.bytes;
    }
    if (weights.length > 0 && paths.length === 0) return invalid(`${where} lists ${weights.length} weights but no file paths`);
    groups.push({ paths, relativePaths, weights, bytes });
    total += bytes;
  }
  if (groups.every((g) => g.weights.length === 0)) return { ok: false, kind: 'absent', message: 'model.json\'s weightsManifest lists no weights' };
  return { ok: true, manifest: { groups, bytes: total } };
}

function invalid(message: string): WeightsManifestResult {
  return { ok: false, kind: 'invalid', message };
}

function readEntry(entry: unknown, where: string): { entry: WeightEntry; bytes: number } | { problem: string } {
  if (!isObject(entry) || typeof entry.name !== 'string') return { problem: `${where} is not a weight with a name, shape and dtype` };
  const name = entry.name;
  if (entry.quantization !== undefined && entry.quantization !== null) {
    return { problem: `weight '${name}' is quantized (${where}.quantization): Explore reads only unquantized float32, int32 and bool weights; convert the model without quantization (tensorflowjs_converter without --quantize_*)` };
  }
  const dtype = entry.dtype;
  if (typeof dtype !== 'string' || !Object.hasOwn(WEIGHT_DTYPE_BYTES, dtype)) {
    return { problem: `weight '${name}' has dtype ${JSON.stringify(dtype)} (${where}.dtype): Explore reads float32, int32 and bool weights` };
  }
  const shape = entry.shape;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
    return { problem: `weight '${name}' has shape ${JSON.stringify(shape)} (${where}.shape), not a list of whole numbers` };
  }
  const elements = (shape as number[]).reduce((a, b) => a * b, 1);
  const bytes = elements * WEIGHT_DTYPE_BYTES[dtype as WeightDtype];
  if (!Number.isSafeInteger(bytes)) return { problem: `weight '${name}' has shape [${shape.join(', ')}], too large to hold` };
  return { entry: { name, shape: [...shape] as number[], dtype: dtype as WeightDtype }, bytes };
}

/**
 * Why a weights path may not be read, or its normalised form relative to the model's folder. TF.js joins each path to
 * model.json's folder; Explore reads only paths that stay in it after normalisation. `\` counts as a separator (a
 * model.json written on Windows), so `..\x` is refused like `../x`.
 */
export function checkWeightPath(path: string): { relative: string } | { problem: string } {
  if (path === '') return { problem: 'is empty' };
  if (path.includes('\0')) return { problem: 'contains a NUL character' };
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(path)) {
    // A drive letter (C:\x, C:x) or a URL scheme (file:, http:, data:): both name something outside the folder.
    return /^[A-Za-z]:/.test(path)
      ? { problem: 'is an absolute Windows path: weights paths must be relative to model.json\'s folder' }
      : { problem: 'is a URL: Explore reads weights only from files in model.json\'s folder, never from a URL' };
  }
  if (path.startsWith('\\\\') || path.startsWith('//')) return { problem: 'is a network path: weights paths must be relative to model.json\'s folder' };
  if (path.startsWith('/') || path.startsWith('\\')) return { problem: 'is absolute: weights paths must be relative to model.json\'s folder' };
  const segments: string[] = [];
  for (const segment of path.split(/[\\/]+/)) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) return { problem: 'leaves model.json\'s folder (..): Explore reads weights only from the model\'s own folder' };
      segments.pop();
    } else {
      segments.push(segment);
    }
  }
  if (segments.length === 0) return { problem: 'names the folder itself, not a file' };
  return { relative: segments.join('/') };
}
