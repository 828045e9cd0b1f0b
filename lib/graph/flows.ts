import "server-only";
// GET /api/v1/flows: one page of a window's raw flows, newest first, with both sides resolved
// (flow-sql.ts). Pages are keyed by start time, not offset: the cursor names the last page's
// oldest start time (epoch µs) and how many flows of that exact instant it already held, so a
// page never repeats or skips a flow while new flows keep arriving at the top.
import { z } from "zod";
import { decodeFlowCursor, encodeFlowCursor, type FlowPage, type FlowRecord, type FlowsQuery } from "@/lib/contracts/flows";
import { flowVerdicts } from "@/lib/contracts/flow";
import { AppError } from "@/lib/api/errors";
import type { Queryable } from "@/lib/db/database";
import { resolvedFlows, type FlowFilter } from "./flow-sql";
import type { GraphScope } from "./service-graph";

/** Bound on the newest candidate flows one page resolves: a page costs at most this many lookups. */
const PAGE_SCAN_CAP = 50_000;

const num = z.coerce.number();
const numOrNull = z.coerce.number().nullable();
export const resolvedFlowRow = z.object({
  start_us: z.string(),
  start_ms: num,
  end_ms: num,
  source_kind: z.string(),
  observer: z.string().nullable(),
  src_addr: z.string(),
  dst_addr: z.string(),
  src_port: numOrNull,
  dst_port: numOrNull,
  protocol: numOrNull,
  bytes: num,
  packets: num,
  verdict: z.enum(flowVerdicts),
  reason: z.string().nullable(),
  tcp_flags: numOrNull,
  direction: z.string().nullable(),
  src_name: z.string(),
  dst_name: z.string(),
  src_service: z.string().nullable(),
  dst_service: z.string().nullable(),
  src_ns: z.string().nullable(),
  dst_ns: z.string().nullable(),
  l7_protocol: z.string().nullable(),
  l7_method: z.string().nullable(),
  l7_path: z.string().nullable(),
  l7_status: numOrNull,
  trace_id: z.string().nullable(),
  vpc_id: z.string().nullable(),
  subnet_id: z.string().nullable(),
});
type Row = z.infer<typeof resolvedFlowRow>;

/** Columns every flow list selects from the resolved rows `r`. */
export const FLOW_RECORD_COLUMNS = `(extract(epoch FROM r.start_time) * 1000000)::bigint::text AS start_us,
  (extract(epoch FROM r.start_time) * 1000)::float8 AS start_ms, (extract(epoch FROM r.end_time) * 1000)::float8 AS end_ms,
  r.source_kind, r.observer, r.src_addr, r.dst_addr, r.src_port, r.dst_port, r.protocol, r.bytes, r.packets, r.verdict, r.reason,
  r.tcp_flags, r.direction, r.src_name, r.dst_name, r.src_service, r.dst_service, r.src_ns, r.dst_ns,
  r.l7_protocol, r.l7_method, r.l7_path, r.l7_status, r.trace_id, r.vpc_id, r.subnet_id`;

/** A total order up to identical rows (which are interchangeable), so OFFSET within one instant is stable. */
export const FLOW_ORDER = `r.start_time DESC, r.src_addr, r.dst_addr, r.src_port NULLS FIRST, r.dst_port NULLS FIRST, r.bytes, r.packets, r.verdict, r.observer NULLS FIRST`;

export function toFlowRecord(r: Row): FlowRecord {
  const l7 = r.l7_protocol || r.l7_method || r.l7_path || r.l7_status !== null;
  return {
    startMs: r.start_ms,
    endMs: r.end_ms,
    sourceKind: r.source_kind,
    observer: r.observer,
    src: { addr: r.src_addr, port: r.src_port, workload: r.src_name, service: r.src_service, namespace: r.src_ns },
    dst: { addr: r.dst_addr, port: r.dst_port, workload: r.dst_name, service: r.dst_service, namespace: r.dst_ns },
    protocol: r.protocol,
    bytes: r.bytes,
    packets: r.packets,
    verdict: r.verdict,
    reason: r.reason,
    tcpFlags: r.tcp_flags,
    direction: r.direction,
    l7: l7 ? { protocol: r.l7_protocol, method: r.l7_method, path: r.l7_path, status: r.l7_status } : null,
    traceId: r.trace_id,
    vpcId: r.vpc_id,
    subnetId: r.subnet_id,
  };
}

export async function listFlows(db: Queryable, q: Pick<FlowsQuery, "src" | "dst" | "workload" | "verdict" | "port" | "limit" | "cursor">, scope: GraphScope): Promise<FlowPage> {
  const cursor = q.cursor === undefined ? null : decodeFlowCursor(q.cursor);
  if (q.cursor !== undefined && cursor === null) throw new AppError("bad_request", "cursor: not a cursor this API gave out");
  const filter: FlowFilter = {
    ...scope,
    client: q.src,
    server: q.dst,
    either: q.workload,
    verdict: q.verdict,
    port: q.port,
    beforeUs: cursor?.beforeUs,
  };
  // Without a name filter every candidate is a result: resolving more than this page would be waste.
  const named = q.src !== undefined || q.dst !== undefined || q.workload !== undefined;
  const { sql, params } = resolvedFlows(filter, named ? PAGE_SCAN_CAP : (cursor?.skip ?? 0) + q.limit + 1);
  const skip = params.add(cursor?.skip ?? 0);
  const limit = params.add(q.limit + 1);
  const rows = z.array(resolvedFlowRow).parse((await db.query(
    `SELECT ${FLOW_RECORD_COLUMNS} FROM (${sql}) r ORDER BY ${FLOW_ORDER} OFFSET ${skip} LIMIT ${limit}`, params.values)).rows);
  const page = rows.slice(0, q.limit);
  let nextCursor: string | null = null;
  if (rows.length > q.limit) {
    const last = page[page.length - 1].start_us;
    const atLast = page.filter((r) => r.start_us === last).length;
    nextCursor = encodeFlowCursor({ beforeUs: last, skip: atLast + (cursor && cursor.beforeUs === last ? cursor.skip : 0) });
  }
  return { fromMs: scope.fromMs, toMs: scope.toMs, flows: page.map(toFlowRecord), nextCursor };
}
