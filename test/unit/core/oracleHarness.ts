// Shared by the oracle tests: serialise a model built with TF.js itself, analyse the JSON with the core, and assert
// every layer's output shape and parameter counts equal what TF.js reports (layer.outputShape, countParams(),
// trainableWeights / nonTrainableWeights). TF.js is the oracle; nothing here restates an expected number by hand.
import * as assert from 'node:assert';
import { analyzeModelText } from '../../../src/core/analyze';
import type { Analysis, LayerAnalysis } from '../../../src/core/analysis';

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const tf: typeof import('@tensorflow/tfjs') = require('@tensorflow/tfjs');

let ready: Promise<void> | undefined;
/** The cpu backend, checked (TF.js falls back silently). */
export function useCpuBackend(): Promise<void> {
  ready ??= (async () => {
    await tf.setBackend('cpu');
    await tf.ready();
    assert.strictEqual(tf.getBackend(), 'cpu');
  })();
  return ready;
}

type TfLayer = import('@tensorflow/tfjs').layers.Layer;
type TfModel = import('@tensorflow/tfjs').LayersModel;

export type Wrapping = 'bare' | 'modelTopology' | 'model_config';

/** The text of a model.json as TF.js (`bare`: model.toJSON), tfjs save (`modelTopology`) or the Python converter writes it. */
export function serialize(model: TfModel, wrapping: Wrapping = 'modelTopology'): string {
  const topology = model.toJSON(null, false) as Record<string, unknown>;
  if (wrapping === 'bare') return JSON.stringify(topology);
  if (wrapping === 'modelTopology') return JSON.stringify({ format: 'layers-model', generatedBy: 'TensorFlow.js tfjs-layers v4.22.0', modelTopology: topology, weightsManifest: [] });
  const { keras_version, backend, ...modelConfig } = topology;
  return JSON.stringify({ format: 'layers-model', modelTopology: { keras_version, backend, model_config: modelConfig }, weightsManifest: [] });
}

function weightCount(weights: { shape: number[] }[]): number {
  return weights.reduce((acc, w) => acc + w.shape.reduce((a, b) => a * b, 1), 0);
}

function tfOutputShapes(layer: TfLayer): (number | null)[][] {
  const shape = layer.outputShape as unknown;
  if (Array.isArray(shape) && Array.isArray(shape[0])) return shape as (number | null)[][];
  return [shape as (number | null)[]];
}

/**
 * Analyses the model's JSON and checks every TF.js layer against the analysis. Returns the analysis for further
 * assertions. Fails on any error diagnostic: the models here are valid.
 */
export async function assertMatchesTfjs(original: TfModel, wrapping: Wrapping = 'modelTopology'): Promise<Analysis> {
  const text = serialize(original, wrapping);
  const parsed = JSON.parse(text) as Record<string, unknown>;
  const modelTopology = wrapping === 'bare' ? parsed : parsed.modelTopology;
  const model = await tf.models.modelFromJSON({ modelTopology } as never);
  const { analysis, diagnostics } = analyzeModelText(text);
  const errors = diagnostics.filter((d) => d.severity !== 'info');
  assert.deepStrictEqual(errors, [], `${model.name}: unexpected diagnostics`);
  assert.ok(analysis, `${model.name}: no analysis`);
  const byName = new Map<string, LayerAnalysis>(analysis.layers.map((l) => [l.name, l]));
  for (const layer of model.layers as TfLayer[]) {
    const ours = byName.get(layer.name);
    assert.ok(ours, `${model.name}: layer ${layer.name} missing from the analysis`);
    const label = `${model.name}/${layer.name} (${layer.getClassName()})`;
    assert.deepStrictEqual(ours.outputShapes, tfOutputShapes(layer), `${label}: output shape`);
    assert.strictEqual(ours.params, layer.countParams(), `${label}: countParams`);
    assert.strictEqual(ours.trainableParams, weightCount(layer.trainableWeights), `${label}: trainable`);
    assert.strictEqual(ours.nonTrainableParams, weightCount(layer.nonTrainableWeights), `${label}: non-trainable`);
  }
  assert.strictEqual(analysis.totals.params, model.countParams(), `${model.name}: total params`);
  return analysis;
}

/**
 * One functional model holding many independent single-layer branches on the same input, so a grid of
 * configurations costs one serialisation and one analysis.
 */
export function branches(inputShape: number[], makeLayers: TfLayer[], name: string): TfModel {
  const input = tf.input({ shape: inputShape, name: `${name}_in` });
  const outputs = makeLayers.map((l) => l.apply(input) as import('@tensorflow/tfjs').SymbolicTensor);
  return tf.model({ inputs: input, outputs, name });
}
