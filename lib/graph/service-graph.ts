import "server-only";
// The service layer of the graph, from rollups only: edges from edge_minutes, node metrics from
// the whole-service rows of node_minutes, over a minute-aligned window. Cost grows with
// edges × minutes in the window, never with spans (DESIGN.md: CQRS). Each node names the cluster
// that reported most of its calls (virtual nodes: the cluster of their busiest caller) and its
// namespace (namespaces.ts), for grouping and the pickers.
import { z } from "zod";
import { edgeId, nodeId, type Graph, type GraphEdge, type GraphNode } from "@/lib/contracts/graph";
import type { Histogram } from "@/lib/contracts/histogram";
import type { Queryable } from "@/lib/db/database";
import type { GraphScope } from "./graph-scope";
import { latencyOf, toHistogram } from "./latency";
import { serviceNamespaces } from "./namespaces";
import { histogramSumSql } from "./histogram-sql";

export type { GraphScope } from "./graph-scope";

const edgeRow = z.object({
  client: z.string(),
  server: z.string(),
  connection_type: z.string(),
  cluster: z.string(),
  calls: z.coerce.number(),
  errors: z.coerce.number(),
  client_hist: z.array(z.number()).nullable(),
  client_sum_us: z.coerce.number(),
  client_count: z.coerce.number(),
  server_hist: z.array(z.number()).nullable(),
  server_sum_us: z.coerce.number(),
  server_count: z.coerce.number(),
  exemplars: z.array(z.string()).nullable(),
});
type EdgeRow = z.infer<typeof edgeRow>;

export const statsRow = z.object({
  service: z.string(),
  cluster: z.string(),
  calls: z.coerce.number(),
  errors: z.coerce.number(),
  duration_hist: z.array(z.number()).nullable(),
  duration_sum_us: z.coerce.number(),
  duration_count: z.coerce.number(),
});

export interface MergedStats {
  calls: number;
  errors: number;
  hist: Histogram;
  /** calls per cluster name */
  byCluster: Map<string, number>;
}

function addHistogram(into: Histogram, h: Histogram): void {
  for (let i = 0; i < into.counts.length; i++) into.counts[i] += h.counts[i];
  into.count += h.count;
  into.sumUs += h.sumUs;
}

/** Merges per-cluster rows of one key (rows arrive per key and cluster). */
export function mergeStats<R extends z.infer<typeof statsRow>>(rows: readonly R[], keyOf: (r: R) => string): Map<string, MergedStats> {
  const out = new Map<string, MergedStats>();
  for (const r of rows) {
    const h = toHistogram(r.duration_hist, r.duration_sum_us, r.duration_count);
    const key = keyOf(r);
    const m = out.get(key);
    if (!m) out.set(key, { calls: r.calls, errors: r.errors, hist: h, byCluster: new Map([[r.cluster, r.calls]]) });
    else {
      m.calls += r.calls;
      m.errors += r.errors;
      addHistogram(m.hist, h);
      m.byCluster.set(r.cluster, (m.byCluster.get(r.cluster) ?? 0) + r.calls);
    }
  }
  return out;
}

