// TF.js's dropout draws its mask with tf.randomUniform, a JavaScript loop over seedrandom's generator, and then builds
// the multiplier with three more full-size ops (add keep-probability, floor, divide): LeNet's four dropout layers draw
// ~178,000 numbers per step of 100 images, ~1.5 ms of a ~37 ms wasm step. The training subclass fills the multiplier
// (0 or 1/keep, the same values TF.js's ops produce) in one loop from a small fast generator (sfc32, seeded from the OS)
// and multiplies once. The gradient is the same op TF.js records: dy times the multiplier.
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

export function trainingDropoutClass(tf: Tf, base: LayerClass, baseCall: BaseCall): LayerClass {
  return class TrainingDropout extends base {
    static override className = 'Dropout';
    private readonly random = new Sfc32();

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
