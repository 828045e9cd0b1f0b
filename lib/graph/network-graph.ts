import "server-only";
// The network layer of the graph, from network_edge_minutes: nodes are workloads, edges are
// workload → workload flows (all ports and protocols of a pair merged) carrying bytes/s, flow
// counts, rejects and retransmits. A reject or drop counts as an error, so the same health
// styling applies on both layers.
import { z } from "zod";
import { edgeId, nodeId, type Graph, type GraphEdge, type GraphNode } from "@/lib/contracts/graph";
import type { Queryable } from "@/lib/db/database";
import type { GraphScope } from "./service-graph";

const num = z.coerce.number();
const row = z.object({
  src: z.string(), dst: z.string(), flows: num, bytes: num, rejects: num, drops: num, retransmits: num, l7_errors: num,
});
const noLatency = { p50Ms: null, p95Ms: null, p99Ms: null, meanMs: null };

export async function networkGraph(db: Queryable, scope: GraphScope): Promise<Graph> {
  const rows = z.array(row).parse((await db.query(
    `SELECT src_workload AS src, dst_workload AS dst, SUM(flows) AS flows, SUM(bytes) AS bytes, SUM(rejects) AS rejects,
            SUM(drops) AS drops, SUM(retransmits) AS retransmits, SUM(l7_errors) AS l7_errors
       FROM network_edge_minutes
      WHERE minute >= $1 AND minute < $2 AND ($3::int IS NULL OR cluster_id = $3)
      GROUP BY src_workload, dst_workload`,
    [new Date(scope.fromMs), new Date(scope.toMs), scope.clusterId],
  )).rows);
  const seconds = (scope.toMs - scope.fromMs) / 1000;
  const nodes = new Map<string, GraphNode>();
  const touch = (name: string) => {
    const id = nodeId("workload", name);
    if (!nodes.has(id)) nodes.set(id, { id, name, kind: "workload", calls: 0, errors: 0, ratePerSec: 0, errorRate: 0, latency: noLatency });
    return nodes.get(id)!;
  };
  const edges: GraphEdge[] = rows.map((r) => {
    const dst = touch(r.dst);
    const errors = r.rejects + r.drops + r.l7_errors;
    dst.calls += r.flows;
    dst.errors += errors;
    const source = touch(r.src).id;
    return {
      id: edgeId(source, dst.id, "flow"),
      source,
      target: dst.id,
      kind: "flow",
      calls: r.flows,
      errors,
      ratePerSec: r.flows / seconds,
      errorRate: r.flows > 0 ? Math.min(1, errors / r.flows) : 0,
      latency: noLatency,
      clientLatency: noLatency,
      exemplars: [],
      network: { bytesPerSec: r.bytes / seconds, flows: r.flows, rejects: r.rejects, drops: r.drops, retransmits: r.retransmits },
    };
  });
  for (const n of nodes.values()) {
    n.ratePerSec = n.calls / seconds;
    n.errorRate = n.calls > 0 ? Math.min(1, n.errors / n.calls) : 0;
  }
  return {
    layer: "network",
    fromMs: scope.fromMs,
    toMs: scope.toMs,
    nodes: [...nodes.values()].sort((a, b) => a.id.localeCompare(b.id)),
    edges: edges.sort((a, b) => a.id.localeCompare(b.id)),
  };
}
