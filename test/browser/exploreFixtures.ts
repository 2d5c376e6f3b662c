// What the Explore browser tests and the benchmark post to the page, made as the host makes it (W's
// src/extension/explore): a saved run folder's model.json topology, its weight specs and weights.bin's bytes, and
// the run's test set read from the dataset files (Debian's copy, else the subset shipped in media/datasets).
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ExploreDataset, ExploreModelMessage, ExploreUnavailableMessage, ExploreWeightSpec } from '../../src/protocol/explore';
import { loadDataset } from '../../src/training/data/sources';

const ROOT = resolve(__dirname, '../..');
/** A real LeNet run of the project's trainer (test/fixtures/explore/lenet-run/README.md says how it was made). */
export const LENET_RUN_DIR = join(ROOT, 'test/fixtures/explore/lenet-run');

interface ModelJson {
  modelTopology: Record<string, unknown>;
  weightsManifest?: { paths: string[]; weights: ExploreWeightSpec[] }[];
}

/** model.json's topology, specs and the weight files' bytes concatenated in manifest order (what the host sends). */
export function readModelFolder(modelJsonPath: string): Pick<ExploreModelMessage, 'modelTopology' | 'weightSpecs' | 'weightData'> {
  const json = JSON.parse(readFileSync(modelJsonPath, 'utf8')) as ModelJson;
  const groups = json.weightsManifest ?? [];
  const parts = groups.flatMap((g) => g.paths.map((p) => readFileSync(join(dirname(modelJsonPath), p))));
  const weightData = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) { weightData.set(p, at); at += p.length; }
  return { modelTopology: json.modelTopology, weightSpecs: groups.flatMap((g) => g.weights), weightData };
}

let testSet: Promise<ExploreDataset> | undefined;

/**
 * The run's dataset as the host sends it: Fashion-MNIST's test images and labels from Debian's package (checksums
 * verified), else the subset shipped with the extension (never a download); predictions from metrics.json when the
 * run saved them.
 */
export function fashionTestSet(runDir = LENET_RUN_DIR): Promise<ExploreDataset> {
  testSet ??= (async () => {
    const data = await loadDataset({ dataset: 'fashion-mnist', subsetDir: join(ROOT, 'media/datasets') });
    const metrics = JSON.parse(readFileSync(join(runDir, 'metrics.json'), 'utf8')) as { test?: { predictions?: string } };
    const saved = metrics.test?.predictions;
    const predictions = saved && !data.source.isSubset ? new Uint8Array(Buffer.from(saved, 'base64')) : null;
    return {
      name: 'fashion-mnist', classNames: [...data.classNames], location: data.source.dir,
      width: data.test.width, height: data.test.height, images: data.test.images, labels: data.test.labels,
      predictions, scale: 'divide-by-255',
    };
  })();
  return testSet;
}

/** The exploreModel message of the fixture LeNet run, with its test set. */
export async function lenetRunMessage(): Promise<ExploreModelMessage> {
  const metrics = JSON.parse(readFileSync(join(LENET_RUN_DIR, 'metrics.json'), 'utf8')) as { runId: string };
  return {
    type: 'exploreModel', modelId: `run:${LENET_RUN_DIR}`, title: `run ${metrics.runId} · epoch 1/1`,
    origin: { kind: 'run', runId: metrics.runId, runDir: LENET_RUN_DIR },
    ...readModelFolder(join(LENET_RUN_DIR, 'model.json')),
    dataset: await fashionTestSet(),
  };
}

/** What the host says for a model.json that lists no weights (W's wording may differ: the test reads the page). */
export const NO_WEIGHTS: ExploreUnavailableMessage = {
  type: 'exploreUnavailable',
  reason: 'model.json lists no weights: Explore needs the trained weights.',
  hint: 'Train it with "LeNet: Train", or export it with model.save(\'file://…\') next to model.json.',
};
