// The Explore tests' oracle: TF.js itself in Node on the cpu backend, given the same model.json topology and weight
// bytes the page gets. Every layer's output from one `tf.model({inputs, outputs: [every layer's output]})`; the
// probabilities; saliency = tf.grad of the class score (the pre-softmax logit) w.r.t. the input; Grad-CAM from
// tf.grad of the score w.r.t. a layer's output. Receptive fields of the trainer's LeNet are derived by hand below.
import * as tf from '@tensorflow/tfjs';
import type { ExploreModelMessage } from '../../src/protocol/explore';

export interface OracleLayer {
  name: string;
  shape: number[];
  values: Float32Array;
}

export interface OracleRun {
  layers: Map<string, OracleLayer>;
  logits: Float32Array;
  probabilities: Float32Array;
  predicted: number;
}

export interface OracleGradCam {
  alphas: Float32Array;
  cam: Float32Array;
  heatmap: Float32Array;
}

/** Bytes of a test image → the model's input (bytes / 255, what the trainer and the page do), H×W×1. */
export function scaledImage(bytes: Uint8Array): Float32Array {
  return Float32Array.from(bytes, (b) => b / 255);
}

const argmax = (xs: ArrayLike<number>): number => {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i] > xs[best]) best = i;
  return best;
};

export class ExploreOracle {
  private constructor(
    private readonly model: tf.LayersModel,
    private readonly all: tf.LayersModel,
    /** Input → logits: the last layer's pre-softmax value when the model ends in a softmax, else its output. */
    private readonly logitsOf: (x: tf.Tensor) => tf.Tensor,
    readonly endsInSoftmax: boolean,
  ) {}

  static async load(message: Pick<ExploreModelMessage, 'modelTopology' | 'weightSpecs' | 'weightData'>): Promise<ExploreOracle> {
    await tf.setBackend('cpu');
    const data = message.weightData;
    const model = await tf.loadLayersModel(tf.io.fromMemory({
      modelTopology: message.modelTopology, weightSpecs: message.weightSpecs,
      weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer,
    }));
    const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
    const all = tf.model({ inputs: model.inputs, outputs: layers.map((l) => l.output as tf.SymbolicTensor) });
    const last = model.layers[model.layers.length - 1];
    const config = last.getConfig() as { activation?: string };
    const endsInSoftmax = config.activation === 'softmax';
    let logitsOf: (x: tf.Tensor) => tf.Tensor = (x) => model.apply(x, { training: false }) as tf.Tensor;
    if (endsInSoftmax && last.getClassName() === 'Dense') {
      // The score is Dense's x·W + b before its softmax (Simonyan et al.; Grad-CAM), computed here by hand.
      const before = tf.model({ inputs: model.inputs, outputs: last.input as tf.SymbolicTensor });
      const [kernel, bias] = last.getWeights();
      logitsOf = (x) => tf.add(tf.matMul(before.apply(x, { training: false }) as tf.Tensor2D, kernel as tf.Tensor2D), bias);
    } else if (endsInSoftmax && last.getClassName() === 'Activation') {
      const before = tf.model({ inputs: model.inputs, outputs: last.input as tf.SymbolicTensor });
      logitsOf = (x) => before.apply(x, { training: false }) as tf.Tensor;
    } else if (endsInSoftmax) {
      throw new Error(`the oracle does not know the pre-softmax score of a ${last.getClassName()}`);
    }
    return new ExploreOracle(model, all, logitsOf, endsInSoftmax);
  }

  get inputShape(): [number, number, number] {
    const s = this.model.inputs[0].shape;
    return [s[1] as number, s[2] as number, s[3] as number];
  }

  get layerNames(): string[] {
    return this.model.layers.filter((l) => l.getClassName() !== 'InputLayer').map((l) => l.name);
  }

  private input(image: Float32Array): tf.Tensor4D {
    return tf.tensor4d(image, [1, ...this.inputShape]);
  }

  run(image: Float32Array): OracleRun {
    tf.engine().startScope();
    try {
      const x = this.input(image);
      const outs = this.all.predict(x) as tf.Tensor[];
      const layers = new Map<string, OracleLayer>();
      this.layerNames.forEach((name, i) => layers.set(name, { name, shape: outs[i].shape.slice(1), values: outs[i].dataSync() as Float32Array }));
      const logits = Float32Array.from(this.logitsOf(x).dataSync());
      const probabilities = Float32Array.from((this.endsInSoftmax ? outs[outs.length - 1] : tf.softmax(tf.tensor1d(logits))).dataSync());
      return { layers, logits, probabilities, predicted: argmax(probabilities) };
    } finally {
      tf.engine().endScope();
    }
  }

