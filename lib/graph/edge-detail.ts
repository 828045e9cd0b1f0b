import "server-only";
// One edge's drilldown: rollups for RED and the two latency histograms, raw spans (bounded) for
// status classes, and raw flows whose addresses the address map puts on the two services for the
// network beneath the call.
import { z } from "zod";
import { edgeId, nodeId } from "@/lib/contracts/graph";
import type { EdgeDetail } from "@/lib/contracts/edge-detail";
import { AppError } from "@/lib/api/errors";
import type { Queryable } from "@/lib/db/database";
import { latencyOf, toHistogram } from "./latency";
import type { GraphScope } from "./service-graph";
import { histogramSumSql } from "./histogram-sql";
import { networkCountersShape, networkSumsSql } from "./network-counters";

const num = z.coerce.number();
const hist = z.array(z.number()).nullable();
const minuteRow = z.object({
  minute_ms: num, calls: num, errors: num,
  client_hist: hist, client_sum_us: num, client_count: num,
  server_hist: hist, server_sum_us: num, server_count: num,
});
const flowRow = z.object({
  src_addr: z.string(), dst_addr: z.string(), dst_port: num.nullable(), protocol: num.nullable(), verdict: z.string(), reason: z.string().nullable(),
  flows: num, bytes: num, packets: num,
});
const netEdgeRow = z.object({ src: z.string(), dst: z.string(), ...networkCountersShape });
/** The name the network layer gives an address-map row (as flow-sql.ts and the agent do). */
const MAP_NAME = `CASE WHEN a.workload IS NOT NULL THEN COALESCE(a.namespace || '/', '') || a.workload ELSE a.service END`;

const TOP_FLOWS = 20;
const MAX_EXEMPLARS = 10;
/** Raw spans read for status classes; rollups carry no per-edge classes, so this is a bounded sample. */
const STATUS_SAMPLE = 5000;

export interface EdgeRef {
  client: string;
  server: string;
  kind: string;
}