export const busiest = (byCluster: ReadonlyMap<string, number>): string | null =>
  [...byCluster.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;

function mergeEdgeRows(rows: readonly EdgeRow[]) {
  const out = new Map<string, { row: EdgeRow; client: Histogram; server: Histogram; clusters: Map<string, number> }>();
  for (const r of rows) {
    const key = `${r.client}\u0000${r.server}\u0000${r.connection_type}`;
    const client = toHistogram(r.client_hist, r.client_sum_us, r.client_count);
    const server = toHistogram(r.server_hist, r.server_sum_us, r.server_count);
    const m = out.get(key);
    if (!m) out.set(key, { row: { ...r, exemplars: r.exemplars ?? [] }, client, server, clusters: new Map([[r.cluster, r.calls]]) });
    else {
      m.row = { ...m.row, calls: m.row.calls + r.calls, errors: m.row.errors + r.errors, exemplars: [...(m.row.exemplars ?? []), ...(r.exemplars ?? [])].slice(0, 5) };
      addHistogram(m.client, client);
      addHistogram(m.server, server);
      m.clusters.set(r.cluster, (m.clusters.get(r.cluster) ?? 0) + r.calls);
    }
  }
  return [...out.values()];
}

export async function serviceGraph(db: Queryable, scope: GraphScope): Promise<Graph> {
  const params = [new Date(scope.fromMs), new Date(scope.toMs), scope.clusterId];
  const edgeResult = await db.query(
    `SELECT e.client, e.server, e.connection_type, c.name AS cluster, SUM(e.calls) AS calls, SUM(e.errors) AS errors,
            ${histogramSumSql("e.client_hist")} AS client_hist, SUM(e.client_sum_us) AS client_sum_us, SUM(e.client_count) AS client_count,
            ${histogramSumSql("e.server_hist")} AS server_hist, SUM(e.server_sum_us) AS server_sum_us, SUM(e.server_count) AS server_count,
            (ARRAY_AGG(e.exemplars[1] ORDER BY e.errors DESC) FILTER (WHERE cardinality(e.exemplars) > 0))[1:5] AS exemplars
       FROM edge_minutes e JOIN clusters c ON c.id = e.cluster_id
      WHERE e.minute >= $1 AND e.minute < $2 AND ($3::int IS NULL OR e.cluster_id = $3)
      GROUP BY e.client, e.server, e.connection_type, c.name`,
    params,
  );
  const nodeResult = await db.query(
    `SELECT n.service, c.name AS cluster, SUM(n.calls) AS calls, SUM(n.errors) AS errors, ${histogramSumSql("n.duration_hist")} AS duration_hist,
            SUM(n.duration_sum_us) AS duration_sum_us, SUM(n.duration_count) AS duration_count
       FROM node_minutes n JOIN clusters c ON c.id = n.cluster_id
      WHERE n.minute >= $1 AND n.minute < $2 AND ($3::int IS NULL OR n.cluster_id = $3) AND n.operation = ''
      GROUP BY n.service, c.name`,
    params,
  );
  const seconds = (scope.toMs - scope.fromMs) / 1000;
  const edges = mergeEdgeRows(z.array(edgeRow).parse(edgeResult.rows));
  const nodeStats = mergeStats(z.array(statsRow).parse(nodeResult.rows), (r) => r.service);

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
  for (const { row: e, clusters } of edges) {
    if (!kinds.has(e.client)) kinds.set(e.client, kindOf(e.client));
    const k = kindOf(e.server, e.connection_type);
    const before = kinds.get(e.server);
    if (before !== "database" && before !== "queue") kinds.set(e.server, k);
    const into = callerClusters.get(e.server) ?? new Map<string, number>();
    for (const [c, n] of clusters) into.set(c, (into.get(c) ?? 0) + n);
    callerClusters.set(e.server, into);
  }
  for (const name of nodeStats.keys()) if (!kinds.has(name)) kinds.set(name, "service");
  const namespaces = await serviceNamespaces(db, scope, [...nodeStats.keys()]);

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

  const graphEdges: GraphEdge[] = edges.map(({ row: e, client, server }) => {
    const source = idOf.get(e.client)!;
    const target = idOf.get(e.server)!;
    return {
      id: edgeId(source, target, e.connection_type),
      source,
      target,
      kind: e.connection_type,
      calls: e.calls,
      errors: e.errors,
      ratePerSec: e.calls / seconds,
      errorRate: e.calls > 0 ? e.errors / e.calls : 0,
      latency: latencyOf(server.count > 0 ? server : client),
      clientLatency: latencyOf(client),
      exemplars: e.exemplars ?? [],
    };
  });
  nodes.sort((a, b) => a.id.localeCompare(b.id));
  graphEdges.sort((a, b) => a.id.localeCompare(b.id));
  return { layer: "service", fromMs: scope.fromMs, toMs: scope.toMs, nodes, edges: graphEdges };
}
