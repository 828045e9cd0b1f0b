import "server-only";
// The network layer of the graph, from network_edge_minutes: nodes are workloads, edges are
// workload → workload flows (all ports and protocols of a pair merged) carrying bytes/s, flow
// counts, rejects and retransmits. A reject or drop counts as an error, so the same health
// styling applies on both layers.
import { z } from "zod";
import { edgeId, nodeId, type Graph, type GraphEdge, type GraphNode } from "@/lib/contracts/graph";
import type { Queryable } from "@/lib/db/database";
import { workloadNamespaces } from "./namespaces";
import { addCounters, networkCountersShape, networkSumsSql } from "./network-counters";
import { busiest, type GraphScope } from "./service-graph";

const row = z.object({
  src: z.string(), dst: z.string(), cluster: z.string(), ...networkCountersShape,
});
const noLatency = { p50Ms: null, p95Ms: null, p99Ms: null, meanMs: null };

type Row = z.infer<typeof row>;

/** Rows come per cluster; a workload pair seen by two clusters is one edge. */
function mergeClusters(rows: readonly Row[]): Row[] {
  const out = new Map<string, Row>();
  for (const r of rows) {
    const key = `${r.src}\u0000${r.dst}`;
    const m = out.get(key);
    if (!m) out.set(key, { ...r });
    else {
      addCounters(m, r);
      if (r.flows > m.flows - r.flows) m.cluster = r.cluster;
    }
  }
  return [...out.values()];
}

export async function networkGraph(db: Queryable, scope: GraphScope): Promise<Graph> {
  const rows = z.array(row).parse((await db.query(
    `SELECT n.src_workload AS src, n.dst_workload AS dst, c.name AS cluster, ${networkSumsSql("n")}
       FROM network_edge_minutes n JOIN clusters c ON c.id = n.cluster_id
      WHERE n.minute >= $1 AND n.minute < $2 AND ($3::int IS NULL OR n.cluster_id = $3)
      GROUP BY n.src_workload, n.dst_workload, c.name`,
    [new Date(scope.fromMs), new Date(scope.toMs), scope.clusterId],
  )).rows);
  const seconds = (scope.toMs - scope.fromMs) / 1000;
  const namespaces = await workloadNamespaces(db, scope);
  const nodes = new Map<string, GraphNode>();
  const clusters = new Map<string, Map<string, number>>();
  const touch = (name: string, cluster: string, flows: number) => {
    const id = nodeId("workload", name);
    if (!nodes.has(id)) nodes.set(id, { id, name, kind: "workload", calls: 0, errors: 0, ratePerSec: 0, errorRate: 0, latency: noLatency, namespace: namespaces.get(name) ?? null });
    const c = clusters.get(id) ?? new Map<string, number>();
    c.set(cluster, (c.get(cluster) ?? 0) + flows);
    clusters.set(id, c);
    return nodes.get(id)!;
  };
  const edges: GraphEdge[] = mergeClusters(rows).map((r) => {
    const dst = touch(r.dst, r.cluster, r.flows);
    const errors = r.rejects + r.drops + r.l7_errors;
    dst.calls += r.flows;
    dst.errors += errors;
    const source = touch(r.src, r.cluster, r.flows).id;
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
      network: { bytesPerSec: r.bytes / seconds, flows: r.flows, rejects: r.rejects, drops: r.drops, retransmits: r.retransmits },
    };
  });
  for (const n of nodes.values()) {
    n.ratePerSec = n.calls / seconds;
    n.errorRate = n.calls > 0 ? Math.min(1, n.errors / n.calls) : 0;
    n.cluster = busiest(clusters.get(n.id) ?? new Map());
  }
  return {
    layer: "network",
    fromMs: scope.fromMs,
    toMs: scope.toMs,
    nodes: [...nodes.values()].sort((a, b) => a.id.localeCompare(b.id)),
    edges: edges.sort((a, b) => a.id.localeCompare(b.id)),
  };
}
