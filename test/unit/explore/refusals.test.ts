// What loadExploreModel refuses, each with the message the tab shows: not a layers model, no / quantized / wrong
// weights, not one fixed-size channels_last image input, not one class output, layers TF.js does not know.
import { strict as assert } from 'node:assert';
import * as tf from '@tensorflow/tfjs';
import { ExploreError, loadExploreModel, type ExploreArtifacts } from '../../../src/explore';
import { artifactsOf, lenetRunArtifacts, restoreBackend, useBackend } from './exploreTestKit';

const EXPORT_HINT = 'Train it with "LeNet: Train", or save the trained model with TF.js\'s model.save(\'file://…\') (or tensorflowjs_converter --output_format=tfjs_layers_model from Keras) next to model.json.';

async function refusal(artifacts: ExploreArtifacts): Promise<ExploreError> {
  const before = tf.memory().numTensors;
  try {
    await loadExploreModel(artifacts);
  } catch (e) {
    assert.ok(e instanceof ExploreError, `an ExploreError, got ${String(e)}`);
    assert.equal(tf.memory().numTensors, before, 'a refused model leaves no weights behind');
    return e;
  }
  throw new Error('loaded');
}

async function artifactsOfLayers(build: () => tf.LayersModel): Promise<ExploreArtifacts> {
  const model = build();
  const artifacts = await artifactsOf(model);
  model.dispose();
  return artifacts;
}

