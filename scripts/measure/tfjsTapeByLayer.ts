// What TF.js's tape keeps, layer by layer, in one trainOnBatch (Adam, cpu backend): the numbers the `tfjs` memory model's
// per-layer terms (the Keras catalogue's `backward.tfjs`) are written from. For each layer of each corpus model, at two
// batch sizes so per-sample and fixed parts separate:
// - saved: bytes of the clones tfjs-core's engine keeps for the layer's kernels' gradients (saveTensorsForBackwardMode;
//   live until engine.gradients' backward scope ends),
// - fwdNet: what the layer's call leaves live (its outputs + saved clones + anything its tidy does not dispose),
// - fwdPeak: the most its call has live above what was live when it started,
// - bwdNet: what the backward of the layer's tape nodes leaves live (their input gradients, kept until the backward
//   scope ends), bwdPeak: the most live above the start of its first node.
// With --predict: the same for one model.predict (no tape: fwdNet is the output, fwdPeak the call's temporaries).
//   npx tsx scripts/measure/tfjsTapeByLayer.ts [--only name,name] [--batches 2,4] [--predict] [--model FILE]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { lenetTopology } from '../../src/core/lenet';

const ROOT = resolve(__dirname, '..', '..');
const index = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/memory-corpus/index.json'), 'utf8'));

interface Engine {
  state: { numBytes: number };
  saveTensorsForBackwardMode(ts: tf.Tensor[]): tf.Tensor[];
  addTapeNode(name: string, inputs: object, outputs: tf.Tensor[], g: unknown, saved: tf.Tensor[], attrs: object): void;
  state2?: unknown;
}

interface LayerFigures { saved: number; fwdNet: number; fwdPeak: number; bwdNet: number; bwdPeak: number; kernels: string[]; bwdKernels: string[] }

function topologyOf(entry: { file?: string; builtin?: string }): object {
  if (entry.builtin === 'lenet') return lenetTopology();
  const json = JSON.parse(readFileSync(resolve(ROOT, entry.file!), 'utf8'));
  return json.modelTopology ?? json;
}

function allLayers(model: tf.LayersModel): tf.layers.Layer[] {
  const out: tf.layers.Layer[] = [];
  for (const l of model.layers) {
    if (l instanceof tf.LayersModel) out.push(...allLayers(l));
    else out.push(l);
  }
  return out;
}

