// Reads a TF.js layers model.json and its weight files for the Explore tab, only from the model's own folder: every
// path of its weightsManifest is checked by core's rules, then resolved through symlinks and checked again against the
// folder's real path, and every file is checked (a regular file, the sizes the specs need) BEFORE any is read, so a
// model.json cannot make the host read, or block on, anything outside its folder. Pure of vscode (unit-tested).
import { constants } from 'node:fs';
import { open, readFile, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { formatBytes } from '../../core/format';
import { readWeightsManifest, type WeightsGroup } from '../../core/formats/tfjs';
import type { ExploreWeightSpec } from '../../protocol';

/** The most weight bytes Explore reads (a MobileNetV2 is 14 MB; the webview holds them twice while loading). */
export const MAX_EXPLORE_WEIGHT_BYTES = 512 * 1024 * 1024;
/** The largest model.json read (its topology; weights are in the weight files). */
export const MAX_MODEL_JSON_BYTES = 64 * 1024 * 1024;

export interface ModelWeights {
  modelTopology: Record<string, unknown>;
  weightSpecs: ExploreWeightSpec[];
  /** Every group's files, concatenated in manifest order: exactly the bytes the specs need. */
  weightData: Uint8Array;
  /** What was read, with modification times and sizes: the cache re-reads when one differs. */
  files: FileStamp[];
}

export interface FileStamp {
  path: string;
  mtimeMs: number;
  size: number;
}

export type ExploreProblem = { reason: string; hint: string | null };
export type ModelWeightsResult = ({ ok: true } & ModelWeights) | ({ ok: false } & ExploreProblem);

export const NEEDS_WEIGHTS_HINT = 'Train LeNet with "LeNet: Train"; save your own model with model.save(\'file://<folder>\') '
  + '(tfjs-node) or model.save(tf.io.withSaveHandler(…)) writing model.json and its weight files into one folder; '
  + 'convert a Keras model with tensorflowjs_converter --input_format keras model.h5 <folder>.';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const fail = (reason: string, hint: string | null = null): ModelWeightsResult => ({ ok: false, reason, hint });

/** One weight file, resolved and checked, not yet read. */
interface CheckedFile {
  listed: string;
  real: string;
  size: number;
  mtimeMs: number;
}

export async function readModelWeights(modelFile: string, limits: { maxWeightBytes?: number } = {}): Promise<ModelWeightsResult> {
  const maxWeightBytes = limits.maxWeightBytes ?? MAX_EXPLORE_WEIGHT_BYTES;
  const name = basename(modelFile);
  let modelStat;
  try {
    modelStat = await stat(modelFile);
  } catch (e) {
    return fail(`Cannot read ${modelFile}: ${(e as Error).message}`);
  }
  if (!modelStat.isFile()) return fail(`${modelFile} is not a file.`);
  if (modelStat.size > MAX_MODEL_JSON_BYTES) return fail(`${name} is ${formatBytes(modelStat.size)}, more than the ${formatBytes(MAX_MODEL_JSON_BYTES)} Explore reads as a model.json.`);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(modelFile, 'utf8'));
  } catch (e) {
    return fail(`${name} cannot be read as JSON: ${(e as Error).message}`);
  }
  const topology = isObject(json) ? json.modelTopology : undefined;
  if (!isObject(topology)) {
    const keras = isObject(json) && typeof json.class_name === 'string';
    return fail(keras
      ? `${name} is a Keras model's JSON (its architecture only): Explore needs the trained weights.`
      : `${name} has no modelTopology: Explore runs TF.js layers models (model.json with modelTopology and weightsManifest).`, NEEDS_WEIGHTS_HINT);
  }
  if ((isObject(json) && json.format === 'graph-model') || Array.isArray(topology.node)) {
    return fail(`${name} is a TF.js graph model: Explore runs layers models (the layers' outputs are what it shows).`, 'Save the Keras or TF.js layers model itself (model.save), not a converted SavedModel or frozen graph.');
  }
  const manifest = readWeightsManifest(json);
  if (!manifest.ok) {
    return manifest.kind === 'absent'
      ? fail(`${name} lists no weights: Explore needs the trained weights.`, NEEDS_WEIGHTS_HINT)
      : fail(`${name}: ${manifest.message}.`, null);
  }
  if (manifest.manifest.bytes > maxWeightBytes) {
    return fail(`${name}'s weights need ${formatBytes(manifest.manifest.bytes)}, more than the ${formatBytes(maxWeightBytes)} Explore loads.`, null);
  }

  const folder = dirname(modelFile);
  let realFolder: string;
  try {
    realFolder = await realpath(folder);
  } catch (e) {
    return fail(`Cannot resolve the model's folder ${folder}: ${(e as Error).message}`);
  }
  // Every file resolved and checked before the first byte of any is read.
  const checked: CheckedFile[][] = [];
  for (const [g, group] of manifest.manifest.groups.entries()) {
    const files: CheckedFile[] = [];
    for (const [i, listed] of group.paths.entries()) {
      const found = await checkWeightFile(folder, realFolder, listed, group.relativePaths[i]);
      if ('reason' in found) return fail(found.reason, found.hint);
      files.push(found);
    }
    const held = files.reduce((a, f) => a + f.size, 0);
    if (held !== group.bytes) return fail(sizeMismatch(name, g, group, files, held), 'Save the model again: its weight files do not match its model.json.');
    checked.push(files);
  }

  const weightData = new Uint8Array(manifest.manifest.bytes);
  let offset = 0;
  for (const file of checked.flat()) {
    const read = await readCheckedFile(file, weightData, offset);
    if (read) return fail(read, null);
    offset += file.size;
  }
  const weightSpecs = manifest.manifest.groups.flatMap((g) => g.weights.map((w) => ({ name: w.name, shape: w.shape, dtype: w.dtype })));
  const files: FileStamp[] = [{ path: modelFile, mtimeMs: modelStat.mtimeMs, size: modelStat.size }, ...checked.flat().map((f) => ({ path: f.real, mtimeMs: f.mtimeMs, size: f.size }))];
  return { ok: true, modelTopology: topology, weightSpecs, weightData, files };
}

