// The benchmark's large model, built at bench time with TF.js (not committed): a MobileNetV2-size functional model,
// Keras MobileNetV2's layer list at alpha 1.0 on 224×224×3 (stem conv 3×3/2 32 + BN + ReLU6; 17 inverted residual
// blocks of expand 1×1 conv + BN + ReLU6, depthwise 3×3 + BN + ReLU6, project 1×1 conv + BN, Add when the shape
// allows; 1×1 conv 1280 + BN + ReLU6; global average pooling; dense 1000 softmax), with seeded weights, turned into
// the exploreModel message the host would send for a model.json with its weights.
import * as tf from '@tensorflow/tfjs';
import type { ExploreModelMessage, ExploreWeightSpec } from '../src/protocol/explore';

/** MobileNetV2's inverted residual settings (expansion t, output channels c, repeats n, first stride s). */
const BLOCKS: [number, number, number, number][] = [[1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1]];

export function mobileNetV2Like(seed = 1): tf.LayersModel {
  let next = seed;
  const init = () => tf.initializers.glorotUniform({ seed: next++ });
  const L = tf.layers;
  const apply = (layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]) => layer.apply(x) as tf.SymbolicTensor;
  const conv = (x: tf.SymbolicTensor, filters: number, kernelSize: number, strides: number, name: string) =>
    apply(L.conv2d({ filters, kernelSize, strides, padding: 'same', useBias: false, kernelInitializer: init(), name }), x);
  const bn = (x: tf.SymbolicTensor, name: string) => apply(L.batchNormalization({ name }), x);
  const relu6 = (x: tf.SymbolicTensor, name: string) => apply(L.reLU({ maxValue: 6, name }), x);

  const input = tf.input({ shape: [224, 224, 3], name: 'input_1' });
  let x = relu6(bn(conv(input, 32, 3, 2, 'Conv1'), 'bn_Conv1'), 'Conv1_relu');
  let channels = 32;
  let block = 0;
  for (const [t, c, n, s] of BLOCKS) {
    for (let i = 0; i < n; i++, block++) {
      const p = block === 0 ? 'expanded_conv' : `block_${block}`;
      const stride = i === 0 ? s : 1;
      let y = x;
      if (t !== 1) y = relu6(bn(conv(y, channels * t, 1, 1, `${p}_expand`), `${p}_expand_BN`), `${p}_expand_relu`);
      y = apply(L.depthwiseConv2d({ kernelSize: 3, strides: stride, padding: 'same', useBias: false, depthwiseInitializer: init(), name: `${p}_depthwise` }), y);
      y = relu6(bn(y, `${p}_depthwise_BN`), `${p}_depthwise_relu`);
      y = bn(conv(y, c, 1, 1, `${p}_project`), `${p}_project_BN`);
      if (stride === 1 && channels === c) y = apply(L.add({ name: `${p}_add` }), [x, y]);
      x = y;
      channels = c;
    }
  }
  x = relu6(bn(conv(x, 1280, 1, 1, 'Conv_1'), 'Conv_1_bn'), 'out_relu');
  x = apply(L.globalAveragePooling2d({ name: 'global_average_pooling2d' }), x);
  x = apply(L.dense({ units: 1000, activation: 'softmax', kernelInitializer: init(), name: 'predictions' }), x);
  return tf.model({ inputs: input, outputs: x, name: 'mobilenetv2_1.00_224' });
}

/** A model's topology, weight specs and bytes, as model.save writes them to model.json + weights.bin. */
export async function savedArtifacts(model: tf.LayersModel): Promise<Pick<ExploreModelMessage, 'modelTopology' | 'weightSpecs' | 'weightData'>> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  if (!saved?.weightData || !saved.weightSpecs) throw new Error('model.save gave no weights');
  const parts = Array.isArray(saved.weightData) ? saved.weightData : [saved.weightData];
  const weightData = new Uint8Array(parts.reduce((n, b) => n + b.byteLength, 0));
  let at = 0;
  for (const b of parts) { weightData.set(new Uint8Array(b), at); at += b.byteLength; }
  return { modelTopology: saved.modelTopology as Record<string, unknown>, weightSpecs: saved.weightSpecs as ExploreWeightSpec[], weightData };
}

/** The exploreModel message of the MobileNetV2-size model (a file model: no dataset; the input is an image file). */
export async function mobileNetV2Message(): Promise<{ message: ExploreModelMessage; params: number; layers: number }> {
  await tf.setBackend('cpu');
  const model = mobileNetV2Like();
  try {
    const uri = 'file:///bench/mobilenetv2/model.json';
    return {
      message: { type: 'exploreModel', modelId: `file:${uri}:0`, title: 'model.json (bench/mobilenetv2)', origin: { kind: 'file', uri }, ...await savedArtifacts(model), dataset: null },
      params: model.countParams(), layers: model.layers.length,
    };
  } finally {
    model.dispose();
  }
}
