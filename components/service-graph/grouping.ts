// Grouping by cluster or namespace (pure, unit-tested). Expanded, a group is a compound node that
// holds its members (top-level nodes: services, workloads; operations stay inside their service).
// Collapsed, the group replaces its members as one node, and every edge that touched a member is
// re-pointed at the group; edges that then join the same two nodes merge into one aggregated edge
// (calls, errors and rates summed; latency is the worst member's, since percentiles of different
// edges cannot be added). Edges inside a collapsed group are counted on its label, not drawn.
// Virtual nodes (databases, external APIs, users) belong to no namespace and stay outside groups.
import type { Graph, GraphEdge, GraphNode } from "@/lib/contracts/graph";

export type Grouping = "none" | "cluster" | "namespace";

export interface ViewNode extends Omit<GraphNode, "kind"> {
  kind: GraphNode["kind"] | "group";
  /** group nodes only */
  groupBy?: "cluster" | "namespace";
  collapsed?: boolean;
  members?: number;
  internalEdges?: number;
}

export interface ViewEdge extends GraphEdge {
  /** how many edges were merged into this one (collapsed groups); absent for a plain edge */
  merged?: number;
}

export interface ViewGraph {
  layer: Graph["layer"];
  nodes: ViewNode[];
  edges: ViewEdge[];
}

export const groupId = (by: "cluster" | "namespace", key: string) => `group:${by}:${key}`;

const noLatency = { p50Ms: null, p95Ms: null, p99Ms: null, meanMs: null };
const worst = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

export function groupGraph(graph: Graph, grouping: Grouping, collapsed: ReadonlySet<string>): ViewGraph {
  if (grouping === "none") return graph;
  const seconds = Math.max(1, (graph.toMs - graph.fromMs) / 1000);
  const keyOf = (n: GraphNode) => (grouping === "cluster" ? n.cluster : n.namespace) ?? null;
  const groupOfNode = new Map<string, string>(); // any node id → its group id
  const groups = new Map<string, ViewNode>();
  for (const n of graph.nodes) {
    if (n.parent) continue;
    const key = keyOf(n);
    if (!key) continue;
    const gid = groupId(grouping, key);
    groupOfNode.set(n.id, gid);
    let g = groups.get(gid);
    if (!g) {
      g = { id: gid, name: key, kind: "group", groupBy: grouping, collapsed: collapsed.has(gid), members: 0, internalEdges: 0, calls: 0, errors: 0, ratePerSec: 0, errorRate: 0, latency: noLatency };
      groups.set(gid, g);
    }
    g.members! += 1;
    g.calls += n.calls;
    g.errors += n.errors;
  }
  for (const n of graph.nodes) if (n.parent && groupOfNode.has(n.parent)) groupOfNode.set(n.id, groupOfNode.get(n.parent)!);
  for (const g of groups.values()) {
    g.ratePerSec = g.calls / seconds;
    g.errorRate = g.calls > 0 ? g.errors / g.calls : 0;
  }

  const shownAs = (id: string) => {
    const gid = groupOfNode.get(id);
    return gid && groups.get(gid)!.collapsed ? gid : id;
  };
  const nodes: ViewNode[] = [...groups.values()];
  for (const n of graph.nodes) {
    const gid = groupOfNode.get(n.id);
    if (gid && groups.get(gid)!.collapsed) continue;
    nodes.push(!n.parent && gid ? { ...n, parent: gid } : n);
  }

  const edges = new Map<string, ViewEdge>();
  for (const e of graph.edges) {
    const source = shownAs(e.source);
    const target = shownAs(e.target);
    if (source === e.source && target === e.target) {
      edges.set(e.id, e);
      continue;
    }
    if (source === target) {
      groups.get(source)!.internalEdges! += 1;
      continue;
    }
    const id = `${source}->${target}:grouped`;
    const m = edges.get(id);
    if (!m) {
      // Deltas against the baseline do not add up across edges: only new/vanished survive a merge.
      const compare = e.compare && e.compare.status !== "both" ? { status: e.compare.status, baseline: null } : undefined;
      edges.set(id, { ...e, id, source, target, kind: e.kind, merged: 1, network: e.network ? { ...e.network } : undefined, compare });
      continue;
    }
    m.merged! += 1;
    if (m.kind !== e.kind) m.kind = "mixed";
    m.calls += e.calls;
    m.errors += e.errors;
    m.ratePerSec += e.ratePerSec;
    m.errorRate = m.calls > 0 ? m.errors / m.calls : 0;
    m.latency = { p50Ms: worst(m.latency.p50Ms, e.latency.p50Ms), p95Ms: worst(m.latency.p95Ms, e.latency.p95Ms), p99Ms: worst(m.latency.p99Ms, e.latency.p99Ms), meanMs: null };
    if (e.network) {
      const n = m.network ?? { bytesPerSec: 0, flows: 0, rejects: 0, drops: 0, retransmits: 0 };
      m.network = { bytesPerSec: n.bytesPerSec + e.network.bytesPerSec, flows: n.flows + e.network.flows, rejects: n.rejects + e.network.rejects, drops: n.drops + e.network.drops, retransmits: n.retransmits + e.network.retransmits };
    }
    // A merged edge is new (or vanished) only when every edge in it is.
    if (m.compare?.status !== e.compare?.status) m.compare = undefined;
  }
  return { layer: graph.layer, nodes, edges: [...edges.values()] };
}

/** Group ids the graph would have under a grouping (for "collapse all"). */
export function groupIds(graph: Graph, grouping: Grouping): string[] {
  if (grouping === "none") return [];
  return [...new Set(graph.nodes.flatMap((n) => {
    const key = grouping === "cluster" ? n.cluster : n.namespace;
    return !n.parent && key ? [groupId(grouping, key)] : [];
  }))].sort();
}

/** Nodes the canvas would draw as separate shapes (an expanded group is a frame, not a node). */
export const drawnNodeCount = (g: ViewGraph) => g.nodes.filter((n) => n.kind !== "group" || n.collapsed).length;