async function checkWeightFile(folder: string, realFolder: string, listed: string, relativePath: string): Promise<CheckedFile | ExploreProblem> {
  const candidate = join(folder, ...relativePath.split('/'));
  let real: string;
  try {
    real = await realpath(candidate);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return { reason: `weights file '${listed}' (listed in model.json) is missing: no ${candidate}.`, hint: 'Copy every weight file model.json lists into its folder, next to it.' };
    }
    return { reason: `weights file '${listed}' (listed in model.json) cannot be read: ${(e as Error).message}`, hint: null };
  }
  const inside = relative(realFolder, real);
  // `..` or `../…` is out; a file named `..w.bin` inside is not.
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    return {
      reason: `weights file '${listed}' (listed in model.json) resolves to ${real}, outside the model's folder ${realFolder}: Explore reads weights only from the model's own folder (a symlink out of it is refused).`,
      hint: 'Copy the weight file into the model\'s folder instead of linking to it.',
    };
  }
  let s;
  try {
    s = await stat(real);
  } catch (e) {
    return { reason: `weights file '${listed}' (listed in model.json) cannot be read: ${(e as Error).message}`, hint: null };
  }
  if (!s.isFile()) return { reason: `weights file '${listed}' (listed in model.json) is not a regular file.`, hint: null };
  return { listed, real, size: s.size, mtimeMs: s.mtimeMs };
}

function sizeMismatch(name: string, g: number, group: WeightsGroup, files: CheckedFile[], held: number): string {
  const listed = files.map((f) => `'${f.listed}' (${f.size} bytes)`).join(', ');
  const what = held < group.bytes ? 'truncated' : 'longer than its weights';
  return `${name}'s weightsManifest[${g}]: its ${group.weights.length} weights need ${group.bytes} bytes, but its weight files hold ${held} bytes (${what}): ${listed}.`;
}

/**
 * Reads one checked file into `out` at `offset`. Opened without following a symlink swapped in since the check
 * (O_NOFOLLOW) and without blocking (O_NONBLOCK); the open file must still be a regular file of the checked size.
 */
async function readCheckedFile(file: CheckedFile, out: Uint8Array, offset: number): Promise<string | undefined> {
  const flags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
  let handle;
  try {
    handle = await open(file.real, flags);
  } catch (e) {
    return `weights file '${file.listed}' cannot be opened: ${(e as Error).message}`;
  }
  try {
    const s = await handle.stat();
    if (!s.isFile() || s.size !== file.size) return `weights file '${file.listed}' changed while it was read (${file.size} bytes when checked, ${s.size} now): try again.`;
    let done = 0;
    while (done < file.size) {
      const { bytesRead } = await handle.read(out, offset + done, file.size - done, done);
      if (bytesRead === 0) return `weights file '${file.listed}' ended after ${done} of its ${file.size} bytes while it was read: try again.`;
      done += bytesRead;
    }
    return undefined;
  } finally {
    await handle.close();
  }
}
