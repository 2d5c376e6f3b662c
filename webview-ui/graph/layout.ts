// Layered layout of the visible graph with elkjs (Eclipse Layout Kernel, layered = Sugiyama with port-aware edge
// routing). Chosen over dagre: maintained, handles 1,000+ nodes with crossing minimisation and gives edge routes.
// It runs in a Web Worker, off the page's thread: elk's worker script is bundled as text and started from a blob:
// URL (the CSP allows `worker-src blob:` and nothing else), so the page stays responsive while a large graph is laid
// out, and the worker is started — and elk's 1.6 MB of compiled Java initialised — while the host is still
// analysing the model (see prewarmLayout).
import ELK from 'elkjs/lib/elk-api.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
// @ts-expect-error -- esbuild's text import attribute (the worker's source as a string); tsc's Node16 mode lacks it.
import elkWorkerSource from 'elkjs/lib/elk-worker.min.js' with { type: 'text' };
import type { VisibleGraph } from './collapse';

export const NODE_WIDTH = 188;
export const NODE_HEIGHT = 40;

export interface PlacedNode {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedEdge {
  source: string;
  target: string;
  points: { x: number; y: number }[];
}

export interface Layout {
  nodes: Map<string, PlacedNode>;
  edges: PlacedEdge[];
  width: number;
  height: number;
}

let elk: InstanceType<typeof ELK> | null = null;

function layoutEngine(): InstanceType<typeof ELK> {
  if (!elk) {
    const url = URL.createObjectURL(new Blob([elkWorkerSource as string], { type: 'text/javascript' }));
    elk = new ELK({ workerFactory: () => new Worker(url, { name: 'elk-layout' }) });
  }
  return elk;
}

/**
 * Starts the layout worker and lays out a two-node graph, so that elk's start-up and its JIT warm-up happen while
 * the page waits for the model, not when the user waits for the drawing. Errors surface on the real layout.
 */
export function prewarmLayout(): void {
  void layoutEngine().layout({ id: 'warm', children: [{ id: 'a', width: 10, height: 10 }, { id: 'b', width: 10, height: 10 }], edges: [{ id: 'e', sources: ['a'], targets: ['b'] }] }).catch(() => undefined);
}

/** Above this many boxes layout switches to elk's cheaper strategies (measured in bench/RESULTS-dashboard.md). */
export const LARGE_GRAPH = 200;

export async function layoutGraph(graph: VisibleGraph): Promise<Layout> {
  const large = graph.nodes.length > LARGE_GRAPH;
  const root: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.edgeRouting': 'POLYLINE',
      'elk.layered.spacing.nodeNodeBetweenLayers': '28',
      'elk.spacing.nodeNode': '24',
      'elk.layered.spacing.edgeNodeBetweenLayers': '12',
      // Network graphs are long chains with short skips: longest-path layering gives the same layers as network
      // simplex there at a fraction of the cost. Large graphs also get one crossing-minimisation sweep, no greedy
      // switch and simple node placement, which together take a 1,000-box layout from ~6 s to ~1.3 s on a loaded
      // 2-core machine (the boxes stay in one readable column; branches stay side by side).
      'elk.layered.layering.strategy': 'LONGEST_PATH',
      'elk.layered.thoroughness': large ? '1' : '3',
      ...(large ? { 'elk.layered.crossingMinimization.greedySwitch.type': 'OFF', 'elk.layered.nodePlacement.strategy': 'SIMPLE' } : {}),
      'elk.padding': '[top=12,left=12,bottom=12,right=12]',
    },
    children: graph.nodes.map((n) => ({ id: n.id, width: NODE_WIDTH, height: NODE_HEIGHT })),
    edges: graph.edges.map((e, i): ElkExtendedEdge => ({ id: `e${i}`, sources: [e.source], targets: [e.target] })),
  };
  const out = await layoutEngine().layout(root);
  const nodes = new Map<string, PlacedNode>();
  for (const c of out.children ?? []) nodes.set(c.id, { id: c.id, x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? NODE_WIDTH, height: c.height ?? NODE_HEIGHT });
  const edges: PlacedEdge[] = (out.edges ?? []).map((e) => {
    const sec = (e as ElkExtendedEdge).sections?.[0];
    const points = sec ? [sec.startPoint, ...(sec.bendPoints ?? []), sec.endPoint] : [];
    return { source: (e as ElkExtendedEdge).sources[0], target: (e as ElkExtendedEdge).targets[0], points };
  });
  return { nodes, edges, width: out.width ?? 0, height: out.height ?? 0 };
}
