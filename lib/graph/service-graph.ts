import "server-only";
// The service layer of the graph, from rollups only: edges from edge_minutes, node metrics from
// the whole-service rows of node_minutes, over a minute-aligned window. Cost grows with
// edges × minutes in the window, never with spans (DESIGN.md: CQRS).
import { z } from "zod";
import { edgeId, nodeId, type Graph, type GraphEdge, type GraphNode } from "@/lib/contracts/graph";
import type { Queryable } from "@/lib/db/database";
import { latencyOf, toHistogram } from "./latency";

const edgeRow = z.object({
  client: z.string(),
  server: z.string(),
  connection_type: z.string(),
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

const nodeRow = z.object({
  service: z.string(),
  calls: z.coerce.number(),
  errors: z.coerce.number(),
  duration_hist: z.array(z.number()).nullable(),
  duration_sum_us: z.coerce.number(),
  duration_count: z.coerce.number(),
});

export interface GraphScope {
  fromMs: number;
  toMs: number;
  /** restrict to one cluster; all clusters when null */
  clusterId: number | null;
}

export async function serviceGraph(db: Queryable, scope: GraphScope): Promise<Graph> {
  const params = [new Date(scope.fromMs), new Date(scope.toMs), scope.clusterId];
  const edgeResult = await db.query(
    `SELECT client, server, connection_type, SUM(calls) AS calls, SUM(errors) AS errors,
            strata_hist_sum(client_hist) AS client_hist, SUM(client_sum_us) AS client_sum_us, SUM(client_count) AS client_count,
            strata_hist_sum(server_hist) AS server_hist, SUM(server_sum_us) AS server_sum_us, SUM(server_count) AS server_count,
            (ARRAY_AGG(exemplars[1] ORDER BY errors DESC) FILTER (WHERE cardinality(exemplars) > 0))[1:5] AS exemplars
       FROM edge_minutes
      WHERE minute >= $1 AND minute < $2 AND ($3::int IS NULL OR cluster_id = $3)
      GROUP BY client, server, connection_type`,
    params,
  );
  const nodeResult = await db.query(
    `SELECT service, SUM(calls) AS calls, SUM(errors) AS errors, strata_hist_sum(duration_hist) AS duration_hist,
            SUM(duration_sum_us) AS duration_sum_us, SUM(duration_count) AS duration_count
       FROM node_minutes
      WHERE minute >= $1 AND minute < $2 AND ($3::int IS NULL OR cluster_id = $3) AND operation = ''
      GROUP BY service`,
    params,
  );
  const seconds = (scope.toMs - scope.fromMs) / 1000;
  const edges = z.array(edgeRow).parse(edgeResult.rows);
  const nodeStats = new Map(z.array(nodeRow).parse(nodeResult.rows).map((n) => [n.service, n]));

  const kinds = new Map<string, GraphNode["kind"]>();
  const kindOf = (name: string, asServerOf?: string): GraphNode["kind"] => {
    if (name === "user") return "user";
    if (nodeStats.has(name)) return "service";
    if (asServerOf === "database") return "database";
    if (asServerOf !== undefined) return "external";
    return "service";
  };
  for (const e of edges) {
    if (!kinds.has(e.client)) kinds.set(e.client, kindOf(e.client));
    const k = kindOf(e.server, e.connection_type);
    if (kinds.get(e.server) !== "database") kinds.set(e.server, k);
  }
  for (const name of nodeStats.keys()) if (!kinds.has(name)) kinds.set(name, "service");

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
      latency: latencyOf(toHistogram(s?.duration_hist ?? null, s?.duration_sum_us ?? 0, s?.duration_count ?? 0)),
    };
  });
  const idOf = new Map(nodes.map((n) => [n.name, n.id]));

  const graphEdges: GraphEdge[] = edges.map((e) => {
    const server = toHistogram(e.server_hist, e.server_sum_us, e.server_count);
    const client = toHistogram(e.client_hist, e.client_sum_us, e.client_count);
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
