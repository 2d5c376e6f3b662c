// Parsing model files into the IR: every format and wrapping, exact JSON paths, and bad input that must produce
// diagnostics (never an exception).
import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { parseModelJson, GRAPH_MODEL_MESSAGE } from '../../../src/core/formats/tfjs/parseModel';
import { analyzeModelText } from '../../../src/core/analyzeModel';
import type { LayerIR, ModelIR } from '../../../src/core/ir';

const fixture = (name: string) => readFileSync(path.join(__dirname, '../../fixtures/models', name), 'utf8');

function parseOk(text: string): ModelIR {
  const { model, diagnostics } = parseModelJson(text);
  assert.ok(model, `no model: ${JSON.stringify(diagnostics)}`);
  assert.deepStrictEqual(diagnostics.filter((d) => d.severity === 'error'), []);
  return model;
}

/** Every layer's path must lead to the object holding its class_name, in the very text parsed. */
function assertPathsResolve(text: string, layers: LayerIR[]): void {
  const root = parseTree(text);
  assert.ok(root);
  for (const layer of layers) {
    const node = findNodeAtLocation(root, [...layer.path, 'class_name']);
    assert.ok(node, `${layer.name}: path ${JSON.stringify(layer.path)} has no class_name`);
    if (!layer.synthetic) assert.strictEqual(node.value, layer.className, `${layer.name}: path leads to another layer`);
    if (layer.nested) assertPathsResolve(text, layer.nested.layers);
  }
}

