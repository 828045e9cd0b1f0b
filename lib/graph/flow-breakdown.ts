import "server-only";
// What the raw flows beneath a network edge or node say, in one read of the resolved flows
// (flow-sql.ts): verdicts with their reasons, top talkers by bytes and by rejects (address
// pairs, in the request's direction), the addresses seen with the workload and service they
// map to, and the newest flows. Raw flows may be sampled by the agent and expire before the
// rollups do, so the numbers here describe the flows kept, never replace the rollup totals.
import { z } from "zod";
import type { FlowBreakdown } from "@/lib/contracts/network-detail";
import { flowVerdicts } from "@/lib/contracts/flow";
import type { Queryable } from "@/lib/db/database";
import { resolvedFlows, type FlowFilter } from "./flow-sql";
import { FLOW_ORDER, FLOW_RECORD_COLUMNS, resolvedFlowRow, toFlowRecord } from "./flows";

/** Newest flows of the window read for a breakdown; older ones are counted as `truncated`. */
const SCAN_CAP = 20_000;
const TOP = 10;
const ADDRESSES = 50;
const RECENT = 25;

const num = z.coerce.number();
const talker = z.object({ src_addr: z.string(), dst_addr: z.string(), src_workload: z.string(), dst_workload: z.string(), flows: num, bytes: num, packets: num, rejects: num });
const row = z.object({
  scanned: num,
  candidates: num,
  verdicts: z.array(z.object({ verdict: z.enum(flowVerdicts), reason: z.string().nullable(), flows: num, bytes: num })),
  by_bytes: z.array(talker),
  by_rejects: z.array(talker),
  addresses: z.array(z.object({ addr: z.string(), workload: z.string(), service: z.string().nullable(), namespace: z.string().nullable(), flows: num })),
  recent: z.array(resolvedFlowRow),
});

const talkers = (order: string, where: string) => `(SELECT COALESCE(json_agg(t), '[]'::json) FROM (
    SELECT CASE WHEN reply THEN dst_addr ELSE src_addr END AS src_addr, CASE WHEN reply THEN src_addr ELSE dst_addr END AS dst_addr,
           client_name AS src_workload, server_name AS dst_workload, COUNT(*) AS flows, SUM(bytes) AS bytes, SUM(packets) AS packets,
           COUNT(*) FILTER (WHERE verdict = 'reject') AS rejects
      FROM r GROUP BY 1, 2, 3, 4 ${where} ORDER BY ${order} LIMIT ${TOP}) t)`;

export async function flowBreakdown(db: Queryable, filter: FlowFilter): Promise<FlowBreakdown> {
  const { sql, params } = resolvedFlows(filter, SCAN_CAP, { countCandidates: true });
  const result = await db.query(
    `WITH r AS MATERIALIZED (${sql})
     SELECT (SELECT COUNT(*) FROM r) AS scanned, (SELECT COALESCE(MAX(candidates), 0) FROM r) AS candidates,
       (SELECT COALESCE(json_agg(v), '[]'::json) FROM (
          SELECT verdict, reason, COUNT(*) AS flows, SUM(bytes) AS bytes FROM r GROUP BY verdict, reason
           ORDER BY COUNT(*) DESC, verdict, reason NULLS FIRST LIMIT 50) v) AS verdicts,
       ${talkers("SUM(bytes) DESC, 1, 2", "")} AS by_bytes,
       ${talkers("COUNT(*) FILTER (WHERE verdict = 'reject') DESC, 1, 2", "HAVING COUNT(*) FILTER (WHERE verdict = 'reject') > 0")} AS by_rejects,
       (SELECT COALESCE(json_agg(a), '[]'::json) FROM (
          SELECT addr, workload, MAX(service) AS service, MAX(namespace) AS namespace, COUNT(*) AS flows FROM (
            SELECT src_addr AS addr, src_name AS workload, src_service AS service, src_ns AS namespace FROM r
            UNION ALL SELECT dst_addr, dst_name, dst_service, dst_ns FROM r) s
          GROUP BY addr, workload ORDER BY COUNT(*) DESC, addr LIMIT ${ADDRESSES}) a) AS addresses,
       (SELECT COALESCE(json_agg(x), '[]'::json) FROM (
          SELECT ${FLOW_RECORD_COLUMNS} FROM r ORDER BY ${FLOW_ORDER} LIMIT ${RECENT}) x) AS recent`,
    params.values,
  );
  const r = row.parse(result.rows[0]);
  const toTalker = (t: z.infer<typeof talker>) => ({
    srcAddr: t.src_addr, dstAddr: t.dst_addr, srcWorkload: t.src_workload, dstWorkload: t.dst_workload,
    flows: t.flows, bytes: t.bytes, packets: t.packets, rejects: t.rejects,
  });
  return {
    scanned: r.scanned,
    truncated: r.candidates > SCAN_CAP,
    verdicts: r.verdicts,
    topByBytes: r.by_bytes.map(toTalker),
    topByRejects: r.by_rejects.map(toTalker),
    addresses: r.addresses,
    recent: r.recent.map(toFlowRecord),
  };
}
