// Shared by the oracle tests: serialise a model built with TF.js itself, analyse the JSON with the core, and assert
// every layer's output shape and parameter counts equal what TF.js reports (layer.outputShape, countParams(),
// trainableWeights / nonTrainableWeights). TF.js is the oracle; nothing here restates an expected number by hand.
import * as assert from 'node:assert';
import { analyzeModelText } from '../../../src/core/analyzeModel';
import type { Analysis, LayerAnalysis } from '../../../src/core/analysisResult';

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

function weightCount(weights: readonly { shape: readonly (number | null)[] }[]): number {
  return weights.reduce((acc, w) => acc + w.shape.reduce<number>((a, b) => a * (b as number), 1), 0);
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
export interface OracleOptions {
  wrapping?: Wrapping;
  /**
   * Also run the model on zeros (batch 2) and compare the real output tensors' shapes with the analysis; the model's
   * inputs must be fully known and TF.js must be able to execute every layer on the cpu backend.
   */
  execute?: boolean;
  /**
   * Layers whose symbolic `outputShape` TF.js gets wrong (the real tensor differs): checked only by execution.
   * Each use says which TF.js bug it is.
   */
  symbolicShapeBugs?: string[];
  /** Diagnostics the model is expected to raise (e.g. an input with a zero-length axis); any other still fails. */
  allowedDiagnostics?: RegExp[];
}

export async function assertMatchesTfjs(original: TfModel, options: OracleOptions = {}): Promise<Analysis> {
  const wrapping = options.wrapping ?? 'modelTopology';
  const text = serialize(original, wrapping);
  const parsed = JSON.parse(text) as Record<string, unknown>;
  const modelTopology = wrapping === 'bare' ? parsed : parsed.modelTopology;
  const model = await tf.models.modelFromJSON({ modelTopology } as never);
  const { analysis, diagnostics } = analyzeModelText(text);
  if (options.execute) assert.strictEqual(model.outputs.length, original.outputs.length);
  const errors = diagnostics.filter((d) => d.severity !== 'info' && !options.allowedDiagnostics?.some((re) => re.test(d.message)));
  assert.deepStrictEqual(errors, [], `${model.name}: unexpected diagnostics`);
  assert.ok(analysis, `${model.name}: no analysis`);
  const byName = new Map<string, LayerAnalysis>(analysis.layers.map((l) => [l.name, l]));
  for (const layer of model.layers as TfLayer[]) {
    const ours = byName.get(layer.name);
    assert.ok(ours, `${model.name}: layer ${layer.name} missing from the analysis`);
    const label = `${model.name}/${layer.name} (${layer.getClassName()})`;
    if (!options.symbolicShapeBugs?.includes(layer.name)) {
      assert.deepStrictEqual(ours.outputShapes, tfOutputShapes(layer), `${label}: output shape`);
    }
    assert.strictEqual(ours.params, layer.countParams(), `${label}: countParams`);
    assert.strictEqual(ours.trainableParams, weightCount(layer.trainableWeights), `${label}: trainable`);
    assert.strictEqual(ours.nonTrainableParams, weightCount(layer.nonTrainableWeights), `${label}: non-trainable`);
  }
  assert.strictEqual(analysis.totals.params, model.countParams(), `${model.name}: total params`);
  if (options.execute) assertExecutedShapes(model, analysis);
  return analysis;
}

/** Runs the model on zeros and compares each output tensor's shape (batch dim as null) with the analysis. */
function assertExecutedShapes(model: TfModel, analysis: Analysis): void {
  const batch = 2;
  const inputs = model.inputs.map((t) => tf.zeros([batch, ...t.shape.slice(1).map((d) => d as number)]));
  const raw = model.predict(inputs.length === 1 ? inputs[0] : inputs) as import('@tensorflow/tfjs').Tensor | import('@tensorflow/tfjs').Tensor[];
  const outputs = Array.isArray(raw) ? raw : [raw];
  model.outputs.forEach((symbolic, i) => {
    const layerName = symbolic.sourceLayer.name;
    const tensorIndex = symbolic.tensorIndex ?? 0;
    const ours = analysis.layers.find((l) => l.name === layerName);
    assert.ok(ours, `executed output ${layerName} missing from the analysis`);
    assert.deepStrictEqual(ours.outputShapes[tensorIndex], [null, ...outputs[i].shape.slice(1)], `${model.name}/${layerName}: executed output shape`);
  });
  tf.dispose([...inputs, ...outputs]);
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
