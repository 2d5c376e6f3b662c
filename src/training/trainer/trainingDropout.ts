// TF.js's dropout draws its mask with tf.randomUniform, a JavaScript loop over seedrandom's generator, and then builds
// the multiplier with three more full-size ops (add keep-probability, floor, divide): LeNet's four dropout layers draw
// ~178,000 numbers per step of 100 images, ~1.5 ms of a ~37 ms wasm step. The training subclass fills the multiplier
// (0 or 1/keep, the same values TF.js's ops produce) in one loop from a small fast generator (sfc32) and multiplies
// once. The gradient is the same op TF.js records: dy times the multiplier. A run seeds each layer's generator from its
// seed (seedDropoutMasks), so its masks repeat with the run; a layer built outside a run is seeded from the OS.
//
// Layers with a fixed `seed` or a `noiseShape` fall through to TF.js's call (TF.js re-seeds a seeded dropout every call
// and repeats the mask, behaviour worth keeping exactly), as do inference calls (dropout is the identity there).
import { randomFillSync } from 'node:crypto';
import type { BaseCall, LayerClass } from './trainingLayerTypes';
import type { Tensor, Tf } from './tf';

/** The parts of tfjs-layers' Dropout the subclass reads (not in TF.js's public typings). */
interface DropoutFields {
  rate: number;
  noiseShape: unknown;
  seed: unknown;
}

/** sfc32 (Chris Doty-Humphrey's small fast counting generator): 128 bits of state, passes PractRand to 2^40+. */
export class Sfc32 {
  private readonly s: Uint32Array;

  constructor(seed: Uint32Array = randomFillSync(new Uint32Array(4))) {
    this.s = Uint32Array.from(seed.subarray(0, 4));
    for (let i = 0; i < 12; i++) this.next();
  }

  next(): number {
    const s = this.s;
    const t = (((s[0] + s[1]) >>> 0) + s[3]) >>> 0;
    s[3] = (s[3] + 1) >>> 0;
    s[0] = s[1] ^ (s[1] >>> 9);
    s[1] = (s[2] + (s[2] << 3)) >>> 0;
    s[2] = ((s[2] << 21) | (s[2] >>> 11)) >>> 0;
    s[2] = (s[2] + t) >>> 0;
    return t;
  }
}

/**
 * Fills `out` with dropout multipliers: 0 with probability `rate`, else 1/(1 − rate) rounded to float32 as TF.js's
 * floor(u + keep) / keep gives. A 32-bit draw u keeps the value when u ≥ rate·2³² (TF.js: when u + keep ≥ 1).
 */
export function fillDropoutMask(out: Float32Array, rate: number, random: Sfc32): Float32Array {
  const keep = Math.fround(1 - rate);
  const scale = Math.fround(1 / keep);
  const threshold = Math.floor(rate * 2 ** 32);
  for (let i = 0; i < out.length; i++) out[i] = random.next() >= threshold ? scale : 0;
  return out;
}

/** The method by which seedDropoutMasks finds and seeds the training Dropout layers (and no other layer). */
const SEED_MASKS = Symbol('seedMasks');
type SeedableDropout = { [SEED_MASKS]: (words: Uint32Array) => void };

/**
 * Seeds the mask generator of every training Dropout among `layers` (and in nested models) from a run's seed: the
 * k-th such layer gets sfc32 words ('DROP', seed, k, 1), so layers draw different streams and a run repeats. Returns
 * how many layers were seeded (TF.js's own Dropout, as on tfjs-node, is not: a seeded TF.js dropout repeats one mask).
 */
export function seedDropoutMasks(layers: readonly object[], seed: number): number {
  let stream = 0;
  const visit = (list: readonly object[]): void => {
    for (const layer of list) {
      if (SEED_MASKS in layer) (layer as SeedableDropout)[SEED_MASKS](Uint32Array.of(0x44524f50, seed >>> 0, stream++, 1));
      const nested = (layer as { layers?: unknown }).layers;
      if (Array.isArray(nested)) visit(nested as object[]);
    }
  };
  visit(layers);
  return stream;
}

export function trainingDropoutClass(tf: Tf, base: LayerClass, baseCall: BaseCall): LayerClass {
  return class TrainingDropout extends base implements SeedableDropout {
    static override className = 'Dropout';
    private random = new Sfc32();

    [SEED_MASKS](words: Uint32Array): void {
      this.random = new Sfc32(words);
    }

    call(inputs: Tensor | Tensor[], kwargs: Record<string, unknown>): Tensor {
      const layer = this as unknown as DropoutFields;
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      if (kwargs?.training !== true || !(layer.rate > 0 && layer.rate < 1) || layer.noiseShape != null || layer.seed != null || x.dtype !== 'float32') {
        return baseCall.call(this, inputs, kwargs) as Tensor;
      }
      return tf.tidy(() => {
        const mask = tf.tensor(fillDropoutMask(new Float32Array(x.size), layer.rate, this.random), x.shape, 'float32');
        return tf.mul(x, mask);
      });
    }
  };
}
