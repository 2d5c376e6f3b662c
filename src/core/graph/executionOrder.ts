// Execution order of a model's graph: a topological order over layer calls (nodes), found by depth-first search
// in file order so that an already-ordered file keeps its order. Dangling references (to a layer or call that does
// not exist) and cycles are reported with the layer name and the exact JSON path; the nodes involved are still
// placed (last, with unknown inputs) so that every layer appears in the analysis.
//
// Nodes are numbered (a layer's first node id + call index) and the search keeps its state in flat arrays: this runs
// on every keystroke of a model file in the editor, and per-node keys or objects made a 1,000-layer model pay for
// tens of thousands of short-lived allocations.
import type { Diagnostic, LayerIR, ModelIR, TensorRef } from '../ir';

export interface NodeRef {
  layer: LayerIR;
  nodeIndex: number;
}

export interface ExecutionOrder {
  nodes: NodeRef[];
  /** References that point nowhere (their tensors are unknown). */
  dangling: Set<TensorRef>;
  /** Non-input layers that are never called. */
  uncalled: LayerIR[];
  diagnostics: Diagnostic[];
}

/** Number of calls (nodes) of a layer: an InputLayer has one implicit node. */
export function nodeCount(layer: LayerIR): number {
  return layer.className === 'InputLayer' ? Math.max(1, layer.inboundNodes.length) : layer.inboundNodes.length;
}

const UNSEEN = 0;
const VISITING = 1;
const DONE = 2;

export function executionOrder(model: ModelIR): ExecutionOrder {
  const diagnostics: Diagnostic[] = [];
  // The layers that own their name (a duplicate is reported and skipped), each with the id of its first node.
  const owners: LayerIR[] = [];
  const firstNode: number[] = [];
  const byName = new Map<string, number>();
  let nodeTotal = 0;
  for (const layer of model.layers) {
    if (byName.has(layer.name)) {
      diagnostics.push({ severity: 'error', message: `duplicate layer name "${layer.name}": references to it are ambiguous`, layer: layer.name, path: [...layer.path, 'config', 'name'] });
      continue;
    }
    byName.set(layer.name, owners.length);
    owners.push(layer);
    firstNode.push(nodeTotal);
    nodeTotal += nodeCount(layer);
  }
  // Node id → owner index and call index.
  const ownerOf = new Int32Array(nodeTotal);
  const callOf = new Int32Array(nodeTotal);
  for (let o = 0; o < owners.length; o++) {
    const count = nodeCount(owners[o]);
    for (let c = 0; c < count; c++) {
      ownerOf[firstNode[o] + c] = o;
      callOf[firstNode[o] + c] = c;
    }
  }

  const dangling = new Set<TensorRef>();
  /** The node id a reference points at, or -1 (reported) when it points nowhere. */
  const resolve = (ref: TensorRef, from: LayerIR): number => {
    const target = byName.get(ref.layer);
    const path = ref.path ?? from.path;
    if (target === undefined) {
      dangling.add(ref);
      diagnostics.push({ severity: 'error', message: `layer "${from.name}" takes its input from "${ref.layer}", which is not a layer of this model`, layer: from.name, path });
      return -1;
    }
    const count = nodeCount(owners[target]);
    if (ref.nodeIndex < 0 || ref.nodeIndex >= count) {
      dangling.add(ref);
      diagnostics.push({ severity: 'error', message: `layer "${from.name}" takes call ${ref.nodeIndex} of "${ref.layer}", which is called only ${count} time(s)`, layer: from.name, path });
      return -1;
    }
    return firstNode[target] + ref.nodeIndex;
  };

  const state = new Uint8Array(nodeTotal);
  const nodes: NodeRef[] = [];
  const reportedCycle = new Set<string>();
  // The DFS stack (iterative: a 1,000-layer chain must not exhaust the call stack). Frame f is node frameNode[f],
  // whose resolved dependencies are deps[frameNext[f] .. frameEnd[f]).
  const frameNode: number[] = [];
  const frameNext: number[] = [];
  const frameEnd: number[] = [];
  const deps: number[] = [];

  const push = (id: number) => {
    state[id] = VISITING;
    const layer = owners[ownerOf[id]];
    const inbound = layer.inboundNodes[callOf[id]];
    frameNode.push(id);
    frameNext.push(deps.length);
    if (inbound) {
      for (const ref of inbound.inputs) {
        const dep = resolve(ref, layer);
        if (dep >= 0) deps.push(dep);
      }
    }
    frameEnd.push(deps.length);
  };

  const reportCycle = (top: number, dep: number) => {
    const from = frameNode.indexOf(dep);
    const cycleNames = frameNode.slice(from).map((id) => owners[ownerOf[id]].name);
    const id = [...cycleNames].sort().join('|');
    if (reportedCycle.has(id)) return;
    reportedCycle.add(id);
    const layer = owners[ownerOf[frameNode[top]]];
    const inbound = layer.inboundNodes[callOf[frameNode[top]]];
    diagnostics.push({
      severity: 'error',
      message: `cycle in the graph: ${[...cycleNames, owners[ownerOf[dep]].name].join(' → ')}; a layer cannot consume its own output`,
      layer: layer.name,
      path: inbound?.path ?? layer.path,
    });
  };

  const visit = (start: number) => {
    if (state[start] !== UNSEEN) return;
    push(start);
    while (frameNode.length > 0) {
      const top = frameNode.length - 1;
      if (frameNext[top] < frameEnd[top]) {
        const dep = deps[frameNext[top]++];
        if (state[dep] === UNSEEN) push(dep);
        else if (state[dep] === VISITING) reportCycle(top, dep);
        continue;
      }
      const id = frameNode.pop()!;
      frameNext.pop();
      frameEnd.pop();
      state[id] = DONE;
      nodes.push({ layer: owners[ownerOf[id]], nodeIndex: callOf[id] });
    }
    deps.length = 0; // every frame of this search has finished with its dependencies
  };

  const uncalled: LayerIR[] = [];
  for (let o = 0; o < owners.length; o++) {
    const count = nodeCount(owners[o]);
    if (count === 0) {
      uncalled.push(owners[o]);
      continue;
    }
    for (let c = 0; c < count; c++) visit(firstNode[o] + c);
  }
  return { nodes, dangling, uncalled, diagnostics };
}