async function measure(entry: { name: string; file?: string; builtin?: string; tfjs: { losses: string[] } }, batch: number, mode: 'train' | 'predict'): Promise<Map<string, LayerFigures>> {
  const model = await tf.models.modelFromJSON({ modelTopology: topologyOf(entry) } as never);
  const losses = entry.tfjs.losses.map((l) => (l === 'softmaxCrossEntropyFromLogits' || l === 'softmaxCrossEntropyFirst10'
    ? ((a: tf.Tensor, b: tf.Tensor) => tf.losses.softmaxCrossEntropy(a.reshape([a.shape[0], -1]), b.reshape([b.shape[0], -1])))
    : l));
  model.compile({ optimizer: tf.train.adam(0.001), loss: losses as never });
  const xs = model.inputs.map((i, k) => tf.randomNormal([batch, ...(i.shape.slice(1) as number[])], 0, 1, 'float32', 13 + k));
  const ys = model.outputs.map((o, k) => {
    const shape = [batch, ...(o.shape.slice(1) as number[])];
    if (entry.tfjs.losses[k] === 'sparseCategoricalCrossentropy') return tf.zeros([batch, 1]);
    if (entry.tfjs.losses[k] === 'meanSquaredError') return tf.randomNormal(shape, 0, 1, 'float32', 113 + k);
    return tf.oneHot(tf.zeros([shape.slice(0, -1).reduce((a, d) => a * d, 1)], 'int32'), shape[shape.length - 1]).toFloat().reshape(shape);
  });
  await model.trainOnBatch(xs.length === 1 ? xs[0] : xs, ys.length === 1 ? ys[0] : ys);

  const figures = new Map<string, LayerFigures>();
  const fig = (name: string) => {
    let f = figures.get(name);
    if (!f) figures.set(name, (f = { saved: 0, fwdNet: 0, fwdPeak: 0, bwdNet: 0, bwdPeak: 0, kernels: [], bwdKernels: [] }));
    return f;
  };
  const engine = tf.engine() as unknown as Engine;
  const state = engine.state;
  let current = state.numBytes;
  let mark = 0; // numBytes when the current layer call / backward node started
  let peakSinceMark = 0;
  Object.defineProperty(state, 'numBytes', {
    configurable: true, enumerable: true, get: () => current,
    set: (v: number) => { current = v; peakSinceMark = Math.max(peakSinceMark, v - mark); },
  });
  const stack: string[] = [];
  const layers = allLayers(model);
  const restore: (() => void)[] = [];
  for (const l of layers) {
    const call = l.call.bind(l);
    (l as { call: unknown }).call = (inputs: unknown, kwargs: unknown) => {
      const outerMark = mark, outerPeak = peakSinceMark;
      mark = current; peakSinceMark = 0;
      stack.push(l.name);
      try {
        return call(inputs as never, kwargs as never);
      } finally {
        stack.pop();
        const f = fig(l.name);
        f.fwdNet += current - mark;
        f.fwdPeak = Math.max(f.fwdPeak, peakSinceMark);
        // the caller's window goes on
        peakSinceMark = Math.max(outerPeak, current - outerMark);
        mark = outerMark;
      }
    };
    restore.push(() => delete (l as { call?: unknown }).call);
  }
  const save = engine.saveTensorsForBackwardMode.bind(engine);
  engine.saveTensorsForBackwardMode = (ts) => {
    const saved = save(ts);
    if (stack.length) fig(stack[stack.length - 1]).saved += saved.reduce((a, t) => a + t.size * 4, 0);
    return saved;
  };
  // Backward: attribute everything between one node's gradient call and the next to that node's layer.
  let bwdLayer: string | null = null;
  let bwdMark = 0;
  let bwdPeak = 0;
  const closeBackward = () => {
    if (bwdLayer !== null) {
      const f = fig(bwdLayer);
      f.bwdNet += current - bwdMark;
      f.bwdPeak = Math.max(f.bwdPeak, bwdPeak, peakSinceMark);
    }
  };
  const addTapeNode = engine.addTapeNode.bind(engine);
  engine.addTapeNode = (name, inputs, outputs, g, saved, attrs) => {
    const layer = stack.length ? stack[stack.length - 1] : '(loss)';
    if (stack.length) fig(layer).kernels.push(name);
    addTapeNode(name, inputs, outputs, g, saved, attrs);
    const tape = (engine as unknown as { state: { activeTape: { gradient?: (dys: unknown) => unknown }[] } }).state.activeTape;
    const node = tape[tape.length - 1];
    const gradient = node.gradient;
    if (gradient) {
      node.gradient = (dys: unknown) => {
        closeBackward();
        bwdLayer = layer; bwdMark = current; mark = current; peakSinceMark = 0; bwdPeak = 0;
        fig(layer).bwdKernels.push(name);
        return gradient(dys);
      };
    }
  };
  // engine.gradients' backward scope ends by disposing every input gradient: close the last node's window before it.
  const e2 = engine as unknown as { endScope: (r: unknown) => void; state: { activeScope: { name: string } | null } };
  const endScope = e2.endScope.bind(engine);
  e2.endScope = (r) => {
    if (e2.state.activeScope?.name === 'backward') { closeBackward(); bwdLayer = null; }
    endScope(r);
  };
  restore.push(() => { e2.endScope = endScope; });
  const opt = model.optimizer as unknown as { applyGradients: (g: unknown) => void };
  const apply = opt.applyGradients.bind(opt);
  opt.applyGradients = (g) => { closeBackward(); bwdLayer = null; apply(g); };
  try {
    if (mode === 'predict') tf.dispose(model.predict(xs.length === 1 ? xs[0] : xs, { batchSize: batch }));
    else await model.trainOnBatch(xs.length === 1 ? xs[0] : xs, ys.length === 1 ? ys[0] : ys);
  } finally {
    delete (state as { numBytes?: number }).numBytes;
    state.numBytes = current;
    engine.saveTensorsForBackwardMode = save;
    engine.addTapeNode = addTapeNode;
    restore.forEach((r) => r());
  }
  return figures;
}

async function main() {
  const { values } = parseArgs({ options: { only: { type: 'string' }, batches: { type: 'string', default: '2,4' }, predict: { type: 'boolean', default: false }, model: { type: 'string' } } });
  const mode = values.predict ? 'predict' : 'train';
  await tf.setBackend('cpu');
  const only = values.only?.split(',');
  const [b1, b2] = values.batches!.split(',').map(Number);
  // --model FILE: one more model file (a TF.js model.json or Keras JSON; categorical cross-entropy on its output).
  const extra = values.model ? [{ name: values.model, file: resolve(values.model), batchSizes: [], tfjs: { losses: ['categoricalCrossentropy'] } }] : [];
  for (const entry of [...extra, ...index.models]) {
    if ((only || extra.length > 0) && !only?.includes(entry.name) && !extra.includes(entry)) continue;
    if (entry.tfjs.slow) continue;
    let a: Map<string, LayerFigures>, b: Map<string, LayerFigures>;
    try {
      a = await measure(entry, b1, mode);
      b = await measure(entry, b2, mode);
    } catch (e) { console.log(`${entry.name}: ${(e as Error).message.slice(0, 100)}`); continue; }
    console.log(`== ${entry.name} (per sample, per ${b2 - b1} samples difference; fixed part)`);
    for (const [name, fa] of a) {
      const fb = b.get(name)!;
      const per = (k: keyof LayerFigures) => ((fb[k] as number) - (fa[k] as number)) / (b2 - b1) / 4;
      const fixed = (k: keyof LayerFigures) => ((fa[k] as number) - per(k) * 4 * b1);
      console.log(`${name.padEnd(28)} saved ${per('saved').toFixed(0).padStart(7)}+${fixed('saved').toFixed(0).padStart(6)}  fwdNet ${per('fwdNet').toFixed(0).padStart(7)}+${fixed('fwdNet').toFixed(0)}  fwdPeak ${per('fwdPeak').toFixed(0).padStart(7)}  bwdNet ${per('bwdNet').toFixed(0).padStart(7)}+${fixed('bwdNet').toFixed(0)}  bwdPeak ${per('bwdPeak').toFixed(0).padStart(7)}  [${fa.kernels.join(' ')}]`);
    }
  }
}
void main();
