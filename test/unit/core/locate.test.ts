// Offset → layer mapping and path → range on JSON that is not the tidy output of a serializer.
import * as assert from 'node:assert';
import { LayerLocator } from '../../../src/core/formats/tfjs/layerLocator';
import { nodeAtPath, parseJsonTree, rangeOfPath } from '../../../src/core/formats/tfjs/jsonTree';
import { recognizeModelJson } from '../../../src/core/formats/tfjs/modelRecognition';

const layersPath = (i: number) => ['modelTopology', 'config', 'layers', i];

function locatorFor(text: string, count: number) {
  const { root } = parseJsonTree(text);
  return LayerLocator.build(root, Array.from({ length: count }, (_, i) => ({ path: layersPath(i) })));
}

/** Offset of the n-th occurrence of `needle` in `text`. */
function at(text: string, needle: string, n = 0): number {
  let offset = -1;
  for (let i = 0; i <= n; i++) offset = text.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `${needle} not in text`);
  return offset;
}

describe('layer locator', () => {
  const withComments = `{
  // exported by hand
  "modelTopology": { "class_name": "Sequential", "config": { "layers": [
    { "class_name": "Conv2D", /* first */ "config": { "name": "c1", "filters": 6, } },
    { "class_name": "Flatten", "config": { "name": "f" } },
  ] } },
}`;

  it('finds the layer under the cursor in JSON with comments and trailing commas', () => {
    const locator = locatorFor(withComments, 2);
    assert.strictEqual(locator.layerAt(at(withComments, '"filters"'))?.index, 0);
    assert.strictEqual(locator.layerAt(at(withComments, 'Conv2D'))?.index, 0);
    assert.strictEqual(locator.layerAt(at(withComments, '/* first'))?.index, 0, 'a comment inside the layer object');
    assert.strictEqual(locator.layerAt(at(withComments, 'Flatten'))?.index, 1);
    assert.strictEqual(locator.layerAt(at(withComments, '// exported')), undefined, 'outside every layer');
    assert.strictEqual(locator.layerAt(at(withComments, '] } }')), undefined, 'between the last layer and the end');
  });

  it('puts the inline anchor right after the class name value', () => {
    const locator = locatorFor(withComments, 2);
    const first = locator.layers[0];
    assert.strictEqual(first.anchorOffset, at(withComments, '"Conv2D"') + '"Conv2D"'.length);
  });

  it('works on a minified one-line file', () => {
    const text = '{"modelTopology":{"class_name":"Sequential","config":{"layers":[{"class_name":"Dense","config":{"units":3}},{"class_name":"Dense","config":{"units":4}}]}}}';
    const locator = locatorFor(text, 2);
    assert.strictEqual(locator.layerAt(at(text, '"units":3'))?.index, 0);
    assert.strictEqual(locator.layerAt(at(text, '"units":4'))?.index, 1);
    assert.strictEqual(locator.layerAt(0), undefined);
  });

  it('with duplicate keys, points at the last one (the one JSON.parse and the model parser use)', () => {
    const text = '{"modelTopology":{"config":{"layers":[{"class_name":"Dense"}]},"config":{"layers":[{"class_name":"Conv2D"},{"class_name":"Flatten"}]}}}';
    const locator = locatorFor(text, 2);
    assert.strictEqual(locator.layerAt(at(text, 'Dense')), undefined, 'the shadowed first "config" is not a layer');
    assert.strictEqual(locator.layerAt(at(text, 'Conv2D'))?.index, 0);
    assert.strictEqual(JSON.parse(text).modelTopology.config.layers[0].class_name, 'Conv2D');
  });

  it('prefers the innermost layer of a nested model', () => {
    const text = '{"modelTopology":{"config":{"layers":[{"class_name":"Sequential","config":{"layers":[{"class_name":"Dense"},{"class_name":"ReLU"}]}},{"class_name":"Dense"}]}}}';
    const { root } = parseJsonTree(text);
    const outer = layersPath(0);
    const paths = [outer, [...outer, 'config', 'layers', 0], [...outer, 'config', 'layers', 1], layersPath(1)];
    const locator = LayerLocator.build(root, paths.map((path) => ({ path })));
    assert.strictEqual(locator.layerAt(at(text, 'ReLU'))?.index, 2);
    assert.strictEqual(locator.layerAt(at(text, '"Dense"'))?.index, 1);
    assert.strictEqual(locator.layerAt(at(text, 'Sequential'))?.index, 0);
    assert.strictEqual(locator.layerAt(at(text, '"Dense"', 1))?.index, 3);
  });

  it('skips layers whose path is not in the text (half-typed file) instead of throwing', () => {
    const text = '{"modelTopology":{"config":{"layers":[{"class_name":"Conv2D","config":{"filters":';
    const locator = locatorFor(text, 3);
    assert.strictEqual(locator.layers.length, 1);
    assert.strictEqual(locator.layerAt(at(text, 'filters'))?.index, 0);
  });

  it('maps a diagnostic path to its range, or to the nearest existing parent', () => {
    const text = '{"a":{"b":[10,20]}}';
    const { root } = parseJsonTree(text);
    assert.ok(root);
    assert.deepStrictEqual(rangeOfPath(root, ['a', 'b', 1]), { offset: at(text, '20'), length: 2 });
    assert.deepStrictEqual(rangeOfPath(root, ['a', 'missing', 3]), { offset: at(text, '{"b"'), length: '{"b":[10,20]}'.length });
    assert.strictEqual(nodeAtPath(root, ['a', 'b', 5]), undefined);
  });
});

describe('model recognition by content', () => {
  const kind = (text: string) => recognizeModelJson(parseJsonTree(text).root);
  it('recognises TF.js layers models, bare or wrapped by the Python converter', () => {
    assert.strictEqual(kind('{"modelTopology":{}}'), 'tfjs-layers');
    assert.strictEqual(kind('{"format":"layers-model","modelTopology":{"model_config":{}}}'), 'tfjs-layers');
  });
  it('recognises Keras to_json output, also the legacy bare-array Sequential', () => {
    assert.strictEqual(kind('{"class_name":"Sequential","config":{"layers":[]}}'), 'keras');
    assert.strictEqual(kind('{"class_name":"Sequential","config":[]}'), 'keras');
  });
  it('recognises a graph model, so it can be told why it cannot be inspected', () => {
    assert.strictEqual(kind('{"format":"graph-model","modelTopology":{"node":[]}}'), 'graph-model');
  });
  it('ignores other JSON: package.json, arrays, scalars, broken text', () => {
    for (const text of ['{"name":"x","version":"1.0.0"}', '[1,2]', '42', '', '{"class_name": "Dense"}', '{{{']) assert.strictEqual(kind(text), undefined, text);
  });
});
