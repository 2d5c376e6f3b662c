// The dashboard's model message, built from a file's text: what the webview's validator receives must pass it (a
// rejected message is a blank dashboard), and every layer's config must reach the details pane whatever its name.
import * as assert from 'node:assert';
import { layerConfigsOf, modelMessageFromText } from '../../../src/extension/dashboard/modelLoader';
import { parseModelJson } from '../../../src/core/formats/tfjs/parseModel';
import { parseHostToWebview, type ModelDescriptor } from '../../../src/protocol';

const descriptor: ModelDescriptor = { key: 'file:///m.json', title: 'm.json', source: 'file', uri: 'file:///m.json' };

/** The message as the webview receives it: VS Code sends webview messages as JSON. */
function received(text: string) {
  const message = modelMessageFromText(descriptor, text);
  const parsed = parseHostToWebview(JSON.parse(JSON.stringify(message)));
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  return parsed.value;
}

describe('dashboard model message from a file', () => {
  for (const literal of ['-5', '1.5', '1e400']) {
    it(`batch_size ${literal}: the webview accepts the message, with the error in its diagnostics (issue #10 D1)`, () => {
      const message = received(`{"class_name":"Sequential","config":[{"class_name":"Dense","config":{"name":"d","units":3,"input_shape":[4],"batch_size":${literal}}}]}`);
      assert.strictEqual(message.type, 'model');
      if (message.type !== 'model') return;
      assert.deepStrictEqual(message.analysis.layers.map((l) => l.outputShapes), [[[null, 4]], [[null, 3]]]);
      assert.ok(message.analysis.diagnostics.some((d) => d.severity === 'error' && d.message.includes('"batch_size"')));
    });
  }

  it('layers named "constructor", "__proto__", "toString" keep their config for the details pane (issue #10 D16)', () => {
    const names = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'plain'];
    const text = JSON.stringify({ class_name: 'Sequential', config: names.map((name, i) => ({
      class_name: 'Dense', config: { name, units: i + 1, ...(i === 0 ? { input_shape: [4] } : {}) },
    })) });
    const model = parseModelJson(text).model!;
    const configs = layerConfigsOf(model);
    assert.strictEqual(Object.getPrototypeOf(configs), Object.prototype);
    for (const [i, name] of names.entries()) {
      assert.ok(Object.prototype.hasOwnProperty.call(configs, name), name);
      assert.strictEqual(configs[name].units, i + 1, name);
    }
    // What the host sends (VS Code serialises webview messages as JSON) still holds every layer's config.
    const sent = JSON.parse(JSON.stringify(modelMessageFromText(descriptor, text))) as { layerConfigs: Record<string, { units: number }> };
    for (const [i, name] of names.entries()) {
      assert.ok(Object.prototype.hasOwnProperty.call(sent.layerConfigs, name), name);
      assert.strictEqual(sent.layerConfigs[name].units, i + 1, name);
    }
  });
});
