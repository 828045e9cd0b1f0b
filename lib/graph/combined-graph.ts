import "server-only";
// The combined layer: the service graph with the network beneath it. The address map says which
// workloads a service ran as (in the same cluster, during the window); network_edge_minutes
// between the caller's and the callee's workloads are summed onto the service edge as bytes/s,
// flows, rejects, drops and retransmits. Flows between two services that no span explains
// (uninstrumented traffic, a blocked connection that never became a request) are added as edges
// of kind "flow", so they are not hidden by the service view.
// Flows carry no connection type, so when a pair of services talks over several (http and grpc,
// say) the pair's flows cannot be split between those edges: they are put on one of them, the one
// with the most calls (then the lowest id), and the others name it in `networkOn`. Summing the
// network of any set of edges (a group's merged edge, a table's total) then counts each flow once.
// Limits: a workload mapped to two services in one window counts its flows for both; flows whose
// destination workload is only known to another cluster's address map are not matched.
import { z } from "zod";
import { edgeId, nodeId, type Graph, type GraphEdge, type GraphNode, type NetworkTotals } from "@/lib/contracts/graph";
import type { Queryable } from "@/lib/db/database";
import { networkCountersShape, networkSumsSql } from "./network-counters";
import { serviceGraph, type GraphScope } from "./service-graph";

const row = z.object({ client: z.string(), server: z.string(), ...networkCountersShape });
const noLatency = { p50Ms: null, p95Ms: null, p99Ms: null, meanMs: null };

export async function serviceFlows(db: Queryable, scope: GraphScope) {
  const result = await db.query(
    `WITH wl AS (
       SELECT DISTINCT cluster_id, service, workload FROM address_map
        WHERE service IS NOT NULL AND workload IS NOT NULL AND valid_to >= $1 AND valid_from < $2
          AND ($3::int IS NULL OR cluster_id = $3)
     ), ne AS (
       SELECT cluster_id, src_workload, dst_workload, ${networkSumsSql()}
         FROM network_edge_minutes
        WHERE minute >= $1 AND minute < $2 AND ($3::int IS NULL OR cluster_id = $3)
        GROUP BY cluster_id, src_workload, dst_workload
     )
     SELECT s.service AS client, d.service AS server, ${networkSumsSql("ne")}
       FROM ne
       JOIN wl s ON s.cluster_id = ne.cluster_id AND s.workload = ne.src_workload
       JOIN wl d ON d.cluster_id = ne.cluster_id AND d.workload = ne.dst_workload
      GROUP BY s.service, d.service`,
    [new Date(scope.fromMs), new Date(scope.toMs), scope.clusterId],
  );
  return z.array(row).parse(result.rows);
}

/** The edge of a pair that carries the pair's flows: the most calls, then the lowest id. */
export function carrierOf(pairEdges: GraphEdge[]): GraphEdge | undefined {
  let best: GraphEdge | undefined;
  for (const e of pairEdges) if (!best || e.calls > best.calls || (e.calls === best.calls && e.id < best.id)) best = e;
  return best;
}

export async function combinedGraph(db: Queryable, scope: GraphScope): Promise<Graph> {
  const [services, flows] = await Promise.all([serviceGraph(db, scope), serviceFlows(db, scope)]);
  const seconds = (scope.toMs - scope.fromMs) / 1000;
  const byName = new Map(services.nodes.map((n) => [n.name, n]));
  const nodes = [...services.nodes];
  const nodeFor = (name: string): GraphNode => {
    let n = byName.get(name);
    if (!n) {
      n = { id: nodeId("service", name), name, kind: "service", calls: 0, errors: 0, ratePerSec: 0, errorRate: 0, latency: noLatency, cluster: null, namespace: null };
      byName.set(name, n);
      nodes.push(n);
    }
    return n;
  };
  const edges: GraphEdge[] = services.edges.map((e) => ({ ...e }));
  for (const f of flows) {
    const source = nodeFor(f.client).id;
    const target = nodeFor(f.server).id;
    const network: NetworkTotals = { bytesPerSec: f.bytes / seconds, flows: f.flows, rejects: f.rejects, drops: f.drops, retransmits: f.retransmits };
    const beneath = edges.filter((e) => e.source === source && e.target === target);
    const carrier = carrierOf(beneath);
    if (carrier) {
      carrier.network = network;
      for (const e of beneath) if (e !== carrier) e.networkOn = carrier.id;
    } else {
      const errors = f.rejects + f.drops;
      edges.push({
        id: edgeId(source, target, "flow"), source, target, kind: "flow", calls: f.flows, errors,
        ratePerSec: f.flows / seconds, errorRate: f.flows > 0 ? Math.min(1, errors / f.flows) : 0,
        latency: noLatency, network,
      });
    }
  }
  nodes.sort((a, b) => a.id.localeCompare(b.id));
  edges.sort((a, b) => a.id.localeCompare(b.id));
  return { ...services, layer: "combined", nodes, edges };
}
