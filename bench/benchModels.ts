// Model architectures the benchmarks share, built with TF.js itself (so the JSON is what users get from TF.js).
import type * as tfTypes from '@tensorflow/tfjs';

export type Tf = typeof tfTypes;

/** 1,000 layers: 333 blocks of conv 3×3 (same) → BN → ReLU on 32×32×16, then flatten → dense. */
export function deepCnn(tf: Tf): tfTypes.LayersModel {
  const input = tf.input({ shape: [32, 32, 16] });
  let x: tfTypes.SymbolicTensor = input;
  for (let i = 0; i < 333; i++) {
    x = tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', useBias: false }).apply(x) as tfTypes.SymbolicTensor;
    x = tf.layers.batchNormalization().apply(x) as tfTypes.SymbolicTensor;
    x = tf.layers.reLU().apply(x) as tfTypes.SymbolicTensor;
  }
  x = tf.layers.globalAveragePooling2d({}).apply(x) as tfTypes.SymbolicTensor;
  x = tf.layers.dense({ units: 10 }).apply(x) as tfTypes.SymbolicTensor;
  return tf.model({ inputs: input, outputs: x, name: 'deep_cnn_1000' });
}

/** MobileNetV2 (alpha 1, 224×224×3): the inverted-residual table of Sandler et al. 2018, as Keras builds it. */
export function mobileNetV2(tf: Tf): tfTypes.LayersModel {
  const input = tf.input({ shape: [224, 224, 3] });
  const bn = (t: tfTypes.SymbolicTensor) => tf.layers.batchNormalization({ epsilon: 1e-3, momentum: 0.999 }).apply(t) as tfTypes.SymbolicTensor;
  const relu6 = (t: tfTypes.SymbolicTensor) => tf.layers.reLU({ maxValue: 6 }).apply(t) as tfTypes.SymbolicTensor;
  const conv1x1 = (t: tfTypes.SymbolicTensor, filters: number) =>
    tf.layers.conv2d({ filters, kernelSize: 1, padding: 'same', useBias: false }).apply(t) as tfTypes.SymbolicTensor;
  let x = tf.layers.conv2d({ filters: 32, kernelSize: 3, strides: 2, padding: 'same', useBias: false }).apply(input) as tfTypes.SymbolicTensor;
  x = relu6(bn(x));
  let channels = 32;
  const table: [number, number, number, number][] = [[1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1]];
  for (const [t, c, n, s] of table) {
    for (let i = 0; i < n; i++) {
      const stride = i === 0 ? s : 1;
      let y = x;
      if (t !== 1) y = relu6(bn(conv1x1(y, channels * t)));
      y = tf.layers.depthwiseConv2d({ kernelSize: 3, strides: stride, padding: 'same', useBias: false }).apply(y) as tfTypes.SymbolicTensor;
      y = relu6(bn(y));
      y = bn(conv1x1(y, c));
      x = stride === 1 && channels === c ? (tf.layers.add().apply([x, y]) as tfTypes.SymbolicTensor) : y;
      channels = c;
    }
  }
  x = relu6(bn(conv1x1(x, 1280)));
  x = tf.layers.globalAveragePooling2d({}).apply(x) as tfTypes.SymbolicTensor;
  x = tf.layers.dense({ units: 1000, activation: 'softmax' }).apply(x) as tfTypes.SymbolicTensor;
  return tf.model({ inputs: input, outputs: x, name: 'mobilenetv2_like' });
}

/** The model.json text TF.js writes for a model (topology plus an empty weights manifest). */
export function modelJsonText(model: tfTypes.LayersModel): string {
  return JSON.stringify({ format: 'layers-model', modelTopology: model.toJSON(null, false), weightsManifest: [] }, null, 2);
}
