// Bytes for a webview message. VS Code (1.100) transfers a typed array without JSON only when its constructor is
// exactly Uint8Array (etc.), and then sends the view's whole underlying buffer; a Node Buffer falls through to
// JSON.stringify ({type:'Buffer', data:[…]}: 7.8 million numbers for a test set, which the page rejects). So every
// byte field leaves the host as a plain Uint8Array that owns exactly its bytes.
import type { ExploreHostMessage } from '../../protocol';

/** `bytes` itself when it is a plain Uint8Array over exactly its own buffer; else an exact-size plain copy. */
export function plainBytes(bytes: Uint8Array): Uint8Array {
  const plain = Object.getPrototypeOf(bytes) === Uint8Array.prototype && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return plain ? bytes : new Uint8Array(bytes);
}

/** The message with every byte field plain (the same object when they all are). */
export function withPlainBytes<M extends ExploreHostMessage>(m: M): M {
  if (m.type === 'exploreImageFile') return m.bytes ? { ...m, bytes: plainBytes(m.bytes) } : m;
  if (m.type !== 'exploreModel') return m;
  const d = m.dataset;
  return {
    ...m,
    weightData: plainBytes(m.weightData),
    dataset: d && { ...d, images: plainBytes(d.images), labels: plainBytes(d.labels), predictions: d.predictions && plainBytes(d.predictions) },
  };
}
