// A run folder on disk: `model.json` + `weights.bin` in the TF.js layers format (what tf.loadLayersModel reads and
// what the inspector opens), and `metrics.json`. TF.js's own file:// handler lives in tfjs-node, which cannot be
// installed everywhere, so this is a small IOHandler over node:fs. Every file is written to a temporary name and
// renamed into place, so a crash mid-save never leaves a model.json whose weights are missing or half written; a
// save that fails is undone (removeSavedRun), so a folder holds a complete run (metrics.json, written last) or none.
import type { io } from '@tensorflow/tfjs';
import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LayersModel, Tf } from './tf';

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';
export { METRICS_FILE } from '../../protocol/runs';
import { METRICS_FILE } from '../../protocol/runs';

/**
 * Writes a file atomically (temporary name in the same folder, then rename). On failure (a full disk) the temporary
 * file is removed, so it does not keep the disk full, and the error names the file.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, data);
    renameSync(temp, path);
  } catch (e) {
    removeFile(temp);
    throw new Error(`cannot write ${path}: ${(e as Error).message}`);
  }
}

/** The files of a saved run; a run folder holds all of them (metrics.json written last) or none. */
export const RUN_FILES = [WEIGHTS_FILE, MODEL_FILE, METRICS_FILE] as const;

/** Undoes a save that failed part-way, so no folder holds a model without its metrics.json. */
export function removeSavedRun(dir: string): void {
  for (const file of RUN_FILES) removeFile(join(dir, file));
}

/** Removes a file if there is one (never a folder). */
function removeFile(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // absent, or not a file: nothing of ours to remove
  }
}

function toArrayBuffer(tf: Tf, data: io.WeightData | undefined): ArrayBuffer {
  if (data === undefined) return new ArrayBuffer(0);
  return tf.io.CompositeArrayBuffer.join(data);
}

/** Saves and loads a layers model in `dir` (model.json + weights.bin), with node:fs. */
export function runFolderHandler(tf: Tf, dir: string): io.IOHandler {
  return {
    async save(artifacts: io.ModelArtifacts): Promise<io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new Error('Saving a binary (GraphDef) topology is not supported: only layers models are saved.');
      }
      mkdirSync(dir, { recursive: true });
      const weights = toArrayBuffer(tf, artifacts.weightData);
      // Weights first: model.json appears only when the file it points to is complete.
      writeFileAtomic(join(dir, WEIGHTS_FILE), new Uint8Array(weights));
      const modelJson: io.ModelJSON = {
        modelTopology: artifacts.modelTopology as object,
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: artifacts.weightSpecs ?? [] }],
      };
      if (artifacts.trainingConfig !== undefined) modelJson.trainingConfig = artifacts.trainingConfig;
      if (artifacts.userDefinedMetadata !== undefined) modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
      writeFileAtomic(join(dir, MODEL_FILE), JSON.stringify(modelJson, null, 1));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },

    async load(): Promise<io.ModelArtifacts> {
      const modelPath = join(dir, MODEL_FILE);
      const json = JSON.parse(readFileSync(modelPath, 'utf8')) as io.ModelJSON;
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const specs: io.WeightsManifestEntry[] = [];
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          specs.push(...group.weights);
          for (const p of group.paths) {
            const bytes = readFileSync(join(dir, p));
            buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
          }
        }
        return [specs, tf.io.CompositeArrayBuffer.join(buffers)];
      });
    },
  };
}

/** Reads a saved layers model back (what the tests and `cnn-explorer` use to check a run folder). */
export function loadRunModel(tf: Tf, dir: string): Promise<LayersModel> {
  return tf.loadLayersModel(runFolderHandler(tf, dir));
}

/** A run folder name from a start time: `2026-11-27T08-15-02-123Z` (sortable, valid on every file system). */
export function runFolderName(date: Date): string {
  return date.toISOString().replace(/:/g, '-').replace('.', '-');
}
