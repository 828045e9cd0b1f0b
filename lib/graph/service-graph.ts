import "server-only";
// The service layer of the graph, from rollups only: edges from edge_minutes, node metrics from
// the whole-service rows of node_minutes, over a minute-aligned window. Cost grows with
// edges × minutes in the window, never with spans (DESIGN.md: CQRS). Each node names the cluster
// that reported most of its calls (virtual nodes: the cluster of their busiest caller) and its
// namespace (namespaces.ts), for grouping and the pickers.
// The rows come per minute and cluster from rollup-minutes.ts (closed minutes cached in memory,
// minute-cache.ts) and are summed here: a 1 h window of 1,500 edges is 90,000 rows, which the
// SQL merge of 93-bucket histograms took seconds over (bench/README "UI").
import { edgeId, nodeId, type Graph, type GraphEdge, type GraphNode } from "@/lib/contracts/graph";
import { emptyHistogram, type Histogram } from "@/lib/contracts/histogram";
import type { Queryable } from "@/lib/db/database";
import type { GraphScope } from "./graph-scope";
import { latencyOf, toHistogram } from "./latency";
import { cachedServiceNamespaces } from "./namespace-cache";
import { edgeRollupRows, nodeRollupRows, type EdgeRollupRow, type NodeRollupRow, type RollupRows } from "./rollup-minutes";
import { addSparse } from "./sparse-histogram";

export type { GraphScope } from "./graph-scope";

export interface MergedStats {
  calls: number;
  errors: number;
  hist: Histogram;
  /** calls per cluster name */
  byCluster: Map<string, number>;
}

/**
 * Sums the node rows (per minute and cluster) that `include` accepts, by service and operation:
 * the window's totals, and calls per cluster; keyed by `${service}\u0000${operation}`.
 */
export function mergeStats(rows: RollupRows<NodeRollupRow>, include: (r: NodeRollupRow) => boolean): Map<string, MergedStats> {
  const byKey = new Map<number, { row: NodeRollupRow; stats: MergedStats }>();
  rows.forEach((r) => {
    if (!include(r)) return;
    let m = byKey.get(r.key);
    if (!m) byKey.set(r.key, (m = { row: r, stats: { calls: 0, errors: 0, hist: emptyHistogram(), byCluster: new Map() } }));
    const s = m.stats;
    s.calls += r.calls;
    s.errors += r.errors;
    addSparse(s.hist, r.hist);
    s.byCluster.set(r.cluster, (s.byCluster.get(r.cluster) ?? 0) + r.calls);
  });
  return new Map([...byKey.values()].map(({ row, stats }) => [`${row.service}\u0000${row.operation}`, stats]));
}

export const busiest = (byCluster: ReadonlyMap<string, number>): string | null =>
  [...byCluster.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;

interface MergedEdge {
  client: string;
  server: string;
  connectionType: string;
  calls: number;
  errors: number;
  clientHist: Histogram;
  serverHist: Histogram;
  clusters: Map<string, number>;
}

function mergeEdgeRows(rows: RollupRows<EdgeRollupRow>): MergedEdge[] {
  const out = new Map<number, MergedEdge>();
  rows.forEach((r) => {
    let m = out.get(r.key);
    if (!m) {
      m = { client: r.client, server: r.server, connectionType: r.connectionType, calls: 0, errors: 0, clientHist: emptyHistogram(), serverHist: emptyHistogram(), clusters: new Map() };
      out.set(r.key, m);
    }
    m.calls += r.calls;
    m.errors += r.errors;
    addSparse(m.clientHist, r.clientHist);
    addSparse(m.serverHist, r.serverHist);
    m.clusters.set(r.cluster, (m.clusters.get(r.cluster) ?? 0) + r.calls);
  });
  return [...out.values()];
}

export async function serviceGraph(db: Queryable, scope: GraphScope): Promise<Graph> {
  const [edgeRows, nodeRows] = await Promise.all([edgeRollupRows(db, scope), nodeRollupRows(db, scope)]);
  const seconds = (scope.toMs - scope.fromMs) / 1000;
  const edges = mergeEdgeRows(edgeRows);
  const nodeStats = new Map([...mergeStats(nodeRows, (r) => r.operation === "")].map(([key, s]) => [key.slice(0, -1), s]));

  const kinds = new Map<string, GraphNode["kind"]>();
  const callerClusters = new Map<string, Map<string, number>>();
  const kindOf = (name: string, asServerOf?: string): GraphNode["kind"] => {
    if (name === "user") return "user";
    if (nodeStats.has(name)) return "service";
    if (asServerOf === "database") return "database";
    if (asServerOf === "messaging") return "queue";
    if (asServerOf !== undefined) return "external";
    return "service";
  };
  for (const e of edges) {
    const clusters = e.clusters;
    if (!kinds.has(e.client)) kinds.set(e.client, kindOf(e.client));
    const k = kindOf(e.server, e.connectionType);
    const before = kinds.get(e.server);
    if (before !== "database" && before !== "queue") kinds.set(e.server, k);
    const into = callerClusters.get(e.server) ?? new Map<string, number>();
    for (const [c, n] of clusters) into.set(c, (into.get(c) ?? 0) + n);
    callerClusters.set(e.server, into);
  }
  for (const name of nodeStats.keys()) if (!kinds.has(name)) kinds.set(name, "service");
  const namespaces = await cachedServiceNamespaces(db, scope, [...nodeStats.keys()]);

  const nodes: GraphNode[] = [...kinds.entries()].map(([name, kind]) => {
    const s = nodeStats.get(name);
    const calls = s?.calls ?? 0;
    const errors = s?.errors ?? 0;
    return {
      id: nodeId(kind === "service" ? "service" : kind, name),
      name,
      kind,
      calls,
      errors,
      ratePerSec: calls / seconds,
      errorRate: calls > 0 ? errors / calls : 0,
      latency: latencyOf(s?.hist ?? toHistogram(null, 0, 0)),
      cluster: busiest(s?.byCluster ?? callerClusters.get(name) ?? new Map()),
      namespace: namespaces.get(name) ?? null,
    };
  });
  const idOf = new Map(nodes.map((n) => [n.name, n.id]));

  const graphEdges: GraphEdge[] = edges.map((e) => {
    const client = e.clientHist;
    const server = e.serverHist;
    const source = idOf.get(e.client)!;
    const target = idOf.get(e.server)!;
    return {
      id: edgeId(source, target, e.connectionType),
      source,
      target,
      kind: e.connectionType,
      calls: e.calls,
      errors: e.errors,
      ratePerSec: e.calls / seconds,
      errorRate: e.calls > 0 ? e.errors / e.calls : 0,
      latency: latencyOf(server.count > 0 ? server : client),
    };
  });
  nodes.sort((a, b) => a.id.localeCompare(b.id));
  graphEdges.sort((a, b) => a.id.localeCompare(b.id));
  return { layer: "service", fromMs: scope.fromMs, toMs: scope.toMs, nodes, edges: graphEdges };
}
