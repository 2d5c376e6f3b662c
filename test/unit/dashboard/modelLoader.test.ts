// The dashboard's model message, built from a file's text: what the webview's validator receives must pass it (a
// rejected message is a blank dashboard), and every layer's config must reach the details pane whatever its name.
import * as assert from 'node:assert';
import { modelMessageFromText } from '../../../src/extension/dashboard/modelLoader';
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
});
