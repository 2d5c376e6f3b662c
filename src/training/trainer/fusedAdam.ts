// Adam in one JS pass per variable. TF.js's AdamOptimizer spends ~12 element-wise kernel calls per variable per step
// (≈170 for LeNet's 14 variables), and on the wasm backend the engine's bookkeeping per call costs more than the
// arithmetic on these small tensors. Here each variable's gradient and value are read once, the moments live in JS
// Float32Arrays, and the new value is written back as one tensor.
//
// The arithmetic is TF.js's (tfjs-core 4.22 adam_optimizer.js), operation by operation, each result rounded to
// float32 as a float32 kernel would: m' = m·β1 + g·(1−β1); v' = v·β2 + g²·(1−β2); m̂ = m'/(1−β1ᵗ); v̂ = v'/(1−β2ᵗ);
// θ' = (m̂ / (√v̂ + ε))·(−lr) + θ, with β1ᵗ, β2ᵗ accumulated in float32 by repeated multiplication (TF.js's
// accBeta variables), and ε the backend's epsilon. The unit test compares the weights with tf.train.adam's.
import type { Optimizer, Tensor, Tf } from './tf';

type NamedTensor = { name: string; tensor: Tensor };
type NamedVariableMap = Record<string, Tensor>;

const f32 = Math.fround;

/**
 * One variable's update, in place on m and v, the new value into `next`. A top-level monomorphic function so V8
 * optimises the loop once for all variables. Each operation is done in float64 and rounded to float32, which gives
 * the float32 result exactly for +, ×, ÷ and √ (float64 has more than twice float32's precision plus two bits).
 */
function adamStep(
  g: Float32Array, theta: Float32Array, m: Float32Array, v: Float32Array, next: Float32Array,
  b1: number, b2: number, oneMinusB1: number, oneMinusB2: number, oneMinusAcc1: number, oneMinusAcc2: number, negLr: number, e: number,
): void {
  const n = next.length;
  for (let k = 0; k < n; k++) {
    const gk = g[k];
    const mk = Math.fround(Math.fround(m[k] * b1) + Math.fround(gk * oneMinusB1));
    const vk = Math.fround(Math.fround(v[k] * b2) + Math.fround(Math.fround(gk * gk) * oneMinusB2));
    m[k] = mk;
    v[k] = vk;
    const mHat = Math.fround(mk / oneMinusAcc1);
    const vHat = Math.fround(vk / oneMinusAcc2);
    next[k] = Math.fround(Math.fround(mHat / Math.fround(Math.fround(Math.sqrt(vHat)) + e)) * negLr) + theta[k];
  }
}

/** The wasm backend's view of its own memory (methods of tfjs-backend-wasm's BackendWasm). */
interface HeapBackend {
  typedArrayFromHeap(t: Tensor): Float32Array;
  makeOutput(shape: number[], dtype: 'float32'): { dataId: object; shape: number[]; dtype: 'float32' };
}

function heapBackend(tf: Tf): HeapBackend | null {
  if (tf.getBackend() !== 'wasm') return null;
  const backend = tf.backend() as unknown as Partial<HeapBackend>;
  return typeof backend.typedArrayFromHeap === 'function' && typeof backend.makeOutput === 'function' ? (backend as HeapBackend) : null;
}

/** Backends on which the fused update is used: the per-kernel overhead it removes is theirs (tfjs-node keeps tf.train.adam). */
export const FUSED_ADAM_BACKENDS: readonly string[] = ['wasm', 'cpu'];

export function fusedAdamSupported(tf: Tf): boolean {
  return FUSED_ADAM_BACKENDS.includes(tf.getBackend());
}

/**
 * An Adam optimizer (a tf.Optimizer, so model.compile accepts it) with TF.js's results and one pass per variable.
 * Built from the run's `tf` module because the class must extend that module's Optimizer.
 */