describe('Explore engine: what it refuses, and how it says so', () => {
  let previous: string | undefined;
  before(async () => { previous = await useBackend('cpu'); });
  after(() => restoreBackend(previous));

  it('a graph model, and a topology that is no layers model', async () => {
    const graph = await refusal({ modelTopology: { node: [{ name: 'x', op: 'Placeholder' }], versions: {} }, weightSpecs: [], weightData: new Uint8Array(0) });
    assert.equal(graph.message, 'This model.json is a TF.js graph model (converted from a TensorFlow SavedModel or frozen graph): Explore needs a layers model, whose layers it can open.');
    assert.equal(graph.hint, 'Convert the Keras model with tensorflowjs_converter --output_format=tfjs_layers_model, or save a TF.js model with model.save.');
    const other = await refusal({ ...lenetRunArtifacts(), modelTopology: { class_name: 'Conv2D', config: {} } });
    assert.equal(other.message, 'This modelTopology is not a layers model: its class_name is "Conv2D" (Explore needs Sequential, Model or Functional).');
  });

  it('no weights, quantized weights, weight bytes that do not match the manifest', async () => {
    const lenet = lenetRunArtifacts();
    const none = await refusal({ ...lenet, weightSpecs: [], weightData: new Uint8Array(0) });
    assert.equal(none.message, 'model.json lists no weights: Explore needs the trained weights.');
    assert.equal(none.hint, EXPORT_HINT);
    const quantized = await refusal({
      ...lenet,
      weightSpecs: lenet.weightSpecs.map((s) => ({ ...s, quantization: { dtype: 'uint8', scale: 0.1, min: 0 } })),
    });
    assert.equal(quantized.message, 'The weights are quantized ("c1_conv/kernel" and others): Explore needs float32 weights.');
    assert.equal(quantized.hint, 'Export the model without --quantize_* options.');
    const truncated = await refusal({ ...lenet, weightData: lenet.weightData.subarray(0, 250000) });
    // 62,610 float32 = 250,440 bytes (the fixture's README).
    assert.equal(truncated.message, 'The weight files hold 250,000 bytes, but model.json\'s weightsManifest describes 250,440 bytes: the weight files do not belong to this model.json or are truncated.');
    assert.equal(truncated.hint, EXPORT_HINT);
  });

  it('weights that do not fit the model: TF.js\'s own message', async () => {
    const lenet = lenetRunArtifacts();
    // The first two weights only (c1_conv's kernel 150 and bias 6 floats): 24 of LeNet's 26 are not set.
    const missing = await refusal({ ...lenet, weightSpecs: lenet.weightSpecs.slice(0, 2), weightData: lenet.weightData.slice(0, 156 * 4) });
    assert.match(missing.message, /^The weights do not fit the model: 24 of 26 weights are not set: c1_bn\/gamma,c1_bn\/beta,.*output\/bias \(TF\.js\)\.$/);
    assert.equal(missing.hint, EXPORT_HINT);
    const renamed = await refusal({ ...lenet, weightSpecs: lenet.weightSpecs.map((s, i) => (i === 0 ? { ...s, name: 'conv_9/kernel' } : s)) });
    assert.equal(renamed.message, 'The weights do not fit the model: Provided weight data has no target variable: conv_9/kernel (TF.js).');
  });

  it('a layer TF.js does not know', async () => {
    const lenet = lenetRunArtifacts();
    const topology = JSON.parse(JSON.stringify(lenet.modelTopology)) as { config: { layers: { class_name: string }[] } };
    topology.config.layers[2].class_name = 'MyActivation';
    const e = await refusal({ ...lenet, modelTopology: topology as unknown as Record<string, unknown> });
    assert.equal(e.message, 'TF.js cannot build this model: Unknown layer: MyActivation. This may be due to one of the following reasons:');
    assert.equal(e.hint, 'Custom layers defined in Python or JavaScript are not known to TF.js here.');
  });

  it('inputs: two of them, a vector, an image of no fixed size, channels_first', async () => {
    const two = await refusal(await artifactsOfLayers(() => {
      const a = tf.input({ shape: [4, 4, 1], name: 'left' });
      const b = tf.input({ shape: [4, 4, 1], name: 'right' });
      const joined = tf.layers.concatenate().apply([a, b]) as tf.SymbolicTensor;
      return tf.model({ inputs: [a, b], outputs: tf.layers.dense({ units: 2 }).apply(tf.layers.flatten().apply(joined)) as tf.SymbolicTensor });
    }));
    assert.equal(two.message, 'The model has 2 inputs (left, right): Explore needs one image input.');
    const vector = await refusal(await artifactsOfLayers(() => tf.sequential({ layers: [tf.layers.dense({ inputShape: [784], units: 10, name: 'd' })] })));
    assert.equal(vector.message, 'The model\'s input "d_input" has shape [null, 784]: Explore needs one image of a fixed size, [null, height, width, channels] (channels_last).');
    const anySize = await refusal(await artifactsOfLayers(() => tf.sequential({ layers: [
      tf.layers.conv2d({ inputShape: [null, null, 3] as unknown as number[], filters: 2, kernelSize: 3, name: 'c' }),
      tf.layers.globalAveragePooling2d({}), tf.layers.dense({ units: 2 }),
    ] })));
    assert.equal(anySize.message, 'The model\'s input "c_input" has shape [null, null, null, 3]: Explore needs one image of a fixed size, [null, height, width, channels] (channels_last).');
    const first = await refusal(await artifactsOfLayers(() => tf.sequential({ layers: [
      tf.layers.conv2d({ inputShape: [1, 8, 8], filters: 2, kernelSize: 3, dataFormat: 'channelsFirst', name: 'cf_conv' }),
      tf.layers.flatten({}), tf.layers.dense({ units: 2 }),
    ] })));
    assert.equal(first.message, 'Layer "cf_conv" uses data_format channels_first: Explore needs channels_last images (height, width, channels).');

    // A shape the canvases and input buffers would be sized from: bounded before anything is drawn.
    const huge = await refusal(await artifactsOfLayers(() => tf.sequential({ layers: [
      tf.layers.globalAveragePooling2d({ inputShape: [5000, 8, 1], name: 'gap' }), tf.layers.dense({ units: 2 }),
    ] })));
    assert.equal(huge.message, 'The model\'s input "gap_input" is 5000×8×1: Explore takes images of at most 4096 pixels a side and 16,777,216 values.');
    const many = await refusal(await artifactsOfLayers(() => tf.sequential({ layers: [
      tf.layers.globalAveragePooling2d({ inputShape: [4096, 4096, 2], name: 'gap2' }), tf.layers.dense({ units: 2 }),
    ] })));
    assert.equal(many.message, 'The model\'s input "gap2_input" is 4096×4096×2: Explore takes images of at most 4096 pixels a side and 16,777,216 values.');
  });

  it('outputs: two of them, maps instead of class scores', async () => {
    const two = await refusal(await artifactsOfLayers(() => {
      const x = tf.input({ shape: [4, 4, 1] });
      const flat = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
      return tf.model({ inputs: x, outputs: [tf.layers.dense({ units: 3 }).apply(flat) as tf.SymbolicTensor, tf.layers.dense({ units: 2 }).apply(flat) as tf.SymbolicTensor] });
    }));
    assert.equal(two.message, 'The model\'s outputs have shapes [null, 3], [null, 2]: Explore needs one output of class scores, [null, classes].');
    const maps = await refusal(await artifactsOfLayers(() => tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [6, 6, 1], filters: 2, kernelSize: 3 })] })));
    assert.equal(maps.message, 'The model\'s output has shape [null, 4, 4, 2]: Explore needs one output of class scores, [null, classes].');
  });
});
