// loadExploreModel: TF.js builds the layers model from model.json's topology and the weights; the engine then refuses,
// in words the user can act on, what it cannot explore (not a layers model, no or wrong weights, not one
// channels_last image input, not one class output), and describes every layer for the tab.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { ExploreError, type ExploreArtifacts, type ExploreLayerInfo } from './types';
import { layerCalls, type Layer, type LayerCall } from './layerGraph';
import { LoadedExploreModel } from './loadedModel';
import { softmaxOf } from './softmaxOutput';

/** The largest image input Explore draws: 4,096 pixels a side, 2^24 values (e.g. 2,048 × 2,048 × 4). */
const MAX_INPUT_SIDE = 4096;
const MAX_INPUT_VALUES = 2 ** 24;

export const LAYERS_MODEL_CLASSES = new Set(['Sequential', 'Model', 'Functional']);
const KERNEL_CLASSES = new Set(['Conv2D', 'DepthwiseConv2D', 'SeparableConv2D']);
const DTYPE_BYTES = { float32: 4, int32: 4, bool: 1 } as const;
const EXPORT_HINT = 'Train it with "LeNet: Train", or save the trained model with TF.js\'s model.save(\'file://…\') (or tensorflowjs_converter --output_format=tfjs_layers_model from Keras) next to model.json.';

export async function loadExploreModel(artifacts: ExploreArtifacts): Promise<LoadedExploreModel> {
  const topology = layersTopology(artifacts.modelTopology);
  checkWeights(artifacts);
  const model = await buildModel(topology);
  try {
    setWeights(model, artifacts);
    return describe(model);
  } catch (e) {
    model.dispose();
    throw e;
  }
}

/**
 * The model from its topology (what tf.loadLayersModel does, in two steps so that a failure frees what was made:
 * TF.js leaves the variables of a half-built or unloadable model registered).
 */
async function buildModel(topology: Record<string, unknown>): Promise<tfl.LayersModel> {
  const variablesBefore = new Set(Object.keys(tf.engine().registeredVariables));
  try {
    return await tfl.models.modelFromJSON({ modelTopology: topology } as unknown as tfl.ModelAndWeightsConfig);
  } catch (e) {
    for (const [name, variable] of Object.entries(tf.engine().registeredVariables)) {
      if (!variablesBefore.has(name)) variable.dispose();
    }
    throw refusalOfTfError(e);
  }
}

function setWeights(model: tfl.LayersModel, { weightSpecs, weightData }: ExploreArtifacts): void {
  const buffer = weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.byteLength) as ArrayBuffer;
  const weights = tf.io.decodeWeights(buffer, weightSpecs);
  try {
    model.loadWeights(weights, true);
  } catch (e) {
    throw refusalOfTfError(e);
  } finally {
    tf.dispose(Object.values(weights));
  }
}

/** model.json's `modelTopology` as TF.js takes it, or why it is not a layers model. */
function layersTopology(topology: Record<string, unknown>): Record<string, unknown> {
  if (Array.isArray(topology.node)) {
    throw new ExploreError(
      'This model.json is a TF.js graph model (converted from a TensorFlow SavedModel or frozen graph): Explore needs a layers model, whose layers it can open.',
      'Convert the Keras model with tensorflowjs_converter --output_format=tfjs_layers_model, or save a TF.js model with model.save.',
    );
  }
  // Keras's own JSON (h5 attributes) wraps the model in `model_config`; TF.js unwraps it the same way.
  const inner = (topology.model_config ?? topology) as Record<string, unknown>;
  const className = inner.class_name;
  if (typeof className !== 'string' || !LAYERS_MODEL_CLASSES.has(className)) {
    throw new ExploreError(
      `This modelTopology is not a layers model: its class_name is ${JSON.stringify(className ?? null)} (Explore needs Sequential, Model or Functional).`,
      'Explore opens TF.js layers models (model.json with format "layers-model").',
    );
  }
  return topology;
}

function checkWeights({ weightSpecs, weightData }: ExploreArtifacts): void {
  if (weightSpecs.length === 0) {
    throw new ExploreError('model.json lists no weights: Explore needs the trained weights.', EXPORT_HINT);
  }
  const quantized = weightSpecs.find((s) => (s as { quantization?: unknown }).quantization != null);
  if (quantized) {
    throw new ExploreError(`The weights are quantized ("${quantized.name}" and others): Explore needs float32 weights.`, 'Export the model without --quantize_* options.');
  }
  const expected = weightSpecs.reduce((sum, s) => sum + s.shape.reduce((n, d) => n * d, 1) * DTYPE_BYTES[s.dtype], 0);
  if (weightData.byteLength !== expected) {
    throw new ExploreError(
      `The weight files hold ${weightData.byteLength.toLocaleString('en-US')} bytes, but model.json's weightsManifest describes ${expected.toLocaleString('en-US')} bytes: the weight files do not belong to this model.json or are truncated.`,
      EXPORT_HINT,
    );
  }
}

