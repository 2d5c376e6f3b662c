// Issue #10 D6: the cost of a model grows linearly with its number of inputs and calls. A Concatenate of 20k/40k/100k
// inputs took 1.5/4.8/43 s (name lookups by scanning lists in the parser, the engine and the memory model), and a
// 33k-input file under the editor's live-analysis limit stalled the extension host 7–8 s per edit. (The editor's and
// the other faces' growth on random models: linearTime.test.ts.)
import * as assert from 'node:assert';
import { analyzeModel } from '../../../src/core/analyzeModel';
import { parseModelJson } from '../../../src/core/formats/tfjs/parseModel';
import { assertLinearGrowth } from './timing';

const options = { batchSize: 100, dtype: 'float32', optimizer: 'adam' } as const;

function tfjsModel(layers: unknown[], inputs: string[], outputs: string[]): string {
  const config = { name: 'm', layers, input_layers: inputs.map((n) => [n, 0, 0]), output_layers: outputs.map((n) => [n, 0, 0]) };
  return JSON.stringify({ format: 'layers-model', modelTopology: { class_name: 'Model', config, keras_version: 'tfjs-layers 4.22.0' }, weightsManifest: [] });
}

const input = (name: string, width: number) => ({ class_name: 'InputLayer', name, inbound_nodes: [], config: { name, batch_input_shape: [null, width], dtype: 'float32' } });

/** n inputs of shape (None, 1) → Concatenate → (None, n) → Dense(2): 2n + 2 parameters. */
export function concatenateOfInputs(n: number): string {
  const names = Array.from({ length: n }, (_, i) => `in_${i}`);
  const layers: unknown[] = names.map((name) => input(name, 1));
  layers.push({ class_name: 'Concatenate', name: 'cat', config: { name: 'cat', axis: -1 }, inbound_nodes: [names.map((name) => [name, 0, 0, {}])] });
  layers.push({ class_name: 'Dense', name: 'out', config: { name: 'out', units: 2 }, inbound_nodes: [[['cat', 0, 0, {}]]] });
  return tfjsModel(layers, names, ['out']);
}

/** n inputs of shape (None, 3), one Dense(4) shared by all (called n times: 3·4 + 4 = 16 parameters, once), Add of its n calls. */
export function sharedLayerOnEveryInput(n: number): string {
  const names = Array.from({ length: n }, (_, i) => `in_${i}`);
  const layers: unknown[] = names.map((name) => input(name, 3));
  layers.push({ class_name: 'Dense', name: 'shared', config: { name: 'shared', units: 4 }, inbound_nodes: names.map((name) => [[name, 0, 0, {}]]) });
  layers.push({ class_name: 'Add', name: 'sum', config: { name: 'sum' }, inbound_nodes: [names.map((_, i) => ['shared', i, 0, {}])] });
  return tfjsModel(layers, names, ['sum']);
}

describe('cost linear in the number of inputs (issue #10 D6)', function () {
  this.timeout(120000);

  it('a Concatenate of n inputs: the figures (2n + 2 parameters, output (None, n)) and linear parse and analysis', () => {
    const text = concatenateOfInputs(1000);
    const analysis = analyzeModel(parseModelJson(text).model!, options);
    assert.deepStrictEqual(analysis.diagnostics, []);
    assert.strictEqual(analysis.totals.params, 2 * 1000 + 2);
    assert.deepStrictEqual(analysis.layers.find((l) => l.name === 'cat')!.outputShapes, [[null, 1000]]);
    // Ideal-autograd inference peak: the 1000 inputs stay live (held by the caller), the concatenation (1000) and the output (2) are
    // live while Dense runs: (1000 + 1000 + 2) floats × 4 B × batch 100, plus the 2002 weights × 4 B.
    assert.strictEqual(analysis.memory.idealAutograd!.inferencePeakBytes, (1000 + 1000 + 2) * 4 * 100 + 2002 * 4);

    assertLinearGrowth('parse', 10000, (n) => {
      const t = concatenateOfInputs(n);
      return () => parseModelJson(t);
    }, 1);
    assertLinearGrowth('analysis', 10000, (n) => {
      const model = parseModelJson(concatenateOfInputs(n)).model!;
      return () => analyzeModel(model, options);
    }, 1);
  });

  it('a layer shared by n inputs: weights once (16), linear analysis', () => {
    const analysis = analyzeModel(parseModelJson(sharedLayerOnEveryInput(500)).model!, options);
    assert.deepStrictEqual(analysis.diagnostics, []);
    assert.strictEqual(analysis.totals.params, 16);
    assert.strictEqual(analysis.layers.find((l) => l.name === 'shared')!.calls!.length, 500);
    assertLinearGrowth('analysis', 2500, (n) => {
      const model = parseModelJson(sharedLayerOnEveryInput(n)).model!;
      return () => analyzeModel(model, options);
    }, 2);
  });
});