export function fusedAdam(tf: Tf, learningRate: number, beta1 = 0.9, beta2 = 0.999, epsilon?: number): Optimizer {
  const eps = epsilon ?? tf.backend().epsilon();

  class FusedAdamOptimizer extends tf.Optimizer {
    static get className(): string {
      return 'Adam';
    }

    private first: (Float32Array | undefined)[] = [];
    private second: (Float32Array | undefined)[] = [];
    private names: string[] = [];
    private accBeta1 = f32(beta1);
    private accBeta2 = f32(beta2);

    applyGradients(variableGradients: NamedVariableMap | NamedTensor[]): void {
      const entries: [string, Tensor | undefined][] = Array.isArray(variableGradients)
        ? variableGradients.map((v) => [v.name, v.tensor])
        : Object.keys(variableGradients).map((name) => [name, variableGradients[name]]);
      const b1 = f32(beta1);
      const b2 = f32(beta2);
      const oneMinusB1 = f32(1 - beta1);
      const oneMinusB2 = f32(1 - beta2);
      const oneMinusAcc1 = f32(1 - this.accBeta1);
      const oneMinusAcc2 = f32(1 - this.accBeta2);
      const negLr = f32(-learningRate);
      const e = f32(eps);
      const registered = tf.engine().registeredVariables;
      entries.forEach(([name, gradient], i) => {
        const variable = registered[name];
        if (variable === undefined) throw new Error(`Adam: no variable named '${name}'.`);
        const size = variable.size;
        let m = this.first[i];
        let v = this.second[i];
        if (m === undefined || m.length !== size) m = this.first[i] = new Float32Array(size);
        if (v === undefined || v.length !== size) v = this.second[i] = new Float32Array(size);
        this.names[i] = name;
        if (gradient == null) return;
        const heap = heapBackend(tf);
        if (heap !== null && gradient.dtype === 'float32' && variable.dtype === 'float32') {
          // wasm: gradient and value are read where they lie in the module's memory and the new value is computed
          // straight into a new tensor's memory, no copies. Not in place: XNNPACK caches a convolution's or matmul's
          // packed weights by tensor id, so the variable must get a new buffer (and id), as TF.js's assign gives it.
          const updated = tf.engine().makeTensorFromTensorInfo(heap.makeOutput(variable.shape, 'float32'));
          // Views taken after the allocation: a growing wasm memory replaces the buffer earlier views were on.
          const g = heap.typedArrayFromHeap(gradient);
          const theta = heap.typedArrayFromHeap(variable);
          adamStep(g, theta, m, v, heap.typedArrayFromHeap(updated), b1, b2, oneMinusB1, oneMinusB2, oneMinusAcc1, oneMinusAcc2, negLr, e);
          variable.assign(updated);
          updated.dispose();
          return;
        }
        // dataSync may return the backend's own storage (cpu): read only, write into a new array.
        const g = gradient.dataSync() as Float32Array;
        const theta = variable.dataSync() as Float32Array;
        const next = new Float32Array(size);
        adamStep(g, theta, m, v, next, b1, b2, oneMinusB1, oneMinusB2, oneMinusAcc1, oneMinusAcc2, negLr, e);
        const updated = tf.tensor(next, variable.shape, 'float32');
        variable.assign(updated);
        updated.dispose();
      });
      this.accBeta1 = f32(this.accBeta1 * b1);
      this.accBeta2 = f32(this.accBeta2 * b2);
      this.incrementIterations();
    }

    override async getWeights(): Promise<NamedTensor[]> {
      // TF.js's order (iterations, all first moments, all second moments), so a saved optimizer reads back in either.
      const moments = [
        ...this.first.map((m, i) => ({ name: `${this.names[i]}/m`, tensor: tf.tensor(m ?? new Float32Array(0)) })),
        ...this.second.map((v, i) => ({ name: `${this.names[i]}/v`, tensor: tf.tensor(v ?? new Float32Array(0)) })),
      ];
      return [await this.saveIterations(), ...moments];
    }

    override async setWeights(weightValues: NamedTensor[]): Promise<void> {
      const rest = await this.extractIterations(weightValues);
      this.accBeta1 = f32(Math.pow(beta1, this.iterations_ + 1));
      this.accBeta2 = f32(Math.pow(beta2, this.iterations_ + 1));
      const count = rest.length / 2;
      this.first = rest.slice(0, count).map((w) => Float32Array.from(w.tensor.dataSync()));
      this.second = rest.slice(count).map((w) => Float32Array.from(w.tensor.dataSync()));
      this.names = rest.slice(0, count).map((w) => w.name.replace(/\/m$/, ''));
    }

    getConfig(): Record<string, number> {
      return { learningRate, beta1, beta2, epsilon: eps };
    }
  }

  return new FusedAdamOptimizer();
}
