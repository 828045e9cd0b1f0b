import "server-only";
// Rollup rows summed in SQL over a span of time, per key and cluster: either the whole span as
// one list (windows too long to cache, rollup-minutes.ts), or per UTC hour (the hour entries of
// long windows, fetched once and cached). Histograms are summed bucket by bucket
// (histogram-sql.ts).
import type { Queryable } from "@/lib/db/database";
import { histogramSumSql } from "./histogram-sql";
import { edgeRowOf, ENTRY_KINDS, groupByMinute, nodeRowOf, type EdgeRollupRow, type NodeRollupRow } from "./rollup-rows";

export const HOUR_MS = 3_600_000;

export interface SumSpan {
  fromMs: number;
  toMs: number;
  /** one cluster, or all (null) */
  clusterId: number | null;
}

/** `minute_ms` of a group: its hour's start (epoch ms), or the span's start for a whole span. */
const groupStart = (perHour: boolean, minute: string) =>
  perHour ? `(floor(extract(epoch FROM ${minute}) / 3600) * 3600000)::float8` : `(extract(epoch FROM $1::timestamptz) * 1000)::float8`;

function edgeSql(perHour: boolean): string {
  return `SELECT ${groupStart(perHour, "e.minute")} AS minute_ms, e.client, e.server, e.connection_type, e.cluster_id, c.name AS cluster,
            SUM(e.calls) AS calls, SUM(e.errors) AS errors,
            array_to_string(${histogramSumSql("e.client_hist")}, ',') AS client_hist, SUM(e.client_sum_us) AS client_sum_us, SUM(e.client_count) AS client_count,
            array_to_string(${histogramSumSql("e.server_hist")}, ',') AS server_hist, SUM(e.server_sum_us) AS server_sum_us, SUM(e.server_count) AS server_count
       FROM edge_minutes e JOIN clusters c ON c.id = e.cluster_id
      WHERE e.minute >= $1 AND e.minute < $2 AND ($3::int IS NULL OR e.cluster_id = $3)
      GROUP BY 1, e.client, e.server, e.connection_type, e.cluster_id, c.name`;
}

function nodeSql(perHour: boolean): string {
  return `SELECT ${groupStart(perHour, "n.minute")} AS minute_ms, n.service, n.operation, n.span_kind, n.cluster_id, c.name AS cluster,
            SUM(n.calls) AS calls, SUM(n.errors) AS errors,
            array_to_string(${histogramSumSql("n.duration_hist")}, ',') AS duration_hist, SUM(n.duration_sum_us) AS duration_sum_us,
            SUM(n.duration_count) AS duration_count
       FROM node_minutes n JOIN clusters c ON c.id = n.cluster_id
      WHERE n.minute >= $1 AND n.minute < $2 AND ($3::int IS NULL OR n.cluster_id = $3)
        AND (n.operation = '' OR n.span_kind = ANY($4::int[]))
      GROUP BY 1, n.service, n.operation, n.span_kind, n.cluster_id, c.name`;
}

const spanParams = (s: SumSpan) => [new Date(s.fromMs), new Date(s.toMs), s.clusterId];
// The same order as the minute lists (rollup-minutes.ts), so float sums add up alike.
const edgeOrder = (a: EdgeRollupRow, b: EdgeRollupRow) => a.key - b.key || a.clusterId - b.clusterId;
const nodeOrder = (a: NodeRollupRow, b: NodeRollupRow) => a.key - b.key || a.clusterId - b.clusterId || a.spanKind - b.spanKind;

/** The span's edge rows summed per key and cluster, in one list. */
export async function sumEdgeSpan(db: Queryable, span: SumSpan): Promise<EdgeRollupRow[]> {
  const r = await db.query<Record<string, unknown>>(edgeSql(false), spanParams(span));
  return [...groupByMinute(r.rows, edgeRowOf, edgeOrder).values()].flat();
}

export async function sumNodeSpan(db: Queryable, span: SumSpan): Promise<NodeRollupRow[]> {
  const r = await db.query<Record<string, unknown>>(nodeSql(false), [...spanParams(span), ENTRY_KINDS]);
  return [...groupByMinute(r.rows, nodeRowOf, nodeOrder).values()].flat();
}

/** Runs of consecutive hours, so each run is one range scan. */
function runsOf(hoursMs: number[]): SumSpan[] {
  const runs: SumSpan[] = [];
  for (const h of [...hoursMs].sort((a, b) => a - b)) {
    const last = runs[runs.length - 1];
    if (last && last.toMs === h) last.toMs = h + HOUR_MS;
    else runs.push({ fromMs: h, toMs: h + HOUR_MS, clusterId: null });
  }
  return runs;
}

/** The given hours' edge rows (every cluster) summed per hour, key and cluster. */
export async function sumEdgeHours(db: Queryable, hoursMs: number[]): Promise<Map<number, EdgeRollupRow[]>> {
  const out = new Map<number, EdgeRollupRow[]>();
  for (const run of runsOf(hoursMs)) {
    const r = await db.query<Record<string, unknown>>(edgeSql(true), spanParams(run));
    for (const [h, rows] of groupByMinute(r.rows, edgeRowOf, edgeOrder)) out.set(h, rows);
  }
  return out;
}

export async function sumNodeHours(db: Queryable, hoursMs: number[]): Promise<Map<number, NodeRollupRow[]>> {
  const out = new Map<number, NodeRollupRow[]>();
  for (const run of runsOf(hoursMs)) {
    const r = await db.query<Record<string, unknown>>(nodeSql(true), [...spanParams(run), ENTRY_KINDS]);
    for (const [h, rows] of groupByMinute(r.rows, nodeRowOf, nodeOrder)) out.set(h, rows);
  }
  return out;
}
