import "server-only";
// The application layer: operations as nodes, grouped under their service. Honest about the
// data: edge_minutes is keyed by client and server *service* (the pairing of a client span with
// its server span does not keep the caller's operation), so there are no operation-to-operation
// edges to draw. The layer is therefore the service graph with every service turned into a
// compound node holding its operations (server and consumer spans of node_minutes, the entry
// points others call), and the service edges drawn between the compounds.
import { operationId, type Graph, type GraphNode } from "@/lib/contracts/graph";
import type { Queryable } from "@/lib/db/database";
import { latencyOf } from "./latency";
import { nodeRollupRows } from "./rollup-minutes";
import { mergeStats, serviceGraph, type GraphScope } from "./service-graph";

export async function applicationGraph(db: Queryable, scope: GraphScope): Promise<Graph> {
  // Both read the window's node rows through the minute cache: the second read is from memory.
  const [services, rows] = await Promise.all([serviceGraph(db, scope), nodeRollupRows(db, scope)]);
  // Entry operations only (rollup-minutes.ts ENTRY_KINDS: server and consumer spans).
  const stats = mergeStats(rows, (r) => r.operation !== "");
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
