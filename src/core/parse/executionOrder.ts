// Execution order of a model's graph: a topological order over layer calls (nodes), found by depth-first search
// in file order so that an already-ordered file keeps its order. Dangling references (to a layer or call that does
// not exist) and cycles are reported with the layer name and the exact JSON path; the nodes involved are still
// placed (last, with unknown inputs) so that every layer appears in the analysis.
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

export function executionOrder(model: ModelIR): ExecutionOrder {
  const diagnostics: Diagnostic[] = [];
  const byName = new Map<string, LayerIR>();
  for (const layer of model.layers) {
    if (byName.has(layer.name)) {
      diagnostics.push({ severity: 'error', message: `duplicate layer name "${layer.name}": references to it are ambiguous`, layer: layer.name, path: [...layer.path, 'config', 'name'] });
      continue;
    }
    byName.set(layer.name, layer);
  }
  const dangling = new Set<TensorRef>();
  const resolve = (ref: TensorRef, from: LayerIR): NodeRef | undefined => {
    const target = byName.get(ref.layer);
    const path = ref.path ?? from.path;
    if (!target) {
      dangling.add(ref);
      diagnostics.push({ severity: 'error', message: `layer "${from.name}" takes its input from "${ref.layer}", which is not a layer of this model`, layer: from.name, path });
      return undefined;
    }
    if (ref.nodeIndex < 0 || ref.nodeIndex >= nodeCount(target)) {
      dangling.add(ref);
      diagnostics.push({ severity: 'error', message: `layer "${from.name}" takes call ${ref.nodeIndex} of "${ref.layer}", which is called only ${nodeCount(target)} time(s)`, layer: from.name, path });
      return undefined;
    }
    return { layer: target, nodeIndex: ref.nodeIndex };
  };

  const key = (n: NodeRef) => `${n.layer.name}\u0000${n.nodeIndex}`;
  const state = new Map<string, 'visiting' | 'done'>();
  const nodes: NodeRef[] = [];
  const reportedCycle = new Set<string>();

  // Iterative DFS (a 1,000-layer chain must not exhaust the stack).
  const visit = (start: NodeRef) => {
    if (state.has(key(start))) return;
    const stack: { node: NodeRef; deps: NodeRef[]; next: number }[] = [];
    const push = (node: NodeRef) => {
      state.set(key(node), 'visiting');
      const inbound = node.layer.inboundNodes[node.nodeIndex];
      const deps = (inbound?.inputs ?? []).map((r) => resolve(r, node.layer)).filter((d): d is NodeRef => d !== undefined);
      stack.push({ node, deps, next: 0 });
    };
    push(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next < top.deps.length) {
        const dep = top.deps[top.next++];
        const s = state.get(key(dep));
        if (s === undefined) push(dep);
        else if (s === 'visiting') {
          const cycleNames = stack.slice(stack.findIndex((f) => key(f.node) === key(dep))).map((f) => f.node.layer.name);
          const id = [...cycleNames].sort().join('|');
          if (!reportedCycle.has(id)) {
            reportedCycle.add(id);
            const inbound = top.node.layer.inboundNodes[top.node.nodeIndex];
            diagnostics.push({
              severity: 'error',
              message: `cycle in the graph: ${[...cycleNames, dep.layer.name].join(' → ')}; a layer cannot consume its own output`,
              layer: top.node.layer.name,
              path: inbound?.path ?? top.node.layer.path,
            });
          }
        }
        continue;
      }
      stack.pop();
      state.set(key(top.node), 'done');
      nodes.push(top.node);
    }
  };

  const uncalled: LayerIR[] = [];
  for (const layer of model.layers) {
    if (byName.get(layer.name) !== layer) continue;
    const count = nodeCount(layer);
    if (count === 0) {
      uncalled.push(layer);
      continue;
    }
    for (let i = 0; i < count; i++) visit({ layer, nodeIndex: i });
  }
  return { nodes, dangling, uncalled, diagnostics };
}