describe('parseModelJson: formats and wrappings', () => {
  it('TF.js model.json with a bare modelTopology (Sequential): implied input, chain of calls, exact paths', () => {
    const text = fixture('sequential-cnn.json');
    const model = parseOk(text);
    assert.strictEqual(model.format, 'tfjs-layers');
    assert.strictEqual(model.className, 'Sequential');
    assert.strictEqual(model.layers[0].className, 'InputLayer');
    assert.strictEqual(model.layers[0].synthetic, true);
    assert.strictEqual(model.layers[0].name, 'c1_input');
    assert.deepStrictEqual(model.layers[1].path, ['modelTopology', 'config', 'layers', 0]);
    assert.deepStrictEqual(model.layers[2].inboundNodes[0].inputs.map((r) => r.layer), ['c1']);
    assert.deepStrictEqual(model.outputs.map((r) => r.layer), ['output']);
    assertPathsResolve(text, model.layers);
  });

  it('TF.js model.json wrapped in model_config by the Python converter, functional with two inputs and outputs', () => {
    const text = fixture('functional-branches.json');
    const model = parseOk(text);
    assert.strictEqual(model.className, 'Model');
    assert.deepStrictEqual(model.layers[0].path, ['modelTopology', 'model_config', 'config', 'layers', 0]);
    assert.deepStrictEqual(model.inputs.map((r) => r.layer), ['image', 'meta']);
    assert.deepStrictEqual(model.outputs.map((r) => r.layer), ['class', 'box']);
    const mixed = model.layers.find((l) => l.name === 'mixed')!;
    assert.deepStrictEqual(mixed.inboundNodes[0].inputs.map((r) => r.layer), ['branch_1x1', 'residual', 'branch_pool']);
    assert.deepStrictEqual(mixed.inboundNodes[0].inputs[1].path, [...mixed.path, 'inbound_nodes', 0, 1]);
    assertPathsResolve(text, model.layers);
  });

  it('bare model.toJSON() output with a nested Sequential called twice and a shared layer: node indices re-based', () => {
    const text = fixture('nested-shared.json');
    const model = parseOk(text);
    const encoder = model.layers.find((l) => l.name === 'encoder')!;
    assert.ok(encoder.nested, 'nested model parsed');
    assert.strictEqual(encoder.inboundNodes.length, 2);
    // TF.js writes ["encoder", 1, 0] and ["encoder", 2, 0]: its node 0 is the nested model's own call.
    const pair = model.layers.find((l) => l.name === 'pair')!;
    assert.deepStrictEqual(pair.inboundNodes[0].inputs.map((r) => [r.layer, r.nodeIndex]), [['encoder', 0], ['encoder', 1], ['shared_proj', 0], ['shared_proj', 1]]);
    assert.deepStrictEqual(encoder.nested.layers.map((l) => l.name), ['enc_1_input', 'enc_1', 'enc_2']);
    assertPathsResolve(text, model.layers);
  });

  it('legacy Sequential whose config is the bare list of layers', () => {
    const text = JSON.stringify({
      class_name: 'Sequential',
      config: [
        { class_name: 'Dense', config: { name: 'd1', units: 4, batch_input_shape: [null, 3] } },
        { class_name: 'Dense', config: { name: 'd2', units: 2 } },
      ],
      keras_version: '2.1.6',
    });
    const model = parseOk(text);
    assert.strictEqual(model.format, 'keras');
    assert.deepStrictEqual(model.layers.map((l) => l.name), ['d1_input', 'd1', 'd2']);
    assert.deepStrictEqual(model.layers[2].path, ['config', 1]);
    const analysis = analyzeModelText(text).analysis!;
    assert.strictEqual(analysis.totals.params, 3 * 4 + 4 + 4 * 2 + 2);
  });

  it('Keras 2 model.to_json() with an explicit InputLayer', () => {
    const model = parseModelJson(fixture('keras2-sequential.json')).model!;
    assert.strictEqual(model.format, 'keras');
    assert.strictEqual(model.layers[0].name, 'conv2d_input');
    assert.ok(!model.layers[0].synthetic);
  });

  it('Keras 3 functional JSON: {args, kwargs} calls, __keras_tensor__ references, batch_shape, nested arg lists', () => {
    const text = fixture('keras3-functional.json');
    const model = parseOk(text);
    const add = model.layers.find((l) => l.name === 'add')!;
    assert.deepStrictEqual(add.inboundNodes[0].inputs.map((r) => r.layer), ['gru', 'skip']);
    assert.deepStrictEqual(add.inboundNodes[0].inputs[1].path, [...add.path, 'inbound_nodes', 0, 'args', 0, 1]);
    assert.deepStrictEqual(model.inputs.map((r) => r.layer), ['input_layer']);
    assertPathsResolve(text, model.layers);
    const analysis = analyzeModelText(text).analysis!;
    assert.deepStrictEqual(analysis.layers.find((l) => l.name === 'gap')!.outputShapes, [[null, 5]]);
  });

  it('Keras 3 Sequential: InputLayer with batch_shape, or only build_config.input_shape on the first layer', () => {
    const withInput = JSON.stringify({
      class_name: 'Sequential', config: { name: 's', layers: [
        { module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: [null, 6], name: 'inp' } },
        { module: 'keras.layers', class_name: 'Dense', config: { name: 'd', units: 2 }, build_config: { input_shape: [null, 6] } },
      ] }, keras_version: '3.6.0',
    });
    assert.deepStrictEqual(analyzeModelText(withInput).analysis!.layers.map((l) => l.outputShapes[0]), [[null, 6], [null, 2]]);
    const buildOnly = JSON.stringify({
      class_name: 'Sequential', config: { name: 's', layers: [
        { module: 'keras.layers', class_name: 'Dense', config: { name: 'd', units: 2 }, build_config: { input_shape: [null, 6] } },
      ] }, keras_version: '3.6.0',
    });
    const analysis = analyzeModelText(buildOnly).analysis!;
    assert.deepStrictEqual(analysis.diagnostics, []);
    assert.deepStrictEqual(analysis.layers[1].outputShapes, [[null, 2]]);
    assert.strictEqual(analysis.layers[1].params, 14);
  });

  it('a model config stored as a JSON string is read too', () => {
    const inner = JSON.stringify({ class_name: 'Sequential', config: { name: 's', layers: [{ class_name: 'Dense', config: { name: 'd', units: 2, batch_input_shape: [null, 3] } }] } });
    const model = parseOk(JSON.stringify({ model_config: inner, keras_version: '2.4.0' }));
    assert.strictEqual(model.layers.length, 2);
  });
});

