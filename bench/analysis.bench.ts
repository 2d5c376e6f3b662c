// Benchmark (not a test): how long our analysis of a model.json takes, next to TF.js deserialising the same JSON
// (`tf.models.modelFromJSON`, which builds the layers and initialises the weights) in the same run.
// Targets: a 1,000-layer model in < 20 ms, and ≥ 20× faster than TF.js.
//   npx tsx bench/analysis.bench.ts
import * as os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { analyzeModelText } from '../src/core/analyze';

type Topology = Parameters<typeof tf.models.modelFromJSON>[0];

/** 1,000 layers: 333 blocks of conv 3×3 (same) → BN → ReLU on 32×32×16, then flatten → dense. */
function deepCnn(): tf.LayersModel {
  const input = tf.input({ shape: [32, 32, 16] });
  let x: tf.SymbolicTensor = input;
  for (let i = 0; i < 333; i++) {
    x = tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', useBias: false }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.batchNormalization().apply(x) as tf.SymbolicTensor;
    x = tf.layers.reLU().apply(x) as tf.SymbolicTensor;
  }
  x = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: 10 }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: x, name: 'deep_cnn_1000' });
}

/** MobileNetV2 (alpha 1, 224×224×3): the inverted-residual table of Sandler et al. 2018, as Keras builds it. */
function mobileNetV2(): tf.LayersModel {
  const input = tf.input({ shape: [224, 224, 3] });
  const bn = (t: tf.SymbolicTensor) => tf.layers.batchNormalization({ epsilon: 1e-3, momentum: 0.999 }).apply(t) as tf.SymbolicTensor;
  const relu6 = (t: tf.SymbolicTensor) => tf.layers.reLU({ maxValue: 6 }).apply(t) as tf.SymbolicTensor;
  const conv1x1 = (t: tf.SymbolicTensor, filters: number) =>
    tf.layers.conv2d({ filters, kernelSize: 1, padding: 'same', useBias: false }).apply(t) as tf.SymbolicTensor;
  let x = tf.layers.conv2d({ filters: 32, kernelSize: 3, strides: 2, padding: 'same', useBias: false }).apply(input) as tf.SymbolicTensor;
  x = relu6(bn(x));
  let channels = 32;
  const table: [number, number, number, number][] = [[1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1]];
  for (const [t, c, n, s] of table) {
    for (let i = 0; i < n; i++) {
      const stride = i === 0 ? s : 1;
      let y = x;
      if (t !== 1) y = relu6(bn(conv1x1(y, channels * t)));
      y = tf.layers.depthwiseConv2d({ kernelSize: 3, strides: stride, padding: 'same', useBias: false }).apply(y) as tf.SymbolicTensor;
      y = relu6(bn(y));
      y = bn(conv1x1(y, c));
      x = stride === 1 && channels === c ? (tf.layers.add().apply([x, y]) as tf.SymbolicTensor) : y;
      channels = c;
    }
  }
  x = relu6(bn(conv1x1(x, 1280)));
  x = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: 1000, activation: 'softmax' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: x, name: 'mobilenetv2_like' });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function bench(name: string, build: () => tf.LayersModel, oursRuns: number, tfjsRuns: number): Promise<string> {
  const model = build();
  const text = JSON.stringify({ format: 'layers-model', modelTopology: model.toJSON(null, false), weightsManifest: [] });
  const layerCount = model.layers.length;
  const params = model.countParams();
  model.dispose();

  // Ours: parse + per-layer inference + memory model, from the text.
  const first = analyzeModelText(text).analysis;
  if (!first || first.diagnostics.some((d) => d.severity === 'error')) throw new Error(`${name}: analysis reported errors`);
  if (first.totals.params !== params) throw new Error(`${name}: params ${first.totals.params} ≠ TF.js ${params}`);
  for (let i = 0; i < 5; i++) analyzeModelText(text); // warm-up (JIT)
  const ours: number[] = [];
  for (let i = 0; i < oursRuns; i++) {
    const t0 = performance.now();
    analyzeModelText(text);
    ours.push(performance.now() - t0);
  }

  // TF.js: the same JSON text parsed and deserialised.
  const theirs: number[] = [];
  for (let i = 0; i < tfjsRuns + 1; i++) {
    const t0 = performance.now();
    const m = await tf.models.modelFromJSON((JSON.parse(text) as { modelTopology: Topology }).modelTopology);
    const dt = performance.now() - t0;
    m.dispose();
    if (i > 0) theirs.push(dt); // the first run warms up
  }
  const o = median(ours);
  const t = median(theirs);
  return `| ${name} | ${layerCount} | ${params.toLocaleString('en-US')} | ${(text.length / 1024).toFixed(0)} KiB | ${o.toFixed(2)} ms (min ${Math.min(...ours).toFixed(2)}) | ${t.toFixed(1)} ms (min ${Math.min(...theirs).toFixed(1)}) | ${(t / o).toFixed(0)}× |`;
}

async function main() {
  await tf.setBackend('cpu');
  const cpus = os.cpus();
  console.log(`Date: ${new Date().toISOString()}`);
  console.log(`Machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`);
  console.log(`TF.js ${tf.version.tfjs}, backend: ${tf.getBackend()}`);
  console.log('');
  console.log('| model | layers (TF.js) | params | JSON | ours: analyzeModelText (median) | TF.js modelFromJSON (median) | ratio |');
  console.log('|---|---|---|---|---|---|---|');
  console.log(await bench('generated 1,000-layer CNN', deepCnn, 50, 5));
  console.log(await bench('MobileNetV2 (224×224×3)', mobileNetV2, 50, 5));
}

void main();
