import "server-only";
// The network layer's drilldowns. Totals, the per-minute series and the ports come from
// network_edge_minutes (exact: the agent counts every flow before sampling); verdicts, reasons,
// talkers and mapped services from the raw flows beneath (flow-breakdown.ts).
import { z } from "zod";
import { edgeId, nodeId } from "@/lib/contracts/graph";
import type { NetworkEdgeDetail, NetworkNodeDetail, NetworkPoint, NetworkTotals } from "@/lib/contracts/network-detail";
import { AppError } from "@/lib/api/errors";
import type { Queryable } from "@/lib/db/database";
import { flowBreakdown } from "./flow-breakdown";
import { addCounters, networkCountersShape, networkSumsSql, zeroCounters, type NetworkCounters } from "./network-counters";
import type { GraphScope } from "./service-graph";

const num = z.coerce.number();
const counters = networkCountersShape;
const SUMS = networkSumsSql();
const IN_WINDOW = `minute >= $1 AND minute < $2 AND ($3::int IS NULL OR cluster_id = $3)`;
const minuteRow = z.object({ minute_ms: num, ...counters });
const portRow = z.object({ dst_port: num, protocol: num, ...counters });
const peerRow = z.object({ src: z.string(), dst: z.string(), ...counters });

function totalsOf(rows: NetworkCounters[], seconds: number): NetworkTotals {
  const t = zeroCounters();
  for (const r of rows) addCounters(t, r);
  const { l7_errors: l7Errors, ...rest } = t;
  return { ...rest, l7Errors, bytesPerSec: t.bytes / seconds };
}

const point = (m: z.infer<typeof minuteRow>): NetworkPoint => ({
  minuteMs: m.minute_ms, flows: m.flows, bytes: m.bytes, packets: m.packets, rejects: m.rejects, drops: m.drops, retransmits: m.retransmits,
});

export async function networkEdgeDetail(db: Queryable, ref: { src: string; dst: string }, scope: GraphScope): Promise<NetworkEdgeDetail> {
  const params = [new Date(scope.fromMs), new Date(scope.toMs), scope.clusterId, ref.src, ref.dst];
  const pair = `src_workload = $4 AND dst_workload = $5`;
  const [series, ports] = await Promise.all([
    db.query(`SELECT (extract(epoch FROM minute) * 1000)::float8 AS minute_ms, ${SUMS} FROM network_edge_minutes
               WHERE ${IN_WINDOW} AND ${pair} GROUP BY minute ORDER BY minute`, params),
    db.query(`SELECT dst_port, protocol, ${SUMS} FROM network_edge_minutes WHERE ${IN_WINDOW} AND ${pair}
               GROUP BY dst_port, protocol ORDER BY SUM(bytes) DESC, dst_port, protocol LIMIT 50`, params),
  ]);
  const minutes = z.array(minuteRow).parse(series.rows);
  if (minutes.length === 0) {
    const known = await db.query(`SELECT 1 FROM network_edge_minutes WHERE ${pair.replace("$4", "$1").replace("$5", "$2")} LIMIT 1`, [ref.src, ref.dst]);
    if (known.rows.length === 0) throw new AppError("not_found", `no network edge ${ref.src} → ${ref.dst}`);
  }
  const seconds = (scope.toMs - scope.fromMs) / 1000;
  return {
    id: edgeId(nodeId("workload", ref.src), nodeId("workload", ref.dst), "flow"),
    src: ref.src,
    dst: ref.dst,
    fromMs: scope.fromMs,
    toMs: scope.toMs,
    totals: totalsOf(minutes, seconds),
    series: minutes.map(point),
    ports: z.array(portRow).parse(ports.rows).map((p) => ({
      port: p.dst_port, protocol: p.protocol, flows: p.flows, bytes: p.bytes, rejects: p.rejects, drops: p.drops, retransmits: p.retransmits,
    })),
    flows: await flowBreakdown(db, { ...scope, client: ref.src, server: ref.dst }),
  };
}

export async function networkNodeDetail(db: Queryable, name: string, scope: GraphScope): Promise<NetworkNodeDetail> {
  const params = [new Date(scope.fromMs), new Date(scope.toMs), scope.clusterId, name];
  const either = `(src_workload = $4 OR dst_workload = $4)`;
  const [series, peers, inbound, outbound] = await Promise.all([
    db.query(`SELECT (extract(epoch FROM minute) * 1000)::float8 AS minute_ms, ${SUMS} FROM network_edge_minutes
               WHERE ${IN_WINDOW} AND ${either} GROUP BY minute ORDER BY minute`, params),
    db.query(`SELECT src_workload AS src, dst_workload AS dst, ${SUMS} FROM network_edge_minutes
               WHERE ${IN_WINDOW} AND ${either} GROUP BY src_workload, dst_workload ORDER BY SUM(bytes) DESC, 1, 2 LIMIT 200`, params),
    // Totals apart from the peer list, which is bounded.
    db.query(`SELECT ${SUMS} FROM network_edge_minutes WHERE ${IN_WINDOW} AND dst_workload = $4`, params),
    db.query(`SELECT ${SUMS} FROM network_edge_minutes WHERE ${IN_WINDOW} AND src_workload = $4`, params),
  ]);
  // SUM over no rows is NULL, which z.coerce.number() reads as 0.
  const sums = z.object(counters);
  const minutes = z.array(minuteRow).parse(series.rows);
  if (minutes.length === 0) {
    const known = await db.query(`SELECT 1 FROM network_edge_minutes WHERE src_workload = $1 OR dst_workload = $1 LIMIT 1`, [name]);
    if (known.rows.length === 0) throw new AppError("not_found", `no workload named "${name}" on the network layer`);
  }
  const pairs = z.array(peerRow).parse(peers.rows);
  const seconds = (scope.toMs - scope.fromMs) / 1000;
  const self = nodeId("workload", name);
  return {
    id: self,
    name,
    fromMs: scope.fromMs,
    toMs: scope.toMs,
    inbound: totalsOf([sums.parse(inbound.rows[0])], seconds),
    outbound: totalsOf([sums.parse(outbound.rows[0])], seconds),
    series: minutes.map(point),
    peers: pairs.flatMap((p) => {
      const out = [];
      const stats = { flows: p.flows, bytes: p.bytes, rejects: p.rejects, drops: p.drops, retransmits: p.retransmits };
      if (p.src === name) out.push({ workload: p.dst, direction: "out" as const, edgeId: edgeId(self, nodeId("workload", p.dst), "flow"), ...stats });
      if (p.dst === name && p.src !== name) out.push({ workload: p.src, direction: "in" as const, edgeId: edgeId(nodeId("workload", p.src), self, "flow"), ...stats });
      return out;
    }),
    flows: await flowBreakdown(db, { ...scope, either: name }),
  };
}