function refusalOfTfError(e: unknown): ExploreError {
  const message = String((e as Error)?.message ?? e);
  const firstLine = message.split('\n')[0];
  if (/weights are not set|no target variable|should have \d+ values/.test(message)) {
    return new ExploreError(`The weights do not fit the model: ${firstLine} (TF.js).`, EXPORT_HINT);
  }
  return new ExploreError(`TF.js cannot build this model: ${firstLine}`, /Unknown layer/.test(message)
    ? 'Custom layers defined in Python or JavaScript are not known to TF.js here.'
    : null);
}

function describe(model: tfl.LayersModel): LoadedExploreModel {
  if (model.inputs.length !== 1) {
    throw new ExploreError(`The model has ${model.inputs.length} inputs (${model.inputs.map((t) => t.sourceLayer.name).join(', ')}): Explore needs one image input.`);
  }
  const inputTensor = model.inputs[0];
  const [, height, width, channels] = inputTensor.shape;
  if (inputTensor.shape.length !== 4 || !height || !width || !channels) {
    throw new ExploreError(
      `The model's input "${inputTensor.sourceLayer.name}" has shape ${shapeText(inputTensor.shape)}: Explore needs one image of a fixed size, [null, height, width, channels] (channels_last).`,
    );
  }
  // A bound before any canvas or input buffer is sized from the shape: a model.json may claim any input size.
  if (height > MAX_INPUT_SIDE || width > MAX_INPUT_SIDE || height * width * channels > MAX_INPUT_VALUES) {
    throw new ExploreError(
      `The model's input "${inputTensor.sourceLayer.name}" is ${height}×${width}×${channels}: Explore takes images of at most ${MAX_INPUT_SIDE} pixels a side and ${MAX_INPUT_VALUES.toLocaleString('en-US')} values.`,
    );
  }
  // getConfig() says 'channelsFirst' (TF.js's spelling of model.json's 'channels_first').
  const channelsFirst = allLayers(model).find((l) => l.getConfig().dataFormat === 'channelsFirst');
  if (channelsFirst) {
    throw new ExploreError(`Layer "${channelsFirst.name}" uses data_format channels_first: Explore needs channels_last images (height, width, channels).`);
  }
  if (model.outputs.length !== 1 || model.outputs[0].shape.length !== 2 || !model.outputs[0].shape[1]) {
    const shapes = model.outputs.map((t) => shapeText(t.shape)).join(', ');
    throw new ExploreError(`The model's output${model.outputs.length > 1 ? 's have shapes' : ' has shape'} ${shapes}: Explore needs one output of class scores, [null, classes].`);
  }
  const calls = layerCalls(model);
  // A Sequential whose first layer is a model adopts that model's graph: its output tensor is the inner layers', and
  // the nested model has no call of its own. It is still one layer of the list, with that output.
  for (const l of model.layers) {
    if (!calls.has(l.name) && l instanceof tfl.LayersModel) {
      calls.set(l.name, { layer: l, outputs: [...l.outputs], inputs: l.inputs.map((t) => ({ layer: t.sourceLayer.name, shape: [...t.shape] })), calls: 1 });
    }
  }
  const inputLayer = inputTensor.sourceLayer;
  const ordered = model.layers.includes(inputLayer) ? model.layers : [inputLayer, ...model.layers];
  const layers = ordered.filter((l) => calls.has(l.name)).map((l) => layerInfo(calls.get(l.name)!));
  // Grad-CAM's default: a layer of this model (a nested model's output cannot be differentiated as one layer).
  const lastMaps = [...layers].reverse().find((l) => l.kind === 'maps' && l.shape[0] > 1 && l.shape[1] > 1 && !LAYERS_MODEL_CLASSES.has(l.className));
  const outputLayer = model.outputs[0].sourceLayer;
  return new LoadedExploreModel(
    model, calls, layers,
    { name: inputLayer.name, height, width, channels },
    model.outputs[0].shape[1],
    softmaxOf(outputLayer) ? 'probabilities' : 'logits',
    lastMaps?.name ?? null,
    tf.getBackend(),
  );
}

function layerInfo(call: LayerCall): ExploreLayerInfo {
  const { layer } = call;
  const shape = call.outputs[0].shape.slice(1);
  if (shape.some((d) => d == null)) {
    throw new ExploreError(`Layer "${layer.name}" has an output shape that is not fixed (${shapeText(call.outputs[0].shape)}): Explore needs every layer's size.`);
  }
  const dims = shape as number[];
  const single = call.outputs.length === 1;
  const kind = layer.getClassName() === 'InputLayer' ? 'image'
    : !single ? 'other'
    : dims.length === 3 ? 'maps'
    : dims.length === 1 ? 'units'
    : 'other';
  return {
    name: layer.name,
    className: layer.getClassName(),
    shape: dims,
    kind,
    bytes: single ? dims.reduce((n, d) => n * d, 1) * 4 : 0,
    hasKernel: KERNEL_CLASSES.has(layer.getClassName()),
  };
}

/** The model's layers and, inside nested models, theirs. */
function allLayers(model: tfl.LayersModel): Layer[] {
  return model.layers.flatMap((l) => (l instanceof tfl.LayersModel ? [l, ...allLayers(l)] : [l]));
}

function shapeText(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d == null ? 'null' : String(d))).join(', ')}]`;
}
