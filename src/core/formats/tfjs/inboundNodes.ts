// The calls of a layer as the file records them, in both serialisations:
//  - TF.js and Keras 2: `inbound_nodes: [[ [layer, nodeIndex, tensorIndex, kwargs], ... ], ...]` (one list per call;
//    Keras 1 omits kwargs; a call with one input is sometimes written without the inner list);
//  - Keras 3: `inbound_nodes: [{ args: [...], kwargs: {...} }]` where each input is a `__keras_tensor__` object with
//    `config.keras_history = [layer, nodeIndex, tensorIndex]`, possibly nested in lists (merge layers).
import type { Diagnostic, InboundNode, JsonPath, TensorRef } from '../../ir';
import { isInt, isObject } from './jsonShape';

/** A node or tensor index: absent (0) or a non-negative integer; a negative one would index from nowhere. */
const isIndex = (v: unknown): boolean => v === undefined || (isInt(v) && v >= 0);

export function parseInboundNodes(raw: unknown, path: JsonPath, layerName: string, diagnostics: Diagnostic[]): InboundNode[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    diagnostics.push({ severity: 'error', message: `"inbound_nodes" of "${layerName}" must be a list`, layer: layerName, path });
    return [];
  }
  const nodes: InboundNode[] = new Array<InboundNode>(raw.length);
  for (let i = 0; i < raw.length; i++) nodes[i] = parseNode(raw[i], path.concat(i), layerName, diagnostics);
  return nodes;
}

// Paths are extended with `concat`, not `[...path, key]`: a spread builds the array by appending and leaves it
// with spare capacity (about twice the bytes), and every layer of a model keeps several paths in the IR.
function parseNode(node: unknown, path: JsonPath, layerName: string, diagnostics: Diagnostic[]): InboundNode {
  if (isObject(node)) {
    const inputs: TensorRef[] = [];
    collectKerasTensors(node.args, path.concat('args'), inputs, layerName, diagnostics);
    const kwargs = isObject(node.kwargs) ? node.kwargs : undefined;
    if (inputs.length === 0) {
      diagnostics.push({ severity: 'error', message: `call of "${layerName}" has no input tensors in its args`, layer: layerName, path });
    }
    return { inputs, kwargs, path };
  }
  if (!Array.isArray(node)) {
    diagnostics.push({ severity: 'error', message: `call of "${layerName}" must be a list of inputs or an {args, kwargs} object`, layer: layerName, path });
    return { inputs: [], path };
  }
  const inputs: TensorRef[] = [];
  let kwargs: Record<string, unknown> | undefined;
  // A single entry written without its enclosing list: ["input_1", 0, 0, {}].
  const single = typeof node[0] === 'string';
  const count = single ? 1 : node.length;
  for (let j = 0; j < count; j++) {
    const e: unknown = single ? node : node[j];
    const entryPath = single ? path : path.concat(j);
    if (!Array.isArray(e) || typeof e[0] !== 'string' || !isIndex(e[1]) || !isIndex(e[2])) {
      diagnostics.push({ severity: 'error', message: `input of "${layerName}" must be [layer name, node index, tensor index, kwargs] with non-negative integer indices, got ${JSON.stringify(e)}`, layer: layerName, path: entryPath });
      continue;
    }
    inputs.push({ layer: e[0], nodeIndex: (e[1] as number | undefined) ?? 0, tensorIndex: (e[2] as number | undefined) ?? 0, path: entryPath });
    if (isObject(e[3]) && hasKeys(e[3])) kwargs = e[3];
  }
  return kwargs ? { inputs, kwargs, path } : { inputs, path };
}

function hasKeys(object: Record<string, unknown>): boolean {
  for (const key in object) if (Object.prototype.hasOwnProperty.call(object, key)) return true;
  return false;
}

function collectKerasTensors(value: unknown, path: JsonPath, out: TensorRef[], layerName: string, diagnostics: Diagnostic[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => collectKerasTensors(v, path.concat(i), out, layerName, diagnostics));
    return;
  }
  if (!isObject(value)) return;
  if (value.class_name === '__keras_tensor__' && isObject(value.config)) {
    const history = value.config.keras_history;
    if (Array.isArray(history) && typeof history[0] === 'string') {
      if (!isIndex(history[1]) || !isIndex(history[2])) {
        diagnostics.push({ severity: 'error', message: `keras_history of an input of "${layerName}" must be [layer name, node index, tensor index] with non-negative integer indices, got ${JSON.stringify(history)}`, layer: layerName, path });
        return;
      }
      out.push({ layer: history[0], nodeIndex: isInt(history[1]) ? history[1] : 0, tensorIndex: isInt(history[2]) ? history[2] : 0, path });
    }
  }
}

/** `input_layers` / `output_layers`: a list of [name, nodeIndex, tensorIndex], or (Keras 3, one tensor) one triple. */
export function parseTensorList(raw: unknown, path: JsonPath, what: string, diagnostics: Diagnostic[]): TensorRef[] {
  if (!Array.isArray(raw)) {
    diagnostics.push({ severity: 'error', message: `"${what}" must be a list of [layer name, node index, tensor index]`, path });
    return [];
  }
  const triples: { value: unknown; path: JsonPath }[] = typeof raw[0] === 'string' ? [{ value: raw, path }] : raw.map((v, i) => ({ value: v, path: path.concat(i) }));
  const refs: TensorRef[] = [];
  for (const t of triples) {
    const v = t.value;
    if (!Array.isArray(v) || typeof v[0] !== 'string' || !isIndex(v[1]) || !isIndex(v[2])) {
      diagnostics.push({ severity: 'error', message: `entry of "${what}" must be [layer name, node index, tensor index] with non-negative integer indices, got ${JSON.stringify(v)}`, path: t.path });
      continue;
    }
    refs.push({ layer: v[0], nodeIndex: isInt(v[1]) ? v[1] : 0, tensorIndex: isInt(v[2]) ? v[2] : 0, path: t.path });
  }
  return refs;
}
