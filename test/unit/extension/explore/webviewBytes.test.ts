// Every byte field the host posts to the page is a plain Uint8Array over exactly its own bytes: VS Code sends any
// other kind (a Node Buffer, a view into a larger buffer) as JSON or with the whole underlying buffer.
import * as assert from 'node:assert';
import type { ExploreModelMessage } from '../../../../src/protocol';
import { plainBytes, withPlainBytes } from '../../../../src/extension/explore/webviewBytes';

function assertPlain(bytes: Uint8Array | null, expected: number[], what: string): void {
  assert.ok(bytes, what);
  assert.strictEqual(Object.getPrototypeOf(bytes), Uint8Array.prototype, `${what}: a plain Uint8Array`);
  assert.strictEqual(bytes.byteOffset, 0, `${what}: offset`);
  assert.strictEqual(bytes.buffer.byteLength, bytes.byteLength, `${what}: owns exactly its bytes`);
  assert.deepStrictEqual([...bytes], expected, what);
}

describe('bytes for a webview message', () => {
  it('copies a Node Buffer and a view into a larger buffer; keeps a plain array as is', () => {
    assertPlain(plainBytes(Buffer.from([1, 2, 3])), [1, 2, 3], 'Buffer');
    assertPlain(plainBytes(new Uint8Array([9, 8, 7, 6, 5]).subarray(1, 3)), [8, 7], 'subarray');
    const plain = new Uint8Array([4, 5]);
    assert.strictEqual(plainBytes(plain), plain);
  });

  it('makes every byte field of an exploreModel and an exploreImageFile plain', () => {
    const backing = Buffer.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const m: ExploreModelMessage = {
      type: 'exploreModel', modelId: 'run:/r', title: 'r', origin: { kind: 'run', runId: 'r', runDir: '/r' }, modelTopology: {}, weightSpecs: [],
      weightData: backing.subarray(0, 4),
      dataset: {
        name: 'mnist', classNames: [], location: '/d', width: 1, height: 2, scale: 'divide-by-255',
        images: backing.subarray(4, 8), labels: backing.subarray(8, 10), predictions: Buffer.from([1, 0]),
      },
    };
    const out = withPlainBytes(m);
    assertPlain(out.weightData, [0, 1, 2, 3], 'weightData');
    assertPlain(out.dataset!.images, [4, 5, 6, 7], 'images');
    assertPlain(out.dataset!.labels, [8, 9], 'labels');
    assertPlain(out.dataset!.predictions, [1, 0], 'predictions');
    const file = withPlainBytes({ type: 'exploreImageFile', requestId: 1, status: 'ok', name: 'a.png', bytes: Buffer.from([137, 80]), message: null });
    assertPlain(file.bytes, [137, 80], 'image file');
  });
});
