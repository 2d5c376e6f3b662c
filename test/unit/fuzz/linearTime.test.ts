// The fuzz suite's cost property (issue #10): for a model built by repeating a random block recipe n times and 4n
// times, every face (the editor's analysis, hover and inlay text; the CLI's JSON and table; the dashboard's message
// through the webview's validator) takes at most 10 times as long for 4n as for n. A ratio, not a wall-clock bound:
// linear work gives about 4, quadratic about 16. The limit is above timing.ts's 8 because these models are small
// enough for the garbage collector's and the JIT's fixed costs to weigh (jsonc-parser's tree alone measures ×5.4
// for ×4 here), and the machine running the suite may be busy.
import * as assert from 'node:assert';
import fc from 'fast-check';
import { runCli } from '../../../src/cli/main';
import { layerConfigsOf } from '../../../src/extension/dashboard/modelLoader';
import { hoverMarkdown, inlayHintText } from '../../../src/extension/inspector/layerText';
import { analyzeModelDocument } from '../../../src/extension/inspector/modelDocuments';
import { parseHostToWebview } from '../../../src/protocol';
import { assertLinearGrowth } from './timing';

const LIMIT = 10;

const options = { batchSize: 100, dtype: 'float32', optimizer: 'adam' } as const;

type Block = 'dense' | 'residual' | 'concat' | 'shared' | 'nested' | 'input';
/** Parameters each block adds on a (None, 8) tensor: Dense(8) is 8·8 + 8 = 72; two Dense(4) are 2·(8·4 + 4) = 72. */
const BLOCK_PARAMS: Record<Block, number> = { dense: 72, residual: 72, concat: 72, shared: 0, nested: 72, input: 0 };

const dense = (name: string, units: number, from: string, node = 0) =>
  ({ class_name: 'Dense', name, config: { name, units }, inbound_nodes: [[[from, node, 0, {}]]] });

/** A functional TF.js model: x (None, 8), then the recipe's blocks `repeats` times, each on the previous output. */
function modelOf(recipe: readonly Block[], repeats: number): { text: string; params: number } {
  const layers: object[] = [{ class_name: 'InputLayer', name: 'x', config: { name: 'x', batch_input_shape: [null, 8] }, inbound_nodes: [] }];
  const inputs = ['x'];
  const sharedCalls: unknown[] = [];
  let params = 0;
  let prev = 'x';
  let prevNode = 0;
  for (let r = 0; r < repeats; r++) {
    recipe.forEach((block, b) => {
      const id = `${block}_${r}_${b}`;
      params += BLOCK_PARAMS[block];
      switch (block) {
        case 'dense':
          layers.push(dense(id, 8, prev, prevNode));
          break;
        case 'residual':
          layers.push(dense(`${id}_d`, 8, prev, prevNode));
          layers.push({ class_name: 'Add', name: id, config: { name: id }, inbound_nodes: [[[prev, prevNode, 0, {}], [`${id}_d`, 0, 0, {}]]] });
          break;
        case 'concat':
          layers.push(dense(`${id}_a`, 4, prev, prevNode), dense(`${id}_b`, 4, prev, prevNode));
          layers.push({ class_name: 'Concatenate', name: id, config: { name: id, axis: -1 }, inbound_nodes: [[[`${id}_a`, 0, 0, {}], [`${id}_b`, 0, 0, {}]]] });
          break;
        case 'shared':
          // One Dense(8) for the whole model, called once per block: its weights count once (added below).
          sharedCalls.push([[prev, prevNode, 0, {}]]);
          prev = 'shared';
          prevNode = sharedCalls.length - 1;
          return;
        case 'nested':
          layers.push({
            class_name: 'Sequential', name: id,
            config: { name: id, layers: [{ class_name: 'Dense', config: { name: `${id}_inner`, units: 8, batch_input_shape: [null, 8] } }] },
            inbound_nodes: [[[prev, prevNode, 0, {}]]],
          });
          break;
        case 'input':
          inputs.push(`${id}_x`);
          layers.push({ class_name: 'InputLayer', name: `${id}_x`, config: { name: `${id}_x`, batch_input_shape: [null, 8] }, inbound_nodes: [] });
          layers.push({ class_name: 'Add', name: id, config: { name: id }, inbound_nodes: [[[prev, prevNode, 0, {}], [`${id}_x`, 0, 0, {}]]] });
          break;
      }
      prev = id;
      prevNode = 0;
    });
  }
  if (sharedCalls.length > 0) {
    layers.push({ class_name: 'Dense', name: 'shared', config: { name: 'shared', units: 8 }, inbound_nodes: sharedCalls });
    params += 72;
  }
  const config = { name: 'm', layers, input_layers: inputs.map((n) => [n, 0, 0]), output_layers: [[prev, prevNode, 0]] };
  return { text: JSON.stringify({ format: 'layers-model', modelTopology: { class_name: 'Model', config, keras_version: 'tfjs-layers 4.22.0' }, weightsManifest: [] }), params };
}

function cliOutput(text: string, format: 'json' | 'table'): number {
  let chars = 0;
  runCli(['inspect', 'model.json', '--format', format], { stdout: (t) => void (chars += t.length), stderr: (t) => void (chars += t.length), readFile: () => text });
  return chars;
}

const recipe = fc.array(fc.constantFrom<Block>('dense', 'residual', 'concat', 'shared', 'nested', 'input'), { minLength: 1, maxLength: 5 });

describe('fuzz: cost linear in the size of the model (issue #10)', function () {
  this.timeout(120000);

  it(`every face: 4× the blocks costs at most ×${LIMIT} the time`, () => {
    fc.assert(fc.property(recipe, (blocks) => {
      // Each model is analysed whole first: valid, and its parameter count is the recipe's (the timing is of the real path).
      const small = modelOf(blocks, 1);
      const check = analyzeModelDocument(small.text, 1, options);
      assert.ok(check.status === 'model' && check.model.analysis, 'analysed');
      assert.deepStrictEqual(check.model.analysis.diagnostics.filter((d) => d.severity === 'error'), []);
      assert.strictEqual(check.model.analysis.totals.params, small.params);

      const repeats = Math.ceil(150 / blocks.length);
      const face = (work: (text: string) => unknown) => (n: number) => {
        const text = modelOf(blocks, n).text;
        return () => work(text);
      };
      assertLinearGrowth(`editor (${blocks.join(',')})`, repeats, face((text) => {
        const result = analyzeModelDocument(text, 1, options);
        if (result.status !== 'model') throw new Error(result.status);
        for (const layer of result.model.layers) {
          inlayHintText(layer);
          hoverMarkdown(layer, { batchSize: 100, dtype: 'float32', diagnostics: [] });
        }
        return result;
      }), 2, LIMIT);
      assertLinearGrowth(`CLI (${blocks.join(',')})`, repeats, face((text) => cliOutput(text, 'json') + cliOutput(text, 'table')), 2, LIMIT);
      assertLinearGrowth(`dashboard (${blocks.join(',')})`, repeats, face((text) => {
        const result = analyzeModelDocument(text, 0, options, Infinity);
        if (result.status !== 'model' || !result.model.analysis || !result.model.ir) throw new Error('no analysis');
        const message = { type: 'model', model: { key: 'k', title: 't', source: 'file', uri: 'file:///m.json' }, analysis: result.model.analysis, layerConfigs: layerConfigsOf(result.model.ir) };
        const received = parseHostToWebview(JSON.parse(JSON.stringify(message)));
        if (!received.ok) throw new Error(received.error);
        return received;
      }), 2, LIMIT);
    }), { seed: 10_005, numRuns: 2, endOnFailure: true });
  });
});
