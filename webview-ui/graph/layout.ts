// Layered layout of the visible graph with elkjs (Eclipse Layout Kernel, layered = Sugiyama with port-aware edge
// routing). Chosen over dagre: maintained, handles 1,000+ nodes with crossing minimisation and gives edge routes.
// It runs on the page's thread: elk.bundled.js would need a worker script loaded from a blob: URL (`worker-src blob:`
// in the CSP and a second bundle), and a layout of a 1,000-layer model takes well under the 1 s budget here
// (bench/RESULTS-dashboard.md); the collapse of repeated blocks keeps the usual graph at a few dozen nodes.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
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

export async function layoutGraph(graph: VisibleGraph): Promise<Layout> {
  elk ??= new ELK();
  const root: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.edgeRouting': 'POLYLINE',
      'elk.layered.spacing.nodeNodeBetweenLayers': '28',
      'elk.spacing.nodeNode': '24',
      'elk.layered.spacing.edgeNodeBetweenLayers': '12',
      // Fewer crossing-minimisation sweeps: the graphs are mostly chains with short skips; this halves layout time.
      'elk.layered.thoroughness': '2',
      'elk.padding': '[top=12,left=12,bottom=12,right=12]',
    },
    children: graph.nodes.map((n) => ({ id: n.id, width: NODE_WIDTH, height: NODE_HEIGHT })),
    edges: graph.edges.map((e, i): ElkExtendedEdge => ({ id: `e${i}`, sources: [e.source], targets: [e.target] })),
  };
  const out = await elk.layout(root);
  const nodes = new Map<string, PlacedNode>();
  for (const c of out.children ?? []) nodes.set(c.id, { id: c.id, x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? NODE_WIDTH, height: c.height ?? NODE_HEIGHT });
  const edges: PlacedEdge[] = (out.edges ?? []).map((e) => {
    const sec = (e as ElkExtendedEdge).sections?.[0];
    const points = sec ? [sec.startPoint, ...(sec.bendPoints ?? []), sec.endPoint] : [];
    return { source: (e as ElkExtendedEdge).sources[0], target: (e as ElkExtendedEdge).targets[0], points };
  });
  return { nodes, edges, width: out.width ?? 0, height: out.height ?? 0 };
}