export async function edgeDetail(db: Queryable, ref: EdgeRef, scope: GraphScope): Promise<EdgeDetail> {
  const params = [new Date(scope.fromMs), new Date(scope.toMs), scope.clusterId, ref.client, ref.server, ref.kind];
  const rows = z.array(minuteRow).parse((await db.query(
    `SELECT (extract(epoch FROM minute) * 1000)::float8 AS minute_ms, SUM(calls) AS calls, SUM(errors) AS errors,
            ${histogramSumSql("client_hist")} AS client_hist, SUM(client_sum_us) AS client_sum_us, SUM(client_count) AS client_count,
            ${histogramSumSql("server_hist")} AS server_hist, SUM(server_sum_us) AS server_sum_us, SUM(server_count) AS server_count
       FROM edge_minutes
      WHERE minute >= $1 AND minute < $2 AND ($3::int IS NULL OR cluster_id = $3)
        AND client = $4 AND server = $5 AND connection_type = $6
      GROUP BY minute ORDER BY minute`, params)).rows);
  // Exemplars apart from the sums: unnesting them beside SUM() would count each minute once per
  // exemplar. Newest minutes first (each minute's list already holds its errors first).
  const exemplars = (await db.query<{ e: string }>(
    `SELECT e FROM edge_minutes, unnest(exemplars) AS e
      WHERE minute >= $1 AND minute < $2 AND ($3::int IS NULL OR cluster_id = $3)
        AND client = $4 AND server = $5 AND connection_type = $6
      GROUP BY e ORDER BY MAX(minute) DESC, e LIMIT ${MAX_EXEMPLARS}`, params)).rows.map((r) => r.e);
  if (rows.length === 0) {
    const known = await db.query(`SELECT 1 FROM edge_minutes WHERE client = $1 AND server = $2 AND connection_type = $3 LIMIT 1`, [ref.client, ref.server, ref.kind]);
    if (known.rows.length === 0) throw new AppError("not_found", `no edge ${ref.client} → ${ref.server} (${ref.kind})`);
  }
  const client = toHistogram(null, 0, 0);
  const server = toHistogram(null, 0, 0);
  let calls = 0;
  let errors = 0;
  for (const r of rows) {
    for (const [into, h] of [[client, toHistogram(r.client_hist, r.client_sum_us, r.client_count)], [server, toHistogram(r.server_hist, r.server_sum_us, r.server_count)]] as const) {
      for (let i = 0; i < h.counts.length; i++) into.counts[i] += h.counts[i];
      into.count += h.count;
      into.sumUs += h.sumUs;
    }
    calls += r.calls;
    errors += r.errors;
  }

  // Status classes of the server spans whose parent is a client span of the caller; for a virtual
  // callee (no server spans) the caller's client spans that name it.
  const classes = await db.query<{ cls: string; code: string | null; n: string | number }>(
    `WITH pair AS (
       SELECT s.http_status_code, s.rpc_status, s.is_error FROM spans s
         JOIN spans p ON p.trace_id = s.trace_id AND p.span_id = s.parent_span_id AND p.cluster_id = s.cluster_id
        WHERE s.start_time >= $1 AND s.start_time < $2 AND ($3::int IS NULL OR s.cluster_id = $3)
          AND s.service = $5 AND p.service = $4 AND s.kind IN (2, 5)
       UNION ALL
       SELECT c.http_status_code, c.rpc_status, c.is_error FROM spans c
        WHERE c.start_time >= $1 AND c.start_time < $2 AND ($3::int IS NULL OR c.cluster_id = $3)
          AND c.service = $4 AND c.kind IN (3, 4) AND $6::text IN ('database', 'virtual', 'other', 'messaging')
          AND $5 IN (c.peer_service, c.db_system, c.db_namespace, c.server_address, c.messaging_destination)
       LIMIT ${STATUS_SAMPLE})
     SELECT CASE WHEN http_status_code IS NOT NULL THEN (http_status_code / 100)::text || 'xx'
                 WHEN rpc_status IS NOT NULL THEN 'grpc:' || rpc_status
                 WHEN is_error THEN 'error' ELSE 'ok' END AS cls,
            COALESCE(http_status_code::text, 'grpc:' || rpc_status) AS code, COUNT(*) AS n
       FROM pair GROUP BY 1, 2`, params);

  const flows = z.array(flowRow).parse((await db.query(
    `SELECT f.src_addr, f.dst_addr, f.dst_port, f.protocol, f.verdict, f.reason, COUNT(*) AS flows, SUM(f.bytes) AS bytes, SUM(f.packets) AS packets
       FROM flows f
      WHERE f.start_time >= $1 AND f.start_time < $2 AND ($3::int IS NULL OR f.cluster_id = $3)
        AND EXISTS (SELECT 1 FROM address_map a WHERE a.cluster_id = f.cluster_id AND a.address = f.src_addr
                      AND a.service = $4 AND a.valid_from <= f.start_time AND a.valid_to > f.start_time)
        AND EXISTS (SELECT 1 FROM address_map a WHERE a.cluster_id = f.cluster_id AND a.address = f.dst_addr
                      AND a.service = $5 AND a.valid_from <= f.start_time AND a.valid_to > f.start_time)
      GROUP BY f.src_addr, f.dst_addr, f.dst_port, f.protocol, f.verdict, f.reason
      ORDER BY SUM(f.bytes) DESC, f.src_addr, f.dst_addr LIMIT ${TOP_FLOWS}`, params.slice(0, 5))).rows);

  // The network edges (workload → workload rollups, exact) between the workloads the address map
  // puts the two services on: retransmits and drops live only there.
  const netEdges = z.array(netEdgeRow).parse((await db.query(
    `WITH names AS (
       SELECT a.service, ${MAP_NAME} AS name FROM address_map a
        WHERE a.service IN ($4, $5) AND ($3::int IS NULL OR a.cluster_id = $3) AND a.valid_to >= $1 AND a.valid_from < $2
        GROUP BY 1, 2)
     SELECT src_workload AS src, dst_workload AS dst, ${networkSumsSql()}
       FROM network_edge_minutes
      WHERE minute >= $1 AND minute < $2 AND ($3::int IS NULL OR cluster_id = $3)
        AND src_workload IN (SELECT name FROM names WHERE service = $4) AND dst_workload IN (SELECT name FROM names WHERE service = $5)
      GROUP BY 1, 2 ORDER BY SUM(bytes) DESC, 1, 2 LIMIT ${TOP_FLOWS}`, params.slice(0, 5))).rows);

  const seconds = (scope.toMs - scope.fromMs) / 1000;
  const virtual = server.count === 0;
  const sourceId = nodeId(ref.client === "user" ? "user" : "service", ref.client);
  const targetId = nodeId(virtual && ref.kind === "database" ? "database" : virtual && ref.kind !== "messaging" ? "external" : "service", ref.server);
  return {
    id: edgeId(sourceId, targetId, ref.kind),
    client: ref.client,
    server: ref.server,
    kind: ref.kind,
    fromMs: scope.fromMs,
    toMs: scope.toMs,
    calls,
    errors,
    ratePerSec: calls / seconds,
    errorRate: calls > 0 ? errors / calls : 0,
    clientHistogram: client,
    serverHistogram: server,
    clientLatency: latencyOf(client),
    serverLatency: latencyOf(server),
    statusClasses: sumBy(classes.rows, (r) => r.cls),
    statusCodes: sumBy(classes.rows.filter((r) => r.code !== null), (r) => r.code!),
    series: rows.map((r) => ({ minuteMs: r.minute_ms, calls: r.calls, errors: r.errors })),
    exemplars,
    network: {
      flows: flows.reduce((a, f) => a + f.flows, 0),
      bytes: flows.reduce((a, f) => a + f.bytes, 0),
      packets: flows.reduce((a, f) => a + f.packets, 0),
      rejects: flows.filter((f) => f.verdict === "reject").reduce((a, f) => a + f.flows, 0),
      retransmits: netEdges.reduce((a, e) => a + e.retransmits, 0),
      top: flows.map((f) => ({
        srcAddr: f.src_addr, dstAddr: f.dst_addr, dstPort: f.dst_port, protocol: f.protocol, verdict: f.verdict, reason: f.reason,
        flows: f.flows, bytes: f.bytes, packets: f.packets,
      })),
      edges: netEdges.map((e) => ({ id: edgeId(nodeId("workload", e.src), nodeId("workload", e.dst), "flow"), ...e })),
    },
  };
}

function sumBy<T extends { n: string | number }>(rows: readonly T[], key: (r: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) out[key(r)] = (out[key(r)] ?? 0) + Number(r.n);
  return out;
}