describe('parseModelJson: files that are not models', () => {
  it('malformed JSON: no model, the error has its line, column and offset', () => {
    const text = fixture('broken-syntax.json');
    const { model, diagnostics } = parseModelJson(text);
    assert.strictEqual(model, undefined);
    assert.strictEqual(diagnostics.length >= 1, true);
    assert.match(diagnostics[0].message, /^malformed JSON at line 5, column 68: comma expected/);
    assert.strictEqual(text.slice(diagnostics[0].offset!, diagnostics[0].offset! + 1), '"', 'offset points at "batch_input_shape"');
  });

  it('a leading UTF-8 BOM is not part of the JSON; error offsets still index the text (issue #10 D9)', () => {
    const text = fixture('sequential-cnn.json');
    assert.deepStrictEqual(parseModelJson(`\ufeff${text}`), parseModelJson(text));
    const broken = '\ufeff{\n  "a": 1 2}';
    const { model, diagnostics } = parseModelJson(broken);
    assert.strictEqual(model, undefined);
    assert.match(diagnostics[0].message, /^malformed JSON at line 2, column 10: comma expected/);
    assert.strictEqual(broken.slice(diagnostics[0].offset!, diagnostics[0].offset! + 1), '2');
  });

  it('a TF.js graph model gets the message that it has no layer configs', () => {
    const { model, diagnostics } = parseModelJson(fixture('graph-model.json'));
    assert.strictEqual(model, undefined);
    assert.strictEqual(diagnostics[0].message, GRAPH_MODEL_MESSAGE);
    assert.strictEqual(GRAPH_MODEL_MESSAGE, 'graph model has no layer configs; export a layers model');
  });

  it('JSON that is not a model: package.json, an array, a lone layer', () => {
    for (const text of ['{"name": "pkg", "version": "1.0.0"}', '[1, 2]', '"text"', '{"class_name": "Dense", "config": {"units": 3}}']) {
      const { model, diagnostics } = parseModelJson(text);
      assert.strictEqual(model, undefined, text);
      assert.match(diagnostics[0].message, /^not a model/, text);
    }
  });

  it('empty text', () => {
    const { model, diagnostics } = parseModelJson('');
    assert.strictEqual(model, undefined);
    assert.match(diagnostics[0].message, /malformed JSON/);
  });

  it('never throws: every prefix of a real model file, and structurally wrong values', () => {
    const text = fixture('functional-branches.json');
    for (let cut = 0; cut < text.length; cut += 97) {
      assert.doesNotThrow(() => analyzeModelText(text.slice(0, cut)));
    }
    const weird = [
      { modelTopology: { class_name: 'Model', config: { layers: [null, 3, { class_name: 5 }, { class_name: 'Dense', config: null, inbound_nodes: 'x' }], input_layers: 'a', output_layers: [[1, 2]] } } },
      { modelTopology: { class_name: 'Sequential', config: { layers: [] } } },
      { modelTopology: { class_name: 'Sequential', config: { layers: [{ class_name: 'Conv2D', config: { name: 'c', kernel_size: 'big', filters: -1, batch_input_shape: [null, 'a', 3.5, -2] } }] } } },
      { modelTopology: { class_name: 'Model', config: { layers: [{ name: 'a', class_name: 'Dense', config: { units: 2 }, inbound_nodes: [[['a', 0, 0]]] }], input_layers: [], output_layers: [['a', 0, 0]] } } },
      { modelTopology: 'x' },
    ];
    for (const doc of weird) {
      const text2 = JSON.stringify(doc);
      assert.doesNotThrow(() => analyzeModelText(text2), text2);
      const { analysis, diagnostics } = analyzeModelText(text2);
      assert.ok(diagnostics.some((d) => d.severity === 'error'), `${text2}: expected an error diagnostic`);
      void analysis;
    }
  });
});
