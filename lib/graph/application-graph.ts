import "server-only";
// The application layer: operations as nodes, grouped under their service. Honest about the
// data: edge_minutes is keyed by client and server *service* (the pairing of a client span with
// its server span does not keep the caller's operation), so there are no operation-to-operation
// edges to draw. The layer is therefore the service graph with every service turned into a
// compound node holding its operations (server and consumer spans of node_minutes, the entry
// points others call), and the service edges drawn between the compounds.
import { z } from "zod";
import { operationId, type Graph, type GraphNode } from "@/lib/contracts/graph";
import type { Queryable } from "@/lib/db/database";
import { latencyOf } from "./latency";
import { mergeStats, serviceGraph, statsRow, type GraphScope } from "./service-graph";
import { histogramSumSql } from "./histogram-sql";

/** OTLP span kinds that receive work: SERVER (2) and CONSUMER (5). */
const ENTRY_KINDS = [2, 5];

const operationRow = statsRow.extend({ operation: z.string() });

export async function applicationGraph(db: Queryable, scope: GraphScope): Promise<Graph> {
  const services = await serviceGraph(db, scope);
  const result = await db.query(
    `SELECT n.service, n.operation, c.name AS cluster, SUM(n.calls) AS calls, SUM(n.errors) AS errors,
            ${histogramSumSql("n.duration_hist")} AS duration_hist, SUM(n.duration_sum_us) AS duration_sum_us,
            SUM(n.duration_count) AS duration_count
       FROM node_minutes n JOIN clusters c ON c.id = n.cluster_id
      WHERE n.minute >= $1 AND n.minute < $2 AND ($3::int IS NULL OR n.cluster_id = $3)
        AND n.operation <> '' AND n.span_kind = ANY($4::int[])
      GROUP BY n.service, n.operation, c.name`,
    [new Date(scope.fromMs), new Date(scope.toMs), scope.clusterId, ENTRY_KINDS],
  );
  const rows = z.array(operationRow).parse(result.rows);
  const stats = mergeStats(rows, (r) => `${r.service}\u0000${r.operation}`);
  const seconds = (scope.toMs - scope.fromMs) / 1000;
  const serviceNode = new Map(services.nodes.filter((n) => n.kind === "service").map((n) => [n.name, n]));
  const operations: GraphNode[] = [];
  for (const [key, s] of stats) {
    const [service, operation] = key.split("\u0000");
    const parent = serviceNode.get(service);
    if (!parent) continue; // an operation without its service row cannot happen in one window; skip rather than orphan
    operations.push({
      id: operationId(service, operation),
      name: operation,
      kind: "operation",
      calls: s.calls,
      errors: s.errors,
      ratePerSec: s.calls / seconds,
      errorRate: s.calls > 0 ? s.errors / s.calls : 0,
      latency: latencyOf(s.hist),
      parent: parent.id,
      service,
      cluster: parent.cluster,
      namespace: parent.namespace,
    });
  }
  operations.sort((a, b) => a.id.localeCompare(b.id));
  return { ...services, layer: "application", nodes: [...services.nodes, ...operations] };
}