  /** d logit[classIndex] / d input, H×W×C, and its map: max over channels of |gradient|. */
  saliency(image: Float32Array, classIndex: number): { gradient: Float32Array; map: Float32Array; score: number } {
    return tf.tidy(() => {
      const x = this.input(image);
      const score = (t: tf.Tensor) => tf.gather(this.logitsOf(t).reshape([-1]), classIndex) as tf.Scalar;
      const gradient = tf.grad(score)(x);
      const map = tf.max(tf.abs(gradient), -1).dataSync() as Float32Array;
      return { gradient: gradient.dataSync() as Float32Array, map: Float32Array.from(map), score: score(x).dataSync()[0] };
    });
  }

  /**
   * Grad-CAM on `layer`, which must be followed by a chain of layers (each the next one's only input) up to the
   * output — true of LeNet and of a branch model whose branches merge before its last feature maps.
   */
  gradCam(image: Float32Array, classIndex: number, layerName: string): OracleGradCam {
    const layers = this.model.layers;
    const at = layers.findIndex((l) => l.name === layerName);
    if (at < 0) throw new Error(`no layer ${layerName}`);
    const chain = layers.slice(at + 1);
    chain.forEach((l, i) => {
      const from = (i === 0 ? layers[at] : chain[i - 1]).output;
      if (l.input !== from) throw new Error(`Grad-CAM oracle: ${l.name} does not read only ${i === 0 ? layerName : chain[i - 1].name}`);
    });
    return tf.tidy(() => {
      const x = this.input(image);
      const activations = tf.model({ inputs: this.model.inputs, outputs: layers[at].output as tf.SymbolicTensor }).predict(x) as tf.Tensor4D;
      const last = chain[chain.length - 1];
      const score = (a: tf.Tensor) => {
        let y = a;
        for (const l of chain) {
          if (l === last && this.endsInSoftmax && l.getClassName() === 'Dense') {
            const [kernel, bias] = l.getWeights();
            y = tf.add(tf.matMul(y as tf.Tensor2D, kernel as tf.Tensor2D), bias);
          } else if (!(l === last && this.endsInSoftmax && l.getClassName() === 'Activation')) {
            y = l.apply(y, { training: false }) as tf.Tensor;
          }
        }
        return tf.gather(y.reshape([-1]), classIndex) as tf.Scalar;
      };
      const grads = tf.grad(score)(activations);
      const alphas = tf.mean(grads, [0, 1, 2]);
      const cam = tf.relu(tf.sum(tf.mul(activations.squeeze([0]), alphas), -1));
      const [h, w] = this.inputShape;
      const resized = tf.image.resizeBilinear(cam.expandDims(-1) as tf.Tensor3D, [h, w], false).squeeze([-1]);
      const max = tf.max(resized).dataSync()[0];
      const heatmap = max > 0 ? tf.div(resized, max) : resized;
      return { alphas: Float32Array.from(alphas.dataSync()), cam: Float32Array.from(cam.dataSync()), heatmap: Float32Array.from(heatmap.dataSync()) };
    });
  }

  dispose(): void {
    this.model.dispose();
  }
}

export interface Rect { top: number; left: number; bottom: number; right: number }

const clip = (r: Rect, size: number): Rect => ({
  top: Math.max(0, r.top), left: Math.max(0, r.left), bottom: Math.min(size - 1, r.bottom), right: Math.min(size - 1, r.right),
});

/**
 * The input pixels (inclusive, clipped to 28×28) that feed output pixel (y, x) of a layer of the trainer's LeNet,
 * derived by hand from model.json:
 *   c1_conv 5×5 stride 1 'same': TF pads floor((5-1)/2) = 2 before → input rows y-2 … y+2.
 *   s2_pool 2×2 stride 2 'valid': c1 rows 2y … 2y+1 → input 2y-2 … 2y+1+2 = 2y+3.
 *   c3_conv 5×5 stride 1 'valid': s2 rows y … y+4 → input 2y-2 … 2(y+4)+3 = 2y+11 (14 rows).
 *   s4_pool 2×2 stride 2: c3 rows 2y … 2y+1 → input 2(2y)-2 … 2(2y+1)+11 = 4y-2 … 4y+13 (16 rows).
 * BatchNormalization, Activation and Dropout are per pixel: their field is the layer before's.
 */
export function lenetReceptiveField(layer: string, y: number, x: number): Rect | null {
  const rows = (lo: number, hi: number, c: number) => [lo + c, hi + c] as const;
  let r: readonly [number, number, number, number];
  if (/^c1_/.test(layer)) r = [...rows(-2, 2, y), ...rows(-2, 2, x)];
  else if (/^s2_|^dropout_1$/.test(layer)) r = [2 * y - 2, 2 * y + 3, 2 * x - 2, 2 * x + 3];
  else if (/^c3_/.test(layer)) r = [2 * y - 2, 2 * y + 11, 2 * x - 2, 2 * x + 11];
  else if (/^s4_/.test(layer)) r = [4 * y - 2, 4 * y + 13, 4 * x - 2, 4 * x + 13];
  else return null;
  return clip({ top: r[0], bottom: r[1], left: r[2], right: r[3] }, 28);
}
